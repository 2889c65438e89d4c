package main

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// connLimiter is a net.Listener that keeps at most max connections of an
// http.Server open (the server's ConnState must call track). When a new
// connection arrives at the limit, the connection that has waited longest
// without a request under way (idle between requests, or still sending
// the headers of its first one) is closed to make room, so that a crowd of
// idle or slow clients cannot lock out a normal one; when every connection
// has a request under way, Accept waits for one to end.
type connLimiter struct {
	net.Listener
	max int

	mu     sync.Mutex
	freed  *sync.Cond // signalled when a connection ends or the listener closes
	conns  map[net.Conn]connState
	closed bool
	// waiting, when set, is called with mu held each time Accept waits
	// for a connection to end; tests set it to know that Accept waits.
	waiting func()
}

// connState is what the limiter knows of an open connection.
type connState struct {
	// busy is set while a request is under way (http.StateActive).
	busy bool
	// since is when the connection arrived or last became idle.
	since time.Time
}

// limitConns returns ln limited to max open connections.
func limitConns(ln net.Listener, max int) *connLimiter {
	l := &connLimiter{Listener: ln, max: max, conns: make(map[net.Conn]connState)}
	l.freed = sync.NewCond(&l.mu)
	return l
}

// Accept waits for a connection and makes room for it.
func (l *connLimiter) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for len(l.conns) >= l.max && !l.closed {
		if v := l.victim(); v != nil {
			delete(l.conns, v)
			_ = v.Close() // the server sees the close and reports StateClosed
			continue
		}
		if l.waiting != nil {
			l.waiting()
		}
		l.freed.Wait()
	}
	if l.closed {
		_ = c.Close()
		return nil, net.ErrClosed
	}
	l.conns[c] = connState{since: time.Now()}
	return c, nil
}

// victim returns the connection without a request under way that has
// waited longest, or nil.
func (l *connLimiter) victim() net.Conn {
	var v net.Conn
	var since time.Time
	for c, st := range l.conns {
		if !st.busy && (v == nil || st.since.Before(since)) {
			v, since = c, st.since
		}
	}
	return v
}

// track follows the state of a connection; it is the http.Server's
// ConnState hook.
func (l *connLimiter) track(c net.Conn, s http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, ok := l.conns[c]
	if !ok {
		return // made room for another, or not accepted here
	}
	switch s {
	case http.StateActive:
		st.busy = true
		l.conns[c] = st
	case http.StateIdle:
		st.busy, st.since = false, time.Now()
		l.conns[c] = st
		l.freed.Signal() // an idle connection can make room
	case http.StateClosed, http.StateHijacked:
		delete(l.conns, c)
		l.freed.Signal()
	}
}

// Close closes the listener and ends a wait in Accept.
func (l *connLimiter) Close() error {
	l.mu.Lock()
	l.closed = true
	l.freed.Broadcast()
	l.mu.Unlock()
	return l.Listener.Close()
}
