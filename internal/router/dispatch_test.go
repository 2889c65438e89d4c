package router_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/router"
)

// answer names what served a request, in the X-Served header.
func answer(name string) router.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request, p router.Params) {
		w.Header().Set("X-Served", name)
		w.Header().Set("X-Param", p.Raw("id")+p.Raw("rest"))
		w.WriteHeader(http.StatusOK)
	}
}

func testConfig() router.Config {
	return router.Config{
		NotFound: func(w http.ResponseWriter, _ *http.Request, p router.Params) {
			w.Header().Set("X-Served", "not found "+p.Path())
			w.WriteHeader(http.StatusNotFound)
		},
		MethodNotAllowed: func(w http.ResponseWriter, _ *http.Request, allow string) {
			w.Header().Set("Allow", allow)
			w.WriteHeader(http.StatusMethodNotAllowed)
		},
		Options: func(w http.ResponseWriter, _ *http.Request, allow string) {
			w.Header().Set("Allow", allow)
			w.WriteHeader(http.StatusNoContent)
		},
	}
}

func TestDispatch(t *testing.T) {
	t.Parallel()
	c := testConfig()
	rt := router.New(c)
	rt.Mount("/admin", answer("admin"))
	require.NoError(t, rt.Handle("/auth/login", rt.Methods(map[string]router.HandlerFunc{http.MethodPost: answer("login")})))
	require.NoError(t, rt.HandleMethods("/users/me", map[string]router.HandlerFunc{http.MethodGet: answer("me")}))
	require.NoError(t, rt.HandleMethods("/health", map[string]router.HandlerFunc{http.MethodGet: answer("health"), "PURGE": answer("purge")}))
	require.NoError(t, rt.HandleMethods("/files/{*rest}", map[string]router.HandlerFunc{http.MethodGet: answer("files")}))
	require.NoError(t, rt.Handle("/{resource}/{id}", answer("record")))
	tests := []struct {
		method, target string
		status         int
		served, allow  string
		param          string
	}{
		{"GET", "/admin", 200, "admin", "", ""},
		{"DELETE", "/admin/snapshots/x", 200, "admin", "", ""},
		{"GET", "/administrators", 404, "not found /administrators", "", ""},
		{"POST", "/auth/login", 200, "login", "", ""},
		{"GET", "/auth/login", 405, "", "POST, OPTIONS", ""},
		{"OPTIONS", "/auth/login", 204, "", "POST, OPTIONS", ""},
		{"GET", "/users/me", 200, "me", "", ""},
		{"HEAD", "/users/me", 200, "me", "", ""},
		{"PATCH", "/users/me", 200, "record", "", "me"}, // not served by /users/me: on to the next route
		{"OPTIONS", "/users/me", 204, "", "GET, HEAD, OPTIONS", ""},
		{"GET", "/users/%6De", 200, "me", "", ""}, // a literal matches however it is escaped
		{"DELETE", "/health", 405, "", "GET, HEAD, OPTIONS, PURGE", ""},
		{"PURGE", "/health", 200, "purge", "", ""},
		{"GET", "/files/a/b%2Fc", 200, "files", "", "a/b%2Fc"},
		{"GET", "/files", 404, "not found /files", "", ""},
		{"GET", "/a/b/c", 404, "not found /a/b/c", "", ""},
		{"GET", "/users//1", 404, "not found /users//1", "", ""},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
		assert.Equal(t, tt.status, rec.Code, "%s %s", tt.method, tt.target)
		assert.Equal(t, tt.served, rec.Header().Get("X-Served"), "%s %s", tt.method, tt.target)
		assert.Equal(t, tt.allow, rec.Header().Get("Allow"), "%s %s", tt.method, tt.target)
		assert.Equal(t, tt.param, rec.Header().Get("X-Param"), "%s %s", tt.method, tt.target)
	}
	assert.Equal(t, "GET, HEAD, OPTIONS", rt.Allowed("/users/me"))
	assert.Equal(t, "", rt.Allowed("/users/1"))
	assert.True(t, rt.Serves(httptest.NewRequest("GET", "/users/me", nil)))
	assert.True(t, rt.Serves(httptest.NewRequest("DELETE", "/users/me", nil)), "the record route serves every method")
	assert.False(t, rt.Serves(httptest.NewRequest("GET", "/nowhere/at/all", nil)))
}

func TestServeReportsNoRoute(t *testing.T) {
	t.Parallel()
	rt := router.New(testConfig())
	require.NoError(t, rt.HandleMethods("/health", map[string]router.HandlerFunc{http.MethodGet: answer("health")}))
	rec := httptest.NewRecorder()
	assert.False(t, rt.Serve(rec, httptest.NewRequest("GET", "/other", nil)))
	assert.Equal(t, 200, rec.Code, "nothing written")
	assert.Empty(t, rec.Header())
	assert.True(t, rt.Serve(rec, httptest.NewRequest("POST", "/health", nil)), "a 405 is an answer")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}

func TestIncludeKeepsOrder(t *testing.T) {
	t.Parallel()
	customs := router.New(testConfig())
	require.NoError(t, customs.HandleMethods("/users/{id}", map[string]router.HandlerFunc{http.MethodGet: answer("custom")}))
	rt := router.New(testConfig())
	rt.Include(customs)
	require.NoError(t, rt.Handle("/{resource}/{id}", answer("record")))
	for method, want := range map[string]string{"GET": "custom", "PUT": "record"} {
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, httptest.NewRequest(method, "/users/7", nil))
		assert.Equal(t, want, rec.Header().Get("X-Served"), method)
		assert.Equal(t, "7", rec.Header().Get("X-Param"), method)
	}
}

func TestBadPatterns(t *testing.T) {
	t.Parallel()
	rt := router.New(testConfig())
	for _, p := range []string{"", "users", "/a//b", "/{*rest}/x", "/{bad name}"} {
		assert.Error(t, rt.Handle(p, answer("x")), p)
		assert.Error(t, rt.HandleMethods(p, nil), p)
	}
}

func TestAllow(t *testing.T) {
	t.Parallel()
	h := answer("x")
	assert.Equal(t, "GET, HEAD, OPTIONS", router.Allow(map[string]router.HandlerFunc{"GET": h}))
	assert.Equal(t, "GET, HEAD, POST, DELETE, OPTIONS, LINK, PURGE",
		router.Allow(map[string]router.HandlerFunc{"PURGE": h, "DELETE": h, "LINK": h, "POST": h, "GET": h}))
	assert.Equal(t, "HEAD, OPTIONS", router.Allow(map[string]router.HandlerFunc{"HEAD": h, "OPTIONS": h}))
}
