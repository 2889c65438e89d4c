// Package jsonwire appends the JSON text of record values (the types
// encoding/json decodes into: string, float64, bool, nil, map[string]any,
// []any) without reflection, with object keys sorted as encoding/json sorts
// them, so responses can be written with few allocations.
package jsonwire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxNesting bounds nesting, as encoding/json does: the encoder never goes
// deeper, which only a cycle or a hostile Go caller would, and the decoder
// never goes deeper whatever limit it is given.
const maxNesting = 10000

// ErrNesting reports a value nested deeper than any record holds.
var ErrNesting = errors.New("value nested too deeply")

// Encoder appends JSON text: compact by default, or indented by Indent per
// level as json.MarshalIndent writes it. It keeps a slice of object members
// per nesting level for reuse, so encoding a record allocates nothing. An
// Encoder is not safe for concurrent use.
type Encoder struct {
	// Indent is the indentation of one level; "" writes compact JSON.
	Indent string
	// NoHTMLEscape leaves <, > and & as they are, for files people read.
	NoHTMLEscape bool
	// FlatDepth, when indenting, writes the objects and arrays that start
	// FlatDepth or more levels deep compactly, each on one line, so that the
	// indentation cannot make the text grow with the square of the
	// nesting. 0 indents every level.
	FlatDepth int

	members [][]member
}

// Append appends the JSON text of v to b. It fails on values JSON cannot
// represent (NaN, infinities, cycles), naming the field or element, and
// for Go types other than the JSON ones falls back to encoding/json.
func (e *Encoder) Append(b []byte, v any) ([]byte, error) {
	return e.AppendAt(b, v, 0)
}

// AppendAt is Append for a value that sits depth levels deep in an
// indented document, so its inner lines are indented by depth+1 levels.
func (e *Encoder) AppendAt(b []byte, v any, depth int) ([]byte, error) {
	switch t := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, t, !e.NoHTMLEscape), nil
	case float64:
		return AppendFloatBits(b, t, 64)
	case bool:
		return strconv.AppendBool(b, t), nil
	case map[string]any:
		return e.appendObject(b, t, depth)
	case []any:
		return e.appendArray(b, t, depth)
	case float32:
		return AppendFloatBits(b, float64(t), 32)
	case int:
		return strconv.AppendInt(b, int64(t), 10), nil
	case int8:
		return strconv.AppendInt(b, int64(t), 10), nil
	case int16:
		return strconv.AppendInt(b, int64(t), 10), nil
	case int32:
		return strconv.AppendInt(b, int64(t), 10), nil
	case int64:
		return strconv.AppendInt(b, t, 10), nil
	case uint:
		return strconv.AppendUint(b, uint64(t), 10), nil
	case uint8:
		return strconv.AppendUint(b, uint64(t), 10), nil
	case uint16:
		return strconv.AppendUint(b, uint64(t), 10), nil
	case uint32:
		return strconv.AppendUint(b, uint64(t), 10), nil
	case uint64:
		return strconv.AppendUint(b, t, 10), nil
	default:
		return e.appendOther(b, v, depth)
	}
}

// flat reports whether a container depth levels deep is written compactly
// although the encoder indents.
func (e *Encoder) flat(depth int) bool {
	return e.FlatDepth > 0 && depth >= e.FlatDepth && e.Indent != ""
}

// appendFlat appends v compactly, for a container below FlatDepth.
func (e *Encoder) appendFlat(b []byte, v any, depth int) ([]byte, error) {
	indent := e.Indent
	e.Indent = ""
	defer func() { e.Indent = indent }()
	return e.AppendAt(b, v, depth)
}

// namedLevels is how many levels of fields and elements an error names:
// the path of a value nested thousands of levels deep would make an error
// message of megabytes.
const namedLevels = 16

// within names the field or element where err happened, depth levels deep.
func within(err error, depth int, format string, arg any) error {
	if depth >= namedLevels {
		return err
	}
	return fmt.Errorf(format+": %w", arg, err)
}

func (e *Encoder) appendObject(b []byte, m map[string]any, depth int) ([]byte, error) {
	if depth >= maxNesting {
		return b, ErrNesting
	}
	if len(m) == 0 {
		return append(b, "{}"...), nil
	}
	if e.flat(depth) {
		return e.appendFlat(b, m, depth)
	}
	for len(e.members) <= depth {
		e.members = append(e.members, nil)
	}
	members := e.members[depth][:0]
	for k, v := range m {
		members = append(members, member{k, v})
	}
	sortMembers(members)
	e.members[depth] = members
	// The members are cleared when done, so that a pooled Encoder holds
	// on to no record.
	defer clear(members)
	b = append(b, '{')
	for i, f := range members {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.newline(b, depth+1)
		b = appendString(b, f.key, !e.NoHTMLEscape)
		b = append(b, ':')
		if e.Indent != "" {
			b = append(b, ' ')
		}
		var err error
		if b, err = e.AppendAt(b, f.val, depth+1); err != nil {
			return b, within(err, depth, "field %q", clipString(f.key))
		}
	}
	b = e.newline(b, depth)
	return append(b, '}'), nil
}

// sortMembers sorts members by key. Records have a handful of keys, which
// an insertion sort orders faster than a general sort.
func sortMembers(members []member) {
	if len(members) > 12 {
		slices.SortFunc(members, func(a, b member) int { return strings.Compare(a.key, b.key) })
		return
	}
	for i := 1; i < len(members); i++ {
		for j := i; j > 0 && members[j].key < members[j-1].key; j-- {
			members[j], members[j-1] = members[j-1], members[j]
		}
	}
}

