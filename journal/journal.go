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

// Journal is a ring of the last requests a handler answered. It is safe
// for concurrent use. A nil *Journal is a journal that is off: it records
// nothing, its Middleware returns the handler as is, and Requests returns
// nil.
type Journal struct {
	size  int
	clock func() time.Time

	mu   sync.Mutex
	ring []entry
	next int // where the next request goes once the ring is full

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

// add stores one request, dropping the oldest when the ring is full.
func (j *Journal) add(e *entry) {
	j.mu.Lock()
	if len(j.ring) < j.size {
		j.ring = append(j.ring, *e)
	} else {
		j.ring[j.next] = *e
		j.next = (j.next + 1) % j.size
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

// Clear forgets every request.
func (j *Journal) Clear() {
	if j == nil {
		return
	}
	j.mu.Lock()
	clear(j.ring)
	j.ring = j.ring[:0]
	j.next = 0
	j.mu.Unlock()
}
