package journalapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Timing of a stream.
const (
	// pingEvery is how often an idle stream sends a comment, so that the
	// client and any proxy between see it alive, and a client that left
	// is noticed.
	pingEvery = 15 * time.Second
	// writeWithin bounds each write to the client; the server's own write
	// timeout would otherwise end every stream after it.
	writeWithin = 30 * time.Second
	// batchMax is how many requests one write takes at most.
	batchMax = 512
)

// stopKey is the context key of WithStop.
type stopKey struct{}

// WithStop returns ctx carrying stop: a stream serving a request of that
// context ends when stop is closed. A command that shuts its http.Server
// down gracefully closes stop on shutdown (http.Server.RegisterOnShutdown),
// since Shutdown waits for requests in flight and a stream never ends by
// itself.
func WithStop(ctx context.Context, stop <-chan struct{}) context.Context {
	return context.WithValue(ctx, stopKey{}, stop)
}

// Stream answers GET {admin}/requests/stream with server-sent events: an
// event "request" for each request the filter selects as it is recorded
// (its summary: id, method, path, query, status, time, durationMs; the
// id is the event's id), "dropped" with {"count":N} when the client fell
// behind and N requests were left out, and "cleared" with {"through":ID}
// when the journal forgot the requests up to ID. With limit=N it first
// sends the newest N recorded requests; a client that reconnects with
// Last-Event-ID gets the ones recorded since that id. The stream ends
// when the client leaves, the server closes, or the stop of WithStop is
// closed.
func (h *Handler) Stream(w http.ResponseWriter, r *http.Request) {
	f, err := ParseFilter(r.URL.RawQuery, true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// A Last-Event-ID this stream never sent starts it afresh.
	after, _ := strconv.ParseUint(r.Header.Get("Last-Event-ID"), 10, 64)
	hub := h.hub
	sub := hub.subscribe()
	if sub == nil {
		// The server is closing: the stream ends at once, and the
		// client's retry finds it closed.
		w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		return
	}
	defer hub.unsubscribe(sub)

	// Subscribed first, read second: a request recorded in between is in
	// both, and the stream skips what it already sent.
	match := h.matcher(&f)
	var replay []Request
	switch {
	case after > 0:
		replay, _ = h.journal.Find(func(q *Request) bool { return q.ID > after && match(q) }, 0)
	case f.Limit > 0:
		replay, _ = h.journal.Find(match, f.Limit)
	}
	sent := after
	var buf []byte
	for i := len(replay) - 1; i >= 0; i-- {
		buf = appendRequestEvent(buf, &replay[i])
		sent = max(sent, replay[i].ID)
	}

	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// Tell the client to retry after a second if the stream breaks.
	buf = append([]byte("retry: 1000\n\n"), buf...)

	rc := http.NewResponseController(w)
	stop, _ := r.Context().Value(stopKey{}).(<-chan struct{})
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	var cleared uint64
	for {
		if cl := sub.cleared.Load(); cl > cleared {
			cleared = cl
			buf = appendEvent(buf, "cleared", "", map[string]uint64{"through": cl})
		}
		if d := sub.dropped.Swap(0); d > 0 {
			buf = appendEvent(buf, "dropped", "", map[string]uint64{"count": d})
		}
		if len(buf) > 0 {
			_ = rc.SetWriteDeadline(time.Now().Add(writeWithin))
			if _, err := w.Write(buf); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
			buf = buf[:0]
		}
		select {
		case q := <-sub.c:
			// Take what is waiting too, up to a batch, in one write.
			buf, sent = appendMatch(buf, sent, &q, match)
			for n := 1; n < batchMax; n++ {
				select {
				case q = <-sub.c:
					buf, sent = appendMatch(buf, sent, &q, match)
					continue
				default:
				}
				break
			}
		case <-sub.clearedSignal:
		case <-ping.C:
			buf = append(buf, ": ping\n\n"...)
		case <-r.Context().Done():
			return
		case <-sub.done:
			return
		case <-stop:
			return
		}
	}
}

// appendMatch appends the event of q when it is newer than sent and
// matches, and returns the id sent last.
func appendMatch(buf []byte, sent uint64, q *Request, match func(*Request) bool) ([]byte, uint64) {
	if q.ID <= sent || !match(q) {
		return buf, sent
	}
	return appendRequestEvent(buf, q), q.ID
}

// appendRequestEvent appends the event of one request.
func appendRequestEvent(buf []byte, q *Request) []byte {
	return appendEvent(buf, "request", strconv.FormatUint(q.ID, 10), toSummary(q))
}

// appendEvent appends one server-sent event. Its data is one line of JSON,
// which escapes every line break.
func appendEvent(buf []byte, event, id string, data any) []byte {
	text, err := json.Marshal(data)
	if err != nil {
		return buf // plain data: cannot happen
	}
	if id != "" {
		buf = append(buf, "id: "...)
		buf = append(buf, id...)
		buf = append(buf, '\n')
	}
	buf = append(buf, "event: "...)
	buf = append(buf, event...)
	buf = append(buf, "\ndata: "...)
	buf = append(buf, text...)
	return append(buf, "\n\n"...)
}
