// Package yaml12 reads a YAML document into JSON text the way YAML 1.2
// reads it, as js-yaml 4 (which the TypeScript Pretendo uses) does: plain
// scalars resolve by the YAML 1.2 core schema, so NO, off, y and on are
// strings, 01234 is the number 1234, 0o14 is octal 12, 0x1F hex 31, and
// ~ and null are null. The YAML 1.1 forms that go-yaml keeps for
// compatibility (yes/no booleans, 0777 octal, 1_000 numbers, 1:20
// sexagesimal, timestamps) are strings.
//
// Beyond the core schema it follows js-yaml 4 where the two differ: 0b101
// is binary 5, merge keys (<<) merge mappings, and -.5 is a string (js-yaml
// reads a leading dot only without a sign).
//
// Decoding is strict: a key repeated in one mapping, a tag other than the
// standard ones, a mapping or sequence used as a key, a number JSON cannot
// hold (.inf, .nan, 1e400), an alias that contains itself, aliases that
// expand far beyond the input, nesting deeper than [MaxDepth] and a stream
// of more than one document are errors, each an [*Error] with the line and
// column of the value at fault.
package yaml12

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "sigs.k8s.io/yaml/goyaml.v3"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// MaxDepth is how deeply mappings and sequences may nest, aliases
// expanded.
const MaxDepth = 1000

// Sentinel errors, wrapped by every [*Error].
var (
	// ErrSyntax reports text that is not YAML.
	ErrSyntax = errors.New("yaml: syntax error")
	// ErrDuplicateKey reports a key repeated in one mapping.
	ErrDuplicateKey = errors.New("yaml: duplicate key")
	// ErrUnsupported reports YAML that has no JSON form: a tag other than
	// !!str, !!int, !!float, !!bool, !!null, !!map, !!seq (and !!timestamp,
	// read as a string), a non-scalar key, a value that contradicts its
	// tag, an infinite or NaN number, or more than one document.
	ErrUnsupported = errors.New("yaml: no JSON form")
	// ErrAlias reports an alias that contains itself, or aliases and merge
	// keys that expand to far more than the input holds.
	ErrAlias = errors.New("yaml: alias expansion")
	// ErrTooDeep reports nesting beyond MaxDepth.
	ErrTooDeep = errors.New("yaml: nested too deeply")
)

// Error is a problem at a place in the YAML text. Line and Column are
// 1-based (the column counts characters); Column is 0 when only the line
// is known (syntax errors) and both are 0 when neither is.
type Error struct {
	Line, Column int
	// Err says what is wrong; it wraps one of the sentinel errors.
	Err error
}

// Error returns "line L, column C: message".
func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Document is a YAML document read as JSON, with the place in the YAML
// text of every JSON value.
type Document struct {
	// JSON is the document as JSON text: an object, an array, a scalar, or
	// null for an empty document.
	JSON []byte
	// marks are the starts of the values, in the order of their offsets.
	marks []mark
	// lines are the offsets of the line starts of JSON, when the input was
	// JSON already.
	lines []int
}

// mark places the JSON value that starts at off.
type mark struct {
	off          int
	line, column int32
}

// Position returns the line and column (1-based; the column counts
// characters) in the input of the JSON value that starts at offset in
// d.JSON, or of the closest value starting before it. What an alias
// brings is placed at the alias, what a merge key brings at the merged
// value.
func (d *Document) Position(offset int64) (line, column int) {
	if d.lines != nil {
		i := sort.Search(len(d.lines), func(i int) bool { return int64(d.lines[i]) > offset }) - 1
		if i < 0 {
			return 1, 1
		}
		end := min(int(offset), len(d.JSON))
		return i + 1, 1 + utf8.RuneCount(d.JSON[d.lines[i]:max(end, d.lines[i])])
	}
	i := sort.Search(len(d.marks), func(i int) bool { return int64(d.marks[i].off) > offset }) - 1
	if i < 0 {
		return 0, 0
	}
	return int(d.marks[i].line), int(d.marks[i].column)
}

// Decode reads data, one YAML document (JSON included, being YAML), into a
// Document. Valid JSON whose top level is an object or an array is taken
// as it is, without a YAML parse.
func Decode(data []byte) (*Document, error) {
	if isJSON(data) {
		lines := []int{0}
		for i, b := range data {
			if b == '\n' {
				lines = append(lines, i+1)
			}
		}
		return &Document{JSON: data, lines: lines}, nil
	}
	c := newConverter(data, true)
	if err := c.document(data); err != nil {
		return nil, err
	}
	return &Document{JSON: c.out, marks: c.marks}, nil
}

