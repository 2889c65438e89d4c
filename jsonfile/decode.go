package jsonfile

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// maxDepth bounds the nesting of arrays and objects, as encoding/json does,
// so that a hostile file cannot exhaust the stack. A database file's
// records are held to options.maxDepth, far below it (see parseFile).
const maxDepth = 10000

// maxInterned bounds the number of distinct object keys a parser shares.
const maxInterned = 4096

// parser reads a database file: it walks the file's outer structure (an
// object of resource name to array of records) itself, and reads each
// record with a jsonwire.Reader, into the values encoding/json produces for
// an interface target: map[string]any, []any, string, float64, bool and
// nil, except that an integer a float64 cannot hold exactly is a
// json.Number. It accepts exactly what encoding/json accepts, decodes
// strings the same way (invalid UTF-8 and lone surrogates become U+FFFD)
// and keeps the last of duplicate object keys. Unlike encoding/json it
// reports the byte offset of every problem, in words about the file, and
// it is faster on large files: it makes one pass and shares the strings of
// object keys, which repeat in every record.
type parser struct {
	data []byte
	r    *jsonwire.Reader
	// limit is the nesting allowed, counted from the value being parsed;
	// records says the values are records, bound by options.maxDepth.
	limit   int
	records bool
}

func newParser(data []byte) *parser {
	r := jsonwire.NewReader(data)
	r.InternKeys(maxInterned)
	return &parser{data: data, r: r, limit: maxDepth}
}

// parseError is a problem at a byte offset of the text.
type parseError struct {
	off int
	msg string
}

func (e *parseError) Error() string { return e.msg }

func (p *parser) errorAt(off int, format string, args ...any) error {
	return &parseError{off: off, msg: fmt.Sprintf(format, args...)}
}

// unexpected reports what is at the current position when want was due.
func (p *parser) unexpected(want string) error {
	return p.unexpectedAt(p.r.Offset(), want)
}

// unexpectedAt reports what is at offset off when want was due.
func (p *parser) unexpectedAt(off int, want string) error {
	if off >= len(p.data) {
		return p.errorAt(off, "unexpected end of file, want %s", want)
	}
	return p.errorAt(off, "unexpected %s, want %s", p.describe(off), want)
}

// describe names what starts at off, for messages.
func (p *parser) describe(off int) string {
	if off >= len(p.data) {
		return "end of file"
	}
	switch c := p.data[off]; {
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || '0' <= c && c <= '9':
		return "number"
	default:
		r, _ := utf8.DecodeRune(p.data[off:])
		return fmt.Sprintf("character %q", r)
	}
}

// peek returns the byte at the current position, or 0 at the end.
func (p *parser) peek() byte {
	b, _ := p.r.Peek()
	return b
}

func (p *parser) skipSpace() { p.r.SkipSpace() }

// value parses one value after optional white space.
func (p *parser) value() (any, error) {
	v, err := p.r.Value(p.limit)
	if err != nil {
		return nil, p.reword(err)
	}
	return v, nil
}

// str parses a string; the current byte is '"'.
func (p *parser) str() (string, error) {
	s, err := p.r.Key()
	if err != nil {
		return "", p.reword(err)
	}
	return s, nil
}

// wants says, for each place of a syntax error that is met where
// something else was due, what was due.
var wants = map[jsonwire.Where]string{
	jsonwire.InValue:      "a value",
	jsonwire.InKey:        "a string key",
	jsonwire.AfterKey:     "':' after an object key",
	jsonwire.AfterMember:  "',' or '}' after an object value",
	jsonwire.AfterElement: "',' or ']' after an array element",
	jsonwire.InNumber:     "a digit",
	jsonwire.InFraction:   "a digit after the decimal point",
	jsonwire.InExponent:   "a digit in the exponent",
}

// literals names the literal that starts with each letter.
var literals = map[byte]string{'t': "true", 'f': "false", 'n': "null"}

// reword turns an error of the reader into a *parseError worded for the
// file: where a string or literal is at fault, it points at its start.
func (p *parser) reword(err error) error {
	var de *jsonwire.DepthError
	var se *jsonwire.SyntaxError
	switch {
	case errors.As(err, &de):
		if p.records {
			return p.errorAt(int(de.Offset), "a record nests objects and arrays deeper than %d levels (options.maxDepth)", p.limit)
		}
		return p.errorAt(int(de.Offset), "arrays and objects nested more than %d deep", p.limit)
	case !errors.As(err, &se):
		return err
	}
	off, start := int(se.Offset), int(se.Start)
	if want, ok := wants[se.Where]; ok {
		return p.unexpectedAt(off, want)
	}
	atEnd := off >= len(p.data)
	switch se.Where {
	case jsonwire.InLiteral:
		return p.errorAt(start, "invalid literal, want %s", literals[p.data[start]])
	case jsonwire.NumberRange:
		return p.errorAt(start, "number %s does not fit a 64-bit float", numberAt(p.data, start))
	case jsonwire.InString, jsonwire.InEscape:
		if atEnd {
			return p.errorAt(start, "string is never closed")
		}
		if se.Where == jsonwire.InEscape {
			r, _ := utf8.DecodeRune(p.data[off:])
			return p.errorAt(start, "invalid escape \\%c in a string", r)
		}
		c := p.data[off]
		return p.errorAt(off, "control character %q in a string (write it as \\u%04x)", rune(c), c)
	case jsonwire.InHexEscape:
		return p.errorAt(start, "invalid escape: \\u needs four hexadecimal digits")
	}
	return p.errorAt(off, "%s", se.Reason())
}

// numberAt returns the text of the number, valid JSON, that starts at
// offset start: a sign, digits, a fraction, an exponent.
func numberAt(data []byte, start int) []byte {
	i := start
	digits := func() {
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && data[i] == '-' {
		i++
	}
	digits()
	if i < len(data) && data[i] == '.' {
		i++
		digits()
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		digits()
	}
	return data[start:i]
}
