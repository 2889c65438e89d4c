package pretendo_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// requestIDs returns the id of each request of a journal list body.
func requestIDs(t *testing.T, body map[string]any) []any {
	t.Helper()
	return pluck(list(t, body), "id")
}

// journalTraffic sends a known set of requests and returns their ids in
// the order sent: POST /users (201), GET /users/1 (200), GET /users/999
// (404), PATCH /users/1 (200), GET /users?name=Ada (200).
func journalTraffic(t *testing.T, base string) {
	t.Helper()
	for _, c := range []struct {
		method, path string
		body         any
		status       int
	}{
		{http.MethodPost, "/users", `{"name":"Ada"}`, http.StatusCreated},
		{http.MethodGet, "/users/1", nil, http.StatusOK},
		{http.MethodGet, "/users/999", nil, http.StatusNotFound},
		{http.MethodPatch, "/users/1", `{"name":"Grace"}`, http.StatusOK},
		{http.MethodGet, "/users?name=Grace", nil, http.StatusOK},
	} {
		status, _, body := do(t, c.method, base+c.path, c.body)
		require.Equal(t, c.status, status, "%s %s: %v", c.method, c.path, body)
	}
}

func TestJournalOverHTTP(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, parseSpec(t, journalSpec), pretendo.WithClock(stepClock(t0)))
	journalTraffic(t, base)

	all := get(t, base+"/admin/requests")
	assert.Equal(t, nums(5, 4, 3, 2, 1), requestIDs(t, all), "newest first")
	assert.Equal(t, map[string]any{"total": float64(5)}, all["meta"])
	post := list(t, all)[4]
	assert.Equal(t, "POST", post["method"])
	assert.Equal(t, "/users", post["path"])
	assert.Equal(t, `{"name":"Ada"}`, post["body"], "the request body as recorded")
	assert.Equal(t, false, post["bodyTruncated"])
	assert.Equal(t, float64(201), post["status"])
	assert.Equal(t, srv.Requests()[0].Time.Format(time.RFC3339Nano), post["time"], "by the server's clock")
	assert.Equal(t, []any{"application/json"}, post["headers"].(map[string]any)["Content-Type"])
	assert.JSONEq(t, `{"data":{"id":1,"name":"Ada"}}`, post["responseBody"].(string), "the answer's body")
	assert.IsType(t, float64(0), post["durationMs"])

	for _, c := range []struct {
		name, query string
		want        []any
	}{
		{"method", "method=get", nums(5, 3, 2)},
		{"method list", "method=PATCH,POST", nums(4, 1)},
		{"methods repeated", "method=PATCH&method=POST", nums(4, 1)},
		{"any method", "method=*", nums(5, 4, 3, 2, 1)},
		{"path", "path=/users", nums(5, 1)},
		{"path wildcard", "path=/users/*", nums(4, 3, 2)},
		{"path glob in a segment", "path=/us*", nums(5, 1)},
		{"path parameter", "path=/users/:id", nums(4, 3, 2)},
		{"path deep", "path=/**", nums(5, 4, 3, 2, 1)},
		{"path with query", "path=/users?name=Grace", nums(5)},
		{"paths repeated", "path=/users/999&path=/users?name=Grace", nums(5, 3)},
		{"status", "status=404", nums(3)},
		{"status class", "status=2xx", nums(5, 4, 2, 1)},
		{"status list", "status=201,404", nums(3, 1)},
		{"since", "since=" + url.QueryEscape(list(t, all)[2]["time"].(string)), nums(5, 4, 3)},
		{"limit", "limit=2", nums(5, 4)},
		{"everything", "method=GET&path=/users/*&status=2xx&limit=5", nums(2)},
		{"none", "method=DELETE", []any{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := get(t, base+"/admin/requests?"+c.query)
			assert.Equal(t, c.want, requestIDs(t, body))
			if !strings.Contains(c.query, "limit") {
				count := get(t, base+"/admin/requests/count?"+c.query)
				assert.Equal(t, map[string]any{"count": float64(len(c.want))}, count["data"])
			}
		})
	}
	t.Run("limit keeps the total", func(t *testing.T) {
		body := get(t, base+"/admin/requests?limit=1&method=GET")
		assert.Equal(t, map[string]any{"total": float64(3)}, body["meta"])
	})

	t.Run("one by id", func(t *testing.T) {
		body := get(t, base+"/admin/requests/4")
		one := data(t, body)
		assert.Equal(t, "PATCH", one["method"])
		assert.Equal(t, `{"name":"Grace"}`, one["body"])
		status, _, body := do(t, http.MethodGet, base+"/admin/requests/9999", nil)
		assert.Equal(t, http.StatusNotFound, status)
		assert.Equal(t, "RECORD_NOT_FOUND", errCode(body))
	})

	t.Run("admin requests are left out unless asked for", func(t *testing.T) {
		adminOnes := get(t, base+"/admin/requests?admin=true&path=/admin/**")
		assert.NotEmpty(t, list(t, adminOnes), "the admin API's own requests are recorded")
		req, err := http.NewRequest(http.MethodGet, base+"/users/1", nil)
		require.NoError(t, err)
		req.Header.Set("X-Pretendo-Dashboard", "1")
		status, _, _ := send(t, req)
		require.Equal(t, http.StatusOK, status)
		assert.Equal(t, nums(5, 4, 3, 2, 1), requestIDs(t, get(t, base+"/admin/requests")), "nor the dashboard's")
		assert.Equal(t, float64(5), data(t, get(t, base+"/admin/requests/count"))["count"])
		withAdmin := get(t, base+"/admin/requests/count?admin=true")
		assert.Greater(t, data(t, withAdmin)["count"], float64(6))
		assert.Len(t, srv.Requests(), int(data(t, withAdmin)["count"].(float64))+1, "the Go journal has them all (and the count request)")
	})

	t.Run("delete", func(t *testing.T) {
		status, _, _ := do(t, http.MethodDelete, base+"/admin/requests", nil)
		require.Equal(t, http.StatusNoContent, status)
		assert.Equal(t, float64(0), data(t, get(t, base+"/admin/requests/count"))["count"])
		do(t, http.MethodGet, base+"/users", nil)
		body := get(t, base+"/admin/requests")
		require.Len(t, list(t, body), 1)
		assert.Greater(t, list(t, body)[0]["id"], float64(5), "ids go on after a clear")
		assert.Len(t, srv.Requests(), 4, "the clear, the count, the GET and the list: the Go journal was emptied too")
	})
}