// Encode writes v, as encoding/json encodes it (by its json tags), as
// YAML that Decode reads back as the same JSON: keys sorted, strings that
// would read as another scalar quoted.
func Encode(v any) ([]byte, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var doc any
	if err := json.Unmarshal(js, &doc); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ToJSON is Decode without the positions, for large data files.
func ToJSON(data []byte) ([]byte, error) {
	if isJSON(data) {
		return data, nil
	}
	c := newConverter(data, false)
	if err := c.document(data); err != nil {
		return nil, err
	}
	return c.out, nil
}

// isJSON reports whether data is a JSON object or array.
func isJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[') && json.Valid(data)
}

// converter writes the JSON text of a YAML node tree.
type converter struct {
	out   []byte
	marks []mark
	track bool
	depth int
	// active holds the anchored collections being written or merged, to
	// catch an alias that contains itself.
	active map[*yaml.Node]bool
	// expanded counts what aliases and merge keys copied (bytes written
	// inside an alias, keys merged); limit bounds it.
	expanded, limit int
	// inAlias counts the aliases being expanded; aliasStart is where the
	// outermost one began writing.
	inAlias, aliasStart int
	// src is the input, and lines the offsets of its line starts once
	// needed, to look for the non-specific tag "!", which go-yaml resolves
	// away.
	src   []byte
	lines []int
}

func newConverter(data []byte, track bool) *converter {
	return &converter{
		out:    make([]byte, 0, len(data)+len(data)/4),
		track:  track,
		active: make(map[*yaml.Node]bool),
		limit:  8<<20 + 8*len(data),
		src:    data,
	}
}

// document converts the one document of data.
func (c *converter) document(data []byte) error {
	doc, next, err := parse(data)
	if err != nil {
		return syntaxError(data, err)
	}
	if next != nil {
		return &Error{Line: next.Line, Column: next.Column, Err: fmt.Errorf("%w: a second document; want one", ErrUnsupported)}
	}
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		c.out = append(c.out, "null"...)
		return nil
	}
	return c.value(doc.Content[0])
}

// maxSearched is the largest input whose syntax errors are placed by
// parsing its prefixes.
const maxSearched = 8 << 20

// parse reads the first document of data, and the start of a second one
// if there is one. An empty stream has no document and no error.
func parse(data []byte) (doc, next *yaml.Node, err error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	doc = new(yaml.Node)
	if err := dec.Decode(doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, nil
		}
		return nil, nil, err
	}
	next = new(yaml.Node)
	switch err := dec.Decode(next); {
	case errors.Is(err, io.EOF):
		return doc, nil, nil
	case err != nil:
		return nil, nil, err
	}
	return doc, next, nil
}

// syntaxError turns a go-yaml error into an *Error with the line of the
// problem. go-yaml names the line where the enclosing block starts, so the
// problem's line is found as the first line at whose end the text fails
// the same way: past the problem every prefix of the text fails with it,
// before it none does (a prefix cut short fails otherwise, if at all).
func syntaxError(data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			line, _ = strconv.Atoi(n)
			msg = tail
		}
	}
	if len(data) > maxSearched {
		// Too large to parse again and again: keep go-yaml's line.
		return &Error{Line: line, Err: fmt.Errorf("%w: %s", ErrSyntax, msg)}
	}
	ends := []int{}
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	full := err.Error()
	line = 1 + sort.Search(len(ends), func(k int) bool {
		_, _, perr := parse(data[:ends[k]])
		return perr != nil && perr.Error() == full
	})
	if line > len(ends) {
		line = 0
	}
	return &Error{Line: line, Err: fmt.Errorf("%w: %s", ErrSyntax, msg)}
}

