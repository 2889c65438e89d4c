package pretendo_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// routesSpec has resources and custom routes that overlap them.
const routesSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: name, type: string }
data:
  users: [ { id: 1, name: Ada } ]
routes:
  - { path: /health, method: get, response: { ok: true } }
  - path: /users/:id/greeting
    method: get
    status: 202
    headers: { X-User: "user-{id}", Cache-Control: no-store }
    response:
      message: "Hello {id}!"
      nested: { list: ["{id}", "{:id}", "{unknown}", "{", 5, true, null] }
      "{id}": keys stay
  - { path: "/orders/{orderId}/items/{item}", method: post, status: 201, response: { order: "{orderId}", item: "{item}" } }
  - { path: /users/:id, method: get, response: { custom: "{id}" } }
  - { path: /things/:id, method: get, response: { kind: param } }
  - { path: /things/special, method: get, response: { kind: literal } }
  - { path: /empty, method: delete, status: 204 }
  - { path: /default, method: get }
  - { path: /héllo, method: get, response: { hi: "wörld" } }
  - { path: /a/b/c/d, method: put, response: { deep: true } }
  - { path: /scripted, method: get, type: javascript, code: "return {}" }
  - { path: /replaced, method: get, type: javascript, code: "return {}" }
`

func TestCustomRoutes(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	goReplaced := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = io.WriteString(w, `{"from":"go"}`)
	})
	_, base := serve(t, parseSpec(t, routesSpec), pretendo.WithLogger(logger), pretendo.WithRoute("GET", "/replaced", goReplaced))

	tests := []struct {
		name, method, path string
		send               string // the request body
		status             int
		body               map[string]any
		header             map[string]string
		code               string
	}{
		{name: "fixed", method: "GET", path: "/health", status: 200, body: map[string]any{"ok": true},
			header: map[string]string{"X-Powered-By": "Pretendo", "Access-Control-Allow-Origin": "*"}},
		{name: "placeholders", method: "GET", path: "/users/42/greeting", status: 202,
			body:   map[string]any{"message": "Hello 42!", "nested": map[string]any{"list": []any{"42", "42", "{unknown}", "{", 5.0, true, nil}}, "{id}": "keys stay"},
			header: map[string]string{"X-User": "user-42", "Cache-Control": "no-store"}},
		{name: "decoded parameter", method: "GET", path: "/users/a%20b%2Fc/greeting", status: 202, body: map[string]any{"message": "Hello a b/c!", "nested": map[string]any{"list": []any{"a b/c", "a b/c", "{unknown}", "{", 5.0, true, nil}}, "{id}": "keys stay"}},
		{name: "unicode parameter", method: "GET", path: "/users/%F0%9F%9A%80/greeting", status: 202, header: map[string]string{"X-User": "user-🚀"}},
		{name: "brace params", method: "POST", path: "/orders/7/items/x-1", status: 201, body: map[string]any{"order": "7", "item": "x-1"}},
		{name: "custom wins over resource", method: "GET", path: "/users/1", status: 200, body: map[string]any{"custom": "1"}},
		{name: "other methods reach the resource", method: "PATCH", path: "/users/1", send: `{"name":"Ada L"}`, status: 200, body: map[string]any{"data": map[string]any{"id": 1.0, "name": "Ada L"}}},
		{name: "resource list untouched", method: "GET", path: "/users", status: 200},
		{name: "literal beats parameter", method: "GET", path: "/things/special", status: 200, body: map[string]any{"kind": "literal"}},
		{name: "parameter", method: "GET", path: "/things/other", status: 200, body: map[string]any{"kind": "param"}},
		{name: "no content", method: "DELETE", path: "/empty", status: 204},
		{name: "default response", method: "GET", path: "/default", status: 200, body: map[string]any{"message": "Success"}},
		{name: "unicode literal", method: "GET", path: "/h%C3%A9llo", status: 200, body: map[string]any{"hi": "wörld"}},
		{name: "head", method: "HEAD", path: "/health", status: 200},
		{name: "options", method: "OPTIONS", path: "/health", status: 204, header: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		{name: "method not served", method: "DELETE", path: "/health", status: 405, code: "METHOD_NOT_ALLOWED", header: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		{name: "method not served deep", method: "GET", path: "/a/b/c/d", status: 405, code: "METHOD_NOT_ALLOWED", header: map[string]string{"Allow": "PUT, OPTIONS"}},
		{name: "deep", method: "PUT", path: "/a/b/c/d", status: 200, body: map[string]any{"deep": true}},
		{name: "traversal does not match", method: "GET", path: "/users/../health", status: 404},
		{name: "empty segment does not match", method: "GET", path: "/users//greeting", status: 404},
		{name: "trailing slash does not match", method: "GET", path: "/health/", status: 404},
		{name: "javascript replaced in Go", method: "GET", path: "/replaced", status: 200, body: map[string]any{"from": "go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, err := url.Parse(base + tt.path)
			require.NoError(t, err)
			req := &http.Request{Method: tt.method, URL: u, Header: http.Header{}}
			if tt.send != "" {
				req.Body = io.NopCloser(strings.NewReader(tt.send))
			}
			status, h, body := send(t, req)
			require.Equal(t, tt.status, status, "%v", body)
			if tt.body != nil {
				assert.Equal(t, tt.body, body)
			}
			for k, v := range tt.header {
				assert.Equal(t, v, h.Get(k), "header %s", k)
			}
			if tt.code != "" {
				assert.Equal(t, tt.code, errCode(body))
			}
		})
	}
	t.Run("javascript", func(t *testing.T) {
		t.Parallel()
		resp, err := http.Get(base + "/scripted")
		require.NoError(t, err)
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Equal(t, http.StatusNotImplemented, resp.StatusCode)
		assert.JSONEq(t, `{"status":501,"code":"NOT_IMPLEMENTED","message":"custom route GET /scripted is JavaScript, which this server does not run; replace it with pretendo.WithRoute"}`, string(raw))
		assert.Equal(t, "Pretendo", resp.Header.Get("X-Powered-By"))
	})
	t.Run("warning at start", func(t *testing.T) {
		out := logs.String()
		assert.Contains(t, out, "level=WARN")
		assert.Contains(t, out, "path=/scripted")
		assert.NotContains(t, out, "path=/replaced", "a route replaced in Go gets no warning")
	})
}

func TestWithRoute(t *testing.T) {
	t.Parallel()
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusAccepted)
		_, _ = fmt.Fprintf(w, "{%q:%q,%q:%q}", "name", pretendo.PathParam(r, "name"), "missing", pretendo.PathParam(r, "nope"))
	})
	spec := parseSpec(t, routesSpec)
	_, base := serve(t, spec,
		pretendo.WithRoute("get", "/files/:name", echo),
		pretendo.WithRoute("GET", "/health", echo),
	)
	tests := []struct {
		path   string
		status int
		name   string
	}{
		{path: "/files/report.pdf", status: 202, name: "report.pdf"},
		{path: "/files/..%2F..%2Fetc%2Fpasswd", status: 202, name: "../../etc/passwd"},
		{path: "/files/%E2%9C%93%20ok", status: 202, name: "✓ ok"},
		{path: "/files/" + strings.Repeat("n", 8000), status: 202, name: strings.Repeat("n", 8000)},
		{path: "/files/a/b", status: 404},
		{path: "/health", status: 202, name: ""},
	}
	for _, tt := range tests {
		u, err := url.Parse(base + tt.path)
		require.NoError(t, err)
		status, _, body := send(t, &http.Request{Method: http.MethodGet, URL: u, Header: http.Header{}})
		require.Equal(t, tt.status, status, "%s: %v", tt.path, body)
		if status == 202 {
			assert.Equal(t, map[string]any{"name": tt.name, "missing": ""}, body, tt.path)
		}
	}
}

func TestWithRouteErrors(t *testing.T) {
	t.Parallel()
	h := http.NotFoundHandler()
	tests := []struct {
		name         string
		method, path string
		handler      http.Handler
		message      string
	}{
		{name: "empty path", method: "GET", path: "", handler: h, message: "path is required"},
		{name: "relative", method: "GET", path: "health", handler: h, message: "must start with"},
		{name: "empty segment", method: "GET", path: "/a//b", handler: h, message: "empty segment"},
		{name: "trailing slash", method: "GET", path: "/a/", handler: h, message: "empty segment"},
		{name: "bad parameter", method: "GET", path: "/a/:1x", handler: h, message: "invalid parameter name"},
		{name: "empty parameter", method: "GET", path: "/a/:", handler: h, message: "invalid parameter name"},
		{name: "repeated parameter", method: "GET", path: "/:a/{a}", handler: h, message: "repeats parameter"},
		{name: "brace inside", method: "GET", path: "/a{b}", handler: h, message: "brace"},
		{name: "bad escape", method: "GET", path: "/a%zz", handler: h, message: "bad escape"},
		{name: "unicode parameter name", method: "GET", path: "/:naïve", handler: h, message: "invalid parameter name"},
		{name: "nil handler", method: "GET", path: "/ok", handler: nil, message: "handler is nil"},
		{name: "empty method", method: "", path: "/ok", handler: h, message: "not an HTTP method"},
		{name: "method with a space", method: "GE T", path: "/ok", handler: h, message: "not an HTTP method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := pretendo.Open(parseSpec(t, routesSpec), pretendo.WithRoute(tt.method, tt.path, tt.handler))
			require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
			var se *pretendo.SpecError
			require.ErrorAs(t, err, &se)
			require.Len(t, se.Problems, 1)
			assert.Equal(t, fmt.Sprintf("WithRoute(%q, %q)", tt.method, tt.path), se.Problems[0].Path)
			assert.Contains(t, se.Problems[0].Message, tt.message)
		})
	}
}

func TestCustomRouteSpecErrors(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"/users/:", "users", "/a//b", "/{x}/{x}"} {
		src := strings.Replace(routesSpec, "path: /health,", fmt.Sprintf("path: %q,", p), 1)
		_, err := pretendo.ParseSpec([]byte(src))
		require.ErrorIs(t, err, pretendo.ErrInvalidSpec, p)
		assert.Contains(t, err.Error(), "routes[0].path", p)
	}
}

func TestCustomRoutesSimulateTheNetwork(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, routesSpec)
	spec.Options.ErrorSimulation.Enabled = true
	_, base := serve(t, spec)
	status, _, body := do(t, http.MethodGet, base+"/health?errorCode=429", nil)
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, "SIMULATED_ERROR", errCode(body))
}

// FuzzCustomRoute sends arbitrary paths to a server with custom routes:
// every answer is a documented status, never a 5xx other than the 501 of
// the javascript route, and no header holds a control byte.
func FuzzCustomRoute(f *testing.F) {
	for _, p := range []string{"/health", "/users/1/greeting", "/orders/%2F/items/%00", "/h%C3%A9llo", "/files/..%2f..", "/a/b/c/d", "/scripted", "/users/%00%0D%0A%7F/greeting"} {
		f.Add(p, "GET")
	}
	srv, err := pretendo.Open(mustSpec(f, routesSpec), pretendo.WithRoute("GET", "/files/:name", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, pretendo.PathParam(r, "name"))
	})))
	require.NoError(f, err)
	f.Cleanup(func() { _ = srv.Close() })
	f.Fuzz(func(t *testing.T, path, method string) {
		u, err := url.Parse("http://example.com" + path)
		if err != nil || !strings.HasPrefix(u.EscapedPath(), "/") {
			return
		}
		if !isMethodName(method) {
			return
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, &http.Request{Method: method, URL: u, Header: http.Header{}, Body: http.NoBody, RequestURI: u.RequestURI()})
		if rec.Code >= 500 && rec.Code != http.StatusNotImplemented {
			t.Fatalf("%s %s answered %d: %s", method, path, rec.Code, rec.Body)
		}
		for name, values := range rec.Header() {
			for _, v := range values {
				if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
					t.Fatalf("%s %s: header %s holds a control byte: %q", method, path, name, v)
				}
			}
		}
	})
}

// isMethodName reports whether s is letters only, as methods are.
func isMethodName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// BenchmarkGetByIDWithCustomRoutes measures GET /users/{id} on a server
// with custom routes, which are tried first.
func BenchmarkGetByIDWithCustomRoutes(b *testing.B) {
	spec := benchSpec(tenK)
	spec.Routes = []pretendo.Route{
		{Path: "/health", Method: "get", Response: map[string]any{"ok": true}},
		{Path: "/users/:id/avatar", Method: "get", Response: map[string]any{"url": "/img/{id}.png"}},
		{Path: "/posts/:id/like", Method: "post", Status: 204},
	}
	srv, err := pretendo.Open(spec)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	req := httptest.NewRequest(http.MethodGet, "/users/77", nil)
	w := &discardWriter{header: make(http.Header, 8)}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.header)
		srv.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}

// Answer a path with a Go handler, ahead of the resource routes.
func ExampleWithRoute() {
	spec, err := pretendo.ParseSpec([]byte(`
resources:
  - name: users
    fields: [ { name: id, type: number } ]
routes:
  - { path: /users/:id/avatar, method: get, response: { url: "/img/{id}.png" } }
`))
	if err != nil {
		panic(err)
	}
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello, %s", pretendo.PathParam(r, "name"))
	})
	srv := pretendo.New(spec, pretendo.WithRoute("GET", "/hello/{name}", hello))
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	fmt.Println(fetch(ts.URL + "/users/7/avatar"))
	fmt.Println(fetch(ts.URL + "/hello/G%C3%B6del"))
	// Output:
	// 200 {"url":"/img/7.png"}
	// 200 hello, Gödel
}
