package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/rewrite"
)

// fetch makes a request and returns the status, headers and body text.
func fetch(t *testing.T, method, url, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, string(raw)
}

func TestStartReadOnly(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	for _, flag := range []string{"--read-only", "--ro"} {
		t.Run(flag, func(t *testing.T) {
			t.Parallel()
			c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", flag)
			assert.Contains(t, c.stdout.String(), "writes   refused (read-only)")
			status, _, _ := fetch(t, http.MethodGet, c.url+"/users", "")
			assert.Equal(t, http.StatusOK, status)
			status, _, body := fetch(t, http.MethodPost, c.url+"/users", `{"name":"Eve"}`)
			assert.Equal(t, http.StatusForbidden, status)
			assert.Contains(t, body, `"FORBIDDEN"`)
			status, _, _ = fetch(t, http.MethodDelete, c.url+"/users/1", "")
			assert.Equal(t, http.StatusForbidden, status)
			status, _, _ = fetch(t, http.MethodGet, c.url+"/users/1", "")
			assert.Equal(t, http.StatusOK, status, "the delete changed nothing")
			status, _, _ = fetch(t, http.MethodPost, c.url+"/admin/reset", "")
			assert.Equal(t, http.StatusOK, status, "the admin API stays open")
		})
	}
}

// TestStartReadOnlyJSONServerDB checks --read-only, --routes and
// --delay on a json-server db.json, in json-server's dialect.
func TestStartReadOnlyJSONServerDB(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "db.json", jsonServerDB)
	routes := writeFile(t, "routes.json", `{"/api/*": "/$1"}`)
	c := startCLI(t, path, "--port=0", "--host=127.0.0.1", "--ro", "-r", routes, "-d", "1", "--nc")
	status, h, body := fetch(t, http.MethodGet, c.url+"/api/posts/1", "")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"id": 1, "title": "json-server", "views": 10}`, body)
	assert.Empty(t, h.Get("Access-Control-Allow-Origin"))
	status, _, _ = fetch(t, http.MethodPost, c.url+"/api/posts", `{"title":"no"}`)
	assert.Equal(t, http.StatusForbidden, status)
	status, _, _ = fetch(t, http.MethodDelete, c.url+"/posts/1", "")
	assert.Equal(t, http.StatusForbidden, status)
	saved, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(saved), `"json-server"`, "nothing was written")
	assert.NotContains(t, string(saved), `"no"`)
}

// publicDir makes a static folder with an index.html and a script.
func publicDir(t *testing.T, dir string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "js"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "js", "app.js"), []byte("app()"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".secret"), []byte("no"), 0o644))
	return dir
}

func TestStartStatic(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	dir := publicDir(t, filepath.Join(t.TempDir(), "site"))
	for _, flag := range []string{"--static", "-s"} {
		t.Run(flag, func(t *testing.T) {
			t.Parallel()
			c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", flag, dir)
			assert.Contains(t, c.stdout.String(), "static   "+dir)
			status, h, body := fetch(t, http.MethodGet, c.url+"/js/app.js", "")
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, "app()", body)
			assert.Contains(t, h.Get("Content-Type"), "javascript")
			status, _, _ = fetch(t, http.MethodGet, c.url+"/.secret", "")
			assert.Equal(t, http.StatusNotFound, status)
			status, _, _ = fetch(t, http.MethodGet, c.url+"/%2e%2e/api.yml", "")
			assert.Equal(t, http.StatusNotFound, status)
			status, h, body = fetch(t, http.MethodGet, c.url+"/", "")
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, "text/html; charset=utf-8", h.Get("Content-Type"))
			assert.Contains(t, body, `<a href="./users">/users</a><span class="count">2 records</span>`)
			assert.Contains(t, body, `<a href="./posts">/posts</a><span class="count">1 record</span>`)
			status, _, body = fetch(t, http.MethodGet, c.url+"/users", "")
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, body, `"Ada"`)
		})
	}
	t.Run("missing folder", func(t *testing.T) {
		t.Parallel()
		_, err := tryStartCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "--static", filepath.Join(t.TempDir(), "nope"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "invalid spec")
	})
	t.Run("empty value", func(t *testing.T) {
		t.Parallel()
		_, err := tryStartCLI(t, path, memory, "--port=0", "--static=")
		require.Error(t, err)
		assert.Equal(t, exitUsage, exitCode(err))
	})
}

// TestStartStaticDefault checks that ./public is served when it exists,
// as json-server serves it, unless --no-static says otherwise. It changes
// the working folder, so it does not run in parallel.
func TestStartStaticDefault(t *testing.T) {
	path := writeFile(t, "api.yml", testSpec)
	wd := t.TempDir()
	t.Chdir(wd)

	c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1")
	assert.NotContains(t, c.stdout.String(), "static ")
	status, _, body := fetch(t, http.MethodGet, c.url+"/", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"name":"pretendo"`, "no ./public: the root is the JSON one")
	require.NoError(t, c.stop(t))

	publicDir(t, filepath.Join(wd, "public"))
	c = startCLI(t, path, memory, "--port=0", "--host=127.0.0.1")
	assert.Contains(t, c.stdout.String(), "static   public")
	status, _, body = fetch(t, http.MethodGet, c.url+"/js/app.js", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "app()", body)
	require.NoError(t, c.stop(t))

	c = startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "--no-static")
	status, _, _ = fetch(t, http.MethodGet, c.url+"/js/app.js", "")
	assert.Equal(t, http.StatusNotFound, status)
}

