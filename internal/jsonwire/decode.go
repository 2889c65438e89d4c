package jsonwire

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrEmpty reports input that holds no JSON value: nothing, or only
// whitespace.
var ErrEmpty = errors.New("jsonwire: empty JSON input")

// ErrTrailing reports a complete JSON value followed by more than
// whitespace, valid JSON or not.
var ErrTrailing = errors.New("jsonwire: data after the JSON value")

// NotObjectError reports input that is one valid JSON value, but not an
// object.
type NotObjectError struct {
	// Kind names what was found: "null", "an array", "a string",
	// "a boolean" or "a number".
	Kind string
}

// Error says what kind of value was found instead of an object.
func (e *NotObjectError) Error() string {
	return "jsonwire: JSON value is " + e.Kind + ", not an object"
}

// SyntaxError reports input that is not valid JSON. Its message reads like
// encoding/json's ("invalid character 'x' after object key") followed by
// the offset. It also reports, wrapping [strconv.ErrRange], a valid text
// that encoding/json refuses too: a number too large for a float64.
type SyntaxError struct {
	// Offset is the byte offset in the input of the byte at fault, or
	// the input's length when the input ended too soon.
	Offset int64
	// Start is the byte offset at which the piece of text being read
	// began: the first byte of a literal or number, the opening quote of
	// a string, the backslash of an escape. It is Offset where the reader
	// was looking for a value or for punctuation.
	Start int64
	// Where says what the reader was reading, for callers that word
	// their own messages.
	Where Where

	msg string
	err error
}

// Where says what a reader was reading when it met a [SyntaxError].
type Where uint8

// The places a SyntaxError is met.
const (
	InValue      Where = iota // the start of a value
	InKey                     // the start of an object key
	AfterKey                  // the ':' after an object key
	AfterMember               // the ',' or '}' after an object member
	AfterElement              // the ',' or ']' after an array element
	AfterValue                // the end of the text, after a whole value
	InLiteral                 // true, false or null
	InNumber                  // the integer part of a number
	InFraction                // the digits after a number's decimal point
	InExponent                // the digits of a number's exponent
	NumberRange               // a number too large for a float64
	InString                  // the characters of a string
	InEscape                  // the character after a backslash
	InHexEscape               // the four digits of a \u escape
)

// contexts words each place of a SyntaxError as encoding/json does, after
// "invalid character 'x' ".
var contexts = [...]string{
	InValue:      "looking for beginning of value",
	InKey:        "looking for beginning of object key string",
	AfterKey:     "after object key",
	AfterMember:  "after object key:value pair",
	AfterElement: "after array element",
	AfterValue:   "after top-level value",
	InLiteral:    "in literal",
	InNumber:     "in numeric literal",
	InFraction:   "after decimal point in numeric literal",
	InExponent:   "in exponent of numeric literal",
	NumberRange:  "in numeric literal",
	InString:     "in string literal",
	InEscape:     "in string escape code",
	InHexEscape:  `in \u hexadecimal character escape`,
}

// Error says what was found and at which byte offset.
func (e *SyntaxError) Error() string {
	return e.msg + " at offset " + strconv.FormatInt(e.Offset, 10)
}

// Reason says what was found, as encoding/json words it, without the
// offset: for callers that place the error themselves.
func (e *SyntaxError) Reason() string { return e.msg }

// Unwrap returns the cause of a refused valid text ([strconv.ErrRange]),
// or nil for plain invalid JSON.
func (e *SyntaxError) Unwrap() error { return e.err }

// DepthError reports objects and arrays nested deeper than the limit given
// to DecodeObject, the outermost object being the first level. Reading
// stops at the bracket that goes past the limit, so what follows it,
// valid or not, is not looked at. It wraps [ErrNesting].
type DepthError struct {
	// Limit is the number of levels allowed.
	Limit int
	// Field is the key of the outermost object's member in which the
	// nesting went past the limit.
	Field string
	// Offset is the byte offset of that bracket in the input.
	Offset int64
}

// Error names the limit, the member and the offset.
func (e *DepthError) Error() string {
	return "jsonwire: " + strconv.Quote(clipString(e.Field)) + " nests objects and arrays deeper than " +
		strconv.Itoa(e.Limit) + " levels at offset " + strconv.FormatInt(e.Offset, 10)
}

// Unwrap returns ErrNesting.
func (e *DepthError) Unwrap() error { return ErrNesting }

