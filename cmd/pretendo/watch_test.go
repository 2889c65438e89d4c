package main

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// waitLog waits until the command's log holds n lines with msg, and fails
// the test after 20 seconds.
func waitLog(t *testing.T, c *cli, msg string, n int) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for strings.Count(c.stderr.String(), "msg=\""+msg) < n && strings.Count(c.stderr.String(), "msg="+msg) < n {
		select {
		case <-deadline:
			t.Fatalf("no %d %q in the log within 20s\nstderr: %s", n, msg, c.stderr)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// replaceFile writes content to path as editors do: into a new file, then
// renamed over the old one.
func replaceFile(t *testing.T, path, content string) {
	t.Helper()
	tmp := path + ".swp"
	require.NoError(t, os.WriteFile(tmp, []byte(content), 0o644))
	require.NoError(t, os.Rename(tmp, path))
}

// tagsSpec is testSpec with a third resource.
const tagsSpec = testSpec + `
  defaultPageSize: 10
`

func TestStartWatchSpec(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	db := filepath.Join(filepath.Dir(path), "db.json")
	c := startCLI(t, path, "--db", db, "--port=0", "--host=127.0.0.1", "--watch")

	status, _, _ := fetch(t, http.MethodPost, c.url+"/users", `{"name":"Eve"}`)
	require.Equal(t, http.StatusCreated, status)

	// An editor's save: a new file renamed over the spec.
	withTags := strings.Replace(testSpec, "data:\n", `  - name: tags
    fields:
      - { name: id, type: number }
      - { name: label, type: string }
data:
  tags:
    - { id: 1, label: go }
`, 1)
	replaceFile(t, path, withTags)
	waitLog(t, c, "reloaded", 1)
	// The data file wins over the spec's data, as at start: the new
	// resource is there, with no records.
	status, _, body := fetch(t, http.MethodGet, c.url+"/tags", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"data":[]`)
	status, _, body = fetch(t, http.MethodGet, c.url+"/users/3", "")
	assert.Equal(t, http.StatusOK, status, "the data written before the reload stays")
	assert.Contains(t, body, `"Eve"`)

	// A broken spec keeps the API that runs, and says why.
	replaceFile(t, path, "resources: [ {name: ")
	waitLog(t, c, "reload failed", 1)
	assert.Contains(t, c.stderr.String(), "api.yml")
	status, _, _ = fetch(t, http.MethodGet, c.url+"/tags", "")
	assert.Equal(t, http.StatusOK, status)

	// So does a spec whose data breaks its rules.
	replaceFile(t, path, strings.Replace(testSpec, "name: Bob", "name: ''", 1))
	waitLog(t, c, "reload failed", 2)
	status, _, _ = fetch(t, http.MethodGet, c.url+"/tags", "")
	assert.Equal(t, http.StatusOK, status)

	// A deleted file too; written again, it is read again.
	require.NoError(t, os.Remove(path))
	waitLog(t, c, "reload failed", 3)
	status, _, _ = fetch(t, http.MethodGet, c.url+"/tags", "")
	assert.Equal(t, http.StatusOK, status)
	require.NoError(t, os.WriteFile(path, []byte(testSpec), 0o644))
	waitLog(t, c, "reloaded", 2)
	status, _, _ = fetch(t, http.MethodGet, c.url+"/tags", "")
	assert.Equal(t, http.StatusNotFound, status)
	status, _, _ = fetch(t, http.MethodGet, c.url+"/users/3", "")
	assert.Equal(t, http.StatusOK, status)

	require.NoError(t, c.stop(t))
	assert.NotContains(t, c.stderr.String(), "level=ERROR msg=\"the previous API")
}

func TestStartWatchRoutes(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	routes := filepath.Join(filepath.Dir(path), "routes.json")
	require.NoError(t, os.WriteFile(routes, []byte(`{"/api/*": "/$1"}`), 0o644))
	c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "-w", "-r", routes)

	status, _, _ := fetch(t, http.MethodGet, c.url+"/v2/users/1", "")
	assert.Equal(t, http.StatusNotFound, status)
	replaceFile(t, routes, `{"/api/*": "/$1", "/v2/*": "/$1"}`)
	waitLog(t, c, "reloaded", 1)
	status, _, body := fetch(t, http.MethodGet, c.url+"/v2/users/1", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"Ada"`)

	// A rule that does not compile keeps the rules that run.
	require.NoError(t, os.WriteFile(routes, []byte(`{"/v3/:id": "/users/:nope"}`), 0o644))
	waitLog(t, c, "reload failed", 1)
	assert.Contains(t, c.stderr.String(), ":nope")
	status, _, _ = fetch(t, http.MethodGet, c.url+"/v2/users/1", "")
	assert.Equal(t, http.StatusOK, status)

	// A routes file written in place, the way some editors save.
	require.NoError(t, os.WriteFile(routes, []byte(`{"/v3/*": "/$1"}`), 0o644))
	waitLog(t, c, "reloaded", 2)
	status, _, _ = fetch(t, http.MethodGet, c.url+"/v3/users/1", "")
	assert.Equal(t, http.StatusOK, status)
	status, _, _ = fetch(t, http.MethodGet, c.url+"/v2/users/1", "")
	assert.Equal(t, http.StatusNotFound, status)
}

func TestStartWatchNeedsAFile(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--watch"}, {"-", "--watch"}} {
		_, err := tryStartCLI(t, append(args, memory, "--port=0")...)
		require.Error(t, err)
		assert.Equal(t, exitUsage, exitCode(err))
		assert.Contains(t, err.Error(), "--watch needs a file")
	}
}

func TestStartWatchDataFile(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	db := filepath.Join(filepath.Dir(path), "data", "db.json")
	c := startCLI(t, path, "--db", db, "--port=0", "--host=127.0.0.1", "--watch")

	// Another program writes the data file: the server reads it, as
	// POST /admin/load does.
	replaceFile(t, db, `{"users": [{"id": 1, "name": "Ada"}, {"id": 7, "name": "Grace"}], "posts": []}`)
	waitLog(t, c, "reloaded", 1)
	status, _, body := fetch(t, http.MethodGet, c.url+"/users/7", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"Grace"`)
	status, _, _ = fetch(t, http.MethodGet, c.url+"/users/2", "")
	assert.Equal(t, http.StatusNotFound, status)

	// A data file that does not load keeps the data.
	require.NoError(t, os.WriteFile(db, []byte(`{"users": [{"id": 1}, {"id": 1}]}`), 0o644))
	waitLog(t, c, "reload failed", 1)
	assert.Contains(t, c.stderr.String(), "keeps the data it had")
	status, _, _ = fetch(t, http.MethodGet, c.url+"/users/7", "")
	assert.Equal(t, http.StatusOK, status)
}

// TestReloadIgnoresOwnSaves checks that a save of the server's own does
// not reload it (which would drop the changes it has not saved yet), and
// that another program's write does.
func TestReloadIgnoresOwnSaves(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := writeFile(t, "api.yml", testSpec)
	db := filepath.Join(filepath.Dir(path), "db.json")
	o, err := parseStart([]string{path, "--db", db, "--watch", "--database.autoSave=false"})
	require.NoError(t, err)
	src, err := readSpec(o.spec, nil)
	require.NoError(t, err)
	logs := &syncBuffer{}
	logger := newLogger(logs, false, slog.LevelInfo)
	spec, err := buildSpec(o, src, logger)
	require.NoError(t, err)
	srv, err := pretendo.Open(spec, pretendo.WithLogger(logger))
	require.NoError(t, err)
	live := &liveServer{srv: srv}
	t.Cleanup(func() { _ = live.current().Close() })
	rl := &reloader{o: o, src: src, spec: spec, live: live, logger: logger, opts: []pretendo.Option{pretendo.WithLogger(logger)}}
	files, err := rl.init()
	require.NoError(t, err)
	assert.Contains(t, files, db)

	post := func(name string) {
		rec := httptest.NewRecorder()
		live.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/users", strings.NewReader(`{"name":"`+name+`"}`)))
		require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	}
	post("Saved")
	saved, err := srv.Save(ctx)
	require.NoError(t, err)
	require.True(t, saved)
	post("Pending") // not in the file: autoSave is off
	rl.reload(ctx, map[string]bool{db: true})
	assert.Same(t, srv, live.current())
	assert.NotContains(t, logs.String(), "reloaded")
	users, err := srv.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4, users["users"].Count, "the pending write stays")

	require.NoError(t, os.WriteFile(db, []byte(`{"users": [{"id": 1, "name": "Ada"}], "posts": []}`), 0o644))
	rl.reload(ctx, map[string]bool{db: true})
	assert.Contains(t, logs.String(), "msg=reloaded")
	users, err = srv.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, users["users"].Count, "another program's write is read: %s", logs)
}

// TestStartWatchJSONServerDB watches a json-server db.json, which is the
// spec and the data file at once: the server's own saves reload nothing,
// another program's edit is the new data (a new resource included), and a
// broken edit keeps the API.
func TestStartWatchJSONServerDB(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "db.json", jsonServerDB)
	c := startCLI(t, path, "--port=0", "--host=127.0.0.1", "--watch")

	// The server's own saves: each POST is saved before its answer.
	for range 3 {
		status, _, _ := fetch(t, http.MethodPost, c.url+"/posts", `{"title":"mine"}`)
		require.Equal(t, http.StatusCreated, status)
	}
	saved, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(saved), `"mine"`)

	// An edit by another program, as an editor saves it.
	replaceFile(t, path, `{
  "posts": [ { "id": 1, "title": "edited" } ],
  "tags": [ { "id": 1, "name": "go" } ]
}`)
	waitLog(t, c, "reloaded", 1)
	status, _, body := fetch(t, http.MethodGet, c.url+"/posts", "")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[{"id": 1, "title": "edited"}]`, body, "the edit is the data; the posts the server saved before are gone with it")
	status, _, body = fetch(t, http.MethodGet, c.url+"/tags/1", "")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"id": 1, "name": "go"}`, body)
	status, _, _ = fetch(t, http.MethodGet, c.url+"/comments", "")
	assert.Equal(t, http.StatusNotFound, status, "a resource the edit removed")

	// The server's saves after the reload reload nothing either.
	status, _, _ = fetch(t, http.MethodPost, c.url+"/tags", `{"name":"json"}`)
	require.Equal(t, http.StatusCreated, status)

	replaceFile(t, path, `{"posts": [ {"id": 1}, `)
	waitLog(t, c, "reload failed", 1)
	status, _, body = fetch(t, http.MethodGet, c.url+"/tags", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"json"`)

	require.NoError(t, c.stop(t))
	assert.Equal(t, 1, strings.Count(c.stderr.String(), "msg=reloaded"), c.stderr)
}

// TestReloadIgnoresOwnSavesOfDB is TestReloadIgnoresOwnSaves for a
// json-server db.json, the spec and the data file at once: the server's
// saves keep the server, another program's write makes a new one from it.
func TestReloadIgnoresOwnSavesOfDB(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	path := writeFile(t, "db.json", jsonServerDB)
	o, err := parseStart([]string{path, "--watch"})
	require.NoError(t, err)
	src, err := readSpec(o.spec, nil)
	require.NoError(t, err)
	logs := &syncBuffer{}
	logger := newLogger(logs, false, slog.LevelInfo)
	spec, err := buildSpec(o, src, logger)
	require.NoError(t, err)
	opts := []pretendo.Option{pretendo.WithLogger(logger)}
	srv, err := pretendo.Open(spec, opts...)
	require.NoError(t, err)
	live := &liveServer{srv: srv}
	t.Cleanup(func() { _ = live.current().Close() })
	rl := &reloader{o: o, src: src, spec: spec, live: live, logger: logger, opts: opts}
	files, err := rl.init()
	require.NoError(t, err)
	assert.Equal(t, []string{path}, files)

	rec := httptest.NewRecorder()
	live.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/posts", strings.NewReader(`{"title":"mine"}`)))
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	rl.reload(ctx, map[string]bool{path: true})
	assert.Same(t, srv, live.current(), "the server's own save")
	assert.NotContains(t, logs.String(), "reloaded")

	require.NoError(t, os.WriteFile(path, []byte(`{"posts": [{"id": 5, "title": "theirs"}]}`), 0o644))
	rl.reload(ctx, map[string]bool{path: true})
	assert.NotSame(t, srv, live.current())
	assert.Contains(t, logs.String(), "msg=reloaded")
	rec = httptest.NewRecorder()
	live.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/posts", nil))
	assert.JSONEq(t, `[{"id": 5, "title": "theirs"}]`, rec.Body.String())

	// The new server's first save is its own too.
	rec = httptest.NewRecorder()
	live.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/posts", strings.NewReader(`{"title":"mine again"}`)))
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	current := live.current()
	rl.reload(ctx, map[string]bool{path: true})
	assert.Same(t, current, live.current())
	assert.Equal(t, 1, strings.Count(logs.String(), "msg=reloaded"))
}
