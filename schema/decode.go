package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/internal/suggest"
)

// MaxDepth is how deeply Decode lets objects and arrays nest, free-form
// values (records, responses) included. A deeper document is rejected
// before anything else is checked.
const MaxDepth = 1000

// Decode reads a spec from JSON, strictly, and reports every problem at
// once as an [*Error].
//
// It first checks the structure against the Spec type: the top level must be
// an object, every key must be one the type declares (keys match exactly,
// case included), every value must have the JSON type of its field, numbers
// must fit their fields, and no object may repeat a key. A null value counts
// as absent. Route.Response, Field.DefaultValue, the elements of Field.Enum,
// the values of Generate.Options and the records of Spec.Data are free-form.
// Free-form values hold what encoding/json decodes into an any, except in
// the records of Spec.Data and Resource.InitialData, where an integer a
// float64 cannot hold exactly (most beyond ±2^53) is a json.Number that
// keeps its digits; one in a primary key or a field declared number or
// integer is a problem.
// It then checks the semantics as [Spec.Validate] does, leaving out
// problems inside a value whose structure was already reported.
//
// Problems are sorted in the order their values appear in data, and carry
// the line and column of their value (or of the closest enclosing one).
// Broken JSON is one problem, with its byte offset, line and column and an
// empty path. On success the error is nil and the Spec is the caller's; on
// failure the Spec is nil.
func Decode(data []byte) (*Spec, error) {
	return DecodeMapped(data, nil)
}

// DecodeMapped is Decode for JSON converted from another text, such as
// YAML: position maps a byte offset of a value in data to its line and
// column in that text, which the problems then carry. A nil position
// places problems in data itself.
func DecodeMapped(data []byte, position func(offset int64) (line, column int)) (*Spec, error) {
	if position == nil {
		position = newLines(data).position
	}
	root, bad := parse(data)
	if bad != nil {
		bad.Line, bad.Column = position(bad.off)
		return nil, &Error{Problems: []Problem{bad.Problem}}
	}
	w := walker{offsets: make(map[string]int64), types: make(map[reflect.Type]*structInfo)}
	w.walk(root, reflect.TypeFor[Spec](), "", false)
	structural := w.report.problems

	var s Spec
	if err := json.Unmarshal(data, &s); err != nil && len(structural) == 0 {
		// The walk accepts only what Unmarshal can decode, so this is a gap
		// in the walk; report it rather than hide it.
		structural = append(structural, Problem{Message: "cannot decode spec: " + err.Error()})
	}
	if w.inexact {
		keepExactIntegers(root, &s)
	}

	broken := make(map[string]bool, len(structural))
	for _, p := range structural {
		broken[p.Path] = true
	}
	all := slices.Clip(structural)
	for _, p := range s.check() {
		if !insideAny(p.Path, broken) {
			all = append(all, p)
		}
	}
	if len(all) == 0 {
		return &s, nil
	}
	w.sortByOffset(all, position)
	return nil, &Error{Problems: all}
}

// lines locates offsets of a text by line and column.
type lines struct {
	text   []byte
	starts []int
}

func newLines(text []byte) *lines {
	return &lines{text: text}
}

// position returns the 1-based line and column (in characters) of the
// byte at off.
func (l *lines) position(off int64) (line, column int) {
	if l.starts == nil {
		l.starts = []int{0}
		for i, b := range l.text {
			if b == '\n' {
				l.starts = append(l.starts, i+1)
			}
		}
	}
	o := int(min(max(off, 0), int64(len(l.text))))
	i, _ := slices.BinarySearch(l.starts, o+1)
	start := l.starts[i-1]
	return i, 1 + utf8.RuneCount(l.text[start:o])
}

// insideAny reports whether path, or a path that contains it, is in paths.
func insideAny(path string, paths map[string]bool) bool {
	if len(paths) == 0 {
		return false
	}
	if paths[""] || paths[path] {
		return true
	}
	for _, sg := range splitPath(path) {
		if paths[path[:sg.end]] {
			return true
		}
	}
	return false
}

// kind is the JSON type of a parsed value.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// String names the kind as messages show it.
func (k kind) String() string {
	switch k {
	case kindBool:
		return "boolean"
	case kindNumber:
		return "number"
	case kindString:
		return "string"
	case kindArray:
		return "array"
	case kindObject:
		return "object"
	}
	return "null"
}

// node is a parsed JSON value that keeps its object keys in document order
// and its offset in the input.
type node struct {
	kind kind
	off  int64
	text string // a string's value, or a number's literal
	b    bool
	keys []string // object keys, parallel to vals
	vals []*node  // object values or array elements
}

// located is a problem at a byte offset.
type located struct {
	Problem
	off int64
}

