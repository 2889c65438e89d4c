package jsonfile

import (
	"context"
	"fmt"
	"io"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// flushSize is how much encoded text an encoder gathers before writing it.
const flushSize = 64 << 10

// checkEvery is how many records an encoder writes between two looks at
// its context.
const checkEvery = 1024

// indentedLevels is how many levels of a record the file indents, the
// record itself being the first: the objects and arrays below them are
// written on one line each, so that nesting cannot make the file grow with
// the square of its depth (a record nested 512 levels deep would otherwise
// take hundreds of times its size).
const indentedLevels = 6

// encoder streams a store file: one JSON object of resource name to array
// of records, indented by two spaces per level, as json.MarshalIndent would
// write it with object keys sorted, except that the resources come in spec
// order, '<', '>' and '&' are not escaped, so the file reads well, and
// values nested deeper than indentedLevels in a record are compact.
type encoder struct {
	values jsonwire.Encoder
	w      io.Writer
	buf    []byte
	err    error
}

// writeState writes the records of the resources names of st to w. It
// stops early when ctx is cancelled. With a cache, which must only be given
// states whose records never change (the memory store's), the text of a
// record an earlier save wrote is copied from the cache instead of encoded
// again, and the records encoded now are added to it.
func writeState(ctx context.Context, w io.Writer, names []string, st adapter.State, cache *textCache) error {
	e := &encoder{w: w, buf: make([]byte, 0, flushSize+flushSize/4), values: jsonwire.Encoder{
		Indent: "  ", NoHTMLEscape: true,
		// Records sit two levels deep: in the file's object, in an array.
		FlatDepth: 2 + indentedLevels,
	}}
	cache.begin()
	e.buf = append(e.buf, '{')
	n := 0
	for i, name := range names {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(e.buf, "\n  "...)
		e.buf = jsonwire.AppendStringNoHTML(e.buf, name)
		e.buf = append(e.buf, ": ["...)
		first := true
		idx := 0
		st.Scan(name, func(rec adapter.Record) bool {
			if !first {
				e.buf = append(e.buf, ',')
			}
			e.buf = append(e.buf, "\n    "...)
			first = false
			if text, ok := cache.text(rec); ok {
				e.buf = append(e.buf, text...)
			} else {
				start := len(e.buf)
				var err error
				if e.buf, err = e.values.AppendAt(e.buf, rec, 2); err != nil {
					e.err = fmt.Errorf("%s[%d]: %w", name, idx, err)
					return false
				}
				cache.add(rec, e.buf[start:])
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
