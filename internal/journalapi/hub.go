package journalapi

import (
	"sync"
	"sync/atomic"

	"github.com/pretendo-go/pretendo/journal"
)

var _ journal.Listener = (*Hub)(nil)

// streamBuffer is how many requests a stream holds for its client; beyond
// that, requests are dropped and counted until the client catches up.
const streamBuffer = 4096

// Hub hands each request a journal records to the streams open at the
// time: it is the journal's listener (journal.Journal.Listen), told of
// each request and of each Clear; a stream that cannot keep up loses requests, which it
// counts, and never slows the journal down. The zero Hub is ready to use;
// it is safe for concurrent use.
type Hub struct {
	active atomic.Int32
	mu     sync.RWMutex
	subs   map[*subscription]struct{}
	closed bool
}

// subscription is one stream's view of the hub.
type subscription struct {
	c chan Request
	// dropped counts the requests the buffer had no room for.
	dropped atomic.Uint64
	// cleared is the highest id a Clear forgot; the stream tells its
	// client when it grows.
	cleared atomic.Uint64
	// clearedSignal wakes the stream after a Clear.
	clearedSignal chan struct{}
	// done is closed when the hub closes.
	done chan struct{}
}

// Active reports whether a stream is open, so that a journal can skip
// building what Recorded takes when none is.
func (h *Hub) Active() bool { return h != nil && h.active.Load() > 0 }

// Recorded hands r to every open stream without waiting: a stream whose
// buffer is full counts it as dropped. The journal calls it in the order
// it numbers requests; the streams read r's summary and headers.
func (h *Hub) Recorded(r Request) {
	if !h.Active() {
		return
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.subs {
		select {
		case s.c <- r:
		default:
			s.dropped.Add(1)
		}
	}
}

// Cleared tells every open stream that the journal forgot the requests
// numbered up to through.
func (h *Hub) Cleared(through uint64) {
	if !h.Active() {
		return
	}
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.subs {
		for {
			old := s.cleared.Load()
			if old >= through || s.cleared.CompareAndSwap(old, through) {
				break
			}
		}
		select {
		case s.clearedSignal <- struct{}{}:
		default:
		}
	}
}

// Close ends every stream and refuses new ones; a server closes its hub
// when it closes. Close is idempotent.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for s := range h.subs {
		close(s.done)
	}
	h.subs = nil
	h.active.Store(0)
}

// subscribe opens a stream's subscription, or returns nil once the hub is
// closed. The caller must call unsubscribe.
func (h *Hub) subscribe() *subscription {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	s := &subscription{c: make(chan Request, streamBuffer), clearedSignal: make(chan struct{}, 1), done: make(chan struct{})}
	if h.subs == nil {
		h.subs = make(map[*subscription]struct{})
	}
	h.subs[s] = struct{}{}
	h.active.Add(1)
	return s
}

// unsubscribe closes s's subscription.
func (h *Hub) unsubscribe(s *subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		h.active.Add(-1)
	}
}
