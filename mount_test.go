package pretendo_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/mux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// mounts builds, for each kind of router, a network server that serves
// srv under prefix (without the trailing slash).
func mounts(t *testing.T, prefix string) map[string]string {
	t.Helper()
	routers := map[string]func(h http.Handler) http.Handler{
		"StripPrefix": func(h http.Handler) http.Handler {
			return http.StripPrefix(prefix, h)
		},
		"ServeMux": func(h http.Handler) http.Handler {
			m := http.NewServeMux()
			m.Handle(prefix+"/", http.StripPrefix(prefix, h))
			m.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
			return m
		},
		"gorilla": func(h http.Handler) http.Handler {
			r := mux.NewRouter()
			r.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
			r.PathPrefix(prefix + "/").Handler(http.StripPrefix(prefix, h))
			return r
		},
	}
	out := make(map[string]string, len(routers))
	for name, wrap := range routers {
		srv, err := pretendo.Open(blogSpec(t))
		require.NoError(t, err)
		ts := httptest.NewServer(wrap(srv))
		t.Cleanup(func() {
			ts.Close()
			_ = srv.Close()
		})
		out[name] = ts.URL
	}
	return out
}

func TestMounted(t *testing.T) {
	t.Parallel()
	for _, prefix := range []string{"/api", "/api/v1"} {
		for name, base := range mounts(t, prefix) {
			t.Run(name+prefix, func(t *testing.T) {
				t.Parallel()
				api := base + prefix
				root := get(t, api+"/")
				assert.Equal(t, "pretendo", root["name"])

				status, h, body := do(t, http.MethodGet, api+"/users?perPage=1&role[ne]=x", nil)
				require.Equal(t, http.StatusOK, status, "%v", body)
				rels, urls := linkRels(t, h.Get("Link"))
				assert.Equal(t, []string{"first", "last", "next"}, rels)
				assert.Equal(t, prefix+"/users?page=2&perPage=1&role%5Bne%5D=x", urls["next"])
				assert.Equal(t, prefix+"/users?page=3&perPage=1&role%5Bne%5D=x", urls["last"])
				assert.Equal(t, urls["first"], pagination(t, body)["links"].(map[string]any)["first"])

				status, h, body = do(t, http.MethodPost, api+"/users", map[string]any{"email": "m@x.y", "name": "M"})
				require.Equal(t, http.StatusCreated, status, "%v", body)
				assert.Equal(t, prefix+"/users/4", h.Get("Location"))
				assert.Equal(t, "M", data(t, get(t, base+h.Get("Location")))["name"], "Location is usable as is")

				status, h, body = do(t, http.MethodPost, api+"/users/4/posts", map[string]any{"title": "T"})
				require.Equal(t, http.StatusCreated, status, "%v", body)
				assert.Equal(t, prefix+"/posts/4", h.Get("Location"))
				_, h, _ = do(t, http.MethodGet, api+"/users/1/posts?perPage=1", nil)
				assert.Equal(t, prefix+"/users/1/posts?page=2&perPage=1", linkURL(t, h.Get("Link"), "next"))

				status, h, body = do(t, http.MethodPost, api+"/pages", map[string]any{"slug": "a b/c?d", "title": "odd"})
				require.Equal(t, http.StatusCreated, status, "%v", body)
				assert.Equal(t, prefix+"/pages/a%20b%2Fc%3Fd", h.Get("Location"))
				assert.Equal(t, "odd", data(t, get(t, base+h.Get("Location")))["title"])

				status, _, body = do(t, http.MethodGet, api+"/nope", nil)
				assert.Equal(t, http.StatusNotFound, status)
				assert.Equal(t, "RESOURCE_NOT_FOUND", errCode(body))
				status, h, _ = do(t, http.MethodPatch, api+"/users", nil)
				assert.Equal(t, http.StatusMethodNotAllowed, status)
				assert.Equal(t, "GET, HEAD, POST, OPTIONS", h.Get("Allow"))
				assert.Equal(t, 4.0, data(t, get(t, api+"/admin/stats"))["posts"].(map[string]any)["count"])

				if name != "StripPrefix" {
					resp, err := http.Get(base + "/health")
					require.NoError(t, err)
					_ = resp.Body.Close()
					assert.Equal(t, http.StatusTeapot, resp.StatusCode, "the router's own routes still work")
				}
			})
		}
	}
}

func TestMountedByRecorder(t *testing.T) {
	t.Parallel()
	srv := pretendo.New(blogSpec(t))
	t.Cleanup(func() { _ = srv.Close() })
	h := http.StripPrefix("/api", srv)
	req := httptest.NewRequest(http.MethodPost, "/api/users", reqBody(t, map[string]any{"email": "r@x.y", "name": "R"}))
	status, hdr, body := serveRecorder(t, h, req)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, "/api/users/4", hdr.Get("Location"))

	// A request built for a client (no RequestURI) falls back to the path
	// the server sees.
	req, err := http.NewRequest(http.MethodPost, "http://example.com/users", reqBody(t, map[string]any{"email": "s@x.y", "name": "S"}))
	require.NoError(t, err)
	status, hdr, body = serveRecorder(t, srv, req)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, "/users/5", hdr.Get("Location"))
}
