package snapshot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
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

// decoder reads one snapshot file, walking its structure with a streaming
// json.Decoder and decoding one record at a time.
type decoder struct {
	path string
	data []byte
	dec  *json.Decoder
	// records says whether to keep the records; List only counts them.
	records bool
	// depth is how many levels of objects and arrays a record may nest.
	depth  int
	c      content
	counts map[string]int
}

// skipObject decodes a JSON object by skipping its content.
type skipObject struct{}

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
		dec:     json.NewDecoder(bytes.NewReader(data)),
		records: records,
		depth:   depth,
		counts:  make(map[string]int),
		c:       content{counters: make(map[string]int64)},
	}
	if records {
		d.c.data = make(adapter.Dataset)
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
	if err := d.delim('{', "the file must hold one JSON object"); err != nil {
		return err
	}
	seen := make(map[string]bool)
	for d.dec.More() {
		_, start := d.next()
		key, err := d.key()
		if err != nil {
			return err
		}
		if seen[key] {
			return d.fail(start, fmt.Errorf("duplicate key %q", key))
		}
		seen[key] = true
		switch key {
		case "name":
			var name string
			err = d.decode(&name)
		case "description":
			err = d.decode(&d.c.meta.Description)
		case "createdAt":
			err = d.createdAt()
		case "counters":
			err = d.counters()
		case "data":
			err = d.dataSection()
		default:
			err = d.fail(start, fmt.Errorf("unknown key %q (want name, description, createdAt, counters or data)", key))
		}
		if err != nil {
			return err
		}
	}
	if err := d.delim('}', "the end of the object"); err != nil {
		return err
	}
	bufEnd, end := d.next()
	if _, err := d.dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return d.wrap(err, bufEnd)
		}
		return d.fail(end, errors.New("unexpected data after the snapshot object"))
	}
	if !seen["data"] {
		return d.fail(int64(len(d.data)), errors.New(`missing key "data"`))
	}
	return nil
}