// errorf returns an *Error placed at n.
func errorf(n *yaml.Node, sentinel error, format string, args ...any) error {
	return &Error{Line: n.Line, Column: n.Column, Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
}

// value writes the JSON text of n.
func (c *converter) value(n *yaml.Node) error {
	if c.inAlias > 0 && c.expanded+len(c.out)-c.aliasStart > c.limit {
		return errorf(n, ErrAlias, "aliases expand to more than %d bytes", c.limit)
	}
	if c.track && c.inAlias == 0 {
		c.marks = append(c.marks, mark{off: len(c.out), line: int32(n.Line), column: int32(n.Column)})
	}
	switch n.Kind {
	case yaml.AliasNode:
		return c.alias(n)
	case yaml.ScalarNode:
		return c.scalar(n)
	case yaml.SequenceNode, yaml.MappingNode:
		return c.collection(n)
	}
	return errorf(n, ErrUnsupported, "unexpected YAML node")
}

// alias writes the value an alias refers to.
func (c *converter) alias(n *yaml.Node) error {
	if n.Alias == nil {
		return errorf(n, ErrAlias, "unknown anchor %q", n.Value)
	}
	if c.active[n.Alias] {
		return errorf(n, ErrAlias, "alias *%s refers to a value that contains it", n.Value)
	}
	if c.inAlias == 0 {
		c.aliasStart = len(c.out)
	}
	c.inAlias++
	err := c.value(n.Alias)
	c.inAlias--
	if c.inAlias == 0 {
		c.expanded += len(c.out) - c.aliasStart
	}
	return err
}

// collection writes a sequence or a mapping.
func (c *converter) collection(n *yaml.Node) error {
	if n.Style&yaml.TaggedStyle != 0 {
		switch n.Tag {
		case "!!seq", "!!map", "!!set":
		default:
			return errorf(n, ErrUnsupported, "tag %s is not supported (want !!map or !!seq)", n.Tag)
		}
	}
	if c.depth >= MaxDepth {
		return errorf(n, ErrTooDeep, "nested deeper than %d levels", MaxDepth)
	}
	if n.Anchor != "" {
		if c.active[n] {
			return errorf(n, ErrAlias, "&%s contains itself", n.Anchor)
		}
		c.active[n] = true
		defer delete(c.active, n)
	}
	c.depth++
	defer func() { c.depth-- }()
	if n.Kind == yaml.SequenceNode {
		c.out = append(c.out, '[')
		for i, e := range n.Content {
			if i > 0 {
				c.out = append(c.out, ',')
			}
			if err := c.value(e); err != nil {
				return err
			}
		}
		c.out = append(c.out, ']')
		return nil
	}
	entries, err := c.entries(n)
	if err != nil {
		return err
	}
	c.out = append(c.out, '{')
	for i, e := range entries {
		if i > 0 {
			c.out = append(c.out, ',')
		}
		c.out = jsonwire.AppendStringNoHTML(c.out, e.key)
		c.out = append(c.out, ':')
		if e.merged {
			// A merged value is a copy, as an alias's is.
			err = c.alias(&yaml.Node{Kind: yaml.AliasNode, Alias: e.val, Line: e.val.Line, Column: e.val.Column})
		} else {
			err = c.value(e.val)
		}
		if err != nil {
			return err
		}
	}
	c.out = append(c.out, '}')
	return nil
}

// entry is one member of a mapping: its key as JSON has it, the nodes of
// key and value, and whether a merge key brought it.
type entry struct {
	key     string
	keyNode *yaml.Node
	val     *yaml.Node
	merged  bool
}

// entries lists the members of mapping n in order, merge keys applied as
// js-yaml applies them: a merged key never replaces one already there, and
// a key written after the merge replaces the merged one in its place.
func (c *converter) entries(n *yaml.Node) ([]entry, error) {
	out := make([]entry, 0, len(n.Content)/2)
	index := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merged, err := c.merge(v)
			if err != nil {
				return nil, err
			}
			for _, e := range merged {
				if _, taken := index[e.key]; taken {
					continue
				}
				e.merged = true
				index[e.key] = len(out)
				out = append(out, e)
			}
			continue
		}
		key, err := c.key(k)
		if err != nil {
			return nil, err
		}
		if j, taken := index[key]; taken {
			if out[j].merged {
				out[j] = entry{key: key, keyNode: k, val: v}
				continue
			}
			first := out[j].keyNode
			return nil, errorf(k, ErrDuplicateKey, "key %q repeated (first at line %d, column %d)", key, first.Line, first.Column)
		}
		index[key] = len(out)
		out = append(out, entry{key: key, keyNode: k, val: v})
	}
	return out, nil
}

