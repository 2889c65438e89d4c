package pretendotest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/pretendotest"
)

// errorsTB records Errorf calls instead of failing the real test.
type errorsTB struct {
	testing.TB
	errors []string
}

func (e *errorsTB) Helper() {}
func (e *errorsTB) Errorf(format string, args ...any) {
	e.errors = append(e.errors, fmt.Sprintf(format, args...))
}

// journalServer serves todoSpec and sends it a fixed list of requests.
func journalServer(t *testing.T, opts ...pretendo.Option) *pretendo.Server {
	t.Helper()
	spec, err := pretendo.ParseSpec([]byte(todoSpec))
	require.NoError(t, err)
	srv := pretendotest.New(t, spec, opts...)
	for _, r := range []struct{ method, target, body string }{
		{"POST", "/todos", `{"title":"one"}`},
		{"GET", "/todos/1", ""},
		{"GET", "/todos?title=one&page=1", ""},
		{"DELETE", "/todos/9", ""},
		{"GET", "/t%C3%B6d%C3%B6s", ""},
		{"POST", "/todos", `{"title":"two"}`},
	} {
		var req *http.Request
		if r.body != "" {
			req = httptest.NewRequest(r.method, r.target, strings.NewReader(r.body))
		} else {
			req = httptest.NewRequest(r.method, r.target, nil)
		}
		srv.ServeHTTP(httptest.NewRecorder(), req)
	}
	return srv
}

func TestAssertions(t *testing.T) {
	t.Parallel()
	srv := journalServer(t)
	tests := []struct {
		name   string
		check  func(tb testing.TB) bool
		pass   bool
		output []string // substrings of the failure, in order
	}{
		{name: "called", check: func(tb testing.TB) bool { return pretendotest.AssertCalled(tb, srv, "POST", "/todos") }, pass: true},
		{name: "lower-case method", check: func(tb testing.TB) bool { return pretendotest.AssertCalled(tb, srv, "get", "/todos/1") }, pass: true},
		{name: "colon parameter", check: func(tb testing.TB) bool { return pretendotest.AssertCalled(tb, srv, "DELETE", "/todos/:id") }, pass: true},
		{name: "brace parameter", check: func(tb testing.TB) bool { return pretendotest.AssertCalledTimes(tb, srv, "GET", "/todos/{id}", 1) }, pass: true},
		{name: "star segment", check: func(tb testing.TB) bool { return pretendotest.AssertCalledTimes(tb, srv, "*", "/todos/*", 2) }, pass: true},
		{name: "query subset", check: func(tb testing.TB) bool { return pretendotest.AssertCalled(tb, srv, "GET", "/todos?title=one") }, pass: true},
		{name: "unicode path", check: func(tb testing.TB) bool { return pretendotest.AssertCalled(tb, srv, "GET", "/tödös") }, pass: true},
		{name: "times", check: func(tb testing.TB) bool { return pretendotest.AssertCalledTimes(tb, srv, "POST", "/todos", 2) }, pass: true},
		{name: "not called", check: func(tb testing.TB) bool { return pretendotest.AssertNotCalled(tb, srv, "PUT", "/todos/:id") }, pass: true},
		{name: "zero times", check: func(tb testing.TB) bool { return pretendotest.AssertCalledTimes(tb, srv, "PATCH", "/todos/1", 0) }, pass: true},

		{name: "wrong method", check: func(tb testing.TB) bool { return pretendotest.AssertCalled(tb, srv, "PUT", "/todos/1") }, output: []string{
			"pretendotest: want PUT /todos/1 called, but it was not",
			"6 requests recorded; the nearest:",
			"GET /todos/1 -> 200", "(method differs)",
			"DELETE /todos/9 -> 404", "(method differs, path differs)",
		}},
		{name: "near path", check: func(tb testing.TB) bool { return pretendotest.AssertCalled(tb, srv, "POST", "/todo") }, output: []string{
			"want POST /todo called, but it was not",
			"POST /todos -> 201", "(path differs)",
		}},
		{name: "query missing", check: func(tb testing.TB) bool { return pretendotest.AssertCalled(tb, srv, "GET", "/todos?title=two") }, output: []string{
			"GET /todos?title=one&page=1 -> 200", "(query differs)",
		}},
		{name: "too few", check: func(tb testing.TB) bool { return pretendotest.AssertCalledTimes(tb, srv, "POST", "/todos", 3) }, output: []string{
			"want POST /todos called 3 times, got 2 times",
			"matching:", "POST /todos -> 201", "POST /todos -> 201",
			"the nearest:",
		}},
		{name: "too many", check: func(tb testing.TB) bool { return pretendotest.AssertCalledTimes(tb, srv, "GET", "/todos/1", 0) }, output: []string{
			"want GET /todos/1 called 0 times, got once", "matching:", "GET /todos/1 -> 200",
		}},
		{name: "called after all", check: func(tb testing.TB) bool { return pretendotest.AssertNotCalled(tb, srv, "*", "/todos") }, output: []string{
			"want any method /todos not called, but it was called 3 times:",
			"POST /todos -> 201", "GET /todos?title=one&page=1 -> 200", "POST /todos -> 201",
		}},
		{name: "empty method", check: func(tb testing.TB) bool { return pretendotest.AssertCalled(tb, srv, "", "/todos") }, output: []string{"empty method"}},
		{name: "relative path", check: func(tb testing.TB) bool { return pretendotest.AssertNotCalled(tb, srv, "GET", "todos") }, output: []string{`must start with "/"`}},
		{name: "bad query", check: func(tb testing.TB) bool { return pretendotest.AssertNotCalled(tb, srv, "GET", "/todos?%zz") }, output: []string{"bad query"}},
		{name: "huge path", check: func(tb testing.TB) bool {
			return pretendotest.AssertCalled(tb, srv, "GET", "/"+strings.Repeat("x", 100000))
		}, output: []string{"the nearest:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ft := &errorsTB{TB: t}
			got := tt.check(ft)
			assert.Equal(t, tt.pass, got)
			if tt.pass {
				assert.Empty(t, ft.errors)
				return
			}
			require.Len(t, ft.errors, 1)
			out := ft.errors[0]
			at := 0
			for _, want := range tt.output {
				i := strings.Index(out[at:], want)
				if !assert.GreaterOrEqual(t, i, 0, "%q after offset %d of:\n%s", want, at, out) {
					return
				}
				at += i + len(want)
			}
		})
	}
}

