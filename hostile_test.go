package pretendo_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// hostileIDs are path segments (as sent, already escaped) that name no record.
var hostileIDs = []string{
	"..%2Fx", "..%2f..%2fetc%2fpasswd", "%2e%2e", "%2E%2E%2F", ".", "%2e",
	"99999999999999999999", "9007199254740993", "-99999999999999999999", "1e2", "1.5", "0x1", "1_0", "NaN", "Infinity",
	"-1", "0", "%E5%90%8D%E5%89%8D", "%F0%9F%98%80", "%00", "1%00", "%20", "%20%201", "%FF", "%C0%AF",
	"%25", "%3Cscript%3E", "'%20OR%201=1", "true", "null", strings.Repeat("9", 5000), strings.Repeat("a", 5000),
}

func TestHostileIDs(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	for _, resource := range []string{"users", "pages", "profiles"} {
		for _, id := range hostileIDs {
			for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch, http.MethodDelete} {
				name := method + " /" + resource + "/" + id
				if len(name) > 60 {
					name = name[:60]
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					var body any
					if method == http.MethodPut || method == http.MethodPatch {
						body = map[string]any{"email": "h@x.y", "name": "H", "title": "T"}
					}
					status, _, got := do(t, method, base+"/"+resource+"/"+id, body)
					assert.Equal(t, http.StatusNotFound, status, "%v", got)
					if method != http.MethodHead {
						assert.Equal(t, "RECORD_NOT_FOUND", errCode(got))
					}
				})
			}
		}
	}
	t.Cleanup(func() {
		assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "users"))
		assert.Len(t, list(t, get(t, base+"/pages")), 2)
		assert.Len(t, list(t, get(t, base+"/profiles")), 1)
	})
}

func TestHostileNestedIDs(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	for _, id := range hostileIDs {
		for _, path := range []string{"/users/" + id + "/posts", "/posts/" + id + "/author", "/users/" + id + "/card", "/posts/" + id + "/tags"} {
			name := path
			if len(name) > 60 {
				name = name[:60]
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				status, _, got := do(t, http.MethodGet, base+path, nil)
				assert.Equal(t, http.StatusNotFound, status, "%v", got)
				assert.Equal(t, "RECORD_NOT_FOUND", errCode(got))
			})
		}
		t.Run("POST nested "+id[:min(len(id), 40)], func(t *testing.T) {
			t.Parallel()
			status, _, got := do(t, http.MethodPost, base+"/users/"+id+"/posts", map[string]any{"title": "T"})
			assert.Equal(t, http.StatusNotFound, status, "%v", got)
			assert.Equal(t, "RECORD_NOT_FOUND", errCode(got))
		})
	}
	t.Cleanup(func() { assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "posts")) })
}

func TestHostilePaths(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	tests := []struct{ path, code string }{
		{"/users%2F1", "RESOURCE_NOT_FOUND"},
		{"/%2e%2e", "RESOURCE_NOT_FOUND"},
		{"/..", "RESOURCE_NOT_FOUND"},
		{"/%E5%90%8D%E5%89%8D", "RESOURCE_NOT_FOUND"},
		{"/%00", "RESOURCE_NOT_FOUND"},
		{"/USERS", "RESOURCE_NOT_FOUND"},
		{"/" + strings.Repeat("u", 10000), "RESOURCE_NOT_FOUND"},
		{"/users/1/..", "ROUTE_NOT_FOUND"},
		{"/users/1/%2e%2e", "ROUTE_NOT_FOUND"},
		{"/users/1/posts%2F1", "ROUTE_NOT_FOUND"},
		{"/users/1/%E5%90%8D", "ROUTE_NOT_FOUND"},
		{"/users/../users/1", "ROUTE_NOT_FOUND"},
		{"/users/1/posts/1/comments", "ROUTE_NOT_FOUND"},
		{"/" + strings.Repeat("a/", 200), "ROUTE_NOT_FOUND"},
	}
	for _, tt := range tests {
		name := tt.path
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			status, _, body := do(t, http.MethodGet, base+tt.path, nil)
			assert.Equal(t, http.StatusNotFound, status, "%v", body)
			assert.Equal(t, tt.code, errCode(body))
		})
	}
}

