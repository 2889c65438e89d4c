package pretendo

import (
	"container/list"
	"net/http"
	"strings"
	"sync"

	"github.com/pretendo-go/pretendo/adapter"
)

// responseCache keeps the last GET responses (options.database.optimizations.cacheSize
// of them), each valid while the adapter's state is the one it was made
// under. It needs an adapter that implements adapter.Versioner.
type responseCache struct {
	// skip is the admin path, whose answers (snapshot lists) change
	// without a change of state.
	skip    string
	mu      sync.Mutex
	size    int
	order   *list.List // of *cacheEntry, most recent first
	entries map[string]*list.Element
	version adapter.Versioner
}

type cacheEntry struct {
	key     string
	version uint64
	status  int
	header  http.Header
	body    []byte
}

// newResponseCache returns a cache of size entries, or nil when size is 0
// or the adapter cannot report versions.
func newResponseCache(size int, db adapter.DatabaseAdapter, adminPath string) *responseCache {
	v, ok := db.(adapter.Versioner)
	if size <= 0 || !ok {
		return nil
	}
	return &responseCache{skip: adminPath, size: size, order: list.New(), entries: make(map[string]*list.Element, size), version: v}
}

// wrap serves GET requests from the cache when it holds a response made
// under the current state, and stores successful ones.
func (c *responseCache) wrap(next http.Handler) http.Handler {
	if c == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path == c.skip || strings.HasPrefix(r.URL.Path, c.skip+"/") {
			next.ServeHTTP(w, r)
			return
		}
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
			c.put(&cacheEntry{key: key, version: version, status: rec.status, header: w.Header().Clone(), body: rec.body})
		}
	})
}

func (c *responseCache) get(key string, version uint64) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil
	}
	e := el.Value.(*cacheEntry)
	if e.version != version {
		c.order.Remove(el)
		delete(c.entries, key)
		return nil
	}
	c.order.MoveToFront(el)
	return e
}

func (c *responseCache) put(e *cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[e.key]; ok {
		c.order.Remove(el)
	}
	c.entries[e.key] = c.order.PushFront(e)
	for c.order.Len() > c.size {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*cacheEntry).key)
	}
}

// maxCachedBody bounds one cached response.
const maxCachedBody = 1 << 20

// recordingWriter passes a response through and keeps a copy of it.
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
		if len(w.body)+len(p) > maxCachedBody {
			w.tooBig, w.body = true, nil
		} else {
			w.body = append(w.body, p...)
		}
	}
	return w.ResponseWriter.Write(p)
}
