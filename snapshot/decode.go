package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// content is what a snapshot file holds.
type content struct {
	// meta has no name: the file name is the snapshot's name.
	meta     Meta
	data     adapter.Dataset
	counters map[string]int64
}

// maxInterned bounds the number of distinct field names the records of one
// file share the strings of.
const maxInterned = 4096

// decoder reads one snapshot file: it walks the file's structure and
// reads its values with a jsonwire.Reader, wording the problems of the
// JSON text as encoding/json does.
type decoder struct {
	path string
	data []byte
	r    *jsonwire.Reader
	// records says whether to keep the records; List only counts them.
	records bool
	// depth is how many levels of objects and arrays a record may nest.
	depth  int
	c      content
	counts map[string]int
}

// decode reads data, the content of the file at path. With records false
// the records are checked to be objects and counted, but not kept; with
// records true, each must nest at most depth levels (itself the first).
func decode(path string, data []byte, records bool, depth int) (content, error) {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		// A byte order mark from a text editor; blanking it keeps the
		// positions in error messages right.
		copy(data, "   ")
	}
	d := &decoder{
		path:    path,
		data:    data,
		r:       jsonwire.NewReader(data),
		records: records,
		depth:   depth,
		counts:  make(map[string]int),
		c:       content{counters: make(map[string]int64)},
	}
	if records {
		d.c.data = make(adapter.Dataset)
		d.r.InternKeys(maxInterned)
	}
	if err := d.top(); err != nil {
		return content{}, err
	}
	for name := range d.c.counters {
		if _, ok := d.counts[name]; !ok {
			d.counts[name] = 0
		}
	}
	d.c.meta.Counts = d.counts
	return d.c, nil
}

func (d *decoder) top() error {
	if err := d.open('{', "the file must hold one JSON object"); err != nil {
		return err
	}
	seen := make(map[string]bool)
	err := d.members(func(key string, start int) error {
		if seen[key] {
			return d.fail(start, fmt.Errorf("duplicate key %q", key))
		}
		seen[key] = true
		switch key {
		case "name":
			var name string
			return d.value(func() error { return d.str(&name) })
		case "description":
			return d.value(func() error { return d.str(&d.c.meta.Description) })
		case "createdAt":
			return d.value(d.createdAt)
		case "counters":
			return d.value(d.counters)
		case "data":
			return d.value(d.dataSection)
		default:
			return d.fail(start, fmt.Errorf("unknown key %q (want name, description, createdAt, counters or data)", key))
		}
	})
	if err != nil {
		return err
	}
	if err := d.end(); err != nil {
		return err
	}
	if !seen["data"] {
		return d.fail(len(d.data), errors.New(`missing key "data"`))
	}
	return nil
}

// end checks that nothing but whitespace follows the snapshot object.
func (d *decoder) end() error {
	d.r.SkipSpace()
	b, ok := d.r.Peek()
	if !ok {
		return nil
	}
	start := d.r.Offset()
	if b == '{' || b == '[' || d.r.Skip(0) == nil {
		return d.fail(start, errors.New("unexpected data after the snapshot object"))
	}
	d.r.SetOffset(start)
	return d.syntax(d.r.Unexpected(jsonwire.AfterValue))
}

func (d *decoder) createdAt() error {
	start := d.r.Offset()
	var s string
	if err := d.str(&s); err != nil {
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return d.fail(start, fmt.Errorf("createdAt %q is not an RFC 3339 time", s))
	}
	d.c.meta.CreatedAt = t.UTC()
	return nil
}

func (d *decoder) counters() error {
	if err := d.open('{', `"counters" must be an object of resource name to number`); err != nil {
		return err
	}
	return d.members(func(name string, start int) error {
		if _, dup := d.c.counters[name]; dup {
			return d.fail(start, fmt.Errorf("duplicate counter %q", name))
		}
		return d.value(func() error {
			vstart := d.r.Offset()
			if err := d.r.Skip(0); err != nil {
				return d.syntax(err)
			}
			raw := d.data[vstart:d.r.Offset()]
			n, err := strconv.ParseInt(string(raw), 10, 64)
			if err != nil || n < 0 || n > adapter.MaxSafeInteger {
				return d.fail(vstart, fmt.Errorf("counter of %q must be a whole number from 0 to %d, not %s",
					name, int64(adapter.MaxSafeInteger), shorten(raw)))
			}
			d.c.counters[name] = n
			return nil
		})
	})
}