func TestAssertionFailureText(t *testing.T) {
	t.Parallel()
	srv := journalServer(t)
	ft := &errorsTB{TB: t}
	pretendotest.AssertCalled(ft, srv, "PATCH", "/todos/1")
	require.Len(t, ft.errors, 1)
	assert.Equal(t, `pretendotest: want PATCH /todos/1 called, but it was not
  6 requests recorded; the nearest:
    GET /todos/1 -> 200                      (method differs)
    DELETE /todos/9 -> 404                   (method differs, path differs)
    POST /todos -> 201                       (method differs, path differs)
    GET /todos?title=one&page=1 -> 200       (method differs, path differs)
    POST /todos -> 201                       (method differs, path differs)
    ... and 1 more`, ft.errors[0])
}

func TestAssertionsNeedTheJournal(t *testing.T) {
	t.Parallel()
	srv := journalServer(t, pretendo.WithJournal(0))
	for name, check := range map[string]func(tb testing.TB) bool{
		"called":     func(tb testing.TB) bool { return pretendotest.AssertCalled(tb, srv, "POST", "/todos") },
		"not called": func(tb testing.TB) bool { return pretendotest.AssertNotCalled(tb, srv, "PUT", "/todos") },
		"times":      func(tb testing.TB) bool { return pretendotest.AssertCalledTimes(tb, srv, "PUT", "/todos", 0) },
	} {
		t.Run(name, func(t *testing.T) {
			ft := &errorsTB{TB: t}
			assert.False(t, check(ft), "no assertion passes for want of a journal")
			require.Len(t, ft.errors, 1)
			assert.Contains(t, ft.errors[0], "journal is off")
		})
	}
	assert.Empty(t, pretendotest.Calls(srv, "*", "/todos"))
}

func TestNothingRecorded(t *testing.T) {
	t.Parallel()
	spec, err := pretendo.ParseSpec([]byte(todoSpec))
	require.NoError(t, err)
	srv := pretendotest.New(t, spec)
	ft := &errorsTB{TB: t}
	assert.False(t, pretendotest.AssertCalled(ft, srv, "GET", "/todos"))
	require.Len(t, ft.errors, 1)
	assert.Equal(t, "pretendotest: want GET /todos called, but it was not\n  no requests were recorded", ft.errors[0])
}

func TestCalls(t *testing.T) {
	t.Parallel()
	srv := journalServer(t)
	posts := pretendotest.Calls(srv, "POST", "/todos")
	require.Len(t, posts, 2)
	assert.JSONEq(t, `{"title":"one"}`, string(posts[0].Body))
	assert.JSONEq(t, `{"title":"two"}`, string(posts[1].Body))
	assert.Equal(t, http.StatusCreated, posts[1].Status)
	assert.Empty(t, pretendotest.Calls(srv, "GET", "bad pattern"))
	assert.Len(t, pretendotest.Calls(srv, "*", "/*"), 4)
	assert.Len(t, pretendotest.Calls(srv, "*", "/*/*"), 2)
}

// Look at the requests a client under test sent, with their bodies.
func ExampleCalls() {
	spec, _ := pretendo.ParseSpec([]byte(todoSpec))
	srv := pretendo.New(spec)
	defer srv.Close()

	// The client under test would send this over the network.
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/todos", strings.NewReader(`{"title":"buy milk"}`)))

	for _, r := range pretendotest.Calls(srv, "POST", "/todos") {
		fmt.Println(r.Status, string(r.Body))
	}
	// In a test: pretendotest.AssertCalledTimes(t, srv, "POST", "/todos", 1)
	// Output: 201 {"title":"buy milk"}
}
