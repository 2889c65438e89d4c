package pretendo_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// uuidV4 matches a version 4 UUID as the server generates them.
var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// linkRels parses a Link header into its rels, in order, and their URLs.
func linkRels(t *testing.T, header string) ([]string, map[string]string) {
	t.Helper()
	var rels []string
	urls := make(map[string]string)
	if header == "" {
		return rels, urls
	}
	for _, part := range strings.Split(header, ", ") {
		m := regexp.MustCompile(`^<([^>]*)>; rel="([a-z]+)"$`).FindStringSubmatch(part)
		require.NotNil(t, m, "Link part %q", part)
		rels = append(rels, m[2])
		urls[m[2]] = m[1]
	}
	return rels, urls
}

func TestRootListsResourcesInSpecOrder(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	status, h, body := do(t, http.MethodGet, base+"/", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "pretendo", body["name"])
	assert.Equal(t, strs("users", "posts", "comments", "tags", "postTags", "profiles", "pages"), body["resources"])
	assert.Equal(t, "*", h.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "X-Total-Count, Link, Location", h.Get("Access-Control-Expose-Headers"))
}

func TestListEnvelope(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	status, h, body := do(t, http.MethodGet, base+"/users", nil)
	require.Equal(t, http.StatusOK, status)
	recs := list(t, body)
	assert.Equal(t, nums(1, 2, 3), pluck(recs, "id"), "insertion order")
	assert.Equal(t, "ada@example.com", recs[0]["email"])
	assert.Equal(t, strs("math", "go"), recs[0]["tags"])
	assert.Equal(t, true, recs[2]["active"], "default applied to initial data")
	assert.Equal(t, "user", recs[2]["role"], "default applied to initial data")
	p := pagination(t, body)
	assert.Equal(t, 1.0, p["currentPage"])
	assert.Equal(t, 10.0, p["perPage"])
	assert.Equal(t, 1.0, p["totalPages"])
	assert.Equal(t, 3.0, p["totalItems"])
	assert.Equal(t, map[string]any{"first": "/users?page=1", "last": "/users?page=1"}, p["links"])
	assert.Equal(t, "3", h.Get("X-Total-Count"))
	assert.Equal(t, `</users?page=1>; rel="first", </users?page=1>; rel="last"`, h.Get("Link"))
}