func TestJournalOverHTTPBodies(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, journalSpec+"options: { maxBodyBytes: 200000, maxPageSize: 1000 }\n")
	_, base := serve(t, spec)

	big := `{"name":"` + strings.Repeat("x", 100_000) + `"}`
	status, _, _ := do(t, http.MethodPost, base+"/users", big)
	require.Equal(t, http.StatusCreated, status)
	status, _, _ = do(t, http.MethodPost, base+"/hooks/bin", "\xff\xfe\x00binary")
	require.Equal(t, http.StatusAccepted, status)
	status, _, _ = do(t, http.MethodGet, base+"/users", nil)
	require.Equal(t, http.StatusOK, status)

	recs := list(t, get(t, base+"/admin/requests"))
	require.Len(t, recs, 3)
	getUsers, binary, post := recs[0], recs[1], recs[2]
	assert.Len(t, post["body"], pretendo.MaxJournalBody, "bodies are bounded as in Go")
	assert.Equal(t, true, post["bodyTruncated"])
	assert.Equal(t, nil, binary["body"], "a body that is not text")
	assert.Equal(t, "//4AYmluYXJ5", binary["bodyBase64"], "comes in base64")
	assert.Len(t, getUsers["responseBody"], pretendo.MaxJournalBody, "answers are bounded too")
	assert.Equal(t, true, getUsers["responseBodyTruncated"])
	assert.Equal(t, `{"queued":"bin"}`, binary["responseBody"])
}

