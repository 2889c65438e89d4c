package main

import (
	"net/http"
	"sync"

	"github.com/pretendo-go/pretendo"
)

// liveServer serves through the current pretendo server, which --watch
// replaces on each reload. While one server closes and the next opens,
// requests wait for the next instead of meeting a closed one.
type liveServer struct {
	mu  sync.Mutex
	srv *pretendo.Server
	// next is non-nil while a reload swaps the server, and is closed
	// once srv is the new one.
	next chan struct{}
}

// ServeHTTP serves r through the current server, waiting for a swap in
// progress to end (or for the client to give up).
func (l *liveServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for {
		l.mu.Lock()
		srv, next := l.srv, l.next
		l.mu.Unlock()
		if next == nil {
			srv.ServeHTTP(w, r)
			return
		}
		select {
		case <-next:
		case <-r.Context().Done():
			return
		}
	}
}

// current returns the server requests go to.
func (l *liveServer) current() *pretendo.Server {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.srv
}

// hold makes new requests wait, and returns the server that served until
// now; the caller must call release.
func (l *liveServer) hold() *pretendo.Server {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.next = make(chan struct{})
	return l.srv
}

// release makes srv the current server and lets the waiting requests
// through to it.
func (l *liveServer) release(srv *pretendo.Server) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.srv = srv
	close(l.next)
	l.next = nil
}