// DecodeObject parses data, which must hold exactly one JSON object with
// optional surrounding whitespace, into the map encoding/json would give
// when decoding into an `any`: nested objects as map[string]any, arrays as
// []any, strings as string (escapes resolved, invalid UTF-8 and lone
// surrogates as U+FFFD), numbers as float64, booleans as bool, null as nil;
// of duplicate keys the last wins. Unlike encoding/json, an integer that a
// float64 cannot hold exactly (most beyond ±2^53) keeps its digits as a
// json.Number (see [Inexact]), so that it is stored and written back as
// sent.
//
// keys, which may be nil, maps a field name to the string to store for it
// (normally the name itself): an object key found in it, after unescaping,
// is stored as that string instead of a new copy, so records share one copy
// of each field name. Nothing returned refers to data, which the caller may
// reuse. keys is only read, so concurrent calls may share one map.
//
// Objects and arrays may nest maxDepth levels, the outermost object being
// the first; maxDepth <= 0 means 10000, as encoding/json allows.
//
// DecodeObject fails with [ErrEmpty], [ErrTrailing], a *[NotObjectError], a
// *[DepthError] or a *[SyntaxError], and never panics.
func DecodeObject(data []byte, keys map[string]string, maxDepth int) (map[string]any, error) {
	if maxDepth <= 0 || maxDepth > maxNesting {
		maxDepth = maxNesting
	}
	d := decoder{data: data, keys: keys, limit: maxDepth}
	d.skipSpace()
	if d.pos == len(data) {
		return nil, ErrEmpty
	}
	if data[d.pos] != '{' {
		// Read the whole value anyway: invalid JSON and trailing data are
		// reported as such before the value's kind.
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		if d.skipSpace(); d.pos < len(data) {
			return nil, ErrTrailing
		}
		return nil, &NotObjectError{Kind: kindOf(v)}
	}
	m, err := d.object()
	if err != nil {
		return nil, err
	}
	if d.skipSpace(); d.pos < len(data) {
		return nil, ErrTrailing
	}
	return m, nil
}

// kindOf names the kind of a decoded value for a NotObjectError.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	default:
		return "a number"
	}
}

// member is one key and value of an object: read but not yet stored in its
// map, or about to be written.
type member struct {
	key string
	val any
}

// decoder reads one JSON text by recursive descent, nesting bounded by
// limit. Each object and array collects its contents before making its
// map or slice at the final size: the first few in its own frame, the rest
// on the members and elems stacks, which nested values share.
type decoder struct {
	data  []byte
	pos   int
	keys  map[string]string
	depth int
	limit int
	// internMax, when above zero, lets keys grow to that many entries:
	// a Reader's own map, shared by every value it reads.
	internMax int
	// lenient accepts numbers too large for a float64, for a reader that
	// only checks the syntax of what it skips.
	lenient bool
	// field is the key of the outermost object's member being read.
	field   string
	members []member
	elems   []any
}

// skipSpace moves past JSON whitespace: space, tab, newline and return.
func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// value reads the value starting at d.pos, which follows any whitespace.
func (d *decoder) value() (any, error) {
	if d.pos >= len(d.data) {
		return nil, d.eof(InValue, d.pos)
	}
	switch c := d.data[d.pos]; {
	case c == '"':
		return d.str(false)
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	case c == 't':
		return d.literal("true", true)
	case c == 'f':
		return d.literal("false", false)
	case c == 'n':
		return d.literal("null", nil)
	default:
		return nil, d.invalid(d.pos, InValue, d.pos)
	}
}

// enter counts one more level of nesting for the bracket at d.pos.
func (d *decoder) enter() error {
	d.depth++
	if d.depth > d.limit {
		return &DepthError{Limit: d.limit, Field: d.field, Offset: int64(d.pos)}
	}
	d.pos++
	d.skipSpace()
	return nil
}

// inline is how many members or elements an object or array collects in
// its own frame before moving them to the decoder's shared stack.
const inline = 8

// gathered collects the members or elements of one object or array: the
// first inline in the reading frame, the rest on a stack of the decoder,
// which nested values push onto and pop from in turn.
type gathered[T any] struct {
	local   [inline]T
	n, mark int
}

// add appends v, moving what was collected onto stack once the frame's
// room runs out.
func (g *gathered[T]) add(stack *[]T, v T) {
	switch {
	case g.n < inline:
		g.local[g.n] = v
	case g.n == inline:
		g.mark = len(*stack)
		*stack = append(*stack, g.local[:]...)
		fallthrough
	default:
		*stack = append(*stack, v)
	}
	g.n++
}

// take returns what was collected, popping it off stack. The result is
// valid until the next add to stack.
func (g *gathered[T]) take(stack *[]T) []T {
	if g.n <= inline {
		return g.local[:g.n]
	}
	vals := (*stack)[g.mark:]
	*stack = (*stack)[:g.mark]
	return vals
}