func TestHostileQueries(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	queries := []string{
		"%00=1", "age=%00", "name=%00", "q=%00", "sortBy=%00", "fields=%00", "expand=%00",
		"sortBy=" + strings.Repeat("id,", 10000) + "id",
		"fields=" + strings.Repeat("id,", 10000) + "id",
		"expand=" + strings.Repeat("posts,", 10000) + "posts",
		"role[in]=" + strings.Repeat("a,", 10000) + "a",
		"q=" + strings.Repeat("%F0%9F%98%80", 1000),
		"age[gt]=-1e308", "age[lt]=1e308", "createdAt[gt]=0000-01-01", "createdAt[lt]=9999-12-31T23:59:59Z",
		"page=99999999999999999999", "perPage=99999999999999999999",
		"i:q=1", "q[eq]=1", "page[eq]=1", "%5B%5D=1", "a[b][c]=1", "i:i:name=a",
		strings.Repeat("x=1&", 1000) + "x=1",
	}
	for _, q := range queries {
		name := q
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			status, _, body := do(t, http.MethodGet, base+"/users?"+q, nil)
			if status == http.StatusOK {
				list(t, body)
				return
			}
			assert.Equal(t, http.StatusBadRequest, status, "%v", body)
			assert.Equal(t, "INVALID_QUERY", errCode(body))
			assert.Less(t, len(errMessage(body)), 1000, "the message does not echo huge input")
		})
	}
}

func TestHostileEmptyValues(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	status, _, body := do(t, http.MethodPost, base+"/users", map[string]any{"email": "", "name": "", "role": "", "tags": []any{}, "profile": map[string]any{}})
	require.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, map[string][]string{"email": {"pattern"}, "name": {"minLength"}, "role": {"enum"}}, detailCodes(body))

	status, _, body = do(t, http.MethodPost, base+"/tags", map[string]any{"label": ""})
	require.Equal(t, http.StatusCreated, status, "an empty string satisfies required: %v", body)
	status, _, body = do(t, http.MethodPost, base+"/tags", map[string]any{"label": ""})
	assert.Equal(t, http.StatusConflict, status, "empty strings are unique values too: %v", body)

	status, _, body = do(t, http.MethodPatch, base+"/users/1", map[string]any{})
	require.Equal(t, http.StatusOK, status, "an empty patch is fine: %v", body)
	assert.Equal(t, "Ada", data(t, body)["name"])
}

func TestHostileMethods(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	for _, m := range []string{"FOO", "CONNECTX", "PROPFIND", "get"} {
		status, h, body := do(t, m, base+"/users", nil)
		assert.Equal(t, http.StatusMethodNotAllowed, status, m)
		assert.Equal(t, "GET, HEAD, POST, OPTIONS", h.Get("Allow"))
		assert.Equal(t, "METHOD_NOT_ALLOWED", errCode(body))
	}
}

// TestHostileRawRequests sends requests no well-behaved client would
// build straight to the handler.
func TestHostileRawRequests(t *testing.T) {
	t.Parallel()
	srv := pretendo.New(blogSpec(t))
	t.Cleanup(func() { _ = srv.Close() })
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		msg    string // part of the error message, when set
	}{
		{name: "invalid escape in raw path", status: http.StatusNotFound, req: func() *http.Request {
			r := httptest.NewRequest(http.MethodGet, "/users/1", nil)
			r.URL = &url.URL{Path: "/users/%zz", RawPath: "/users/%zz"}
			r.RequestURI = "/users/%zz"
			return r
		}},
		{name: "empty RequestURI", status: http.StatusOK, req: func() *http.Request {
			r := httptest.NewRequest(http.MethodGet, "/users?perPage=1", nil)
			r.RequestURI = ""
			return r
		}},
		{name: "absolute RequestURI", status: http.StatusOK, req: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "http://example.com/users?perPage=1", nil)
		}},
		{name: "nil body on POST", status: http.StatusBadRequest, req: func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/users", nil)
			r.Body = http.NoBody
			return r
		}},
		{name: "query with bad escapes", status: http.StatusBadRequest, msg: `"age"`, req: func() *http.Request {
			r := httptest.NewRequest(http.MethodGet, "/users", nil)
			r.URL.RawQuery = "age=%zz&name=%"
			return r
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := serveRecorder(t, srv, tt.req())
			assert.Equal(t, tt.status, status, "%v", body)
			assert.Contains(t, errMessage(body), tt.msg)
			if status == http.StatusOK {
				assert.Equal(t, "/users?page=2&perPage=1", linkURL(t, h.Get("Link"), "next"))
			}
		})
	}
}

// linkURL returns the URL of rel in a Link header.
func linkURL(t *testing.T, header, rel string) string {
	t.Helper()
	_, urls := linkRels(t, header)
	return urls[rel]
}