func TestJournalOverHTTPBadInput(t *testing.T) {
	t.Parallel()
	_, base := serve(t, parseSpec(t, journalSpec))
	journalTraffic(t, base)
	long := strings.Repeat("a", 3000)
	for _, c := range []struct {
		name, method, path string
		status             int
		code, param        string
	}{
		{"unknown parameter", "GET", "/admin/requests?nope=1", 400, "INVALID_QUERY", "nope"},
		{"resource query on the journal", "GET", "/admin/requests?sortBy=id", 400, "INVALID_QUERY", "sortBy"},
		{"limit zero", "GET", "/admin/requests?limit=0", 400, "INVALID_QUERY", "limit"},
		{"limit negative", "GET", "/admin/requests?limit=-1", 400, "INVALID_QUERY", "limit"},
		{"limit text", "GET", "/admin/requests?limit=ten", 400, "INVALID_QUERY", "limit"},
		{"limit huge", "GET", "/admin/requests?limit=99999999999999999999999", 400, "INVALID_QUERY", "limit"},
		{"limit twice", "GET", "/admin/requests?limit=1&limit=2", 400, "INVALID_QUERY", "limit"},
		{"limit on count", "GET", "/admin/requests/count?limit=1", 400, "INVALID_QUERY", "limit"},
		{"status out of range", "GET", "/admin/requests?status=99", 400, "INVALID_QUERY", "status"},
		{"status class out of range", "GET", "/admin/requests?status=6xx", 400, "INVALID_QUERY", "status"},
		{"status text", "GET", "/admin/requests?status=ok", 400, "INVALID_QUERY", "status"},
		{"since not a time", "GET", "/admin/requests?since=yesterday", 400, "INVALID_QUERY", "since"},
		{"since twice", "GET", "/admin/requests?since=2024-01-01T00:00:00Z&since=2024-01-01T00:00:00Z", 400, "INVALID_QUERY", "since"},
		{"method with a space", "GET", "/admin/requests?method=G%20T", 400, "INVALID_QUERY", "method"},
		{"method with a NUL", "GET", "/admin/requests/count?method=%00", 400, "INVALID_QUERY", "method"},
		{"relative path", "GET", "/admin/requests?path=users", 400, "INVALID_QUERY", "path"},
		{"path too long", "GET", "/admin/requests?path=/" + long, 400, "INVALID_QUERY", "path"},
		{"too many deep segments", "GET", "/admin/requests?path=/**/**/**/**/**", 400, "INVALID_QUERY", "path"},
		{"too many values", "GET", "/admin/requests?status=" + strings.Repeat("200,", 100), 400, "INVALID_QUERY", "status"},
		{"admin not a bool", "GET", "/admin/requests?admin=maybe", 400, "INVALID_QUERY", "admin"},
		{"bad query text", "GET", "/admin/requests?path=%zz", 400, "INVALID_QUERY", "path"},
		{"delete with filters", "DELETE", "/admin/requests?method=GET", 400, "INVALID_QUERY", "method"},
		{"id with a query", "GET", "/admin/requests/1?x=1", 400, "INVALID_QUERY", "x"},
		{"id zero", "GET", "/admin/requests/0", 400, "INVALID_QUERY", "id"},
		{"id too big", "GET", "/admin/requests/99999999999999999999999", 400, "INVALID_QUERY", "id"},
		{"id not a number", "GET", "/admin/requests/abc", 404, "ROUTE_NOT_FOUND", ""},
		{"below the count", "GET", "/admin/requests/count/x", 404, "ROUTE_NOT_FOUND", ""},
		{"post to the list", "POST", "/admin/requests", 405, "METHOD_NOT_ALLOWED", ""},
		{"delete the count", "DELETE", "/admin/requests/count", 405, "METHOD_NOT_ALLOWED", ""},
		{"delete one", "DELETE", "/admin/requests/1", 405, "METHOD_NOT_ALLOWED", ""},
		{"post to the stream", "POST", "/admin/requests/stream", 405, "METHOD_NOT_ALLOWED", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, h, body := do(t, c.method, base+c.path, nil)
			assert.Equal(t, c.status, status, "%v", body)
			assert.Equal(t, c.code, errCode(body))
			if c.param != "" {
				assert.Contains(t, errMessage(body), strconv.Quote(c.param))
			}
			if status == http.StatusMethodNotAllowed {
				assert.NotEmpty(t, h.Get("Allow"))
			}
			assert.Less(t, len(errMessage(body)), 300, "the message does not echo the input")
		})
	}
	t.Run("allow", func(t *testing.T) {
		status, h, _ := do(t, http.MethodOptions, base+"/admin/requests", nil)
		assert.Equal(t, http.StatusNoContent, status)
		assert.Equal(t, "GET, HEAD, DELETE, OPTIONS", h.Get("Allow"))
		status, h, _ = do(t, http.MethodHead, base+"/admin/requests/count", nil)
		assert.Equal(t, http.StatusOK, status)
		assert.NotEmpty(t, h.Get("Content-Length"))
	})
	t.Run("nothing was lost", func(t *testing.T) {
		assert.Len(t, list(t, get(t, base+"/admin/requests?method=GET,POST,PATCH&path=/users/**")), 5)
	})
}

