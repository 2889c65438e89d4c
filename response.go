package pretendo

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// bodyBuffer is a reusable buffer for a request or response body, and a
// response encoder.
type bodyBuffer struct {
	b   []byte
	enc jsonwire.Encoder
}

var bodyBuffers = sync.Pool{New: func() any { return &bodyBuffer{b: make([]byte, 0, 4096)} }}

// maxPooledBody is the largest buffer returned to the pool, so one huge
// body does not pin its memory.
const maxPooledBody = 1 << 20

// release returns b to the pool unless it grew too large.
func (b *bodyBuffer) release() {
	if cap(b.b) <= maxPooledBody {
		b.b = b.b[:0]
		bodyBuffers.Put(b)
	}
}

// respond writes v as the JSON body of a response with status. List
// envelopes are encoded without reflection; anything else goes through
// encoding/json. Record envelopes go through respondData.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, status int, v any) {
	buf := bodyBuffers.Get().(*bodyBuffer)
	defer buf.release()
	var err error
	switch t := v.(type) {
	case listBody:
		buf.b, err = appendList(buf.b[:0], &buf.enc, t)
	default:
		var data []byte
		data, err = json.Marshal(v)
		buf.b = append(buf.b[:0], data...)
	}
	s.send(w, r, status, buf.b, err)
}

// respondData writes {"data": data} with status, data encoded without
// reflection when it holds JSON values.
func (s *Server) respondData(w http.ResponseWriter, r *http.Request, status int, data any) {
	buf := bodyBuffers.Get().(*bodyBuffer)
	defer buf.release()
	var err error
	buf.b, err = appendData(buf.b[:0], &buf.enc, data)
	s.send(w, r, status, buf.b, err)
}

// appendData writes a record envelope.
func appendData(b []byte, enc *jsonwire.Encoder, data any) ([]byte, error) {
	b = append(b, `{"data":`...)
	b, err := enc.Append(b, data)
	return append(b, '}'), err
}

// send writes body, the JSON text of a response, with status, or answers
// with err if encoding failed.
func (s *Server) send(w http.ResponseWriter, r *http.Request, status int, body []byte, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h["Content-Type"] = jsonContentType
	// net/http measures a body that fits its response buffer by itself
	// and without allocating; a HEAD answer has no body to measure.
	if len(body) > autoLengthMax || r.Method == http.MethodHead {
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

var jsonContentType = []string{"application/json; charset=utf-8"}

// autoLengthMax is the largest body net/http gives a Content-Length of its
// own (the buffer it fills before it would switch to chunked encoding).
const autoLengthMax = 2048

// appendList writes a list envelope: the records and the pagination meta.
func appendList(b []byte, enc *jsonwire.Encoder, l listBody) ([]byte, error) {
	b = append(b, `{"data":[`...)
	for i, text := range l.texts {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, text...)
	}
	for i, rec := range l.Data {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = enc.Append(b, map[string]any(rec)); err != nil {
			return b, err
		}
	}
	p := l.Meta.Pagination
	b = append(b, `],"meta":{"pagination":{"currentPage":`...)
	b = strconv.AppendInt(b, int64(p.CurrentPage), 10)
	b = append(b, `,"perPage":`...)
	b = strconv.AppendInt(b, int64(p.PerPage), 10)
	b = append(b, `,"totalPages":`...)
	b = strconv.AppendInt(b, int64(p.TotalPages), 10)
	b = append(b, `,"totalItems":`...)
	b = strconv.AppendInt(b, int64(p.TotalItems), 10)
	b = append(b, `,"links":{"first":`...)
	b = jsonwire.AppendString(b, p.Links.First)
	b = append(b, `,"last":`...)
	b = jsonwire.AppendString(b, p.Links.Last)
	if p.Links.Prev != "" {
		b = append(b, `,"prev":`...)
		b = jsonwire.AppendString(b, p.Links.Prev)
	}
	if p.Links.Next != "" {
		b = append(b, `,"next":`...)
		b = jsonwire.AppendString(b, p.Links.Next)
	}
	return append(b, "}}}}"...), nil
}

// headerText returns s with every control byte (0x00-0x1F and 0x7F)
// percent-encoded, so that a value built from what a client sent (a
// decoded path parameter, the request URI) makes a well-formed header
// field: clients reject raw control bytes, and CR LF would split the
// field. Text beyond ASCII and a literal '%' are left as they are.
func headerText(s string) string {
	i := strings.IndexFunc(s, isControl)
	if i < 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for _, c := range []byte(s[i:]) {
		if c < 0x20 || c == 0x7f {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isControl reports whether r is an ASCII control character.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