func (e *Encoder) appendArray(b []byte, a []any, depth int) ([]byte, error) {
	if depth >= maxNesting {
		return b, ErrNesting
	}
	if len(a) == 0 {
		return append(b, "[]"...), nil
	}
	if e.flat(depth) {
		return e.appendFlat(b, a, depth)
	}
	b = append(b, '[')
	for i, v := range a {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.newline(b, depth+1)
		var err error
		if b, err = e.AppendAt(b, v, depth+1); err != nil {
			return b, within(err, depth, "element %d", i)
		}
	}
	b = e.newline(b, depth)
	return append(b, ']'), nil
}

// newline starts a new line indented for nesting level depth, when indenting.
func (e *Encoder) newline(b []byte, depth int) []byte {
	if e.Indent == "" {
		return b
	}
	b = append(b, '\n')
	for range depth {
		b = append(b, e.Indent...)
	}
	return b
}

// appendOther writes a value of a type records do not normally hold (a Go
// caller's struct, say) through encoding/json, indented to fit, and a
// json.Number (an integer beyond what a float64 holds exactly) as its
// digits.
func (e *Encoder) appendOther(b []byte, v any, depth int) ([]byte, error) {
	if n, ok := v.(json.Number); ok {
		return appendNumber(b, n)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(!e.NoHTMLEscape)
	if e.Indent != "" && !e.flat(depth) {
		enc.SetIndent(strings.Repeat(e.Indent, depth), e.Indent)
	}
	if err := enc.Encode(v); err != nil {
		return b, err
	}
	return append(b, bytes.TrimSuffix(out.Bytes(), []byte("\n"))...), nil
}

// appendNumber writes n as it is, as encoding/json does: "" as 0, and an
// error for text that is not a JSON number.
func appendNumber(b []byte, n json.Number) ([]byte, error) {
	if n == "" {
		return append(b, '0'), nil
	}
	if !validNumber(string(n)) {
		return b, fmt.Errorf("json.Number %q is not a JSON number", clipString(string(n)))
	}
	return append(b, n...), nil
}

// validNumber reports whether s is a JSON number: an optional minus, an
// integer without leading zeros, an optional fraction and exponent.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - start
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// AppendFloat writes f as encoding/json does: plain decimal notation for
// magnitudes in [1e-6, 1e21), the shortest exponent form otherwise.
func AppendFloat(b []byte, f float64) ([]byte, error) {
	return AppendFloatBits(b, f, 64)
}

// AppendFloatBits is AppendFloat for a value of the given size (32 for a
// float32), which decides the shortest digits that read back exactly.
func AppendFloatBits(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, fmt.Errorf("number %v has no JSON form", f)
	}
	// Whole numbers print as integers; -0 keeps its sign below.
	if f == math.Trunc(f) && math.Abs(f) < 1e15 && (f != 0 || !math.Signbit(f)) {
		return strconv.AppendInt(b, int64(f), 10), nil
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (bits == 64 && (a < 1e-6 || a >= 1e21) ||
		bits == 32 && (float32(a) < 1e-6 || float32(a) >= 1e21)) {
		format = 'e'
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// Shorten a two-digit negative exponent: 1e-07 becomes 1e-7.
		if n := len(b) - start; n >= 4 && b[len(b)-4] == 'e' && b[len(b)-3] == '-' && b[len(b)-2] == '0' {
			b[len(b)-2] = b[len(b)-1]
			b = b[:len(b)-1]
		}
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

// AppendString writes s as a JSON string as encoding/json does: quotes,
// backslashes and control characters escaped, <, > and & escaped for safe
// embedding in HTML, U+2028 and U+2029 escaped, invalid UTF-8 replaced by
// U+FFFD.
func AppendString(b []byte, s string) []byte { return appendString(b, s, true) }

// AppendStringNoHTML is AppendString leaving <, > and & as they are, for
// files people read.
func AppendStringNoHTML(b []byte, s string) []byte { return appendString(b, s, false) }

// plain marks the ASCII bytes a JSON string holds as they are (before the
// HTML characters, which appendString checks itself).
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Masks for testing the eight bytes of a word at once.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// load8 returns the eight bytes of s from i as a little-endian word.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// special returns a non-zero mask if a byte of x must be escaped in a JSON
// string: below 0x20, '"' or '\\', or not ASCII (checked by the caller).
// Each test can only flag a byte spuriously above one it flags rightly,
// so "any byte flagged" is exact.
func special(x uint64) uint64 {
	return ((x-ones*0x20)|x)&highs | hasByte(x, '"') | hasByte(x, '\\')
}

// htmlSpecial returns a non-zero mask if a byte of x is '<', '>' or '&'.
func htmlSpecial(x uint64) uint64 {
	return hasByte(x, '<') | hasByte(x, '>') | hasByte(x, '&')
}

// hasByte returns a non-zero mask if a byte of x equals c.
func hasByte(x uint64, c byte) uint64 {
	v := x ^ (ones * uint64(c))
	return (v - ones) &^ v & highs
}

func appendString(b []byte, s string, html bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Runs of ordinary text are skipped eight bytes at a time.
		if i+8 <= len(s) {
			if x := load8(s, i); special(x) == 0 && (!html || htmlSpecial(x) == 0) {
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if plain[c] && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
