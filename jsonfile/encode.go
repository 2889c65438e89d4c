package jsonfile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/adapter"
)

// flushSize is how much encoded text an encoder gathers before writing it.
const flushSize = 64 << 10

// checkEvery is how many records an encoder writes between two looks at
// its context.
const checkEvery = 1024

// encoder streams a store file: one JSON object of resource name to array
// of records, indented by two spaces per level, as json.MarshalIndent would
// write it with object keys sorted, except that the resources come in spec
// order and '<', '>' and '&' are not escaped, so the file reads well.
type encoder struct {
	valueEncoder
	w   io.Writer
	buf []byte
	err error
}

// writeState writes the records of the resources names of st to w. It
// stops early when ctx is cancelled.
func writeState(ctx context.Context, w io.Writer, names []string, st adapter.State) error {
	e := &encoder{w: w, buf: make([]byte, 0, flushSize+flushSize/4)}
	e.buf = append(e.buf, '{')
	n := 0
	for i, name := range names {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(e.buf, "\n  "...)
		e.buf = appendString(e.buf, name)
		e.buf = append(e.buf, ": ["...)
		first := true
		idx := 0
		st.Scan(name, func(rec adapter.Record) bool {
			if !first {
				e.buf = append(e.buf, ',')
			}
			e.buf = append(e.buf, "\n    "...)
			first = false
			var err error
			if e.buf, err = e.appendValue(e.buf, rec, 2); err != nil {
				e.err = fmt.Errorf("%s[%d]: %w", name, idx, err)
				return false
			}
			idx++
			if n++; n%checkEvery == 0 {
				if err := ctx.Err(); err != nil {
					e.err = err
					return false
				}
			}
			return e.flushIfFull()
		})
		if e.err != nil {
			return e.err
		}
		if !first {
			e.buf = append(e.buf, "\n  "...)
		}
		e.buf = append(e.buf, ']')
	}
	if len(names) > 0 {
		e.buf = append(e.buf, '\n')
	}
	e.buf = append(e.buf, "}\n"...)
	if _, err := e.w.Write(e.buf); err != nil {
		return err
	}
	return nil
}

// flushIfFull writes the gathered text once there is enough of it, and
// reports whether to go on.
func (e *encoder) flushIfFull() bool {
	if len(e.buf) < flushSize {
		return true
	}
	if _, err := e.w.Write(e.buf); err != nil {
		e.err = err
		return false
	}
	e.buf = e.buf[:0]
	return true
}

// errNesting reports a value nested beyond maxDepth, which only a cycle or
// a hostile Go caller produces.
var errNesting = errors.New("value nested too deeply")

// valueEncoder appends values as indented JSON. It keeps one slice of
// object keys per nesting level for reuse, so that encoding a record
// allocates nothing.
type valueEncoder struct {
	keys [][]string
}

// appendValue appends v as indented JSON; depth is the nesting level of v,
// so its inner lines are indented by depth+1 steps.
func (e *valueEncoder) appendValue(b []byte, v any, depth int) ([]byte, error) {
	switch t := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, t), nil
	case float64:
		return appendFloat(b, t, 64)
	case bool:
		return strconv.AppendBool(b, t), nil
	case map[string]any:
		return e.appendObject(b, t, depth)
	case []any:
		return e.appendArray(b, t, depth)
	case float32:
		return appendFloat(b, float64(t), 32)
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
		return appendOther(b, v, depth)
	}
}

func (e *valueEncoder) appendObject(b []byte, m map[string]any, depth int) ([]byte, error) {
	if depth >= maxDepth {
		return b, errNesting
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
		b = appendIndent(b, depth+1)
		b = appendString(b, k)
		b = append(b, ": "...)
		var err error
		if b, err = e.appendValue(b, m[k], depth+1); err != nil {
			return b, fmt.Errorf("field %q: %w", k, err)
		}
	}
	b = appendIndent(b, depth)
	return append(b, '}'), nil
}

func (e *valueEncoder) appendArray(b []byte, a []any, depth int) ([]byte, error) {
	if depth >= maxDepth {
		return b, errNesting
	}
	if len(a) == 0 {
		return append(b, "[]"...), nil
	}
	b = append(b, '[')
	for i, v := range a {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendIndent(b, depth+1)
		var err error
		if b, err = e.appendValue(b, v, depth+1); err != nil {
			return b, fmt.Errorf("element %d: %w", i, err)
		}
	}
	b = appendIndent(b, depth)
	return append(b, ']'), nil
}

// appendIndent starts a new line indented for nesting level depth.
func appendIndent(b []byte, depth int) []byte {
	b = append(b, '\n')
	for range depth {
		b = append(b, "  "...)
	}
	return b
}

// appendFloat writes f as encoding/json does: plain decimal notation for
// magnitudes in [1e-6, 1e21), the shortest exponent form otherwise.
func appendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, fmt.Errorf("number %v has no JSON form", f)
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

// appendString writes s as a JSON string: quotes, backslashes and control
// characters escaped, U+2028 and U+2029 escaped as encoding/json does, and
// invalid UTF-8 replaced by U+FFFD. Other characters are written as they are.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
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

// appendOther writes a value of a type records do not normally hold (a Go
// caller's struct, say) through encoding/json, indented to fit.
func appendOther(b []byte, v any, depth int) ([]byte, error) {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	prefix := make([]byte, 0, 2*depth)
	for range depth {
		prefix = append(prefix, "  "...)
	}
	enc.SetIndent(string(prefix), "  ")
	if err := enc.Encode(v); err != nil {
		return b, err
	}
	return append(b, bytes.TrimSuffix(out.Bytes(), []byte("\n"))...), nil
}