func TestJournalOverHTTPAdminToken(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, journalSpec+"options: { admin: { path: /_admin/v1, token: s3cret } }\n")
	_, base := serve(t, spec)
	journalTraffic(t, base)
	for _, c := range []struct {
		name, auth string
		status     int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"wrong token", "Bearer nope", http.StatusUnauthorized},
		{"a token of 10 KB", "Bearer " + strings.Repeat("t", 10<<10), http.StatusUnauthorized},
		{"basic scheme", "Basic s3cret", http.StatusUnauthorized},
		{"right token", "Bearer s3cret", http.StatusOK},
		{"scheme in any case", "bEARER s3cret", http.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, p := range []string{"/requests", "/requests/count", "/requests/1"} {
				req, err := http.NewRequest(http.MethodGet, base+"/_admin/v1"+p, nil)
				require.NoError(t, err)
				if c.auth != "" {
					req.Header.Set("Authorization", c.auth)
				}
				status, h, body := send(t, req)
				assert.Equal(t, c.status, status, "%s: %v", p, body)
				if status == http.StatusUnauthorized {
					assert.Equal(t, "UNAUTHORIZED", errCode(body))
					assert.NotEmpty(t, h.Get("WWW-Authenticate"))
				}
			}
		})
	}
	t.Run("delete needs the token", func(t *testing.T) {
		status, _, _ := do(t, http.MethodDelete, base+"/_admin/v1/requests", nil)
		assert.Equal(t, http.StatusUnauthorized, status)
		req, err := http.NewRequest(http.MethodGet, base+"/_admin/v1/requests/count?path=/users/**", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer s3cret")
		_, _, body := send(t, req)
		assert.Equal(t, float64(5), data(t, body)["count"], "nothing was cleared")
	})
	t.Run("the old path is a plain route", func(t *testing.T) {
		status, _, body := do(t, http.MethodGet, base+"/admin/requests", nil)
		assert.Equal(t, http.StatusNotFound, status)
		assert.Equal(t, "RESOURCE_NOT_FOUND", errCode(body))
	})
}

