package main

import (
	"math"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/snapshot"
)

// Bounds of the values of start's flags.
const (
	maxDelayMS             = 600_000 // ten minutes
	defaultShutdownTimeout = 10 * time.Second
	maxShutdownTimeout     = time.Hour
	// maxJournal bounds --journal: each request kept may hold two bodies
	// of up to 64 KiB.
	maxJournal = 1_000_000
)

// startOptions is the parsed command line of pretendo start.
type startOptions struct {
	// spec is the spec argument: a path, "-" for standard input, or ""
	// for the embedded blog example.
	spec            string
	port            int
	portSet         bool
	host            string
	reset           bool
	snapshot        string
	seedFile        string
	quiet           bool
	jsonLog         bool
	shutdownTimeout time.Duration
	help            bool
	// routes is the routes file of --routes: json-server rewrite rules.
	routes string
	// static is whether --static or --no-static was given: without
	// either, ./public is served when it exists.
	static bool
	// watch reloads the spec and the routes file when they change.
	watch bool
	// db tunes the reading of a json-server database (--id,
	// --foreignKeySuffix).
	db jsonDB
	// settings are the changes to the spec's options, in command-line
	// order: the generic --PATH=VALUE overrides and the flags that
	// stand for options (--db, --no-cors, --delay, --error-rate).
	settings []setting
}

// setting sets one option of the spec: options.<path> = value.
type setting struct {
	flag  string   // the flag as typed, for messages: "--db", "--database.adapter"
	path  []string // below options: ["database", "adapter"]
	value any      // a JSON value: string, json.Number, bool, nil, []any, map[string]any
}

// flagKind tells whether a flag takes a value.
type flagKind uint8

const (
	boolFlag flagKind = iota
	valueFlag
)

// startFlag is one named flag of pretendo start.
type startFlag struct {
	kind flagKind
	// set applies the flag's value; name is the flag as typed.
	set func(o *startOptions, name, value string) error
}

