package jsonfile

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// maxDepth bounds the nesting of arrays and objects, as encoding/json does,
// so that a hostile file cannot exhaust the stack. A database file's
// records are held to options.maxDepth, far below it (see parseFile).
const maxDepth = 10000

// maxInterned bounds the number of distinct object keys a parser shares.
const maxInterned = 4096

// parser reads JSON text into the values encoding/json produces for an
// interface target: map[string]any, []any, string, float64, bool and nil,
// except that an integer a float64 cannot hold exactly is a json.Number.
// It accepts exactly what encoding/json accepts, decodes strings the same
// way (invalid UTF-8 and lone surrogates become U+FFFD) and keeps the last
// of duplicate object keys. Unlike encoding/json it reports the byte offset
// of every problem, and it is faster on large files: it makes one pass and
// shares the strings of object keys, which repeat in every record.
type parser struct {
	data  []byte
	pos   int
	depth int
	// limit is the nesting allowed, counted from the value being parsed;
	// records says the values are records, bound by options.maxDepth.
	limit   int
	records bool
	keys    map[string]string
	// sizes remembers the size of the last object seen at each of the first
	// nesting levels, to size the next one: records look alike.
	sizes [8]int
}

func newParser(data []byte) *parser {
	return &parser{data: data, keys: make(map[string]string), limit: maxDepth}
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
	if p.pos >= len(p.data) {
		return p.errorAt(p.pos, "unexpected end of file, want %s", want)
	}
	return p.errorAt(p.pos, "unexpected %s, want %s", p.describe(p.pos), want)
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
	case c == '-' || isDigit(c):
		return "number"
	default:
		r, _ := utf8.DecodeRune(p.data[off:])
		return fmt.Sprintf("character %q", r)
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// peek returns the byte at the current position, or 0 at the end.
func (p *parser) peek() byte {
	if p.pos < len(p.data) {
		return p.data[p.pos]
	}
	return 0
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value parses one value after optional white space.
func (p *parser) value() (any, error) {
	p.skipSpace()
	switch c := p.peek(); {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || isDigit(c):
		return p.number()
	default:
		return nil, p.unexpected("a value")
	}
}

// enter counts one more level of nesting, failing past the limit.
func (p *parser) enter() error {
	p.depth++
	if p.depth > p.limit {
		if p.records {
			return p.errorAt(p.pos, "a record nests objects and arrays deeper than %d levels (options.maxDepth)", p.limit)
		}
		return p.errorAt(p.pos, "arrays and objects nested more than %d deep", p.limit)
	}
	return nil
}

// object parses an object; the current byte is '{'.
func (p *parser) object() (map[string]any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.pos++
	hint := 0
	if p.depth < len(p.sizes) {
		hint = p.sizes[p.depth]
	}
	m := make(map[string]any, hint)
	p.skipSpace()
	if p.peek() == '}' {
		p.pos++
		return m, nil
	}
	for {
		p.skipSpace()
		if p.peek() != '"' {
			return nil, p.unexpected("a string key")
		}
		k, err := p.key()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.peek() != ':' {
			return nil, p.unexpected("':' after an object key")
		}
		p.pos++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		m[k] = v
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
		case '}':
			p.pos++
			if p.depth < len(p.sizes) {
				p.sizes[p.depth] = len(m)
			}
			return m, nil
		default:
			return nil, p.unexpected("',' or '}' after an object value")
		}
	}
}

// array parses an array; the current byte is '['.
func (p *parser) array() ([]any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.pos++
	out := []any{}
	p.skipSpace()
	if p.peek() == ']' {
		p.pos++
		return out, nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return out, nil
		default:
			return nil, p.unexpected("',' or ']' after an array element")
		}
	}
}

// literal consumes word (true, false or null).
func (p *parser) literal(word string) error {
	start := p.pos
	for i := 0; i < len(word); i++ {
		if p.pos >= len(p.data) || p.data[p.pos] != word[i] {
			return p.errorAt(start, "invalid literal, want %s", word)
		}
		p.pos++
	}
	return nil
}

