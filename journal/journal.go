// Package journal keeps the requests a server answered, as WireMock does,
// so that a test can check what the client under test sent.
//
// A [Journal] is a ring of the last requests; [Journal.Middleware] records
// every request the handler it wraps answers. The pretendo server wires one
// in front of its other stages, and a program may wrap any handler with one:
//
//	j := journal.New(100, time.Now)
//	h := j.Middleware(mux)
//	...
//	for _, r := range j.Requests() { fmt.Println(r) }
package journal

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// DefaultSize is how many requests a server's journal keeps unless its
// spec or options say otherwise.
const DefaultSize = 1000

// MaxBody is how much of each request body the journal keeps; a longer
// body is cut there and its RecordedRequest.BodyTruncated is set.
const MaxBody = 64 << 10

// RecordedRequest is one request the server answered, as its journal
// keeps it.
type RecordedRequest struct {
	// ID numbers the request in its journal: 1 for the first, then one
	// more for each, never reused (not even after Clear).
	ID uint64
	// Method is the request method, like "POST".
	Method string
	// Path is the decoded path the server saw (after any prefix a mount
	// stripped), like "/posts/1".
	Path string
	// Query is the raw query string, without the "?".
	Query string
	// Header holds the request headers.
	Header http.Header
	// Body holds the request body, up to MaxBody bytes.
	Body []byte
	// BodyTruncated reports that the body was longer than Body.
	BodyTruncated bool
	// Status is the status of the answer, or 0 when the client gave up
	// before one was written.
	Status int
	// Time is when the request arrived, by the journal's clock.
	Time time.Time
	// Duration is how long the server took to start its answer, latency
	// simulation included.
	Duration time.Duration
	// ResponseBody holds the body of the answer, up to MaxBody bytes. It is
	// attached once the handler returns: a client that holds the whole
	// answer finds it there.
	ResponseBody []byte
	// ResponseBodyTruncated reports that the answer was longer than
	// ResponseBody.
	ResponseBodyTruncated bool
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
	id                  uint64
	method, path, query string
	// header holds name, value, name, value, ... The strings are shared
	// with the request, which is safe: strings are immutable.
	header    []string
	body      []byte
	truncated bool
	status    int
	time      time.Time
	duration  time.Duration
	// resp is the body of the answer, attached once the handler returns.
	resp          []byte
	respTruncated bool
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
	r := e.view()
	r.Body, r.ResponseBody = bytes.Clone(e.body), bytes.Clone(e.resp)
	return r
}

// view returns the entry as a RecordedRequest whose bodies share memory
// with it: to read, not to keep.
func (e *entry) view() RecordedRequest {
	r := e.summary()
	r.Header = make(http.Header, len(e.header)/2)
	for i := 0; i+1 < len(e.header); i += 2 {
		r.Header[e.header[i]] = append(r.Header[e.header[i]], e.header[i+1])
	}
	r.Body, r.ResponseBody = e.body, e.resp
	return r
}

// summary returns the entry without headers and bodies.
func (e *entry) summary() RecordedRequest {
	return RecordedRequest{ID: e.id, Method: e.method, Path: e.path, Query: e.query, BodyTruncated: e.truncated,
		Status: e.status, Time: e.time, Duration: e.duration, ResponseBodyTruncated: e.respTruncated}
}

// Journal is a ring of the last requests a handler answered. It is safe
// for concurrent use. A nil *Journal is a journal that is off: it records
// nothing, its Middleware returns the handler as is, and Requests returns
// nil.
type Journal struct {
	size  int
	clock func() time.Time

	mu   sync.Mutex
	ring []entry
	next int    // where the next request goes once the ring is full
	seq  uint64 // the id of the last request recorded
	// listener is told of each request recorded, and of each Clear.
	listener Listener

	writers sync.Pool // of *writer
}

// New returns a journal of the last size requests, timed by clock (nil
// means time.Now), or nil, a journal that is off, when size is 0 or less.
func New(size int, clock func() time.Time) *Journal {
	if size <= 0 {
		return nil
	}
	if clock == nil {
		clock = time.Now
	}
	return &Journal{size: size, clock: clock, writers: sync.Pool{New: func() any { return new(writer) }}}
}

