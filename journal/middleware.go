package journal

import (
	"io"
	"net/http"
	"time"
)

// Middleware records every request next answers. The body a handler reads
// is copied as it goes, up to MaxBody; what it leaves unread is read (up
// to the same bound) once it returns, so handlers see the body as the
// client sent it. A request is recorded just before its answer starts, so
// a client holding the answer always finds its request recorded. On a nil
// journal it returns next as is.
func (j *Journal) Middleware(next http.Handler) http.Handler {
	if j == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		jw := j.writers.Get().(*writer)
		*jw = writer{ResponseWriter: w, j: j, start: time.Now(), head: r.Method == http.MethodHead, e: entry{
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
		if jw.resp != nil {
			j.attach(jw.slot, jw.e.id, jw.resp, jw.respTruncated)
		}
		*jw = writer{}
		j.writers.Put(jw)
	})
}

// writer notes the status of a response on its way through, and records
// the request in the journal just before the response starts.
type writer struct {
	http.ResponseWriter
	j        *Journal
	e        entry
	tee      *teeBody
	start    time.Time
	recorded bool
	// head reports a HEAD request, whose answer has no body.
	head bool
	// slot is where the request went in the ring.
	slot int
	// resp copies the body of the answer, up to MaxBody.
	resp          []byte
	respTruncated bool
}

// record adds the request to the journal, with the body the handler read
// and, when it answers without reading it all, up to MaxBody more.
func (w *writer) record() {
	w.recorded = true
	if w.tee != nil {
		w.tee.finish()
		w.e.body, w.e.truncated = w.tee.buf, w.tee.truncated
	}
	w.e.duration = time.Since(w.start)
	w.slot = w.j.add(&w.e)
}

// started records the request as the response starts with status.
func (w *writer) started(status int) {
	if w.recorded {
		return
	}
	w.e.status = status
	w.record()
}

// WriteHeader records the request on a final status and passes it on.
func (w *writer) WriteHeader(status int) {
	if status >= 200 {
		w.started(status)
	}
	w.ResponseWriter.WriteHeader(status)
}

// Write records the request with an implicit 200 and passes p on.
func (w *writer) Write(p []byte) (int, error) {
	w.started(http.StatusOK)
	if !w.head {
		w.keepResponse(p)
	}
	return w.ResponseWriter.Write(p)
}

// keepResponse copies p, written to the answer, up to MaxBody in all.
func (w *writer) keepResponse(p []byte) {
	if room := MaxBody - len(w.resp); len(p) > room {
		p = p[:room]
		w.respTruncated = true
	}
	if len(p) > 0 {
		w.resp = append(w.resp, p...)
	}
}

// Flush sends buffered data to the client, when the writer beneath can.
func (w *writer) Flush() {
	w.started(http.StatusOK)
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap returns the writer beneath, for http.ResponseController.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// teeBody copies what is read from a request body, up to MaxBody.
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
	room := MaxBody - len(t.buf)
	if len(p) > room {
		p = p[:room]
		t.truncated = true
	}
	t.buf = append(t.buf, p...)
}

// finish reads what the handler left of the body, until the journal has
// MaxBody bytes and knows whether there was more.
func (t *teeBody) finish() {
	if t.done || t.truncated {
		return
	}
	// A read error (a body the handler closed, say) ends the copy.
	rest, _ := io.ReadAll(io.LimitReader(t.body, int64(MaxBody-len(t.buf)+1)))
	t.keep(rest)
}