func (d *decoder) dataSection() error {
	if err := d.open('{', `"data" must be an object of resource name to array of records`); err != nil {
		return err
	}
	return d.members(func(name string, start int) error {
		if _, dup := d.counts[name]; dup {
			return d.fail(start, fmt.Errorf("duplicate resource %q", name))
		}
		return d.value(func() error { return d.resource(name) })
	})
}

// resource reads the array of records of the resource name.
func (d *decoder) resource(name string) error {
	if err := d.open('[', fmt.Sprintf("resource %q must be an array of records", name)); err != nil {
		return err
	}
	var recs []adapter.Record
	n := 0
	err := d.elements(func() error {
		start := d.r.Offset()
		if b, _ := d.r.Peek(); b != '{' {
			// Report bad JSON as such before calling it a non-object.
			if err := d.r.Skip(0); err != nil {
				return d.syntax(err)
			}
			return d.fail(start, fmt.Errorf("record %d of %q is not a JSON object", n, name))
		}
		if d.records {
			r, err := d.record(start, name, n)
			if err != nil {
				return err
			}
			recs = append(recs, r)
		} else if err := d.r.Skip(0); err != nil {
			return d.recordError(err, name, n, 0)
		}
		n++
		return nil
	})
	if err != nil {
		return err
	}
	d.counts[name] = n
	if d.records {
		if recs == nil {
			recs = []adapter.Record{}
		}
		d.c.data[name] = recs
	}
	return nil
}

// record reads record n of resource, which starts at offset start, as
// the json-file store reads its records: numbers as float64, nesting
// bounded by depth.
func (d *decoder) record(start int, resource string, n int) (adapter.Record, error) {
	v, err := d.r.Value(d.depth)
	if err == nil {
		return v.(map[string]any), nil // the value starts with '{'
	}
	var se *jsonwire.SyntaxError
	if !errors.As(err, &se) || se.Where == jsonwire.NumberRange {
		// Bad JSON further in the record is reported first, as the
		// problem of the file rather than of the record.
		d.r.SetOffset(start)
		if serr := d.r.Skip(0); errors.As(serr, &se) {
			err = serr
		}
	}
	return nil, d.recordError(err, resource, n, d.depth)
}

// recordError locates err, met reading record n of resource, whose
// objects and arrays may nest depth levels (0: as many as JSON allows,
// where going deeper is a problem of the file's JSON).
func (d *decoder) recordError(err error, resource string, n, depth int) error {
	var de *jsonwire.DepthError
	var se *jsonwire.SyntaxError
	switch {
	case errors.As(err, &de) && depth > 0:
		return d.fail(int(de.Offset), fmt.Errorf("record %d of %q nests objects and arrays deeper than %d levels (options.maxDepth)", n, resource, de.Limit))
	case errors.As(err, &se) && se.Where == jsonwire.NumberRange:
		// The text is valid JSON, but a number is too large.
		return d.fail(int(se.Offset), fmt.Errorf("record %d of %q: %s", n, resource, se.Reason()))
	}
	return d.syntax(err)
}

// open reads the opening bracket want, after optional whitespace, or fails
// saying what was expected.
func (d *decoder) open(want byte, what string) error {
	d.r.SkipSpace()
	start := d.r.Offset()
	b, ok := d.r.Peek()
	switch {
	case ok && b == want:
		d.r.Next()
		return nil
	case ok && (b == '{' || b == '['):
		return d.fail(start, fmt.Errorf("%s, found %q", what, string(b)))
	}
	v, err := d.r.Value(0)
	if err != nil {
		return d.syntax(err)
	}
	if n, ok := v.(json.Number); ok {
		// A number is a float64 to describe, however large.
		v, _ = strconv.ParseFloat(string(n), 64)
	}
	return d.fail(start, fmt.Errorf("%s, found %s", what, describe(v)))
}

