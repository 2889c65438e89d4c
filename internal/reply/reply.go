// Package reply writes the JSON answers of a server: the body buffers they
// are built in, the headers every JSON answer carries, and the text of
// headers built from what a client sent.
package reply

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// Buffer is a reusable buffer for a request or response body, and a
// response encoder. Get one with GetBuffer and give it back with Release.
type Buffer struct {
	B   []byte
	Enc jsonwire.Encoder
}

var buffers = sync.Pool{New: func() any { return &Buffer{B: make([]byte, 0, 4096)} }}

// maxPooled is the largest buffer returned to the pool, so one huge body
// does not pin its memory.
const maxPooled = 1 << 20

// GetBuffer returns an empty buffer from the pool.
func GetBuffer() *Buffer { return buffers.Get().(*Buffer) }

// Release returns b to the pool unless it grew too large. b must not be
// used afterwards.
func (b *Buffer) Release() {
	if cap(b.B) <= maxPooled {
		b.B = b.B[:0]
		buffers.Put(b)
	}
}

// JSONContentType is the Content-Type of every JSON answer. net/http only
// reads it, and its capacity equals its length, so an append elsewhere
// copies.
var JSONContentType = []string{"application/json; charset=utf-8"}

// autoLengthMax is the largest body net/http gives a Content-Length of its
// own (the buffer it fills before it would switch to chunked encoding).
const autoLengthMax = 2048

// Send writes body, the JSON text of an answer, with status; a HEAD
// request gets the headers alone.
func Send(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = JSONContentType
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

// HeaderText returns s with every control byte (0x00-0x1F and 0x7F)
// percent-encoded, so that a value built from what a client sent (a
// decoded path parameter, the request URI) makes a well-formed header
// field: clients reject raw control bytes, and CR LF would split the
// field. Text beyond ASCII and a literal '%' are left as they are.
func HeaderText(s string) string {
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

// RequestPath is the path of the request as the client sent it, so that
// links stay right when the server is mounted under a prefix. Control
// bytes, which net/http refuses but a server in front may pass on, are
// percent-encoded: the path goes into headers.
func RequestPath(r *http.Request) string {
	if r.RequestURI != "" && r.RequestURI[0] == '/' {
		p := r.RequestURI
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		return HeaderText(p)
	}
	return r.URL.EscapedPath()
}

// MountPrefix is the part of the path the client sent that lies before the
// path this server sees (the prefix http.StripPrefix removed), or "".
func MountPrefix(r *http.Request) string {
	sent, seen := RequestPath(r), r.URL.EscapedPath()
	if strings.HasSuffix(sent, seen) {
		return sent[:len(sent)-len(seen)]
	}
	return ""
}

// JSON writes v, encoded by encoding/json, as the answer with status. An
// error encoding v is returned, with nothing written.
func JSON(w http.ResponseWriter, r *http.Request, status int, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	Send(w, r, status, data)
	return nil
}