// merge returns the members a merge key's value brings: a mapping, or a
// sequence of mappings where the earlier ones win.
func (c *converter) merge(v *yaml.Node) ([]entry, error) {
	src := []*yaml.Node{v}
	if target(v).Kind == yaml.SequenceNode {
		src = target(v).Content
	}
	var out []entry
	for _, s := range src {
		m := target(s)
		if m.Kind != yaml.MappingNode {
			return nil, errorf(s, ErrUnsupported, "a merge key (<<) takes a mapping or a sequence of mappings")
		}
		if c.active[m] {
			return nil, errorf(s, ErrAlias, "merge of a mapping into itself")
		}
		c.active[m] = true
		es, err := c.entries(m)
		delete(c.active, m)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			c.expanded += len(e.key) + 8
		}
		if c.expanded > c.limit {
			return nil, errorf(s, ErrAlias, "merge keys expand to more than %d bytes", c.limit)
		}
		out = append(out, es...)
	}
	return out, nil
}

// target follows an alias.
func target(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// key returns the JSON key of a mapping key: a scalar's value as
// JavaScript turns it into a string (1.50 is "1.5", ~ is "null").
func (c *converter) key(k *yaml.Node) (string, error) {
	k = target(k)
	if k.Kind != yaml.ScalarNode {
		return "", errorf(k, ErrUnsupported, "a mapping key must be a scalar")
	}
	s, err := resolve(k)
	if err != nil {
		return "", err
	}
	if s.kind != kindString && k.Style == 0 && c.nonSpecific(k) {
		return k.Value, nil
	}
	switch s.kind {
	case kindInt:
		if n, err := strconv.ParseInt(s.text, 10, 64); err == nil && -1<<53 <= n && n <= 1<<53 {
			return s.text, nil
		}
		s.f, _ = strconv.ParseFloat(s.text, 64)
		fallthrough
	case kindFloat:
		switch {
		case math.IsNaN(s.f):
			return "NaN", nil
		case math.IsInf(s.f, 1):
			return "Infinity", nil
		case math.IsInf(s.f, -1):
			return "-Infinity", nil
		}
		b, _ := jsonwire.AppendFloat(nil, s.f)
		return string(b), nil
	case kindNull:
		return "null", nil
	}
	return s.text, nil
}

// scalar writes a scalar value.
func (c *converter) scalar(n *yaml.Node) error {
	s, err := resolve(n)
	if err != nil {
		return err
	}
	if s.kind != kindString && n.Style == 0 && c.nonSpecific(n) {
		s = resolved{kind: kindString, text: n.Value}
	}
	switch s.kind {
	case kindNull:
		c.out = append(c.out, "null"...)
	case kindBool, kindInt:
		c.out = append(c.out, s.text...)
	case kindFloat:
		if math.IsNaN(s.f) || math.IsInf(s.f, 0) {
			return errorf(n, ErrUnsupported, "%s is not a number JSON can hold (quote it for a string)", n.Value)
		}
		if s.f == 0 {
			s.f = 0 // no negative zero, as JSON.stringify writes it
		}
		c.out, _ = jsonwire.AppendFloat(c.out, s.f)
	default:
		c.out = jsonwire.AppendStringNoHTML(c.out, s.text)
	}
	return nil
}

// nonSpecific reports whether plain scalar n carries the non-specific tag
// "!", which makes it a string (! 12 is "12"): go-yaml drops that tag, so
// the text at n's position is read, past an anchor.
func (c *converter) nonSpecific(n *yaml.Node) bool {
	if c.lines == nil {
		c.lines = []int{0}
		for i, b := range c.src {
			if b == '\n' {
				c.lines = append(c.lines, i+1)
			}
		}
	}
	if n.Line < 1 || n.Line > len(c.lines) || n.Column < 1 {
		return false
	}
	rest := c.src[c.lines[n.Line-1]:]
	for i := 1; i < n.Column && len(rest) > 0; i++ {
		_, size := utf8.DecodeRune(rest)
		rest = rest[size:]
	}
	if len(rest) > 0 && rest[0] == '&' {
		end := bytes.IndexAny(rest, " \t\r\n")
		if end < 0 {
			return false
		}
		rest = bytes.TrimLeft(rest[end:], " \t")
	}
	return len(rest) >= 2 && rest[0] == '!' && (rest[1] == ' ' || rest[1] == '\t' || rest[1] == '\r' || rest[1] == '\n')
}