// Size returns how many requests j keeps, 0 when it is off.
func (j *Journal) Size() int {
	if j == nil {
		return 0
	}
	return j.size
}

// Listener is told of what a journal records, for a live view of it (the
// stream of the journal API, say). Its methods are called with the
// journal's lock held, in the order of the requests' ids: they must not
// block, nor call the journal.
type Listener interface {
	// Active reports whether anyone listens; when not, the journal skips
	// building what Recorded takes.
	Active() bool
	// Recorded is told of a request as it is recorded, its headers
	// included but not its bodies. The request is the listener's.
	Recorded(r RecordedRequest)
	// Cleared is told that Clear forgot the requests up to through.
	Cleared(through uint64)
}

// Listen makes l the journal's listener, replacing any other; nil stops
// telling. On a journal that is off it does nothing.
func (j *Journal) Listen(l Listener) {
	if j == nil {
		return
	}
	j.mu.Lock()
	j.listener = l
	j.mu.Unlock()
}

// add numbers and stores one request, dropping the oldest when the ring is
// full, and tells the listener. It returns where the request went, for
// attach.
func (j *Journal) add(e *entry) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.id = j.seq
	slot := len(j.ring)
	if slot < j.size {
		j.ring = append(j.ring, *e)
	} else {
		slot = j.next
		j.ring[slot] = *e
		j.next = (j.next + 1) % j.size
	}
	if j.listener != nil && j.listener.Active() {
		r := e.summary()
		r.Header = e.view().Header
		j.listener.Recorded(r)
	}
	return slot
}

// attach gives the request numbered id, stored at slot, the body of its
// answer, unless the ring has dropped it since.
func (j *Journal) attach(slot int, id uint64, body []byte, truncated bool) {
	j.mu.Lock()
	if slot < len(j.ring) && j.ring[slot].id == id {
		j.ring[slot].resp, j.ring[slot].respTruncated = body, truncated
	}
	j.mu.Unlock()
}

// Requests returns copies of the kept requests, oldest first. The result
// is the caller's.
func (j *Journal) Requests() []RecordedRequest {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]RecordedRequest, 0, len(j.ring))
	for i := range j.ring {
		out = append(out, j.ring[(j.next+i)%len(j.ring)].request())
	}
	return out
}

// Clear forgets every request. The ids go on from where they were.
func (j *Journal) Clear() {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.ring = j.ring[:0]
	j.next = 0
	if j.listener != nil {
		j.listener.Cleared(j.seq)
	}
}

// Find returns copies of the kept requests that match accepts, newest
// first: at most limit of them (all when limit is 0, none when it is
// less), and the number of kept requests it accepts in all. The request
// handed to match shares memory with the journal: match must not keep or
// change it, nor call the journal.
func (j *Journal) Find(match func(*RecordedRequest) bool, limit int) ([]RecordedRequest, int) {
	if j == nil {
		return nil, 0
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	var found []RecordedRequest
	total := 0
	for i := len(j.ring) - 1; i >= 0; i-- {
		e := &j.ring[(j.next+i)%len(j.ring)]
		r := e.view()
		if !match(&r) {
			continue
		}
		total++
		if limit < 0 || limit > 0 && len(found) >= limit {
			continue
		}
		found = append(found, e.request())
	}
	return found, total
}

// Get returns a copy of the request numbered id, and false when the
// journal no longer keeps it (or never did).
func (j *Journal) Get(id uint64) (RecordedRequest, bool) {
	if j == nil {
		return RecordedRequest{}, false
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	// The ids in the ring are consecutive, the newest being j.seq.
	oldest := j.seq - uint64(len(j.ring)) + 1
	if len(j.ring) == 0 || id < oldest || id > j.seq {
		return RecordedRequest{}, false
	}
	return j.ring[(j.next+int(id-oldest))%len(j.ring)].request(), true
}