// number parses a number; the current byte is '-' or a digit. It is a
// float64, or a json.Number for an integer a float64 cannot hold exactly.
func (p *parser) number() (any, error) {
	start := p.pos
	d := p.data
	i := start
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	default:
		p.pos = i
		return 0, p.unexpected("a digit")
	}
	integral := true
	if i < len(d) && d[i] == '.' {
		integral = false
		i++
		if i >= len(d) || !isDigit(d[i]) {
			p.pos = i
			return 0, p.unexpected("a digit after the decimal point")
		}
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		integral = false
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || !isDigit(d[i]) {
			p.pos = i
			return 0, p.unexpected("a digit in the exponent")
		}
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	p.pos = i
	text := d[start:i]
	// Integers of up to 15 digits are exact in a float64; read them without
	// strconv, which needs a string.
	if integral && len(text) <= 16 {
		neg := text[0] == '-'
		digits := text
		if neg {
			digits = text[1:]
		}
		if len(digits) <= 15 {
			var n int64
			for _, c := range digits {
				n = n*10 + int64(c-'0')
			}
			if neg {
				if n == 0 {
					return negZero(), nil
				}
				n = -n
			}
			return float64(n), nil
		}
	}
	f, err := strconv.ParseFloat(string(text), 64)
	if err != nil {
		return 0, p.errorAt(start, "number %s does not fit a 64-bit float", text)
	}
	if integral && jsonwire.Inexact(text, f) {
		return json.Number(text), nil
	}
	return f, nil
}

// negZero returns -0, which "-0" means in JSON as in encoding/json.
func negZero() float64 {
	var z float64
	return -z
}

// key parses an object key, sharing its string with earlier equal keys.
func (p *parser) key() (string, error) {
	start := p.pos
	end, simple := p.scanSimple(start + 1)
	if simple {
		raw := p.data[start+1 : end]
		// A map lookup keyed by string(raw) does not allocate.
		if k, ok := p.keys[string(raw)]; ok {
			p.pos = end + 1
			return k, nil
		}
		k := string(raw)
		if len(p.keys) < maxInterned {
			p.keys[k] = k
		}
		p.pos = end + 1
		return k, nil
	}
	return p.str()
}

// scanSimple scans a string body from i and reports where its closing quote
// is, if the string holds neither escapes, control characters nor invalid
// UTF-8, so that its bytes are its value.
func (p *parser) scanSimple(i int) (int, bool) {
	d := p.data
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			return i, true
		case c == '\\' || c < 0x20:
			return i, false
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size == 1 {
				return i, false
			}
			i += size
		}
	}
	return i, false
}

// str parses a string; the current byte is '"'.
func (p *parser) str() (string, error) {
	start := p.pos
	end, simple := p.scanSimple(start + 1)
	if simple {
		p.pos = end + 1
		return string(p.data[start+1 : end]), nil
	}
	d := p.data
	buf := make([]byte, 0, end-start+16)
	buf = append(buf, d[start+1:end]...)
	i := end
	for {
		if i >= len(d) {
			return "", p.errorAt(start, "string is never closed")
		}
		c := d[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(buf), nil
		case c == '\\':
			var err error
			buf, i, err = p.escape(buf, i)
			if err != nil {
				return "", err
			}
		case c < 0x20:
			return "", p.errorAt(i, "control character %q in a string (write it as \\u%04x)", rune(c), c)
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size == 1 {
				buf = utf8.AppendRune(buf, unicode.ReplacementChar)
			} else {
				buf = append(buf, d[i:i+size]...)
			}
			i += size
		}
	}
}

// escape decodes the escape sequence at d[i] == '\\' onto buf.
func (p *parser) escape(buf []byte, i int) ([]byte, int, error) {
	d := p.data
	if i+1 >= len(d) {
		return buf, i, p.errorAt(i, "string is never closed")
	}
	switch d[i+1] {
	case '"', '\\', '/':
		return append(buf, d[i+1]), i + 2, nil
	case 'b':
		return append(buf, '\b'), i + 2, nil
	case 'f':
		return append(buf, '\f'), i + 2, nil
	case 'n':
		return append(buf, '\n'), i + 2, nil
	case 'r':
		return append(buf, '\r'), i + 2, nil
	case 't':
		return append(buf, '\t'), i + 2, nil
	case 'u':
		r, ok := hex4(d[i+2:])
		if !ok {
			return buf, i, p.errorAt(i, "invalid escape: \\u needs four hexadecimal digits")
		}
		i += 6
		if utf16.IsSurrogate(r) {
			// A high surrogate pairs with a following \u low surrogate; a
			// lone one becomes U+FFFD, leaving what follows for the next round.
			r2, ok := rune(0), false
			if i+1 < len(d) && d[i] == '\\' && d[i+1] == 'u' {
				r2, ok = hex4(d[i+2:])
			}
			if dec := utf16.DecodeRune(r, r2); ok && dec != unicode.ReplacementChar {
				r = dec
				i += 6
			} else {
				r = unicode.ReplacementChar
			}
		}
		return utf8.AppendRune(buf, r), i, nil
	default:
		r, _ := utf8.DecodeRune(d[i+1:])
		return buf, i, p.errorAt(i, "invalid escape \\%c in a string", r)
	}
}

// hex4 reads four hexadecimal digits.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
