package snapshot

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// recordIndent is the indentation of a record inside "data": object, data,
// resource array (recordLevels levels).
const recordIndent = "      "

// cancelEvery is how many records are written between checks of the context.
const cancelEvery = 1024

// errNilRecord reports a state holding a nil record, which has no JSON
// object form.
var errNilRecord = errors.New("record is nil")

// recordLevels is how many levels deep the records of a file sit: in the
// file's object, in "data", in a resource's array.
const recordLevels = 3

// indentedLevels is how many levels of a record a file indents, the record
// itself being the first: the objects and arrays below them are written on
// one line each, so that nesting cannot make the file grow with the square
// of its depth.
const indentedLevels = 6

// encoder writes one snapshot file, streaming: one resource at a time, one
// record at a time, so that memory use does not grow with the state.
type encoder struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	// records encodes the records, indented up to indentedLevels.
	records jsonwire.Encoder
	text    []byte
	err     error
}

// encode writes m and st in the snapshot file format to w. m must be
// normalized.
func encode(ctx context.Context, w io.Writer, m Meta, st adapter.State) error {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriter(w)
	}
	e := &encoder{w: bw, records: jsonwire.Encoder{
		Indent: "  ", NoHTMLEscape: true, FlatDepth: recordLevels + indentedLevels,
	}}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)

	names := st.Resources()
	sort.Strings(names)

	e.str("{\n  \"name\": ")
	e.value(m.Name)
	e.str(",\n  \"description\": ")
	e.value(m.Description)
	e.str(",\n  \"createdAt\": ")
	e.value(m.CreatedAt.Format(time.RFC3339Nano))
	e.str(",\n  \"counters\": {")
	for i, name := range names {
		e.sep(i, "\n    ")
		e.value(name)
		e.str(": ")
		e.str(strconv.FormatInt(st.Counter(name), 10))
	}
	e.close(len(names), "\n  }")
	e.str(",\n  \"data\": {")
	for i, name := range names {
		if e.err != nil {
			break
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		e.sep(i, "\n    ")
		e.value(name)
		e.str(": [")
		n := e.writeRecords(ctx, name, st)
		e.close(n, "\n    ]")
	}
	e.close(len(names), "\n  }")
	e.str("\n}\n")
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

// records writes the records of resource, comma separated, and returns
// how many it wrote.
func (e *encoder) writeRecords(ctx context.Context, resource string, st adapter.State) int {
	i := 0
	st.Scan(resource, func(r adapter.Record) bool {
		if i%cancelEvery == cancelEvery-1 {
			if err := ctx.Err(); err != nil {
				e.err = err
				return false
			}
		}
		e.sep(i, "\n"+recordIndent)
		if r == nil {
			e.err = fmt.Errorf("snapshot: %s[%d]: %w", resource, i, errNilRecord)
			return false
		}
		var err error
		if e.text, err = e.records.AppendAt(e.text[:0], r, recordLevels); err != nil {
			e.err = fmt.Errorf("snapshot: %s[%d]: %w", resource, i, err)
			return false
		}
		if e.err == nil {
			_, e.err = e.w.Write(e.text)
		}
		i++
		return e.err == nil
	})
	return i
}

// sep writes the separator before item i of an object or array.
func (e *encoder) sep(i int, indent string) {
	if i > 0 {
		e.str(",")
	}
	e.str(indent)
}

// close writes the closing line of an object or array of n items, or
// nothing when it is empty, so that it reads {} or [].
func (e *encoder) close(n int, closing string) {
	if n == 0 {
		e.str(closing[len(closing)-1:])
		return
	}
	e.str(closing)
}

func (e *encoder) str(s string) {
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

// value writes v as JSON on one line.
func (e *encoder) value(v any) {
	if e.err != nil {
		return
	}
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		e.err = fmt.Errorf("snapshot: %w", err)
		return
	}
	// Without the newline json.Encoder adds.
	b := e.buf.Bytes()
	_, e.err = e.w.Write(b[:len(b)-1])
}