func TestPaginationLinks(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	tests := []struct {
		name     string
		query    string
		wantIDs  []any
		wantRels []string
		links    map[string]string
		meta     map[string]float64
	}{
		{
			name: "middle page keeps other parameters", query: "perPage=1&page=2&role[ne]=nobody&sortBy=id",
			wantIDs: nums(2), wantRels: []string{"first", "last", "prev", "next"},
			links: map[string]string{
				"first": "/users?page=1&perPage=1&role%5Bne%5D=nobody&sortBy=id",
				"last":  "/users?page=3&perPage=1&role%5Bne%5D=nobody&sortBy=id",
				"prev":  "/users?page=1&perPage=1&role%5Bne%5D=nobody&sortBy=id",
				"next":  "/users?page=3&perPage=1&role%5Bne%5D=nobody&sortBy=id",
			},
			meta: map[string]float64{"currentPage": 2, "perPage": 1, "totalPages": 3, "totalItems": 3},
		},
		{
			name: "first page has no prev", query: "perPage=2",
			wantIDs: nums(1, 2), wantRels: []string{"first", "last", "next"},
			links: map[string]string{"first": "/users?page=1&perPage=2", "last": "/users?page=2&perPage=2", "next": "/users?page=2&perPage=2"},
			meta:  map[string]float64{"currentPage": 1, "perPage": 2, "totalPages": 2, "totalItems": 3},
		},
		{
			name: "last page has no next", query: "perPage=2&page=2",
			wantIDs: nums(3), wantRels: []string{"first", "last", "prev"},
			links: map[string]string{"first": "/users?page=1&perPage=2", "last": "/users?page=2&perPage=2", "prev": "/users?page=1&perPage=2"},
			meta:  map[string]float64{"currentPage": 2, "perPage": 2, "totalPages": 2, "totalItems": 3},
		},
		{
			name: "page past the end is empty", query: "perPage=2&page=9",
			wantIDs: []any{}, wantRels: []string{"first", "last", "prev"},
			links: map[string]string{"first": "/users?page=1&perPage=2", "last": "/users?page=2&perPage=2", "prev": "/users?page=2&perPage=2"},
			meta:  map[string]float64{"currentPage": 9, "perPage": 2, "totalPages": 2, "totalItems": 3},
		},
		{
			name: "filter keeps total after filtering", query: "role=admin&role=editor&perPage=1",
			wantIDs: nums(1), wantRels: []string{"first", "last", "next"},
			links: map[string]string{
				"first": "/users?page=1&perPage=1&role=admin&role=editor",
				"last":  "/users?page=2&perPage=1&role=admin&role=editor",
				"next":  "/users?page=2&perPage=1&role=admin&role=editor",
			},
			meta: map[string]float64{"currentPage": 1, "perPage": 1, "totalPages": 2, "totalItems": 2},
		},
		{
			name: "nothing matches", query: "role=nobody",
			wantIDs: []any{}, wantRels: []string{"first", "last"},
			links: map[string]string{"first": "/users?page=1&role=nobody", "last": "/users?page=1&role=nobody"},
			meta:  map[string]float64{"currentPage": 1, "perPage": 10, "totalPages": 1, "totalItems": 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, h, body := do(t, http.MethodGet, base+"/users?"+tt.query, nil)
			require.Equal(t, http.StatusOK, status, "%v", body)
			assert.Equal(t, tt.wantIDs, pluck(list(t, body), "id"))
			rels, urls := linkRels(t, h.Get("Link"))
			assert.Equal(t, tt.wantRels, rels)
			assert.Equal(t, tt.links, urls)
			p := pagination(t, body)
			for k, v := range tt.meta {
				assert.Equal(t, v, p[k], k)
			}
			assert.Equal(t, strconv.Itoa(int(tt.meta["totalItems"])), h.Get("X-Total-Count"))
			metaLinks, _ := p["links"].(map[string]any)
			assert.Len(t, metaLinks, len(tt.links))
			for rel, u := range tt.links {
				assert.Equal(t, u, metaLinks[rel], "meta link %s", rel)
			}
		})
	}
}

func TestGetRecord(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	body := get(t, base+"/users/2")
	rec := data(t, body)
	assert.Equal(t, 2.0, rec["id"])
	assert.Equal(t, "bob@example.com", rec["email"])
	assert.Equal(t, false, rec["active"])
	assert.Equal(t, 25.0, rec["age"])
	assert.Equal(t, "2024-02-01T00:00:00Z", rec["createdAt"])
	assert.Len(t, body, 1, "only data: %v", body)
}

func TestCreate(t *testing.T) {
	t.Parallel()
	_, base := newServer(t, pretendo.WithClock(func() time.Time { return t0 }))
	status, h, body := do(t, http.MethodPost, base+"/users", map[string]any{
		"email": "dee@example.com", "name": "Dee", "nickname": "d",
	})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, "/users/4", h.Get("Location"))
	want := map[string]any{
		"id": 4.0, "email": "dee@example.com", "name": "Dee", "nickname": "d",
		"role": "user", "active": true,
		"createdAt": "2025-01-01T00:00:00.000Z", "updatedAt": "2025-01-01T00:00:00.000Z",
	}
	assert.Equal(t, want, data(t, body))
	assert.Equal(t, want, data(t, get(t, base+"/users/4")), "stored as answered")
}

