package pretendo_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/openapitest"
)

// blogPath is the spec most tests run against.
const blogPath = "testdata/blog.yml"

// blogSpec parses testdata/blog.yml afresh, so a test may change its copy.
func blogSpec(tb testing.TB) *pretendo.Spec {
	tb.Helper()
	data, err := os.ReadFile(blogPath)
	require.NoError(tb, err)
	spec, err := pretendo.ParseSpec(data)
	require.NoError(tb, err)
	return spec
}

// parseSpec parses a spec written in a test, failing the test if it is bad.
func parseSpec(tb testing.TB, src string) *pretendo.Spec {
	tb.Helper()
	spec, err := pretendo.ParseSpec([]byte(src))
	require.NoError(tb, err)
	return spec
}

// newServer serves the blog spec over a real network server. Both the
// server and the pretendo Server are closed when the test ends.
func newServer(t *testing.T, opts ...pretendo.Option) (*pretendo.Server, string) {
	t.Helper()
	return serve(t, blogSpec(t), opts...)
}

// serve serves spec over a real network server, closed when the test ends.
// Every request and answer that an operation of the server's OpenAPI
// document describes is validated against it (see package openapitest).
func serve(t *testing.T, spec *pretendo.Spec, opts ...pretendo.Option) (*pretendo.Server, string) {
	t.Helper()
	srv, err := pretendo.Open(spec, opts...)
	require.NoError(t, err)
	doc, err := srv.OpenAPI()
	require.NoError(t, err)
	ts := httptest.NewServer(openapitest.Load(t, doc).Validate(t, srv, openapitest.Options{}))
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	return srv, ts.URL
}

// stepClock returns a clock that starts at start and moves one second
// forward on every reading; it is safe for concurrent use.
func stepClock(start time.Time) func() time.Time {
	var n atomic.Int64
	return func() time.Time {
		return start.Add(time.Duration(n.Add(1)) * time.Second)
	}
}

// t0 is the start of the test clocks.
var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// reqBody turns a test's body argument into a reader: nil is no body,
// a string or []byte is sent as is, anything else as its JSON form.
func reqBody(tb testing.TB, body any) io.Reader {
	tb.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return strings.NewReader(b)
	case []byte:
		return bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(tb, err)
		return bytes.NewReader(data)
	}
}

// do sends one request and returns its status, headers and decoded JSON
// body (nil when the body is empty). It also checks what every response
// must satisfy: X-Powered-By, no 5xx, a JSON Content-Type unless 204, and
// the error shape for 4xx answers.
func do(t *testing.T, method, url string, body any) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, reqBody(t, body))
	require.NoError(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return send(t, req)
}

// send sends req and checks and decodes its answer as do does.
func send(t *testing.T, req *http.Request) (int, http.Header, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, checkResponse(t, req.Method, resp.StatusCode, resp.Header, raw)
}

// doUnavailable sends one request whose answer must be a 503 and returns
// its error body, checked as do checks the error shape of a 4xx answer.
func doUnavailable(t *testing.T, method, url string, body any) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, url, reqBody(t, body))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "%s %s: %s", method, url, raw)
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out), "body %q", raw)
	checkErrorShape(t, resp.StatusCode, out)
	return out
}

// serveRecorder sends req straight to h through a ResponseRecorder, with
// the same checks as do.
func serveRecorder(t *testing.T, h http.Handler, req *http.Request) (int, http.Header, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header(), checkResponse(t, req.Method, rec.Code, rec.Header(), rec.Body.Bytes())
}

// checkResponse asserts the invariants of every response and decodes its body.
func checkResponse(t *testing.T, method string, status int, h http.Header, raw []byte) map[string]any {
	t.Helper()
	assert.Equal(t, "Pretendo", h.Get("X-Powered-By"), "X-Powered-By of %s (%d)", method, status)
	assert.Less(t, status, 500, "status of %s: %s", method, raw)
	if status == http.StatusNoContent || method == http.MethodHead {
		assert.Empty(t, raw, "body of a %d answer to %s", status, method)
	}
	if status != http.StatusNoContent {
		assert.Equal(t, "application/json; charset=utf-8", h.Get("Content-Type"), "Content-Type of a %d answer", status)
	}
	if len(raw) == 0 {
		return nil
	}
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out), "body %q", raw)
	if status >= 400 {
		checkErrorShape(t, status, out)
	}
	return out
}