// parse reads data into a tree of nodes, or returns the one problem that
// makes data unreadable.
func parse(data []byte) (*node, *located) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &located{Problem: Problem{Message: "empty spec (want a JSON object)"}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := parser{dec: dec, data: data}
	root, err := p.value(0)
	if err != nil {
		return nil, p.problem(err)
	}
	off := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &located{Problem{Message: "invalid JSON at offset " + strconv.FormatInt(off, 10) + ": unexpected data after the top-level value"}, off}
	}
	return root, nil
}

// errTooDeep reports nesting beyond MaxDepth.
var errTooDeep = errors.New("nested deeper than " + strconv.Itoa(MaxDepth) + " levels")

// parser builds nodes from a decoder's tokens.
type parser struct {
	dec  *json.Decoder
	data []byte
	off  int64 // offset of the last value started, for errors
}

// start returns the offset where the next value starts: past the white
// space, colon or comma before it.
func (p *parser) start() int64 {
	off := p.dec.InputOffset()
	for off < int64(len(p.data)) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

// problem turns a parse error into a Problem naming the offset.
func (p *parser) problem(err error) *located {
	off := p.dec.InputOffset()
	msg := err.Error()
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
		msg = strings.TrimPrefix(msg, "json: ")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		off = int64(len(p.data))
		msg = "unexpected end of input"
	case errors.Is(err, errTooDeep):
		off = p.off
	}
	return &located{Problem{Message: "invalid JSON at offset " + strconv.FormatInt(off, 10) + ": " + msg}, off}
}

// value reads one value at the given nesting depth.
func (p *parser) value(depth int) (*node, error) {
	off := p.start()
	p.off = off
	tok, err := p.dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	n := &node{off: off}
	switch t := tok.(type) {
	case nil:
		n.kind = kindNull
	case bool:
		n.kind, n.b = kindBool, t
	case json.Number:
		n.kind, n.text = kindNumber, string(t)
	case string:
		n.kind, n.text = kindString, t
	case json.Delim:
		if depth >= MaxDepth {
			return nil, errTooDeep
		}
		switch t {
		case '{':
			n.kind = kindObject
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := kt.(string)
				if !ok {
					return nil, errors.New("object key is not a string")
				}
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, v)
			}
		case '[':
			n.kind = kindArray
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
		default:
			return nil, errors.New("unexpected " + strconv.Quote(t.String()))
		}
		// The closing delimiter; Token checks it matches.
		if _, err := p.dec.Token(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
	return n, nil
}

// structInfo is what the walk needs of a struct type: its JSON keys.
type structInfo struct {
	fields map[string]reflect.Type
	names  []string // in declaration order, for suggestions
}

// walker checks a node tree against a Go type, recording problems and the
// offset of every value it checks by path.
type walker struct {
	report
	offsets map[string]int64
	types   map[reflect.Type]*structInfo
	// inexact is set when a free-form value holds an integer a float64
	// cannot hold exactly.
	inexact bool
}

// info returns the JSON keys of struct type t.
func (w *walker) info(t reflect.Type) *structInfo {
	if si, ok := w.types[t]; ok {
		return si
	}
	si := &structInfo{fields: make(map[string]reflect.Type)}
	for i := 0; i < t.NumField(); i++ {
		if name, ok := jsonName(t.Field(i)); ok {
			si.fields[name] = t.Field(i).Type
			si.names = append(si.names, name)
		}
	}
	w.types[t] = si
	return si
}