func TestPut(t *testing.T) {
	t.Parallel()
	_, base := newServer(t, pretendo.WithClock(stepClock(t0)))
	status, _, body := do(t, http.MethodPut, base+"/users/2", map[string]any{
		"id": 99, "email": "robert@example.com", "name": "Robert", "tags": []any{"x"},
	})
	require.Equal(t, http.StatusOK, status, "%v", body)
	rec := data(t, body)
	assert.Equal(t, 2.0, rec["id"], "the URL's id wins")
	assert.Equal(t, "user", rec["role"], "default re-applied")
	assert.Equal(t, true, rec["active"], "default re-applied")
	assert.NotContains(t, rec, "age", "whole replacement drops absent fields")
	assert.Equal(t, strs("x"), rec["tags"])
	updated, err := time.Parse(time.RFC3339Nano, rec["updatedAt"].(string))
	require.NoError(t, err)
	assert.True(t, updated.After(t0), "updatedAt refreshed: %v", updated)
	assert.Equal(t, rec, data(t, get(t, base+"/users/2")), "stored as answered")
	assert.Equal(t, 404, status404(t, base+"/users/99"), "no record was created under the body's id")

	// A second PUT refreshes updatedAt again.
	status, _, body = do(t, http.MethodPut, base+"/users/2", map[string]any{"email": "robert@example.com", "name": "Robert"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.NotEqual(t, rec["updatedAt"], data(t, body)["updatedAt"])

	// A PUT that breaks a rule changes nothing.
	before := data(t, get(t, base+"/users/2"))
	status, _, body = do(t, http.MethodPut, base+"/users/2", map[string]any{"email": "nope"})
	require.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, map[string][]string{"name": {"required"}, "email": {"pattern"}}, detailCodes(body))
	assert.Equal(t, before, data(t, get(t, base+"/users/2")))

	// PUT on a missing record is a 404, not a create.
	status, _, body = do(t, http.MethodPut, base+"/users/77", map[string]any{"email": "x@y.z", "name": "X"})
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "RECORD_NOT_FOUND", errCode(body))
	assert.Equal(t, http.StatusNotFound, status404(t, base+"/users/77"))
}

// status404 returns the status of GET url (named for readability where
// a 404 is expected).
func status404(t *testing.T, url string) int { return getStatus(t, url) }