// startFlags returns the named flags of pretendo start, by name without
// dashes.
func startFlags() map[string]startFlag {
	port := startFlag{valueFlag, func(o *startOptions, name, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 65535 {
			return badValue(name, v, "want a port number from 0 to 65535")
		}
		o.port, o.portSet = n, true
		return nil
	}}
	quiet := startFlag{boolFlag, func(o *startOptions, name, v string) error {
		b, err := parseBool(name, v)
		o.quiet = b
		return err
	}}
	help := startFlag{boolFlag, func(o *startOptions, name, v string) error {
		b, err := parseBool(name, v)
		o.help = b
		return err
	}}
	noCORS := startFlag{boolFlag, func(o *startOptions, name, v string) error {
		b, err := parseBool(name, v)
		if err != nil {
			return err
		}
		o.settings = append(o.settings, setting{name, []string{"corsEnabled"}, !b})
		return nil
	}}
	delay := startFlag{valueFlag, func(o *startOptions, name, v string) error {
		ms, err := strconv.Atoi(v)
		if err != nil || ms < 0 || ms > maxDelayMS {
			return badValue(name, v, "want whole milliseconds from 0 to "+strconv.Itoa(maxDelayMS))
		}
		o.settings = append(o.settings,
			setting{name, []string{"latency", "enabled"}, ms > 0},
			setting{name, []string{"latency", "fixed"}, ms})
		return nil
	}}
	readOnly := startFlag{boolFlag, func(o *startOptions, name, v string) error {
		b, err := parseBool(name, v)
		if err != nil {
			return err
		}
		o.settings = append(o.settings, setting{name, []string{"readOnly"}, b})
		return nil
	}}
	static := startFlag{valueFlag, func(o *startOptions, name, v string) error {
		if v == "" {
			return badValue(name, v, "want a folder (--no-static serves none)")
		}
		o.static = true
		o.settings = append(o.settings, setting{name, []string{"static"}, v})
		return nil
	}}
	routes := startFlag{valueFlag, func(o *startOptions, name, v string) error {
		if v == "" {
			return badValue(name, v, "want a routes file (JSON: an object of pattern to target)")
		}
		o.routes = v
		return nil
	}}
	watch := startFlag{boolFlag, func(o *startOptions, name, v string) error {
		b, err := parseBool(name, v)
		o.watch = b
		return err
	}}
	// upstreamNoop is a flag of the TypeScript CLI that asks for what this
	// command always does.
	upstreamNoop := startFlag{boolFlag, func(_ *startOptions, name, v string) error {
		_, err := parseBool(name, v)
		return err
	}}
	id := startFlag{valueFlag, func(o *startOptions, name, v string) error {
		return o.db.setID(name, v)
	}}
	fks := startFlag{valueFlag, func(o *startOptions, name, v string) error {
		return o.db.setSuffix(name, v)
	}}
	return map[string]startFlag{
		"id":               id,
		"i":                id,
		"foreignKeySuffix": fks,
		"fks":              fks,
		"p":                port,
		"port":             port,
		"host": {valueFlag, func(o *startOptions, name, v string) error {
			if v == "" || !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool {
				return unicode.IsSpace(r) || unicode.IsControl(r) || r == '/'
			}) {
				return badValue(name, v, "want a host name or IP address")
			}
			o.host = v
			return nil
		}},
		"no-cors": noCORS,
		"nc":      noCORS,
		"db": {valueFlag, func(o *startOptions, name, v string) error {
			if v == "" {
				return badValue(name, v, "want a file path")
			}
			o.settings = append(o.settings,
				setting{name, []string{"database", "adapter"}, adapterJSONFile},
				setting{name, []string{"database", "dbPath"}, v})
			return nil
		}},
		"reset": {boolFlag, func(o *startOptions, name, v string) error {
			b, err := parseBool(name, v)
			o.reset = b
			return err
		}},
		"snapshot": {valueFlag, func(o *startOptions, name, v string) error {
			if err := snapshot.CheckName(v); err != nil {
				return badValue(name, v, "want 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' and not a Windows device name (CON, NUL, COM1, ...)")
			}
			o.snapshot = v
			return nil
		}},
		"seed": {valueFlag, func(o *startOptions, name, v string) error {
			if v == "" {
				return badValue(name, v, "want a data file (YAML or JSON); to seed generated data use --generateData.seed=N")
			}
			switch strings.ToLower(filepath.Ext(v)) {
			case ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx":
				return badValue(name, v, "JavaScript seed files are not supported here: give a YAML or JSON data file "+
					"(resource name to a list of records, like {\"users\": [{\"id\": 1}]}), or seed from Go with pretendo.WithSeed")
			}
			o.seedFile = v
			return nil
		}},
		"delay":     delay,
		"d":         delay,
		"read-only": readOnly,
		"ro":        readOnly,
		"static":    static,
		"s":         static,
		"no-static": {boolFlag, func(o *startOptions, name, v string) error {
			b, err := parseBool(name, v)
			if err != nil {
				return err
			}
			if b {
				o.static = true
				o.settings = append(o.settings, setting{name, []string{"static"}, ""})
			}
			return nil
		}},
		"routes": routes,
		"r":      routes,
		"watch":  watch,
		"w":      watch,
		"error-rate": {valueFlag, func(o *startOptions, name, v string) error {
			r, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(r) || r < 0 || r > 1 {
				return badValue(name, v, "want a share of requests from 0 to 1, like 0.1")
			}
			o.settings = append(o.settings,
				setting{name, []string{"errorSimulation", "enabled"}, r > 0},
				setting{name, []string{"errorSimulation", "rate"}, r})
			return nil
		}},
		"journal": {valueFlag, func(o *startOptions, name, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > maxJournal {
				return badValue(name, v, "want how many requests to keep, from 0 (off) to "+strconv.Itoa(maxJournal))
			}
			o.settings = append(o.settings, setting{name, []string{"journal", "size"}, n})
			return nil
		}},
		"shutdown-timeout": {valueFlag, func(o *startOptions, name, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 || d > maxShutdownTimeout {
				return badValue(name, v, "want a duration from 0s to 1h, like 10s")
			}
			o.shutdownTimeout = d
			return nil
		}},
		"q":     quiet,
		"quiet": quiet,
		"log-format": {valueFlag, func(o *startOptions, name, v string) error {
			switch v {
			case "text":
				o.jsonLog = false
			case "json":
				o.jsonLog = true
			default:
				return badValue(name, v, "want text or json")
			}
			return nil
		}},
		"h":    help,
		"help": help,
		// Scripts written for the TypeScript CLI pass these. This command
		// never prompts (it reads no URLs) and has no interactive mode, so
		// it already does what they ask; a bad value is still an error.
		"no-interactive": upstreamNoop,
		"no-prompt":      upstreamNoop,
	}
}