// checkErrorShape asserts that body is {status,message,code,details?}.
func checkErrorShape(t *testing.T, status int, body map[string]any) {
	t.Helper()
	assert.Equal(t, float64(status), body["status"], "error body %v", body)
	assert.NotEmpty(t, body["message"], "error body %v", body)
	assert.IsType(t, "", body["code"], "error body %v", body)
	for k := range body {
		assert.Contains(t, []string{"status", "message", "code", "details"}, k, "unexpected key in error body %v", body)
	}
	if d, ok := body["details"]; ok {
		list, ok := d.([]any)
		if assert.True(t, ok, "details is a list: %v", body) {
			for _, v := range list {
				m, ok := v.(map[string]any)
				if assert.True(t, ok, "detail is an object: %v", v) {
					assert.NotEmpty(t, m["field"], "detail field: %v", m)
					assert.NotEmpty(t, m["code"], "detail code: %v", m)
					assert.NotEmpty(t, m["message"], "detail message: %v", m)
				}
			}
		}
	}
}

// errCode returns the code of an error body.
func errCode(body map[string]any) string {
	s, _ := body["code"].(string)
	return s
}

// errMessage returns the message of an error body.
func errMessage(body map[string]any) string {
	s, _ := body["message"].(string)
	return s
}

// detailCodes returns field -> detail codes of an error body.
func detailCodes(body map[string]any) map[string][]string {
	out := make(map[string][]string)
	list, _ := body["details"].([]any)
	for _, v := range list {
		m, _ := v.(map[string]any)
		f, _ := m["field"].(string)
		c, _ := m["code"].(string)
		out[f] = append(out[f], c)
	}
	return out
}

// data returns the object under "data" of a body, failing the test if it
// is not one.
func data(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	m, ok := body["data"].(map[string]any)
	require.True(t, ok, "data is an object: %v", body)
	return m
}

// list returns the records under "data" of a list body.
func list(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	raw, ok := body["data"].([]any)
	require.True(t, ok, "data is a list: %v", body)
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		m, ok := v.(map[string]any)
		require.True(t, ok, "record %d is an object: %v", i, v)
		out[i] = m
	}
	return out
}

// pluck returns the values of field of each record, in order.
func pluck(recs []map[string]any, field string) []any {
	out := make([]any, len(recs))
	for i, r := range recs {
		out[i] = r[field]
	}
	return out
}

// pagination returns meta.pagination of a list body.
func pagination(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	meta, ok := body["meta"].(map[string]any)
	require.True(t, ok, "meta is an object: %v", body)
	p, ok := meta["pagination"].(map[string]any)
	require.True(t, ok, "meta.pagination is an object: %v", meta)
	return p
}

// nums is a shorthand for a list of JSON numbers.
func nums(vs ...float64) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// strs is a shorthand for a list of JSON strings.
func strs(vs ...string) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// get fetches url and requires a 200, returning the body.
func get(t *testing.T, url string) map[string]any {
	t.Helper()
	status, _, body := do(t, http.MethodGet, url, nil)
	require.Equal(t, http.StatusOK, status, "GET %s: %v", url, body)
	return body
}

// getStatus returns the status of GET url.
func getStatus(t *testing.T, url string) int {
	t.Helper()
	st, _, _ := do(t, http.MethodGet, url, nil)
	return st
}

// allIDs lists every record of resource (ids in order) through the API.
func allIDs(t *testing.T, base, resource string) []any {
	t.Helper()
	body := get(t, base+"/"+resource+"?perPage=50")
	return pluck(list(t, body), "id")
}
