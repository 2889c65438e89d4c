// Package jsontext appends the JSON text of record values (the types
// encoding/json decodes into: string, float64, bool, nil, map[string]any,
// []any) without reflection, with object keys sorted as encoding/json sorts
// them, so responses can be written with few allocations.
package jsontext

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// maxDepth bounds nesting, which only a cycle or a hostile Go caller exceeds.
const maxDepth = 1000

// Encoder appends compact JSON. It keeps a slice of object keys per nesting
// level for reuse. An Encoder is not safe for concurrent use.
type Encoder struct {
	keys [][]string
}

// Append appends the JSON text of v to b. It fails on values JSON cannot
// represent (NaN, infinities, cycles) and for other Go types falls back to
// encoding/json.
func (e *Encoder) Append(b []byte, v any) ([]byte, error) {
	return e.appendValue(b, v, 0)
}

func (e *Encoder) appendValue(b []byte, v any, depth int) ([]byte, error) {
	switch t := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return AppendString(b, t), nil
	case float64:
		return AppendFloat(b, t)
	case bool:
		return strconv.AppendBool(b, t), nil
	case map[string]any:
		return e.appendObject(b, t, depth)
	case []any:
		return e.appendArray(b, t, depth)
	case int:
		return strconv.AppendInt(b, int64(t), 10), nil
	case int64:
		return strconv.AppendInt(b, t, 10), nil
	default:
		data, err := json.Marshal(v)
		if err != nil {
			return b, err
		}
		return append(b, data...), nil
	}
}

func (e *Encoder) appendObject(b []byte, m map[string]any, depth int) ([]byte, error) {
	if depth >= maxDepth {
		return b, fmt.Errorf("jsontext: value nested deeper than %d", maxDepth)
	}
	if len(m) == 0 {
		return append(b, "{}"...), nil
	}
	for len(e.keys) <= depth {
		e.keys = append(e.keys, nil)
	}
	keys := e.keys[depth][:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.keys[depth] = keys
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, k)
		b = append(b, ':')
		var err error
		if b, err = e.appendValue(b, m[k], depth+1); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

func (e *Encoder) appendArray(b []byte, a []any, depth int) ([]byte, error) {
	if depth >= maxDepth {
		return b, fmt.Errorf("jsontext: value nested deeper than %d", maxDepth)
	}
	b = append(b, '[')
	for i, v := range a {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = e.appendValue(b, v, depth+1); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
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

func appendString(b []byte, s string, html bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
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
