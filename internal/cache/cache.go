// Package cache is the stage of a server's chain that keeps the last GET
// answers (options.database.optimizations.cacheSize of them), each valid
// while the store's state is the one it was made under. It needs a store
// that implements adapter.Versioner.
package cache

import (
	"container/list"
	"net/http"
	"sync"

	"github.com/pretendo-go/pretendo/adapter"
)

// responses keeps the answers, most recently used first.
type responses struct {
	mu      sync.Mutex
	size    int
	order   *list.List // of *entry, most recent first
	entries map[string]*list.Element
	version adapter.Versioner
}

type entry struct {
	key     string
	version uint64
	status  int
	header  http.Header
	body    []byte
}

// New returns the stage that serves GET requests from a cache of size
// answers when it holds one made under the current state of db, and keeps
// the successful ones. Requests for which skip reports true (nil: none)
// pass by the cache: answers that may change while the state stays the
// same, like snapshot lists or Go handlers'. When size is 0 or db cannot
// report versions the stage passes every request on.
func New(size int, db adapter.DatabaseAdapter, skip func(*http.Request) bool) func(http.Handler) http.Handler {
	v, ok := db.(adapter.Versioner)
	if size <= 0 || !ok {
		return func(next http.Handler) http.Handler { return next }
	}
	c := &responses{size: size, order: list.New(), entries: make(map[string]*list.Element, size), version: v}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || skip != nil && skip(r) {
				next.ServeHTTP(w, r)
				return
			}
			c.serve(w, r, next)
		})
	}
}

// serve answers r from the cache, or through next, keeping the answer.
func (c *responses) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	// The credentials are part of the key: answers may differ per caller.
	// The URI as sent keeps a mount prefix, which the answer's links carry.
	uri := r.RequestURI
	if uri == "" {
		uri = r.URL.RequestURI()
	}
	key := uri + "\x00" + r.Header.Get("Authorization")
	version := c.version.Version()
	if e := c.get(key, version); e != nil {
		h := w.Header()
		for k, v := range e.header {
			h[k] = v
		}
		w.WriteHeader(e.status)
		_, _ = w.Write(e.body)
		return
	}
	rec := &recordingWriter{ResponseWriter: w, status: http.StatusOK}
	next.ServeHTTP(rec, r)
	if rec.status == http.StatusOK && !rec.tooBig {
		c.put(&entry{key: key, version: version, status: rec.status, header: w.Header().Clone(), body: rec.body})
	}
}

func (c *responses) get(key string, version uint64) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil
	}
	e := el.Value.(*entry)
	if e.version != version {
		c.order.Remove(el)
		delete(c.entries, key)
		return nil
	}
	c.order.MoveToFront(el)
	return e
}

func (c *responses) put(e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[e.key]; ok {
		c.order.Remove(el)
	}
	c.entries[e.key] = c.order.PushFront(e)
	for c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*entry).key)
	}
}

// maxBody bounds one cached answer.
const maxBody = 1 << 20

// recordingWriter passes an answer through and keeps a copy of it.
type recordingWriter struct {
	http.ResponseWriter
	status int
	body   []byte
	tooBig bool
}

func (w *recordingWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *recordingWriter) Write(p []byte) (int, error) {
	if !w.tooBig {
		if len(w.body)+len(p) > maxBody {
			w.tooBig, w.body = true, nil
		} else {
			w.body = append(w.body, p...)
		}
	}
	return w.ResponseWriter.Write(p)
}
