package journalapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/internal/reply"
)

// requestJSON is the JSON form of a recorded request. A body that is
// UTF-8 text is a string in body; any other body is null there and comes
// in bodyBase64 instead. So for the answer's body.
type requestJSON struct {
	ID                    uint64      `json:"id"`
	Method                string      `json:"method"`
	Path                  string      `json:"path"`
	Query                 string      `json:"query"`
	Headers               http.Header `json:"headers"`
	Body                  *string     `json:"body"`
	BodyBase64            string      `json:"bodyBase64,omitempty"`
	BodyTruncated         bool        `json:"bodyTruncated"`
	Status                int         `json:"status"`
	Time                  string      `json:"time"`
	DurationMS            float64     `json:"durationMs"`
	ResponseBody          *string     `json:"responseBody"`
	ResponseBodyBase64    string      `json:"responseBodyBase64,omitempty"`
	ResponseBodyTruncated bool        `json:"responseBodyTruncated"`
}

// summaryJSON is what a stream sends of each request: no headers, no bodies.
type summaryJSON struct {
	ID         uint64  `json:"id"`
	Method     string  `json:"method"`
	Path       string  `json:"path"`
	Query      string  `json:"query"`
	Status     int     `json:"status"`
	Time       string  `json:"time"`
	DurationMS float64 `json:"durationMs"`
}

// timeFormat writes instants in UTC to the nanosecond, so that a time read
// from an answer given back as since selects that request again.
const timeFormat = time.RFC3339Nano

func toJSON(r *Request) requestJSON {
	out := requestJSON{
		ID: r.ID, Method: r.Method, Path: r.Path, Query: r.Query, Headers: r.Header,
		BodyTruncated: r.BodyTruncated, Status: r.Status, Time: r.Time.UTC().Format(timeFormat),
		DurationMS: durationMS(r.Duration), ResponseBodyTruncated: r.ResponseBodyTruncated,
	}
	if out.Headers == nil {
		out.Headers = http.Header{}
	}
	out.Body, out.BodyBase64 = bodyJSON(r.Body)
	out.ResponseBody, out.ResponseBodyBase64 = bodyJSON(r.ResponseBody)
	return out
}

func toSummary(r *Request) summaryJSON {
	return summaryJSON{ID: r.ID, Method: r.Method, Path: r.Path, Query: r.Query, Status: r.Status,
		Time: r.Time.UTC().Format(timeFormat), DurationMS: durationMS(r.Duration)}
}

// bodyJSON returns b as text when it is UTF-8, else in base64.
func bodyJSON(b []byte) (*string, string) {
	if utf8.Valid(b) {
		s := string(b)
		return &s, ""
	}
	return nil, base64.StdEncoding.EncodeToString(b)
}

// durationMS is d in milliseconds, to the microsecond.
func durationMS(d time.Duration) float64 {
	return math.Round(float64(d)/float64(time.Microsecond)) / 1000
}

// writeJSON answers with v as JSON and status; a HEAD answer has no body.
func (h *Handler) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		h.fail(w, r, fmt.Errorf("journalapi: encoding the answer: %w", err))
		return
	}
	reply.Send(w, r, status, data)
}