func TestPatch(t *testing.T) {
	t.Parallel()
	_, base := newServer(t, pretendo.WithClock(stepClock(t0)))
	status, _, body := do(t, http.MethodPatch, base+"/users/1", map[string]any{"profile": map[string]any{"a": 1, "b": map[string]any{"c": 2}}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	first := data(t, body)

	status, _, body = do(t, http.MethodPatch, base+"/users/1", map[string]any{
		"age": nil, "name": "Ada L.", "profile": map[string]any{"b": map[string]any{"d": 3}}, "id": 1,
	})
	require.Equal(t, http.StatusOK, status, "%v", body)
	rec := data(t, body)
	assert.NotContains(t, rec, "age", "null removes the key")
	assert.Equal(t, "Ada L.", rec["name"])
	assert.Equal(t, map[string]any{"b": map[string]any{"d": 3.0}}, rec["profile"], "nested objects are replaced whole")
	assert.Equal(t, "ada@example.com", rec["email"], "untouched keys stay")
	assert.Equal(t, strs("math", "go"), rec["tags"])
	assert.Equal(t, "admin", rec["role"])
	assert.Equal(t, "2024-01-01T00:00:00Z", rec["createdAt"], "only updatedAt is refreshed")
	assert.NotEqual(t, first["updatedAt"], rec["updatedAt"], "updatedAt refreshed")
	assert.Equal(t, rec, data(t, get(t, base+"/users/1")))

	tests := []struct {
		name   string
		body   any
		status int
		code   string
		fields map[string][]string
	}{
		{name: "id cannot change", body: map[string]any{"id": 2}, status: 422, code: "VALIDATION_FAILED", fields: map[string][]string{"id": {"type"}}},
		{name: "id cannot be removed", body: map[string]any{"id": nil}, status: 422, code: "VALIDATION_FAILED", fields: map[string][]string{"id": {"type"}}},
		{name: "required cannot be removed", body: map[string]any{"name": nil}, status: 422, code: "VALIDATION_FAILED", fields: map[string][]string{"name": {"required"}}},
		{name: "unique email taken", body: map[string]any{"email": "bob@example.com"}, status: 409, code: "CONFLICT", fields: map[string][]string{"email": {"unique"}}},
		{name: "every failing field listed", body: map[string]any{"age": -1, "role": "boss", "active": "yes"}, status: 422, code: "VALIDATION_FAILED",
			fields: map[string][]string{"age": {"min"}, "role": {"enum"}, "active": {"type"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := do(t, http.MethodPatch, base+"/users/1", tt.body)
			assert.Equal(t, tt.status, status, "%v", body)
			assert.Equal(t, tt.code, errCode(body))
			assert.Equal(t, tt.fields, detailCodes(body))
			assert.Equal(t, rec, data(t, get(t, base+"/users/1")), "a failed PATCH changes nothing")
		})
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	status, h, body := do(t, http.MethodDelete, base+"/users/3", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Nil(t, body)
	assert.Empty(t, h.Get("Content-Type"))
	status, _, body = do(t, http.MethodGet, base+"/users/3", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "RECORD_NOT_FOUND", errCode(body))
	status, _, body = do(t, http.MethodDelete, base+"/users/3", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "RECORD_NOT_FOUND", errCode(body))
	assert.Equal(t, nums(1, 2), allIDs(t, base, "users"))
}

func TestHead(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	for _, path := range []string{"/", "/users?perPage=1&page=2", "/users/1", "/users/1/posts", "/posts/1/author", "/users/999"} {
		t.Run(path, func(t *testing.T) {
			gs, gh, gbody := do(t, http.MethodGet, base+path, nil)
			hs, hh, hbody := do(t, http.MethodHead, base+path, nil)
			assert.Equal(t, gs, hs)
			assert.Nil(t, hbody)
			assert.NotNil(t, gbody)
			for _, k := range []string{"Content-Type", "Content-Length", "X-Total-Count", "Link", "X-Powered-By", "Access-Control-Allow-Origin"} {
				assert.Equal(t, gh.Get(k), hh.Get(k), k)
			}
		})
	}
}

// TestContentLength checks that answers of every size carry their length,
// which net/http sets for small bodies and the server for large ones.
func TestContentLength(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	long := strings.Repeat("long text ", 400)
	status, _, body := do(t, http.MethodPost, base+"/profiles", map[string]any{"bio": long, "userId": 1})
	require.Equal(t, http.StatusCreated, status, body)
	id := body["data"].(map[string]any)["id"].(string)
	for _, path := range []string{"/users/1", "/profiles/" + id, "/profiles?bio=" + url.QueryEscape(long), "/profiles?perPage=100"} {
		resp, err := http.Get(base + path)
		require.NoError(t, err)
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Equal(t, int64(len(raw)), resp.ContentLength, path)
		assert.Empty(t, resp.TransferEncoding, path)
		assert.Equal(t, strconv.Itoa(len(raw)), resp.Header.Get("Content-Length"), path)
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	tests := []struct{ path, allow string }{
		{"/", "GET, HEAD, OPTIONS"},
		{"/users", "GET, HEAD, POST, OPTIONS"},
		{"/users/1", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"},
		{"/users/not-even-a-number", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"},
		{"/users/1/posts", "GET, HEAD, POST, OPTIONS"},
		{"/posts/1/author", "GET, HEAD, OPTIONS"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodOptions, base+tt.path, nil)
			require.NoError(t, err)
			req.Header.Set("Origin", "http://example.com")
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "X-Custom")
			status, h, body := send(t, req)
			assert.Equal(t, http.StatusNoContent, status)
			assert.Nil(t, body)
			assert.Equal(t, tt.allow, h.Get("Allow"))
			assert.Equal(t, "*", h.Get("Access-Control-Allow-Origin"))
			assert.Equal(t, tt.allow, h.Get("Access-Control-Allow-Methods"))
			assert.Equal(t, "X-Custom", h.Get("Access-Control-Allow-Headers"))
			assert.NotEmpty(t, h.Get("Access-Control-Max-Age"))
		})
	}
}

func TestCORSOff(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	off := false
	spec.Options.CORSEnabled = &off
	_, base := serve(t, spec)
	for _, tt := range []struct{ method, path string }{
		{http.MethodOptions, "/users"}, {http.MethodGet, "/users"}, {http.MethodGet, "/users/999"}, {http.MethodDelete, "/"},
	} {
		req, err := http.NewRequest(tt.method, base+tt.path, nil)
		require.NoError(t, err)
		req.Header.Set("Origin", "http://example.com")
		status, h, _ := send(t, req)
		if tt.method == http.MethodOptions {
			assert.Equal(t, http.StatusNoContent, status)
			assert.Equal(t, "GET, HEAD, POST, OPTIONS", h.Get("Allow"))
		}
		for k := range h {
			assert.False(t, strings.HasPrefix(k, "Access-Control-"), "%s %s sent %s", tt.method, tt.path, k)
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	tests := []struct{ method, path, allow string }{
		{http.MethodDelete, "/", "GET, HEAD, OPTIONS"},
		{http.MethodPost, "/", "GET, HEAD, OPTIONS"},
		{http.MethodPatch, "/users", "GET, HEAD, POST, OPTIONS"},
		{http.MethodDelete, "/users", "GET, HEAD, POST, OPTIONS"},
		{http.MethodPut, "/users", "GET, HEAD, POST, OPTIONS"},
		{http.MethodPost, "/users/1", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"},
		{"TRACE", "/users/1", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"},
		{http.MethodPut, "/users/1/posts", "GET, HEAD, POST, OPTIONS"},
		{http.MethodPost, "/posts/1/author", "GET, HEAD, OPTIONS"},
		{http.MethodPost, "/users/1/card", "GET, HEAD, OPTIONS"},
		{http.MethodPost, "/posts/1/tags", "GET, HEAD, OPTIONS"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			status, h, body := do(t, tt.method, base+tt.path, nil)
			assert.Equal(t, http.StatusMethodNotAllowed, status)
			assert.Equal(t, tt.allow, h.Get("Allow"))
			assert.Equal(t, "METHOD_NOT_ALLOWED", errCode(body))
		})
	}
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "users"))
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "posts"))
}

func TestNotFoundCodes(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	tests := []struct{ method, path, code string }{
		{http.MethodGet, "/nope", "RESOURCE_NOT_FOUND"},
		{http.MethodPost, "/nope", "RESOURCE_NOT_FOUND"},
		{http.MethodGet, "/nope/1", "RESOURCE_NOT_FOUND"},
		{http.MethodDelete, "/nope/1", "RESOURCE_NOT_FOUND"},
		{http.MethodGet, "/nope/1/posts", "RESOURCE_NOT_FOUND"},
		{http.MethodGet, "/users/999", "RECORD_NOT_FOUND"},
		{http.MethodPatch, "/users/999", "RECORD_NOT_FOUND"},
		{http.MethodDelete, "/users/999", "RECORD_NOT_FOUND"},
		{http.MethodGet, "/users/1/posts/1", "ROUTE_NOT_FOUND"},
		{http.MethodGet, "/users/1/nope", "ROUTE_NOT_FOUND"},
		{http.MethodGet, "/users/1/email", "ROUTE_NOT_FOUND"},
		{http.MethodGet, "/a/b/c/d/e", "ROUTE_NOT_FOUND"},
		{http.MethodGet, "//users", "ROUTE_NOT_FOUND"},
		{http.MethodGet, "/users/", "ROUTE_NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			var body any
			if tt.method == http.MethodPatch || tt.method == http.MethodPost {
				body = map[string]any{"name": "x"}
			}
			status, _, got := do(t, tt.method, base+tt.path, body)
			assert.Equal(t, http.StatusNotFound, status)
			assert.Equal(t, tt.code, errCode(got), "%v", got)
		})
	}
}

func TestStringPrimaryKey(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	rec := data(t, get(t, base+"/pages/about"))
	assert.Equal(t, map[string]any{"slug": "about", "title": "About", "order": 1.0}, rec, "$increment applied to initial data")
	assert.Equal(t, 2.0, data(t, get(t, base+"/pages/contact"))["order"])

	status, h, body := do(t, http.MethodPost, base+"/pages", map[string]any{"slug": "faq", "title": "FAQ"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, "/pages/faq", h.Get("Location"))
	assert.Equal(t, map[string]any{"slug": "faq", "title": "FAQ", "order": 3.0}, data(t, body))

	status, h, body = do(t, http.MethodPost, base+"/pages", map[string]any{"title": "Generated"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	slug, _ := data(t, body)["slug"].(string)
	assert.Regexp(t, uuidV4, slug, "a string key is generated as a UUID")
	assert.Equal(t, "/pages/"+slug, h.Get("Location"))
	assert.Equal(t, 4.0, data(t, body)["order"])

	status, _, body = do(t, http.MethodPost, base+"/pages", map[string]any{"slug": "about", "title": "Again"})
	assert.Equal(t, http.StatusConflict, status)
	assert.Equal(t, "CONFLICT", errCode(body))
	assert.Equal(t, map[string][]string{"slug": {"unique"}}, detailCodes(body))

	status, _, body = do(t, http.MethodPut, base+"/pages/about", map[string]any{"slug": "other", "title": "About us"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, "about", data(t, body)["slug"])
	assert.Equal(t, "About us", data(t, body)["title"])
	assert.Equal(t, http.StatusNotFound, status404(t, base+"/pages/other"))

	status, _, _ = do(t, http.MethodDelete, base+"/pages/contact", nil)
	assert.Equal(t, http.StatusNoContent, status)
	slugs := pluck(list(t, get(t, base+"/pages")), "slug")
	assert.Equal(t, []any{"about", "faq", slug}, slugs)

	status, _, body = do(t, http.MethodPost, base+"/pages", map[string]any{"slug": "", "title": "Empty"})
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, map[string][]string{"slug": {"required"}}, detailCodes(body))
	status, _, body = do(t, http.MethodPost, base+"/pages", map[string]any{"slug": 7, "title": "Number"})
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, map[string][]string{"slug": {"type"}}, detailCodes(body))
}

func TestUUIDPrimaryKey(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	known := "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
	assert.Equal(t, "Counts things", data(t, get(t, base+"/profiles/"+known))["bio"])

	status, h, body := do(t, http.MethodPost, base+"/profiles", map[string]any{"userId": 2, "bio": "Edits"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	id, _ := data(t, body)["id"].(string)
	assert.Regexp(t, uuidV4, id)
	assert.Equal(t, "/profiles/"+id, h.Get("Location"))
	assert.Equal(t, "Edits", data(t, get(t, base+"/profiles/"+id))["bio"])

	status, _, body = do(t, http.MethodPost, base+"/profiles", map[string]any{"id": "not-a-uuid", "bio": "x"})
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, map[string][]string{"id": {"type"}}, detailCodes(body))
	status, _, body = do(t, http.MethodPost, base+"/profiles", map[string]any{"id": known, "bio": "x"})
	assert.Equal(t, http.StatusConflict, status)
	assert.Equal(t, "CONFLICT", errCode(body))

	assert.Equal(t, http.StatusNotFound, status404(t, base+"/profiles/not-a-uuid"))
	assert.Equal(t, http.StatusNotFound, status404(t, base+"/profiles/00000000-0000-4000-8000-000000000000"))
	assert.Len(t, list(t, get(t, base+"/profiles")), 2)
}

func TestNumberIDsNeverReused(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	create := func() float64 {
		status, _, body := do(t, http.MethodPost, base+"/users", map[string]any{"email": time.Now().Format("150405.000000000") + "@x.y", "name": "N"})
		require.Equal(t, http.StatusCreated, status, "%v", body)
		return data(t, body)["id"].(float64)
	}
	assert.Equal(t, 4.0, create())
	status, _, _ := do(t, http.MethodDelete, base+"/users/4", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, 5.0, create(), "4 is not reused")
	status, _, _ = do(t, http.MethodDelete, base+"/users/5", nil)
	require.Equal(t, http.StatusNoContent, status)
	status, _, _ = do(t, http.MethodDelete, base+"/users/3", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, 6.0, create())
}

func TestClientSuppliedID(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	status, h, body := do(t, http.MethodPost, base+"/users", map[string]any{"id": 100, "email": "c@x.y", "name": "C"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, "/users/100", h.Get("Location"))
	assert.Equal(t, 100.0, data(t, body)["id"])

	status, _, body = do(t, http.MethodPost, base+"/users", map[string]any{"email": "d@x.y", "name": "D"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, 101.0, data(t, body)["id"], "generated ids continue after the largest")

	status, h, body = do(t, http.MethodPost, base+"/users", map[string]any{"id": 1, "email": "e@x.y", "name": "E"})
	assert.Equal(t, http.StatusConflict, status)
	assert.Equal(t, "CONFLICT", errCode(body))
	assert.Equal(t, map[string][]string{"id": {"unique"}}, detailCodes(body))
	assert.Empty(t, h.Get("Location"))
	assert.Equal(t, "ada@example.com", data(t, get(t, base+"/users/1"))["email"], "the taken id is untouched")

	for bad, code := range map[any]string{1.5: "type", "7": "type", -0.5: "type", true: "type", 1e300: "max", -1e300: "min"} {
		status, _, body = do(t, http.MethodPost, base+"/users", map[string]any{"id": bad, "email": "f@x.y", "name": "F"})
		assert.Equal(t, http.StatusUnprocessableEntity, status, "id %v: %v", bad, body)
		assert.Equal(t, map[string][]string{"id": {code}}, detailCodes(body), "id %v", bad)
	}
	status, _, body = do(t, http.MethodPost, base+"/users", map[string]any{"id": map[string]any{}, "email": "f@x.y", "name": "F"})
	assert.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
	assert.Equal(t, map[string][]string{"id": {"type"}}, detailCodes(body))
	assert.Equal(t, nums(1, 2, 3, 100, 101), allIDs(t, base, "users"))
}

func TestFailedWriteConsumesNoID(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	for _, body := range []any{
		map[string]any{"email": "x@y.z"},                          // name missing
		map[string]any{"email": "ada@example.com", "name": "Dup"}, // unique
		`{"email":`, // malformed
	} {
		status, _, _ := do(t, http.MethodPost, base+"/users", body)
		require.GreaterOrEqual(t, status, 400)
	}
	status, _, body := do(t, http.MethodPost, base+"/posts", map[string]any{"title": "T", "userId": 42})
	require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)

	status, _, body = do(t, http.MethodPost, base+"/users", map[string]any{"email": "ok@y.z", "name": "Ok"})
	require.Equal(t, http.StatusCreated, status)
	assert.Equal(t, 4.0, data(t, body)["id"])
	status, _, body = do(t, http.MethodPost, base+"/posts", map[string]any{"title": "T", "userId": 4})
	require.Equal(t, http.StatusCreated, status)
	assert.Equal(t, 4.0, data(t, body)["id"])
}

func TestSpecialDefaults(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	users := spec.Resource("users")
	users.Fields = append(users.Fields, pretendo.Field{Name: "token", Type: "uuid", DefaultValue: "$uuid"},
		pretendo.Field{Name: "seq", Type: "integer", DefaultValue: "$increment"})
	clock := stepClock(t0)
	_, base := serve(t, spec, pretendo.WithClock(clock))

	initial := list(t, get(t, base+"/users"))
	assert.Equal(t, nums(1, 2, 3), pluck(initial, "seq"), "$increment over initial data")
	tokens := map[any]bool{}
	for _, u := range initial {
		assert.Regexp(t, uuidV4, u["token"])
		tokens[u["token"]] = true
	}
	assert.Len(t, tokens, 3, "$uuid gives each record its own")

	status, _, body := do(t, http.MethodPost, base+"/users", map[string]any{"email": "n@x.y", "name": "N"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	rec := data(t, body)
	assert.Equal(t, 4.0, rec["seq"])
	assert.Regexp(t, uuidV4, rec["token"])
	assert.NotContains(t, tokens, rec["token"])
	created, err := time.Parse(time.RFC3339Nano, rec["createdAt"].(string))
	require.NoError(t, err)
	assert.True(t, created.After(t0) && created.Before(t0.Add(time.Hour)), "$now from the clock: %v", created)
	assert.Equal(t, rec["createdAt"], rec["updatedAt"])

	status, _, body = do(t, http.MethodPost, base+"/users", map[string]any{"email": "m@x.y", "name": "M", "seq": 40, "token": "6ba7b810-9dad-11d1-80b4-00c04fd430c8"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, 40.0, data(t, body)["seq"], "a given value wins over $increment")
	assert.Equal(t, "6ba7b810-9dad-11d1-80b4-00c04fd430c8", data(t, body)["token"])
	status, _, body = do(t, http.MethodPost, base+"/users", map[string]any{"email": "o@x.y", "name": "O"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, 41.0, data(t, body)["seq"], "$increment is one more than the largest value")

	// PATCH keeps $uuid and $increment values; only updatedAt moves.
	status, _, body = do(t, http.MethodPatch, base+"/users/4", map[string]any{"name": "N2"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	patched := data(t, body)
	assert.Equal(t, rec["token"], patched["token"])
	assert.Equal(t, rec["seq"], patched["seq"])
	assert.Equal(t, rec["createdAt"], patched["createdAt"])
	assert.NotEqual(t, rec["updatedAt"], patched["updatedAt"])
}