func TestJournalOverHTTPOff(t *testing.T) {
	t.Parallel()
	_, base := serve(t, parseSpec(t, journalSpec), pretendo.WithJournal(0))
	for _, p := range []string{"/admin/requests", "/admin/requests/count", "/admin/requests/stream", "/admin/requests/1"} {
		status, _, body := do(t, http.MethodGet, base+p, nil)
		assert.Equal(t, http.StatusNotFound, status, p)
		assert.Equal(t, "ROUTE_NOT_FOUND", errCode(body), p)
		assert.Contains(t, errMessage(body), "journal is off", p)
	}
}

// sseEvent is one server-sent event.
type sseEvent struct{ id, event, data string }

// openStream opens the journal stream at url and returns its events as
// they come; the stream is closed when the test ends.
func openStream(t *testing.T, url string, header http.Header) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	require.NoError(t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "text/event-stream; charset=utf-8", resp.Header.Get("Content-Type"))
	events := make(chan sseEvent, 1000)
	done := make(chan struct{})
	t.Cleanup(func() {
		cancel()
		resp.Body.Close()
		<-done
	})
	go func() {
		defer close(done)
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.event != "" {
					events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				ev.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				ev.event = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[6:]
			}
		}
	}()
	return events
}

// next returns the next event, failing the test if none comes in time.
func next(t *testing.T, events <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-events:
		require.True(t, ok, "the stream ended")
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
		return sseEvent{}
	}
}

func TestJournalStream(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, parseSpec(t, journalSpec))
	do(t, http.MethodGet, base+"/users", nil)
	do(t, http.MethodGet, base+"/users/7", nil)

	live := openStream(t, base+"/admin/requests/stream", nil)
	replay := openStream(t, base+"/admin/requests/stream?limit=1&method=GET", nil)
	ev := next(t, replay)
	assert.Equal(t, sseEvent{"2", "request", ev.data}, ev, "the newest recorded first")
	assert.Contains(t, ev.data, `"path":"/users/7"`)

	journalTraffic(t, base)
	for i, want := range []string{`"method":"POST","path":"/users"`, `"path":"/users/1"`, `"path":"/users/999"`, `"method":"PATCH"`, `"query":"name=Grace"`} {
		ev := next(t, live)
		assert.Equal(t, "request", ev.event)
		assert.Equal(t, strconv.Itoa(i+5), ev.id, "in order, without the admin requests (the two streams took ids 3 and 4)")
		assert.Contains(t, ev.data, want)
		assert.NotContains(t, ev.data, `"headers"`, "a summary only")
	}
	for _, want := range []string{"6", "7", "9"} {
		assert.Equal(t, want, next(t, replay).id, "filtered: GET only")
	}

	t.Run("resume", func(t *testing.T) {
		resumed := openStream(t, base+"/admin/requests/stream?status=2xx", http.Header{"Last-Event-ID": {"6"}})
		assert.Equal(t, "8", next(t, resumed).id, "what came since, filtered")
		assert.Equal(t, "9", next(t, resumed).id)
	})

	t.Run("cleared", func(t *testing.T) {
		status, _, _ := do(t, http.MethodDelete, base+"/admin/requests", nil)
		require.Equal(t, http.StatusNoContent, status)
		ev := next(t, live)
		assert.Equal(t, "cleared", ev.event)
		del := srv.Requests()[0]
		require.Equal(t, "DELETE /admin/requests -> 204", del.String())
		assert.JSONEq(t, `{"through":`+fmt.Sprint(del.ID-1)+`}`, ev.data, "every request before the DELETE")
	})

	t.Run("ends when the server closes", func(t *testing.T) {
		require.NoError(t, srv.Close())
		for range live {
		}
	})
}

func TestJournalStreamIgnoresABadLastEventID(t *testing.T) {
	t.Parallel()
	_, base := serve(t, parseSpec(t, journalSpec))
	events := openStream(t, base+"/admin/requests/stream", http.Header{"Last-Event-ID": {"nope"}})
	do(t, http.MethodGet, base+"/users", nil)
	assert.Equal(t, "2", next(t, events).id, "the stream itself is 1")
}
