package pretendo_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/schema"
)

// staticDir makes a folder of files to serve, beside a secret file that
// must never be served, and returns the folder.
func staticDir(t *testing.T, index bool) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	files := map[string]string{
		"style.css":       "body{}",
		"app.js":          "console.log(1)",
		"sub/index.html":  "<p>sub</p>",
		"sub/page.txt":    "page",
		"bare/note.txt":   "note",
		".env":            "TOP-SECRET=1",
		".git/config":     "TOP-SECRET [core]",
		"sub/.hidden":     "TOP-SECRET hidden",
		"users":           "not the API",
		"admin/stats":     "not the API",
		"health":          "not the custom route",
		"../secret.txt":   "TOP-SECRET",
		"../public2/x.js": "TOP-SECRET sibling",
	}
	if index {
		files["index.html"] = "<h1>my app</h1>"
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	require.NoError(t, os.Symlink(filepath.Join(root, "secret.txt"), filepath.Join(dir, "link.txt")))
	require.NoError(t, os.Symlink(root, filepath.Join(dir, "up")))
	return dir
}

// staticSpec is the blog spec serving dir, with a custom route.
func staticSpec(t *testing.T, dir string) *pretendo.Spec {
	t.Helper()
	spec := blogSpec(t)
	spec.Options.Static = dir
	spec.Routes = append(spec.Routes, schema.Route{Path: "/health", Method: "get", Response: map[string]any{"ok": true}})
	return spec
}

// fetchRaw sends a request for target as written and returns the status,
// Content-Type and body.
func fetchRaw(t *testing.T, h http.Handler, method, target string) (int, string, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec.Code, rec.Header().Get("Content-Type"), rec.Body.String()
}

func TestStaticFiles(t *testing.T) {
	t.Parallel()
	srv, err := pretendo.Open(staticSpec(t, staticDir(t, false)))
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })

	for _, tc := range []struct {
		name, method, target string
		status               int
		contentType, body    string
	}{
		{"file", "GET", "/style.css", 200, "text/css; charset=utf-8", "body{}"},
		{"head", "HEAD", "/app.js", 200, "text/javascript; charset=utf-8", ""},
		{"folder index", "GET", "/sub/", 200, "text/html; charset=utf-8", "<p>sub</p>"},
		{"file in folder", "GET", "/sub/page.txt", 200, "text/plain; charset=utf-8", "page"},
		{"encoded name", "GET", "/sub/%70age.txt", 200, "text/plain; charset=utf-8", "page"},
		// Never served: the API's paths, dotfiles, folders without an
		// index, anything outside the folder.
		{"resource beats a file", "GET", "/users", 200, "application/json; charset=utf-8", `"data"`},
		{"admin API beats a file", "GET", "/admin/stats", 200, "application/json; charset=utf-8", `"data"`},
		{"custom route beats a file", "GET", "/health", 200, "application/json; charset=utf-8", `"ok"`},
		{"dotfile", "GET", "/.env", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"dot folder", "GET", "/.git/config", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"dotfile in folder", "GET", "/sub/.hidden", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"encoded dotfile", "GET", "/%2eenv", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"no listing", "GET", "/bare/", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"no listing without slash", "GET", "/bare", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"traversal", "GET", "/../secret.txt", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"traversal in folder", "GET", "/sub/../../secret.txt", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"encoded traversal", "GET", "/%2e%2e/secret.txt", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"encoded slash traversal", "GET", "/sub%2f..%2f..%2fsecret.txt", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"double encoded traversal", "GET", "/%252e%252e/secret.txt", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"backslash traversal", "GET", `/..%5csecret.txt`, 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"sibling folder", "GET", "/../public2/x.js", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"link out of the folder", "GET", "/link.txt", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"folder link out of the folder", "GET", "/up/secret.txt", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"NUL", "GET", "/style.css%00", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"missing", "GET", "/nothing.js", 404, "application/json; charset=utf-8", "NOT_FOUND"},
		{"write to a file", "POST", "/style.css", 404, "application/json; charset=utf-8", "NOT_FOUND"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, ct, body := fetchRaw(t, srv, tc.method, tc.target)
			assert.Equal(t, tc.status, status, body)
			assert.Equal(t, tc.contentType, ct)
			assert.Contains(t, body, tc.body)
			assert.NotContains(t, body, "TOP-SECRET")
		})
	}

	t.Run("folder without slash redirects", func(t *testing.T) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", "/sub?x=1", nil))
		assert.Equal(t, http.StatusMovedPermanently, rec.Code)
		assert.Equal(t, "sub/?x=1", rec.Header().Get("Location"))
	})
}

func TestStaticHomepage(t *testing.T) {
	t.Parallel()
	t.Run("lists the resources", func(t *testing.T) {
		t.Parallel()
		_, base := serve(t, staticSpec(t, staticDir(t, false)))
		resp, err := http.Get(base + "/")
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
		assert.Equal(t, "Pretendo", resp.Header.Get("X-Powered-By"))
		assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
		page := string(body)
		for _, res := range []string{"users", "posts", "comments", "tags", "postTags"} {
			assert.Contains(t, page, `<a href="./`+res+`">/`+res+`</a>`)
		}
		assert.Regexp(t, `/users</a><span class="count">\d+ records?</span>`, page)
		assert.Contains(t, page, `href="./admin/ui/"`)
		assert.Less(t, strings.Index(page, "/users<"), strings.Index(page, "/posts<"), "spec order")
	})
	t.Run("index.html wins", func(t *testing.T) {
		t.Parallel()
		srv, err := pretendo.Open(staticSpec(t, staticDir(t, true)))
		require.NoError(t, err)
		t.Cleanup(func() { _ = srv.Close() })
		status, ct, body := fetchRaw(t, srv, "GET", "/")
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, "text/html; charset=utf-8", ct)
		assert.Equal(t, "<h1>my app</h1>", body)
		status, _, body = fetchRaw(t, srv, "HEAD", "/")
		assert.Equal(t, http.StatusOK, status)
		assert.Empty(t, body)
	})
	t.Run("without static the root is JSON", func(t *testing.T) {
		t.Parallel()
		_, base := newServer(t)
		status, _, body := do(t, http.MethodGet, base+"/", nil)
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, "pretendo", body["name"])
	})
	t.Run("other methods on the root", func(t *testing.T) {
		t.Parallel()
		_, base := serve(t, staticSpec(t, staticDir(t, false)))
		status, h, _ := do(t, http.MethodDelete, base+"/", nil)
		assert.Equal(t, http.StatusMethodNotAllowed, status)
		assert.NotEmpty(t, h.Get("Allow"))
	})
}

func TestStaticFolderMustExist(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	for name, dir := range map[string]string{"missing": filepath.Join(t.TempDir(), "nope"), "a file": file} {
		t.Run(name, func(t *testing.T) {
			spec := blogSpec(t)
			spec.Options.Static = dir
			_, err := pretendo.Open(spec)
			require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
			var se *pretendo.SpecError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, "options.static", se.Problems[0].Path)
		})
	}
}