// parseStart reads the arguments of pretendo start. Flags may come before
// or after the spec argument, with one dash or two, their value after "="
// or in the next argument; "--" ends the flags. Any error exits with code 2.
func parseStart(args []string) (*startOptions, error) {
	o := &startOptions{shutdownTimeout: defaultShutdownTimeout}
	flags := startFlags()
	var positional []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if arg == "-" || !strings.HasPrefix(arg, "-") {
			positional = append(positional, arg)
			continue
		}
		typed, value, hasValue := strings.Cut(arg, "=")
		name := strings.TrimPrefix(strings.TrimPrefix(typed, "-"), "-")
		if f, ok := flags[name]; ok {
			if f.kind == valueFlag && !hasValue {
				if i+1 >= len(args) {
					return nil, usageErrorf("flag %s needs a value", typed)
				}
				i++
				value = args[i]
			}
			if f.kind == boolFlag && !hasValue {
				value = "true"
			}
			if err := f.set(o, typed, value); err != nil {
				return nil, err
			}
			continue
		}
		path, ok, err := optionPath(typed, name)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, usageErrorf("unknown flag %s", quoteFlag(typed))
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, usageErrorf("flag %s needs a value", typed)
			}
			i++
			value = args[i]
		}
		o.settings = append(o.settings, setting{flag: typed, path: path, value: jsonValue(value)})
	}
	switch len(positional) {
	case 0:
	case 1:
		o.spec = positional[0]
		if o.spec == "" {
			return nil, usageErrorf("the spec path is empty")
		}
	default:
		return nil, usageErrorf("unexpected argument %q: start takes one spec", positional[1])
	}
	if o.watch && (o.spec == "" || o.spec == "-") && o.routes == "" {
		return nil, usageErrorf("--watch needs a file to watch: a spec file, or --routes FILE")
	}
	if o.reset && o.snapshot != "" {
		return nil, usageErrorf("--reset and --snapshot cannot be used together: each sets the starting state")
	}
	return o, nil
}

// optionPath reads a flag name as the path of an option: a dotted path
// (database.adapter, options.maxPageSize) or the name of a top-level key of
// options (maxPageSize). It reports false for a name that is neither.
func optionPath(typed, name string) ([]string, bool, error) {
	name = strings.TrimPrefix(name, "options.")
	if !strings.Contains(name, ".") && !optionKeys()[name] {
		return nil, false, nil
	}
	path := strings.Split(name, ".")
	for _, seg := range path {
		if seg == "" {
			return nil, false, usageErrorf("invalid option path %s: empty segment", quoteFlag(typed))
		}
	}
	return path, true, nil
}

// optionKeys returns the JSON names of the top-level keys of options.
func optionKeys() map[string]bool {
	t := reflect.TypeFor[schema.Options]()
	keys := make(map[string]bool, t.NumField())
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if tag != "" && tag != "-" {
			keys[tag] = true
		}
	}
	return keys
}

// parseBool reads the value of a boolean flag given as --flag=value.
func parseBool(name, v string) (bool, error) {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badValue(name, v, "want true or false")
	}
	return b, nil
}

// badValue reports an invalid flag value, naming the flag.
func badValue(name, value, want string) error {
	return usageErrorf("invalid value %s for flag %s: %s", quoteValue(value), name, want)
}

// maxQuoted is how many bytes of a user's argument a message repeats.
const maxQuoted = 64

// quoteValue quotes a user's value for a message, shortened when long.
func quoteValue(v string) string {
	if len(v) <= maxQuoted {
		return strconv.Quote(v)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return strconv.Quote(v[:cut]) + "..."
}

// quoteFlag shows a flag as typed, quoted only when it holds characters
// that would confuse a reader.
func quoteFlag(f string) string {
	if len(f) <= maxQuoted && strconv.CanBackquote(f) && !strings.ContainsAny(f, " `") {
		return f
	}
	return quoteValue(f)
}
