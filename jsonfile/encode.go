package jsonfile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/jsontext"
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
		e.buf = jsontext.AppendStringNoHTML(e.buf, name)
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
		return jsontext.AppendStringNoHTML(b, t), nil
	case float64:
		return jsontext.AppendFloatBits(b, t, 64)
	case bool:
		return strconv.AppendBool(b, t), nil
	case map[string]any:
		return e.appendObject(b, t, depth)
	case []any:
		return e.appendArray(b, t, depth)
	case float32:
		return jsontext.AppendFloatBits(b, float64(t), 32)
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
		b = jsontext.AppendStringNoHTML(b, k)
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
