// Package rewrite is the stage of a server's chain that rewrites request
// URLs before routing (options.rewrites), as json-server 0.17 does with the
// rules of a routes.json: each rule is an Express path (path-to-regexp 1.x
// syntax, as express-urlrewrite reads it) matched against the URL, path
// and query, and a target that names its matches.
package rewrite

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Bounds of a rule, so that a hostile routes file cannot make every
// request slow.
const (
	// MaxRules is how many rules a server takes.
	MaxRules = 1000
	// MaxRuleLength bounds the pattern and the target of a rule, in bytes.
	MaxRuleLength = 2048
)

// ErrInvalid is wrapped by every error of Compile.
var ErrInvalid = errors.New("rewrite: invalid rule")

// Rule is one compiled rule: a request whose URL matches the pattern is
// served at the target.
type Rule struct {
	from, to string
	re       *regexp.Regexp
	// parts is the target cut at its references: literal text, then a
	// reference to a group, in turn (a group of -1 is none).
	parts []part
}

// part is literal text followed by a reference to a capture group (-1 for
// none).
type part struct {
	text  string
	group int
}

// token finds the parameters of a path-to-regexp 1.x path: an escaped
// character; or an optional "/" or "." prefix followed by ":name" with an
// optional (pattern), or a (pattern), either with an optional modifier
// (+ * ?), or an asterisk.
var token = regexp.MustCompile(`(\\.)|([/.])?(?:(?::(\w+)(?:\(((?:\\.|[^\\()])+)\))?|\(((?:\\.|[^\\()])+)\))([+*?])?|(\*))`)

// reference finds the references of a target: $1, or :name.
var reference = regexp.MustCompile(`\$(\d+)|:(\w+)`)

// groupEscapes are the characters path-to-regexp escapes in a parameter's
// own pattern: its parentheses become literal ones.
var groupEscapes = regexp.MustCompile(`[=!:$/()]`)

// Compile compiles the rule from -> to, as express-urlrewrite compiles it:
// matched case-insensitively against the whole URL, path and query, with
// an optional trailing slash. It refuses what json-server would turn into
// a broken URL or a 500 at each request: a target that is not a path, or
// that names a match the pattern does not have, and a parameter's pattern
// that Go's regular expressions do not read (lookarounds, back
// references).
func Compile(from, to string) (Rule, error) {
	switch {
	case from == "":
		return Rule{}, fmt.Errorf("%w: the pattern is empty", ErrInvalid)
	case len(from) > MaxRuleLength || len(to) > MaxRuleLength:
		return Rule{}, fmt.Errorf("%w: longer than %d bytes", ErrInvalid, MaxRuleLength)
	case !strings.HasPrefix(to, "/"):
		return Rule{}, fmt.Errorf("%w: the target %q is not a path starting with \"/\"", ErrInvalid, to)
	}
	expr, names, err := translate(from)
	if err != nil {
		return Rule{}, err
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return Rule{}, fmt.Errorf("%w: pattern %q: %w", ErrInvalid, from, err)
	}
	r := Rule{from: from, to: to, re: re}
	groups := re.NumSubexp()
	last := 0
	for _, m := range reference.FindAllStringSubmatchIndex(to, -1) {
		g := -1
		if m[2] >= 0 {
			n, err := strconv.Atoi(to[m[2]:m[3]])
			if err != nil || n > groups {
				return Rule{}, fmt.Errorf("%w: the target names %s, but the pattern %q has %d matches", ErrInvalid, to[m[0]:m[1]], from, groups)
			}
			g = n
		} else {
			i, ok := names[to[m[4]:m[5]]]
			if !ok {
				return Rule{}, fmt.Errorf("%w: the target names %s, which the pattern %q does not have", ErrInvalid, to[m[0]:m[1]], from)
			}
			g = i
		}
		r.parts = append(r.parts, part{text: to[last:m[0]], group: g})
		last = m[1]
	}
	r.parts = append(r.parts, part{text: to[last:], group: -1})
	return r, nil
}

// translate turns an Express path into a regular expression and the group
// of each parameter, by name (unnamed ones by their number from 0), as
// path-to-regexp 1.x does with its defaults (end, not strict, not
// sensitive).
func translate(from string) (string, map[string]int, error) {
	var b strings.Builder
	b.WriteString(`(?i)^`)
	names := map[string]int{}
	key, index := 0, 0
	var path strings.Builder
	endsWithSlash := false
	flush := func() {
		if path.Len() > 0 {
			s := path.String()
			b.WriteString(regexp.QuoteMeta(s))
			endsWithSlash = strings.HasSuffix(s, "/")
			path.Reset()
		}
	}
	for _, m := range token.FindAllStringSubmatchIndex(from, -1) {
		path.WriteString(from[index:m[0]])
		index = m[1]
		if m[2] >= 0 { // an escaped character stands for itself
			path.WriteString(from[m[2]+1 : m[3]])
			continue
		}
		flush()
		sub := func(i int) (string, bool) {
			if m[2*i] < 0 {
				return "", false
			}
			return from[m[2*i]:m[2*i+1]], true
		}
		prefix, hasPrefix := sub(2)
		name, named := sub(3)
		pattern, hasPattern := sub(4)
		if !hasPattern {
			pattern, hasPattern = sub(5)
		}
		modifier, _ := sub(6)
		_, asterisk := sub(7)
		delimiter := "/"
		if hasPrefix {
			delimiter = prefix
		}
		partial := hasPrefix && index < len(from) && from[index:index+1] != prefix
		switch {
		case hasPattern:
			pattern = groupEscapes.ReplaceAllString(pattern, `\$0`)
		case asterisk:
			pattern = `.*`
		default:
			pattern = `[^` + regexp.QuoteMeta(delimiter) + `]+?`
		}
		if !named {
			name = strconv.Itoa(key)
			key++
		}
		if _, dup := names[name]; dup {
			return "", nil, fmt.Errorf("%w: pattern %q names :%s twice", ErrInvalid, from, name)
		}
		names[name] = len(names) + 1
		q := regexp.QuoteMeta(prefix)
		capture := `(?:` + pattern + `)`
		if modifier == "+" || modifier == "*" {
			capture += `(?:` + q + capture + `)*`
		}
		switch {
		case (modifier == "?" || modifier == "*") && !partial:
			capture = `(?:` + q + `(` + capture + `))?`
		case modifier == "?" || modifier == "*":
			capture = q + `(` + capture + `)?`
		default:
			capture = q + `(` + capture + `)`
		}
		b.WriteString(capture)
		endsWithSlash = false
	}
	path.WriteString(from[index:])
	flush()
	expr := b.String()
	if endsWithSlash {
		expr = strings.TrimSuffix(expr, "/")
	}
	return expr + `/?$`, names, nil
}

// From returns the rule's pattern, as given.
func (r Rule) From() string { return r.from }

// To returns the rule's target, as given.
func (r Rule) To() string { return r.to }

// Apply returns the URL that u (an escaped path, with its query if any)
// is served at, and whether the rule matched. A match that took no part
// stands for nothing.
func (r Rule) Apply(u string) (string, bool) {
	m := r.re.FindStringSubmatchIndex(u)
	if m == nil {
		return u, false
	}
	var b strings.Builder
	for _, p := range r.parts {
		b.WriteString(p.text)
		if p.group >= 0 && m[2*p.group] >= 0 {
			b.WriteString(u[m[2*p.group]:m[2*p.group+1]])
		}
	}
	return b.String(), true
}