// object reads the object whose '{' is at d.pos.
func (d *decoder) object() (map[string]any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		d.depth--
		return map[string]any{}, nil
	}
	var g gathered[member]
	for {
		if d.pos >= len(d.data) {
			return nil, d.eof(InKey, d.pos)
		}
		if d.data[d.pos] != '"' {
			return nil, d.invalid(d.pos, InKey, d.pos)
		}
		k, err := d.str(true)
		if err != nil {
			return nil, err
		}
		if d.depth == 1 {
			d.field = k
		}
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.eof(AfterKey, d.pos)
		}
		if d.data[d.pos] != ':' {
			return nil, d.invalid(d.pos, AfterKey, d.pos)
		}
		d.pos++
		d.skipSpace()
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		g.add(&d.members, member{key: k, val: v})
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.eof(AfterMember, d.pos)
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			d.depth--
			pending := g.take(&d.members)
			m := make(map[string]any, len(pending))
			for _, p := range pending {
				m[p.key] = p.val
			}
			return m, nil
		default:
			return nil, d.invalid(d.pos, AfterMember, d.pos)
		}
	}
}

// array reads the array whose '[' is at d.pos.
func (d *decoder) array() ([]any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		return []any{}, nil
	}
	var g gathered[any]
	for {
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		g.add(&d.elems, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.eof(AfterElement, d.pos)
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case ']':
			d.pos++
			d.depth--
			vals := g.take(&d.elems)
			a := make([]any, len(vals))
			copy(a, vals)
			return a, nil
		default:
			return nil, d.invalid(d.pos, AfterElement, d.pos)
		}
	}
}

// literal reads word (true, false or null), whose first letter is at
// d.pos, as v.
func (d *decoder) literal(word string, v any) (any, error) {
	for j := 1; j < len(word); j++ {
		p := d.pos + j
		if p >= len(d.data) {
			return nil, d.eof(InLiteral, d.pos)
		}
		if d.data[p] != word[j] {
			err := d.invalid(p, InLiteral, d.pos).(*SyntaxError)
			err.msg += " " + word + " (expecting " + quoteChar(word[j]) + ")"
			return nil, err
		}
	}
	d.pos += len(word)
	return v, nil
}

// maxExact is the most digits an integer can have and still convert to a
// float64 exactly, without strconv.
const maxExact = 15

// number reads the number starting at d.pos as strconv.ParseFloat does,
// after checking JSON's stricter grammar: no leading zeros, no '+', digits
// on both sides of the point.
func (d *decoder) number() (any, error) {
	data := d.data
	start := d.pos
	i := start
	if data[i] == '-' {
		i++
	}
	if i >= len(data) {
		return nil, d.eof(InNumber, start)
	}
	var whole uint64
	first := i
	switch c := data[i]; {
	case c == '0':
		i++
	case '1' <= c && c <= '9':
		for ; i < len(data) && '0' <= data[i] && data[i] <= '9'; i++ {
			whole = whole*10 + uint64(data[i]-'0')
		}
	default:
		return nil, d.invalid(i, InNumber, start)
	}
	digits := i - first
	integer := digits <= maxExact
	plain := true // no fraction, no exponent
	if i < len(data) && data[i] == '.' {
		integer, plain = false, false
		if i++; i >= len(data) {
			return nil, d.eof(InFraction, start)
		}
		if c := data[i]; c < '0' || c > '9' {
			return nil, d.invalid(i, InFraction, start)
		}
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		integer, plain = false, false
		if i++; i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) {
			return nil, d.eof(InExponent, start)
		}
		if c := data[i]; c < '0' || c > '9' {
			return nil, d.invalid(i, InExponent, start)
		}
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	d.pos = i
	if integer {
		// Exact, so the same as ParseFloat; -0 keeps its sign.
		f := float64(whole)
		if data[start] == '-' {
			f = -f
		}
		return f, nil
	}
	f, err := strconv.ParseFloat(string(data[start:i]), 64)
	if err != nil && d.lenient {
		return f, nil
	}
	if err != nil {
		var numErr *strconv.NumError
		if errors.As(err, &numErr) {
			err = numErr.Err
		}
		return nil, &SyntaxError{Offset: int64(start), Start: int64(start), Where: NumberRange, msg: "number " + clip(data[start:i]) + " does not fit in a float64", err: err}
	}
	if plain && inexact(data[first:i], f, whole) {
		return json.Number(data[start:i]), nil
	}
	return f, nil
}

// Inexact reports whether f, the float64 nearest to the JSON integer
// literal lit (digits after an optional minus sign, without fraction or
// exponent), differs from it, as it does for most integers beyond ±2^53.
// The decoders of records keep such a literal as a json.Number, so that
// its digits survive.
func Inexact(lit []byte, f float64) bool {
	if len(lit) > 0 && lit[0] == '-' {
		lit = lit[1:]
	}
	var whole uint64
	if len(lit) <= maxUint64Digits {
		for _, c := range lit {
			whole = whole*10 + uint64(c-'0')
		}
	}
	return inexact(lit, f, whole)
}