// members calls member for each key of the object whose '{' was read,
// with the offset of the key, then reads its '}'. member reads the value
// with d.value.
func (d *decoder) members(member func(key string, start int) error) error {
	return d.each('}', jsonwire.AfterMember, func() error {
		d.r.SkipSpace()
		start := d.r.Offset()
		key, err := d.r.Key()
		if err != nil {
			return d.syntax(err)
		}
		return member(key, start)
	})
}

// value reads the ':' after an object key, then the value with read,
// which starts at the value's first byte.
func (d *decoder) value(read func() error) error {
	d.r.SkipSpace()
	if b, ok := d.r.Peek(); !ok || b != ':' {
		return d.syntax(d.r.Unexpected(jsonwire.AfterKey))
	}
	d.r.Next()
	d.r.SkipSpace()
	return read()
}

// elements calls element for each element of the array whose '[' was
// read, at the element's first byte, then reads its ']'.
func (d *decoder) elements(element func() error) error {
	return d.each(']', jsonwire.AfterElement, func() error {
		d.r.SkipSpace()
		return element()
	})
}

// each calls item for each member or element of the object or array
// whose opening bracket was read, then reads its closing bracket, close;
// after names the place between items, for errors.
func (d *decoder) each(close byte, after jsonwire.Where, item func() error) error {
	d.r.SkipSpace()
	if b, ok := d.r.Peek(); ok && b == close {
		d.r.Next()
		return nil
	}
	for {
		if err := item(); err != nil {
			return err
		}
		d.r.SkipSpace()
		b, ok := d.r.Peek()
		switch {
		case ok && b == ',':
			d.r.Next()
		case ok && b == close:
			d.r.Next()
			return nil
		default:
			return d.syntax(d.r.Unexpected(after))
		}
	}
}

// str reads a string into s, as encoding/json decodes into a string: null
// leaves s as it is, and any other value is an error.
func (d *decoder) str(s *string) error {
	start := d.r.Offset()
	b, _ := d.r.Peek()
	if b == '"' || b == 'n' {
		v, err := d.r.Value(0)
		if err != nil {
			return d.syntax(err)
		}
		if t, ok := v.(string); ok {
			*s = t
		}
		return nil
	}
	if err := d.r.Skip(0); err != nil {
		return d.syntax(err)
	}
	// The place is where encoding/json reports it: an object's or array's
	// opening bracket, a literal's last byte.
	pos := d.r.Offset() - 1
	kind := "number"
	switch b {
	case '{':
		pos, kind = start, "object"
	case '[':
		pos, kind = start, "array"
	case 't', 'f':
		kind = "bool"
	}
	return d.fail(pos, fmt.Errorf("json: cannot unmarshal %s into Go value of type string", kind))
}

// syntax locates err, a problem of the JSON text that the reader met.
func (d *decoder) syntax(err error) error {
	var se *jsonwire.SyntaxError
	if errors.As(err, &se) {
		return d.fail(int(se.Offset), errors.New(se.Reason()))
	}
	var de *jsonwire.DepthError
	if errors.As(err, &de) {
		// As encoding/json words it.
		return d.fail(int(de.Offset), errors.New("exceeded max depth"))
	}
	return d.fail(d.r.Offset(), err)
}

// fail returns err located at byte offset pos of the file.
func (d *decoder) fail(pos int, err error) error {
	pos = max(0, min(pos, len(d.data)))
	before := d.data[:pos]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return &FileError{
		Path:   d.path,
		Line:   1 + bytes.Count(before, []byte{'\n'}),
		Column: 1 + utf8.RuneCount(before[lineStart:]),
		Err:    err,
	}
}

// describe names a JSON value for an error message.
func describe(v any) string {
	switch t := v.(type) {
	case string:
		return "a string " + shorten([]byte(strconv.Quote(t)))
	case float64:
		return fmt.Sprintf("the number %v", t)
	case bool:
		return fmt.Sprintf("%v", t)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", v)
}

// shorten returns b as a string, cut to a readable length.
func shorten(b []byte) string {
	const limit = 40
	if len(b) <= limit {
		return string(b)
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return string(b[:cut]) + "..."
}
