package jsonwire

import (
	"errors"
	"strconv"
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