func TestStartRoutes(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	routes := writeFile(t, "routes.json", `{
  "/api/*": "/$1",
  "/:resource/:id/show": "/:resource/:id",
  "/people": "/users"
}`)
	for _, flag := range []string{"--routes", "-r"} {
		t.Run(flag, func(t *testing.T) {
			t.Parallel()
			c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", flag, routes)
			assert.Contains(t, c.stdout.String(), "rewrites 3 rules")
			for target, want := range map[string]string{
				"/api/users/1":        `"Ada"`,
				"/users/2/show":       `"Bob"`,
				"/api/posts/1":        `"Hello"`,
				"/people":             `"Bob"`,
				"/API/users/2":        `"Bob"`,
				"/api/health":         `"ok"`,
				"/users/1":            `"Ada"`,
				"/api/users?name=Ada": `"Ada"`,
			} {
				status, _, body := fetch(t, http.MethodGet, c.url+target, "")
				assert.Equal(t, http.StatusOK, status, target)
				assert.Contains(t, body, want, target)
			}
			status, _, body := fetch(t, http.MethodGet, c.url+"/__rules", "")
			assert.Equal(t, http.StatusOK, status)
			assert.JSONEq(t, `{"/api/*": "/$1", "/:resource/:id/show": "/:resource/:id", "/people": "/users"}`, body)
			status, h, _ := fetch(t, http.MethodPost, c.url+"/api/users", `{"name":"Eve"}`)
			assert.Equal(t, http.StatusCreated, status)
			assert.Equal(t, "/users/3", h.Get("Location"))
		})
	}
}

func TestStartRoutesInvalid(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	many := make([]string, 1001)
	for i := range many {
		many[i] = fmt.Sprintf(`"/r%d": "/x"`, i)
	}
	for _, tc := range []struct{ name, content, msg string }{
		{"not JSON", `{"/api/*": "/$1",}`, "not JSON"},
		{"an array", `[["/api/*", "/$1"]]`, "holds an array"},
		{"a number target", `{"/api/*": 1}`, `target of "/api/*" is a number`},
		{"an object target", `{"/api/*": {"to": "/$1"}}`, `target of "/api/*" is an object`},
		{"twice", `{"/a": "/b", "/a": "/c"}`, `"/a" is given twice`},
		{"text after", `{"/a": "/b"} {}`, "text after the object"},
		{"empty", ``, "ends early"},
		{"unknown parameter", `{"/a/:id": "/b/:name"}`, `rule "/a/:id"`},
		{"not a path", `{"/a": "b"}`, "not a path"},
		{"too many", "{" + strings.Join(many, ",") + "}", "more than 1000 rules"},
		{"huge", `{"/a": "/` + strings.Repeat("b", 1<<20) + `"}`, "larger than 1024 KiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			routes := writeFile(t, "routes.json", tc.content)
			_, err := tryStartCLI(t, path, memory, "--port=0", "--routes", routes)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "flag --routes: "+routes)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
	t.Run("missing", func(t *testing.T) {
		t.Parallel()
		_, err := tryStartCLI(t, path, memory, "--port=0", "--routes", filepath.Join(t.TempDir(), "nope.json"))
		require.Error(t, err)
		assert.ErrorIs(t, err, os.ErrNotExist)
	})
}

func FuzzParseRoutes(f *testing.F) {
	for _, seed := range []string{
		`{"/api/*": "/$1", "/:resource/:id/show": "/:resource/:id"}`,
		`{"/articles\\?id=:id": "/posts/:id"}`,
		`[]`, `{"/a": 1}`, `{"/a": "/b", "/a": "/c"}`, `{`, ``, `{} x`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := parseRoutes(data)
		if err != nil {
			if !errors.Is(err, errRoutes) && !errors.Is(err, rewrite.ErrInvalid) {
				t.Fatalf("error %v wraps neither errRoutes nor rewrite.ErrInvalid", err)
			}
			return
		}
		for _, r := range rules {
			m := r.(map[string]any)
			if _, err := rewrite.Compile(m["from"].(string), m["to"].(string)); err != nil {
				t.Fatalf("accepted a rule that does not compile: %v", err)
			}
		}
	})
}

// TestStartJSONServerHomepage checks that pretendo start db.json has
// json-server's homepage at / without a static folder.
func TestStartJSONServerHomepage(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "db.json", jsonServerDB)
	c := startCLI(t, path, "--port=0", "--host=127.0.0.1")
	status, h, body := fetch(t, http.MethodGet, c.url+"/", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "text/html; charset=utf-8", h.Get("Content-Type"))
	assert.Contains(t, body, `<a href="./posts">/posts</a><span class="count">2 records</span>`)
	assert.Contains(t, body, `<a href="./comments">/comments</a><span class="count">1 record</span>`)
}
