package schema

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong with a spec, located by a path into the
// document.
type Problem struct {
	// Path locates the offending value, like "resources[1].fields[2].type".
	// Keys that are not plain identifiers are quoted: `data["my users"]`.
	// It is empty when the problem concerns the document as a whole
	// (broken JSON, a top level that is not an object).
	Path string
	// Message says what is wrong, like
	// `unknown type "strng" (want one of string, number, ...)`.
	Message string
	// Line and Column place the offending value (or the closest enclosing
	// one) in the decoded text, both 1-based, the column in characters.
	// They are 0 when unknown, as for a Spec built in Go.
	Line, Column int
}

// String returns the problem as "path: message", or only the message when
// the path is empty. The position is left to the caller, who knows the
// file's name.
func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// Error reports everything wrong with a spec at once. [Decode] and
// [Spec.Validate] return it with its Problems already sorted in document
// order and never return an *Error without problems.
type Error struct {
	// Problems lists every problem found, in document order.
	Problems []Problem
}

// Error returns one "path: message" line per problem, in the order of
// Problems.
func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		return "invalid spec"
	}
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// report collects problems in the order they are found.
type report struct {
	problems []Problem
}

// add records a problem at path with a formatted message.
func (r *report) add(path, format string, args ...any) {
	r.problems = append(r.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// addAll records problems whose paths are relative to base.
func (r *report) addAll(base string, ps []Problem) {
	for _, p := range ps {
		path := base
		if p.Path != "" {
			path = base + "." + p.Path
			if base == "" || strings.HasPrefix(p.Path, "[") {
				path = base + p.Path
			}
		}
		r.problems = append(r.problems, Problem{Path: path, Message: p.Message})
	}
}

// maxShown is how many bytes of a spec-supplied string a path or message
// shows, so that a huge key or value is not echoed back whole.
const maxShown = 64

// quote returns s quoted for a message, shortened to about maxShown bytes.
func quote(s string) string {
	if len(s) <= maxShown {
		return strconv.Quote(s)
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "..."
}

// plainKey reports whether key can appear in a path unquoted: a letter, "_"
// or "$" followed by letters, digits, "_", "$" or "-".
func plainKey(key string) bool {
	if key == "" || len(key) > maxShown {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == '$':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// child returns the path of key inside the object at parent.
func child(parent, key string) string {
	if !plainKey(key) {
		return parent + "[" + quote(key) + "]"
	}
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// elem returns the path of element i of the array at parent.
func elem(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// segment is one step of a path: an object key or an array index.
type segment struct {
	key     string
	index   int
	isIndex bool
	end     int // offset in the path just after this segment
}

// splitPath breaks a path made by child and elem into its segments. It
// stops at anything it cannot read, so it never fails.
func splitPath(p string) []segment {
	var segs []segment
	i := 0
	for i < len(p) {
		switch p[i] {
		case '.':
			i++
		case '[':
			if i+1 < len(p) && p[i+1] == '"' {
				q, err := strconv.QuotedPrefix(p[i+1:])
				if err != nil {
					return segs
				}
				key, _ := strconv.Unquote(q)
				rest := strings.IndexByte(p[i+1+len(q):], ']')
				if rest < 0 {
					return segs
				}
				i += 1 + len(q) + rest + 1
				segs = append(segs, segment{key: key, end: i})
				continue
			}
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return segs
			}
			n, err := strconv.Atoi(p[i+1 : i+end])
			if err != nil {
				return segs
			}
			i += end + 1
			segs = append(segs, segment{index: n, isIndex: true, end: i})
		default:
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			segs = append(segs, segment{key: p[i:j], end: j})
			i = j
		}
	}
	return segs
}

// rankPart is one step of a path's position in the Spec type: a field's
// declaration index or an array index (n), or a map key (s).
type rankPart struct {
	n int
	s string
}

// unknownRank places keys the type does not declare after the known ones.
const unknownRank = 1 << 30

// rank returns the canonical position of path in a Spec: struct fields in
// declaration order, array elements by index, map keys alphabetically.
func rank(path string) []rankPart {
	segs := splitPath(path)
	parts := make([]rankPart, 0, len(segs))
	t := reflect.TypeFor[Spec]()
	for _, sg := range segs {
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		var part rankPart
		var next reflect.Type
		switch {
		case sg.isIndex:
			part.n = sg.index
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				next = t.Elem()
			}
		case t != nil && t.Kind() == reflect.Struct:
			part = rankPart{n: unknownRank, s: sg.key}
			for i := 0; i < t.NumField(); i++ {
				if name, ok := jsonName(t.Field(i)); ok && name == sg.key {
					part = rankPart{n: i}
					next = t.Field(i).Type
					break
				}
			}
		default:
			part.s = sg.key
			if t != nil && t.Kind() == reflect.Map {
				next = t.Elem()
			}
		}
		parts = append(parts, part)
		t = next
	}
	return parts
}

// compareRank orders two ranks lexicographically, a prefix first.
func compareRank(a, b []rankPart) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i].n != b[i].n {
			if a[i].n < b[i].n {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a[i].s, b[i].s); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

// sortCanonical sorts problems by their place in a Spec, keeping the order
// in which they were found among problems at the same path.
func sortCanonical(ps []Problem) {
	ranks := make(map[string][]rankPart, len(ps))
	for _, p := range ps {
		if _, ok := ranks[p.Path]; !ok {
			ranks[p.Path] = rank(p.Path)
		}
	}
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return compareRank(ranks[a.Path], ranks[b.Path])
	})
}

// jsonName returns the JSON key of a struct field, and false for fields
// JSON ignores.
func jsonName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, true
}
