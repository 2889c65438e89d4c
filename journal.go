package pretendo

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// DefaultJournalSize is how many requests the journal keeps unless
// options.journal.size or WithJournal says otherwise.
const DefaultJournalSize = 1000

// MaxJournalBody is how much of each request body the journal keeps; a
// longer body is cut there and its RecordedRequest.BodyTruncated is set.
const MaxJournalBody = 64 << 10

// RecordedRequest is one request the server answered, as its journal
// keeps it (see Server.Requests).
type RecordedRequest struct {
	// Method is the request method, like "POST".
	Method string
	// Path is the decoded path the server saw (after any prefix a mount
	// stripped), like "/posts/1".
	Path string
	// Query is the raw query string, without the "?".
	Query string
	// Header holds the request headers.
	Header http.Header
	// Body holds the request body, up to MaxJournalBody bytes.
	Body []byte
	// BodyTruncated reports that the body was longer than Body.
	BodyTruncated bool
	// Status is the status of the answer, or 0 when the client gave up
	// before one was written.
	Status int
	// Time is when the request arrived, by the server's clock (WithClock).
	Time time.Time
	// Duration is how long the server took to answer, latency simulation
	// included.
	Duration time.Duration
}

// String renders the request as "POST /posts?draft=1 -> 201".
func (r RecordedRequest) String() string {
	s := r.Method + " " + r.Path
	if r.Query != "" {
		s += "?" + r.Query
	}
	return s + " -> " + strconv.Itoa(r.Status)
}

// entry is a request as the journal keeps it: the headers flat, in one
// allocation, and turned into an http.Header only when read.
type entry struct {
	method, path, query string
	// header holds name, value, name, value, ... The strings are shared
	// with the request, which is safe: strings are immutable.
	header    []string
	body      []byte
	truncated bool
	status    int
	time      time.Time
	duration  time.Duration
}

// flatten copies the names and values of h into one slice.
func flatten(h http.Header) []string {
	n := 0
	for _, vs := range h {
		n += len(vs)
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, 2*n)
	for k, vs := range h {
		for _, v := range vs {
			out = append(out, k, v)
		}
	}
	return out
}

// request returns the entry as a RecordedRequest that shares no memory with it.
func (e *entry) request() RecordedRequest {
	r := RecordedRequest{Method: e.method, Path: e.path, Query: e.query, Header: make(http.Header, len(e.header)/2),
		Body: bytes.Clone(e.body), BodyTruncated: e.truncated, Status: e.status, Time: e.time, Duration: e.duration}
	for i := 0; i+1 < len(e.header); i += 2 {
		r.Header[e.header[i]] = append(r.Header[e.header[i]], e.header[i+1])
	}
	return r
}

// journal is a ring of the last requests a server answered. It is safe
// for concurrent use.
type journal struct {
	size  int
	clock func() time.Time

	mu   sync.Mutex
	ring []entry
	next int // where the next request goes once the ring is full

	writers sync.Pool // of *journalWriter
}

// newJournal returns a journal of size requests, or nil when size is 0 or less.
func newJournal(size int, clock func() time.Time) *journal {
	if size <= 0 {
		return nil
	}
	return &journal{size: size, clock: clock, writers: sync.Pool{New: func() any { return new(journalWriter) }}}
}

// journalSize is the journal size the spec and options ask for.
func journalSize(sp *Spec, cfg config) int {
	switch {
	case cfg.journalSet:
		return cfg.journalSize
	case sp.Options.Journal != nil:
		return sp.Options.Journal.Size
	default:
		return DefaultJournalSize
	}
}

// add stores one request, dropping the oldest when the ring is full.
func (j *journal) add(e *entry) {
	j.mu.Lock()
	if len(j.ring) < j.size {
		j.ring = append(j.ring, *e)
	} else {
		j.ring[j.next] = *e
		j.next = (j.next + 1) % j.size
	}
	j.mu.Unlock()
}

// list returns copies of the kept requests, oldest first.
func (j *journal) list() []RecordedRequest {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]RecordedRequest, 0, len(j.ring))
	for i := range j.ring {
		out = append(out, j.ring[(j.next+i)%len(j.ring)].request())
	}
	return out
}

// clear forgets every request.
func (j *journal) clear() {
	j.mu.Lock()
	clear(j.ring)
	j.ring = j.ring[:0]
	j.next = 0
	j.mu.Unlock()
}