func (d *decoder) createdAt() error {
	_, start := d.next()
	var s string
	if err := d.decode(&s); err != nil {
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
	if err := d.delim('{', `"counters" must be an object of resource name to number`); err != nil {
		return err
	}
	for d.dec.More() {
		_, start := d.next()
		name, err := d.key()
		if err != nil {
			return err
		}
		if _, dup := d.c.counters[name]; dup {
			return d.fail(start, fmt.Errorf("duplicate counter %q", name))
		}
		_, vstart := d.next()
		var raw json.RawMessage
		if err := d.decode(&raw); err != nil {
			return err
		}
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil || n < 0 || n > adapter.MaxSafeInteger {
			return d.fail(vstart, fmt.Errorf("counter of %q must be a whole number from 0 to %d, not %s",
				name, int64(adapter.MaxSafeInteger), shorten(raw)))
		}
		d.c.counters[name] = n
	}
	return d.delim('}', `the end of "counters"`)
}

func (d *decoder) dataSection() error {
	if err := d.delim('{', `"data" must be an object of resource name to array of records`); err != nil {
		return err
	}
	for d.dec.More() {
		_, start := d.next()
		name, err := d.key()
		if err != nil {
			return err
		}
		if _, dup := d.counts[name]; dup {
			return d.fail(start, fmt.Errorf("duplicate resource %q", name))
		}
		if err := d.delim('[', fmt.Sprintf("resource %q must be an array of records", name)); err != nil {
			return err
		}
		var recs []adapter.Record
		n := 0
		for d.dec.More() {
			_, vstart := d.next()
			if vstart >= int64(len(d.data)) || d.data[vstart] != '{' {
				// Report bad JSON as such before calling it a non-object.
				var raw json.RawMessage
				if err := d.decode(&raw); err != nil {
					return err
				}
				return d.fail(vstart, fmt.Errorf("record %d of %q is not a JSON object", n, name))
			}
			if d.records {
				r, err := d.record(vstart, name, n)
				if err != nil {
					return err
				}
				recs = append(recs, r)
			} else if err := d.decode(&skipObject{}); err != nil {
				return err
			}
			n++
		}
		if err := d.delim(']', fmt.Sprintf("the end of resource %q", name)); err != nil {
			return err
		}
		d.counts[name] = n
		if d.records {
			if recs == nil {
				recs = []adapter.Record{}
			}
			d.c.data[name] = recs
		}
	}
	return d.delim('}', `the end of "data"`)
}

// record reads record n of resource, which starts at offset start, as
// the json-file store reads its records: numbers as float64, nesting
// bounded by depth.
func (d *decoder) record(start int64, resource string, n int) (adapter.Record, error) {
	var raw json.RawMessage
	if err := d.decode(&raw); err != nil {
		return nil, err
	}
	r, err := jsonwire.DecodeObject(raw, nil, d.depth)
	var de *jsonwire.DepthError
	var se *jsonwire.SyntaxError
	switch {
	case errors.As(err, &de):
		return nil, d.fail(start+de.Offset, fmt.Errorf("record %d of %q nests objects and arrays deeper than %d levels (options.maxDepth)", n, resource, de.Limit))
	case errors.As(err, &se):
		// The text is valid JSON; only a number too large is refused. The
		// position is the file's, not the offset within the record.
		msg := strings.TrimSuffix(se.Error(), " at offset "+strconv.FormatInt(se.Offset, 10))
		return nil, d.fail(start+se.Offset, fmt.Errorf("record %d of %q: %s", n, resource, msg))
	case err != nil:
		return nil, d.fail(start, fmt.Errorf("record %d of %q: %w", n, resource, err))
	}
	return r, nil
}

// next returns where the decoder's next value is read from: bufStart, the
// offset its Decode buffer starts at (past a separating comma or colon),
// and start, the offset of its first character.
func (d *decoder) next() (bufStart, start int64) {
	i := d.skipSpace(d.dec.InputOffset())
	if i < int64(len(d.data)) && (d.data[i] == ',' || d.data[i] == ':') {
		bufStart = i + 1
		return bufStart, d.skipSpace(bufStart)
	}
	return d.dec.InputOffset(), i
}

func (d *decoder) skipSpace(i int64) int64 {
	for i < int64(len(d.data)) {
		switch d.data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// delim reads the delimiter want, or fails saying what was expected.
func (d *decoder) delim(want json.Delim, what string) error {
	bufStart, start := d.next()
	tok, err := d.dec.Token()
	if err != nil {
		return d.wrap(err, bufStart)
	}
	if tok != want {
		return d.fail(start, fmt.Errorf("%s, found %s", what, describe(tok)))
	}
	return nil
}

// key reads an object key.
func (d *decoder) key() (string, error) {
	bufStart, start := d.next()
	tok, err := d.dec.Token()
	if err != nil {
		return "", d.wrap(err, bufStart)
	}
	s, ok := tok.(string)
	if !ok {
		// Token reports a syntax error before returning a non-string key.
		return "", d.fail(start, fmt.Errorf("want an object key, found %s", describe(tok)))
	}
	return s, nil
}

// decode decodes the next value into v.
func (d *decoder) decode(v any) error {
	bufStart, _ := d.next()
	if err := d.dec.Decode(v); err != nil {
		return d.wrap(err, bufStart)
	}
	return nil
}

// wrap locates err, which the decoder returned for a value whose Decode
// buffer starts at bufStart, and returns it as a *FileError.
func (d *decoder) wrap(err error, bufStart int64) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return d.fail(bufStart+te.Offset-1, err)
	}
	// The streaming decoder's syntax error offsets are not absolute in
	// every case; the whole-file check finds the same first error exactly.
	var raw json.RawMessage
	if serr := json.Unmarshal(d.data, &raw); serr != nil {
		var se *json.SyntaxError
		if errors.As(serr, &se) {
			pos := se.Offset - 1
			if se.Offset >= int64(len(d.data)) {
				pos = int64(len(d.data))
			}
			return d.fail(pos, serr)
		}
	}
	return d.fail(d.dec.InputOffset(), err)
}

// fail returns err located at byte offset pos of the file.
func (d *decoder) fail(pos int64, err error) error {
	pos = max(0, min(pos, int64(len(d.data))))
	before := d.data[:pos]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return &FileError{
		Path:   d.path,
		Line:   1 + bytes.Count(before, []byte{'\n'}),
		Column: 1 + utf8.RuneCount(before[lineStart:]),
		Err:    err,
	}
}

// describe names a JSON token for an error message.
func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(t))
	case string:
		return "a string " + shorten([]byte(strconv.Quote(t)))
	case float64, json.Number:
		return fmt.Sprintf("the number %v", t)
	case bool:
		return fmt.Sprintf("%v", t)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
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