// walk checks n against type t at path. Null is accepted when nullOK.
func (w *walker) walk(n *node, t reflect.Type, path string, nullOK bool) {
	w.offsets[path] = n.off
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
		nullOK = true
	}
	if t.Kind() == reflect.Interface {
		w.freeForm(n, path)
		return
	}
	if n.kind == kindNull {
		if !nullOK {
			w.mismatch(path, t, kindNull)
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if !w.expect(n, kindObject, t, path) {
			return
		}
		si := w.info(t)
		dup := w.duplicates(n, path)
		for i, key := range n.keys {
			if dup != nil && dup[i] {
				continue
			}
			ft, ok := si.fields[key]
			if !ok {
				w.add(child(path, key), "unknown key%s", Suggest(key, si.names))
				w.offsets[child(path, key)] = n.vals[i].off
				continue
			}
			w.walk(n.vals[i], ft, child(path, key), true)
		}
	case reflect.Slice:
		if !w.expect(n, kindArray, t, path) {
			return
		}
		for i, v := range n.vals {
			w.walk(v, t.Elem(), elem(path, i), false)
		}
	case reflect.Map:
		if !w.expect(n, kindObject, t, path) {
			return
		}
		dup := w.duplicates(n, path)
		ek := t.Elem().Kind()
		nullable := ek == reflect.Slice || ek == reflect.Map
		for i, key := range n.keys {
			if dup != nil && dup[i] {
				continue
			}
			w.walk(n.vals[i], t.Elem(), child(path, key), nullable)
		}
	case reflect.String:
		w.expect(n, kindString, t, path)
	case reflect.Bool:
		w.expect(n, kindBool, t, path)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if w.expect(n, kindNumber, t, path) {
			if _, err := strconv.ParseInt(n.text, 10, t.Bits()); err != nil {
				w.badInteger(n, path, err)
			}
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if w.expect(n, kindNumber, t, path) {
			if _, err := strconv.ParseUint(n.text, 10, t.Bits()); err != nil {
				w.badInteger(n, path, err)
			}
		}
	case reflect.Float32, reflect.Float64:
		if w.expect(n, kindNumber, t, path) {
			w.number(n, path, t.Bits())
		}
	}
}

// expect reports whether n has kind k, recording a problem if not.
func (w *walker) expect(n *node, k kind, t reflect.Type, path string) bool {
	if n.kind == k {
		return true
	}
	w.mismatch(path, t, n.kind)
	return false
}

// mismatch records a value of kind got where type t was wanted.
func (w *walker) mismatch(path string, t reflect.Type, got kind) {
	if path == "" {
		w.add(path, "want a JSON object at the top level, got %s", got)
		return
	}
	w.add(path, "want %s, got %s", want(t), got)
}

// badInteger records why a number does not fit an integer field.
func (w *walker) badInteger(n *node, path string, err error) {
	if errors.Is(err, strconv.ErrRange) {
		w.add(path, "number %s out of range", shorten(n.text))
		return
	}
	w.add(path, "want an integer, got %s", shorten(n.text))
}

// number records a problem if n's literal does not fit a float of the
// given size.
func (w *walker) number(n *node, path string, bits int) {
	f, err := strconv.ParseFloat(n.text, bits)
	if err != nil || math.IsInf(f, 0) {
		w.add(path, "number %s out of range", shorten(n.text))
	}
}

// freeForm checks a value of any shape: only that numbers fit a float64
// and that no object repeats a key, as JSON decoding needs.
func (w *walker) freeForm(n *node, path string) {
	switch n.kind {
	case kindNumber:
		w.number(n, path, 64)
		w.inexact = w.inexact || inexactInteger(n.text)
	case kindArray:
		for i, v := range n.vals {
			if v.kind >= kindArray || v.kind == kindNumber {
				w.freeForm(v, elem(path, i))
			}
		}
	case kindObject:
		dup := w.duplicates(n, path)
		for i, v := range n.vals {
			if dup != nil && dup[i] {
				continue
			}
			if v.kind >= kindArray || v.kind == kindNumber {
				w.freeForm(v, child(path, n.keys[i]))
			}
		}
	}
}

// duplicates records every key an object repeats and returns a flag per
// member telling whether it repeats an earlier key, or nil if none does.
func (w *walker) duplicates(n *node, path string) []bool {
	var dup []bool
	mark := func(i int) {
		if dup == nil {
			dup = make([]bool, len(n.keys))
		}
		dup[i] = true
		w.add(child(path, n.keys[i]), "duplicate key")
	}
	if len(n.keys) <= 8 {
		for i := 1; i < len(n.keys); i++ {
			if slices.Contains(n.keys[:i], n.keys[i]) {
				mark(i)
			}
		}
		return dup
	}
	seen := make(map[string]bool, len(n.keys))
	for i, k := range n.keys {
		if seen[k] {
			mark(i)
		}
		seen[k] = true
	}
	return dup
}

// sortByOffset sorts problems by where their values start in the input,
// and places each with position: a problem at a path that has no value
// there (an absent key) sorts with, and is placed at, the closest
// enclosing value. Ties keep canonical order.
func (w *walker) sortByOffset(ps []Problem, position func(int64) (int, int)) {
	sortCanonical(ps)
	offs := make(map[string]int64, len(ps))
	for _, p := range ps {
		if _, ok := offs[p.Path]; ok {
			continue
		}
		off := int64(0)
		if o, ok := w.offsets[p.Path]; ok {
			off = o
		} else {
			segs := splitPath(p.Path)
			for i := len(segs) - 2; i >= 0; i-- {
				if o, ok := w.offsets[p.Path[:segs[i].end]]; ok {
					off = o
					break
				}
			}
		}
		offs[p.Path] = off
	}
	for i := range ps {
		ps[i].Line, ps[i].Column = position(offs[ps[i].Path])
	}
	slices.SortStableFunc(ps, func(a, b Problem) int {
		oa, ob := offs[a.Path], offs[b.Path]
		switch {
		case oa < ob:
			return -1
		case oa > ob:
			return 1
		}
		return 0
	})
}

// want names the JSON type a Go type decodes from, for messages.
func want(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a value"
}

// shorten cuts a long literal for a message.
func shorten(s string) string {
	if len(s) <= 32 {
		return s
	}
	return s[:32] + "..."
}

// Suggest returns ` (did you mean "x"?)` when name is close to one of names
// (the same but for case, or at most two edits away), or "". Messages about
// an unknown name append it.
func Suggest(name string, names []string) string { return suggest.For(name, names, maxShown) }