// wrap records every request next answers. The body a handler reads is
// copied as it goes, up to MaxJournalBody; what it leaves unread is read
// (up to the same bound) once it returns, so handlers see the body as the
// client sent it.
func (j *journal) wrap(next http.Handler) http.Handler {
	if j == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		jw := j.writers.Get().(*journalWriter)
		*jw = journalWriter{ResponseWriter: w, j: j, start: time.Now(), r: r, e: entry{
			method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, header: flatten(r.Header), time: j.clock(),
		}}
		if body := r.Body; body != nil && body != http.NoBody {
			jw.tee = &teeBody{body: body}
			r.Body = jw.tee
			defer func() { r.Body = body }()
		}
		next.ServeHTTP(jw, r)
		if !jw.recorded {
			if jw.e.status == 0 && r.Context().Err() == nil {
				jw.e.status = http.StatusOK // what net/http sends for a handler that wrote nothing
			}
			jw.record()
		}
		*jw = journalWriter{}
		j.writers.Put(jw)
	})
}

// journalWriter notes the status of a response on its way through, and
// records the request in the journal just before the response starts, so
// that a client holding the response always finds its request recorded.
type journalWriter struct {
	http.ResponseWriter
	j        *journal
	r        *http.Request
	e        entry
	tee      *teeBody
	start    time.Time
	recorded bool
}

// record adds the request to the journal, with the body the handler read
// and, when it answers without reading it all, up to MaxJournalBody more.
func (w *journalWriter) record() {
	w.recorded = true
	if w.tee != nil {
		w.tee.finish()
		w.e.body, w.e.truncated = w.tee.buf, w.tee.truncated
	}
	w.e.duration = time.Since(w.start)
	w.j.add(&w.e)
}

// started records the request as the response starts with status.
func (w *journalWriter) started(status int) {
	if w.recorded {
		return
	}
	w.e.status = status
	w.record()
}

func (w *journalWriter) WriteHeader(status int) {
	if status >= 200 {
		w.started(status)
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *journalWriter) Write(p []byte) (int, error) {
	w.started(http.StatusOK)
	return w.ResponseWriter.Write(p)
}

// Flush sends buffered data to the client, when the writer beneath can.
func (w *journalWriter) Flush() {
	w.started(http.StatusOK)
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap returns the writer beneath, for http.ResponseController.
func (w *journalWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// teeBody copies what is read from a request body, up to MaxJournalBody.
type teeBody struct {
	body      io.ReadCloser
	buf       []byte
	truncated bool
	done      bool // the body reached its end or failed
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.body.Read(p)
	t.keep(p[:n])
	if err != nil {
		t.done = true
	}
	return n, err
}

func (t *teeBody) Close() error { return t.body.Close() }

func (t *teeBody) keep(p []byte) {
	room := MaxJournalBody - len(t.buf)
	if len(p) > room {
		p = p[:room]
		t.truncated = true
	}
	t.buf = append(t.buf, p...)
}

// finish reads what the handler left of the body, until the journal has
// MaxJournalBody bytes and knows whether there was more.
func (t *teeBody) finish() {
	if t.done || t.truncated {
		return
	}
	// A read error (a body the handler closed, say) ends the copy.
	rest, _ := io.ReadAll(io.LimitReader(t.body, int64(MaxJournalBody-len(t.buf)+1)))
	t.keep(rest)
}

// Requests returns the requests the server has answered, oldest first: at
// most options.journal.size of them (default DefaultJournalSize), the most
// recent ones. Each holds its method, path, query, headers, body (up to
// MaxJournalBody), status, arrival time and duration. The result is the
// caller's. With the journal off (size 0) it returns nil.
//
// Every request is recorded, whatever route answered it (resources,
// custom routes, the auth and admin endpoints, simulated errors).
func (s *Server) Requests() []RecordedRequest {
	j := s.extras().journal
	if j == nil {
		return nil
	}
	return j.list()
}

// ClearRequests empties the journal.
func (s *Server) ClearRequests() {
	if j := s.extras().journal; j != nil {
		j.clear()
	}
}

// JournalSize returns how many requests the journal keeps, 0 when it is off.
func (s *Server) JournalSize() int {
	if j := s.extras().journal; j != nil {
		return j.size
	}
	return 0
}

// WithJournal sets how many requests the journal keeps (see
// Server.Requests), overriding options.journal.size; 0 turns the journal
// off. The default is DefaultJournalSize.
func WithJournal(size int) Option {
	return func(c *config) {
		c.journalSize, c.journalSet = max(size, 0), true
	}
}