// maxUint64Digits is the most digits whose value always fits a uint64.
const maxUint64Digits = 19

// inexact is Inexact for the digits of lit, without sign, whose value is
// whole when there are at most maxUint64Digits of them.
func inexact(digits []byte, f float64, whole uint64) bool {
	if len(digits) <= maxExact {
		return false
	}
	f = math.Abs(f)
	if len(digits) <= maxUint64Digits {
		// f is below 1e19, within uint64.
		return uint64(f) != whole
	}
	// A float64 this large is an integer; 'f' with no decimals writes
	// its exact value.
	var buf [32]byte
	return string(strconv.AppendFloat(buf[:0], f, 'f', 0, 64)) != string(digits)
}

// clipLimit is how many bytes of a number or key an error message shows.
const clipLimit = 40

// clip shortens a long number for an error message.
func clip(b []byte) string {
	if len(b) > clipLimit {
		return string(b[:clipLimit]) + "..."
	}
	return string(b)
}

// clipString shortens a long key for an error message, at a character
// boundary.
func clipString(s string) string {
	if len(s) <= clipLimit {
		return s
	}
	cut := clipLimit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// str reads the string whose opening quote is at d.pos. For an object key
// (key set) it returns the string keys holds for it, when there is one.
// The common string, without escapes, control characters or invalid UTF-8,
// is copied out of data in one allocation, or none for a known key.
func (d *decoder) str(key bool) (string, error) {
	data := d.data
	start := d.pos + 1
	i := start
	for i < len(data) {
		c := data[i]
		if c == '"' {
			d.pos = i + 1
			raw := data[start:i]
			if key {
				if s, ok := d.keys[string(raw)]; ok {
					return s, nil
				}
				if d.internMax > 0 {
					return d.intern(raw), nil
				}
			}
			return string(raw), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	return d.strSlow(start, i, key)
}

// strSlow finishes reading a string from data[i], where str met an escape,
// a control character, invalid UTF-8 or the end of the input. It resolves
// escapes and replaces invalid UTF-8 and lone surrogates by U+FFFD as
// encoding/json does.
func (d *decoder) strSlow(start, i int, key bool) (string, error) {
	data := d.data
	var scratch [128]byte
	buf := append(scratch[:0], data[start:i]...)
	for {
		if i >= len(data) {
			return "", d.eof(InString, start-1)
		}
		c := data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			if key {
				if s, ok := d.keys[string(buf)]; ok {
					return s, nil
				}
				if d.internMax > 0 {
					return d.intern(buf), nil
				}
			}
			return string(buf), nil
		case c == '\\':
			if i+1 >= len(data) {
				return "", d.eof(InEscape, i)
			}
			switch e := data[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, err := d.hex4(i + 2)
				if err != nil {
					return "", err
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// A high surrogate escape followed by a low one is
					// one character; anything else is U+FFFD, and the
					// escape after it is read on its own.
					next := rune(-1)
					if i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
						if low, err := d.hex4(i + 2); err == nil {
							next = low
						}
					}
					if r = utf16.DecodeRune(r, next); r != utf8.RuneError {
						i += 6
					}
				}
				buf = utf8.AppendRune(buf, r)
				continue
			default:
				return "", d.invalid(i+1, InEscape, i)
			}
			i += 2
		case c < 0x20:
			return "", d.invalid(i, InString, start-1)
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			// Invalid UTF-8 decodes as U+FFFD one byte at a time.
			r, size := utf8.DecodeRune(data[i:])
			buf = utf8.AppendRune(buf, r)
			i += size
		}
	}
}

// hex4 reads the four hex digits of a \u escape starting at data[i].
func (d *decoder) hex4(i int) (rune, error) {
	var r rune
	for j := i; j < i+4; j++ {
		if j >= len(d.data) {
			return 0, d.eof(InHexEscape, i-2)
		}
		c := d.data[j]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, d.invalid(j, InHexEscape, i-2)
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}

// eof reports input that ended inside a value, while reading where the
// piece of text that began at start.
func (d *decoder) eof(where Where, start int) error {
	return &SyntaxError{Offset: int64(len(d.data)), Start: int64(start), Where: where, msg: "unexpected end of JSON input"}
}

// invalid reports the byte at offset i, found while reading where the
// piece of text that began at start.
func (d *decoder) invalid(i int, where Where, start int) error {
	return &SyntaxError{Offset: int64(i), Start: int64(start), Where: where,
		msg: "invalid character " + quoteChar(d.data[i]) + " " + contexts[where]}
}

// quoteChar quotes a byte for an error message as encoding/json does.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}
