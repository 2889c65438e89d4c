package jsonwire

// Reader reads the values of a JSON text held in memory one at a time, for
// a file format whose outer structure its caller walks itself, with its
// own words for what it expects there: the caller looks at the bytes
// between values with Peek and Next, and reads each value with Value, Key
// or Skip. Values are read as [DecodeObject] reads them, and every error
// is a *[SyntaxError] or *[DepthError] whose offsets are offsets of the
// whole text, so that the caller can turn them into lines and columns.
// A Reader is not safe for concurrent use.
type Reader struct {
	d decoder
}

// NewReader returns a Reader at the start of data, which it does not
// modify and which must not change while the Reader is used.
func NewReader(data []byte) *Reader {
	return &Reader{d: decoder{data: data}}
}

// InternKeys makes the object keys of the values read share their strings:
// up to max distinct keys are allocated once each, for the whole text,
// since the records of a file repeat the same field names.
func (r *Reader) InternKeys(max int) {
	r.d.keys = make(map[string]string)
	r.d.internMax = max
}

// Offset returns the offset of the next byte to read.
func (r *Reader) Offset() int { return r.d.pos }

// SetOffset moves to offset off, which is at most the text's length.
func (r *Reader) SetOffset(off int) { r.d.pos = min(max(off, 0), len(r.d.data)) }

// SkipSpace moves past JSON whitespace: space, tab, newline and return.
func (r *Reader) SkipSpace() { r.d.skipSpace() }

// Peek returns the byte at the offset, and false at the end of the text.
func (r *Reader) Peek() (byte, bool) {
	if r.d.pos < len(r.d.data) {
		return r.d.data[r.d.pos], true
	}
	return 0, false
}

// Next moves past the byte at the offset, which Peek returned.
func (r *Reader) Next() {
	if r.d.pos < len(r.d.data) {
		r.d.pos++
	}
}

// Value reads the value after optional whitespace. Objects and arrays may
// nest maxDepth levels, the value itself being the first; maxDepth <= 0
// means 10000, as for DecodeObject.
func (r *Reader) Value(maxDepth int) (any, error) {
	d := &r.d
	if maxDepth <= 0 || maxDepth > maxNesting {
		maxDepth = maxNesting
	}
	d.limit, d.depth, d.field = maxDepth, 0, ""
	d.skipSpace()
	return d.value()
}

// Skip reads the value after optional whitespace as Value does, only to
// check its syntax and move past it: a number too large for a float64 is
// not an error.
func (r *Reader) Skip(maxDepth int) error {
	r.d.lenient = true
	_, err := r.Value(maxDepth)
	r.d.lenient = false
	return err
}

// Key reads the string after optional whitespace, as an object key: with
// InternKeys, equal keys share one string.
func (r *Reader) Key() (string, error) {
	d := &r.d
	d.skipSpace()
	if b, ok := r.Peek(); !ok || b != '"' {
		return "", r.Unexpected(InKey)
	}
	return d.str(true)
}

// Unexpected returns the *SyntaxError for the byte at the offset, or for
// the end of the text, met where the caller expected something else: where
// words it as encoding/json would (InValue: "looking for beginning of
// value").
func (r *Reader) Unexpected(where Where) error {
	d := &r.d
	if d.pos >= len(d.data) {
		return d.eof(where, d.pos)
	}
	return d.invalid(d.pos, where, d.pos)
}

// intern returns the string of raw, an object key keys does not hold yet,
// and keeps it there while keys holds fewer than internMax.
func (d *decoder) intern(raw []byte) string {
	s := string(raw)
	if len(d.keys) < d.internMax {
		d.keys[s] = s
	}
	return s
}
