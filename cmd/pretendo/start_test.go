package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/jsonfile"
)

func TestStartServes(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	c := startCLI(t, path, memory, "--port", "0", "--host", "127.0.0.1")

	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, c.url)
	out := c.stdout.String()
	assert.Contains(t, out, "serving "+path)
	assert.Contains(t, out, "storage  memory")
	assert.Contains(t, out, "admin    "+c.url+"/admin")
	assert.Contains(t, out, "ui       "+c.url+"/admin/ui/")
	assert.Regexp(t, `users +2  /users  /users/\{id\}  /users/\{id\}/posts\n`, out)
	assert.Regexp(t, `posts +1  /posts  /posts/\{id\}\n`, out)
	assert.Contains(t, out, "custom routes: GET /health")

	status, _, body := get(t, c.url+"/users/1")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Ada", body["data"].(map[string]any)["name"])

	status, body = send(t, http.MethodPost, c.url+"/users", `{"name":"Émilie 🚀"}`)
	require.Equal(t, http.StatusCreated, status)
	assert.Equal(t, float64(3), body["data"].(map[string]any)["id"])
	status, _, body = get(t, c.url+"/users/3")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Émilie 🚀", body["data"].(map[string]any)["name"])

	status, _, _ = get(t, c.url+"/nope?x=%00")
	assert.Equal(t, http.StatusNotFound, status)

	require.NoError(t, c.stop(t))
	logs := c.stderr.String()
	assert.Regexp(t, `msg=request method=GET path=/users/1 status=200 duration=\S+`, logs)
	assert.Regexp(t, `msg=request method=POST path=/users status=201 duration=\S+`, logs)
	assert.Regexp(t, `method=GET path="?/nope\?x=%00"? status=404`, logs)
	assert.Contains(t, logs, "msg=stopped")

	_, err := http.Get(c.url + "/users")
	assert.Error(t, err, "the port is closed after stop")
}

func TestStartEmbeddedExample(t *testing.T) {
	t.Parallel()
	c := startCLI(t, memory, "--port=0", "--host=127.0.0.1")
	out := c.stdout.String()
	assert.Contains(t, out, "serving the embedded blog example")
	assert.Regexp(t, `users +21  `, out)
	assert.Regexp(t, `posts +60  `, out)
	assert.Regexp(t, `comments +150  `, out)
	assert.Regexp(t, `tags +8  `, out)
	status, hdr, _ := get(t, c.url+"/posts?perPage=1")
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "60", hdr.Get("X-Total-Count"))
}

func TestStartStdinSpec(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"start", "-", memory, "--port=0", "--host=127.0.0.1"}, strings.NewReader(testSpec), out, &syncBuffer{})
	}()
	_, err := out.waitUntil(t, urlPattern.MatchString, done)
	require.NoError(t, err, "start ended before serving")
	assert.Contains(t, out.String(), "serving standard input")
}

func TestStartFlagsBeatSpec(t *testing.T) {
	t.Parallel()
	// The spec asks for a port that is taken, a large page, CORS on.
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	spec := testSpec + fmt.Sprintf("  port: %d\n  host: 127.0.0.1\n  defaultPageSize: 50\n  corsEnabled: true\n", port)
	path := writeFile(t, "api.yml", spec)

	c := startCLI(t, path, memory, "--port", "0", "--options.maxPageSize=1", "--defaultPageSize=1", "--no-cors")
	assert.NotEqual(t, "http://127.0.0.1:"+strconv.Itoa(port), c.url)
	assert.Contains(t, c.stdout.String(), "cors     off")

	status, hdr, body := get(t, c.url+"/users?perPage=50")
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, body["data"], 1, "maxPageSize from the flag")
	assert.Equal(t, "2", hdr.Get("X-Total-Count"))
	assert.Empty(t, hdr.Get("Access-Control-Allow-Origin"))
}

func TestStartSpecPortIsUsed(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	path := writeFile(t, "api.yml", testSpec+fmt.Sprintf("  port: %d\n  host: 127.0.0.1\n", port))
	_, err = tryStartCLI(t, path, memory)
	require.Error(t, err)
	assert.Equal(t, exitFailure, exitCode(err))
	assert.Equal(t, fmt.Sprintf("port %d is already in use on 127.0.0.1 (choose another with --port, or --port 0 for any free port)", port), err.Error())
}

func TestStartPortInUse(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	port := strconv.Itoa(taken.Addr().(*net.TCPAddr).Port)
	c, err := tryStartCLI(t, memory, "--host", "127.0.0.1", "--port", port)
	require.Error(t, err)
	assert.Equal(t, exitFailure, exitCode(err))
	assert.Contains(t, err.Error(), "port "+port+" is already in use")
	assert.Empty(t, c.stdout.String(), "no banner")
	var b strings.Builder
	report(&b, err)
	assert.Equal(t, 1, strings.Count(b.String(), "\n"), "one line: %s", b.String())
}

func TestStartDelayAndErrors(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "--delay", "150", "--error-rate", "1", "--options.seed=3")
	out := c.stdout.String()
	assert.Contains(t, out, "latency  150 ms")
	assert.Contains(t, out, "errors   100% of requests fail with 500, 503, 504")
	begin := time.Now()
	status, _, body := get(t, c.url+"/users")
	assert.GreaterOrEqual(t, time.Since(begin), 150*time.Millisecond)
	assert.Contains(t, []int{500, 503, 504}, status)
	assert.Equal(t, "SIMULATED_ERROR", body["code"])
}

func TestStartLogFormats(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	t.Run("json", func(t *testing.T) {
		t.Parallel()
		c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "--log-format", "json")
		get(t, c.url+"/users?role=admin")
		require.NoError(t, c.stop(t))
		var lines []map[string]any
		sc := bufio.NewScanner(strings.NewReader(c.stderr.String()))
		for sc.Scan() {
			var m map[string]any
			require.NoError(t, json.Unmarshal(sc.Bytes(), &m), "every line is JSON: %s", sc.Text())
			lines = append(lines, m)
		}
		require.Len(t, lines, 3, "listening, one request, stopped")
		assert.Equal(t, "listening", lines[0]["msg"])
		assert.Equal(t, c.url, lines[0]["url"])
		assert.Equal(t, "memory", lines[0]["adapter"])
		assert.Equal(t, "request", lines[1]["msg"])
		assert.Equal(t, "GET", lines[1]["method"])
		assert.Equal(t, "/users?role=admin", lines[1]["path"])
		assert.Equal(t, float64(200), lines[1]["status"])
		assert.Greater(t, lines[1]["duration"], float64(0))
		assert.Equal(t, "stopped", lines[2]["msg"])
	})
	t.Run("quiet", func(t *testing.T) {
		t.Parallel()
		c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "--quiet")
		status, _, _ := get(t, c.url+"/users")
		assert.Equal(t, http.StatusOK, status)
		require.NoError(t, c.stop(t))
		// As json-server's --quiet: no banner but the one line that says
		// where the API is, and no log but warnings and errors.
		assert.Equal(t, "pretendo: url "+c.url+" (Press Ctrl+C to stop.)\n", c.stdout.String())
		assert.Empty(t, c.stderr.String())
	})
}

func TestStartSeedFile(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	t.Run("javascript seed files", func(t *testing.T) {
		t.Parallel()
		for _, name := range []string{"seed.js", "seed.ts", "seed.mjs", "seed.cjs", "SEED.JS"} {
			_, err := tryStartCLI(t, path, memory, "--port=0", "--seed", name)
			require.Error(t, err)
			assert.Equal(t, exitUsage, exitCode(err), name)
			assert.Contains(t, err.Error(), "JavaScript seed files are not supported")
			assert.Contains(t, err.Error(), "YAML or JSON data file")
			assert.Contains(t, err.Error(), "pretendo.WithSeed")
		}
	})
	t.Run("records are added", func(t *testing.T) {
		t.Parallel()
		data := writeFile(t, "data.yml", "users:\n  - { id: 100, name: Seeded, role: admin }\nposts:\n  - { title: Seeded post, userId: 100 }\n")
		c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "--seed", data)
		assert.Regexp(t, `users +3  `, c.stdout.String())
		status, _, body := get(t, c.url+"/users/100/posts")
		require.Equal(t, http.StatusOK, status)
		require.Len(t, body["data"], 1)
		assert.Equal(t, "Seeded post", body["data"].([]any)[0].(map[string]any)["title"])
	})
	tests := []struct {
		name, data string
		want       []string
	}{
		{"missing file", "", []string{"--seed", "no such file"}},
		{"not a map", "- 1\n- 2\n", []string{"--seed"}},
		{"record breaks a rule", "users:\n  - { id: 7, name: X, role: emperor }\n", []string{"data.yml: users[0]: ", "role must be one of"}},
		// The spec's data holds a post too: the index counts in the file.
		{"second record breaks a rule", "posts:\n  - { title: Fine, userId: 1 }\n  - { userId: 1 }\n", []string{"data.yml: posts[1]: ", "title is required"}},
		{"broken reference", "posts:\n  - { title: Orphan, userId: 999 }\n", []string{"data.yml: posts[0]: ", "userId 999 references no users record"}},
		{"YAML 1.2", "users:\n  - { id: 7, name: NO, role: admin }\n  - { id: 8, name: off, role: admin, id: 9 }\n", []string{"--seed", "data.yml", "line 3", "duplicate key"}},
		{"unknown resource", "ghosts:\n  - { id: 1 }\n", []string{"ghosts"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(t.TempDir(), "missing.yml")
			if tt.data != "" {
				file = writeFile(t, "data.yml", tt.data)
			}
			_, err := tryStartCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "--seed", file)
			require.Error(t, err)
			assert.Equal(t, exitFailure, exitCode(err))
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestStartBadSpecs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.yml")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	blank := filepath.Join(dir, "blank.yml")
	require.NoError(t, os.WriteFile(blank, []byte("\n  \n\t\n"), 0o644))
	huge := filepath.Join(dir, "huge.yml")
	f, err := os.Create(huge)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(maxSpecBytes+1)) // sparse: costs no disk
	require.NoError(t, f.Close())
	invalid := filepath.Join(dir, "invalid.yml")
	require.NoError(t, os.WriteFile(invalid, []byte("resources:\n  - name: 'bad name!'\n    fields: []\n"), 0o644))

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"folder", []string{dir}, exitFailure, "spec " + dir + " is a directory (want a YAML or JSON file)"},
		{"empty file", []string{empty}, exitFailure, "spec " + empty + " is empty"},
		{"blank file", []string{blank}, exitFailure, "spec " + blank + " is empty"},
		{"missing file", []string{filepath.Join(dir, "nope.yml")}, exitFailure, "spec file " + filepath.Join(dir, "nope.yml") + " not found"},
		{"too large", []string{huge}, exitFailure, "is too large"},
		{"invalid", []string{invalid}, exitFailure, "invalid spec " + invalid + ": "},
		{"unknown adapter", []string{"--database.adapter=redis"}, exitUsage, `flag --database.adapter: options.database.adapter: unknown adapter "redis"`},
		{"unknown option path", []string{"--database.colour=red"}, exitUsage, "flag --database.colour: options.database.colour: unknown key"},
		{"port 70000", []string{"--port", "70000"}, exitUsage, `invalid value "70000" for flag --port`},
		{"port abc", []string{"--port", "abc"}, exitUsage, `invalid value "abc" for flag --port`},
		{"snapshot without folder", []string{memory, "--snapshot", "x"}, exitUsage, "flag --snapshot needs a snapshot folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := tryStartCLI(t, append(tt.args, "--port=0", "--host=127.0.0.1")...)
			if tt.name == "port 70000" || tt.name == "port abc" {
				c, err = tryStartCLI(t, append([]string{"--host=127.0.0.1"}, tt.args...)...)
			}
			require.Error(t, err)
			assert.Equal(t, tt.code, exitCode(err))
			assert.Contains(t, err.Error(), tt.want)
			assert.Empty(t, c.stdout.String())
		})
	}
}

func TestStartInvalidSpecPrintsProblems(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", "resources:\n  - name: users\n    fields:\n      - { name: id, type: strng }\n    colour: red\n")
	c, err := tryStartCLI(t, path, memory, "--port=0")
	require.Error(t, err)
	assert.Equal(t, exitFailure, exitCode(err))
	assert.Contains(t, c.stderr.String(), path+`:4:27: resources[0].fields[0].type: unknown type "strng"`)
	assert.Contains(t, c.stderr.String(), path+":5:13: resources[0].colour:")
}

func TestStartLargeSpec(t *testing.T) {
	t.Parallel()
	// About 5 MB of spec: 5,000 users of 1 kB each in data.
	var b strings.Builder
	b.WriteString(`{"resources":[{"name":"users","fields":[{"name":"id","type":"number"},{"name":"name","type":"string","required":true}]}],"data":{"users":[`)
	const n = 5_000
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"user %d ünïcödé %s"}`, i, i, strings.Repeat("x", 1000))
	}
	b.WriteString("]}}")
	require.Greater(t, b.Len(), 5_000_000)
	path := writeFile(t, "big.json", b.String())

	c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "--maxPageSize=1000")
	assert.Regexp(t, `users +5000  `, c.stdout.String())
	status, hdr, body := get(t, c.url+"/users?perPage=1&sortBy=-id")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, strconv.Itoa(n), hdr.Get("X-Total-Count"))
	assert.Equal(t, float64(n), body["data"].([]any)[0].(map[string]any)["id"])
}

func TestStartUnwritableDB(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	tests := []struct {
		name, db, want string
	}{
		{"below a file", filepath.Join(file, "db.json"), "cannot create the folder of the database file"},
		{"a folder", dir, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tryStartCLI(t, "--db", tt.db, "--port=0", "--host=127.0.0.1")
			require.Error(t, err)
			assert.Equal(t, exitFailure, exitCode(err))
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), tt.db)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

// skipWithoutJSONFile skips a test that needs the json-file adapter when
// the library does not provide it yet.
func skipWithoutJSONFile(t *testing.T) {
	t.Helper()
	spec := mustParse(t, testSpec)
	spec.Options.Database.Adapter = adapterJSONFile
	spec.Options.Database.DBPath = filepath.Join(t.TempDir(), "probe.json")
	srv, err := pretendo.Open(spec)
	if errors.Is(err, pretendo.ErrInvalidSpec) {
		t.Skipf("the json-file adapter is not wired into pretendo.Open yet: %v", err)
	}
	require.NoError(t, err)
	require.NoError(t, srv.Close())
}

func TestStartDBPersists(t *testing.T) {
	t.Parallel()
	skipWithoutJSONFile(t)
	path := writeFile(t, "api.yml", testSpec)
	db := filepath.Join(t.TempDir(), "nested", "db.json")

	c := startCLI(t, path, "--db", db, "--port=0", "--host=127.0.0.1")
	assert.Contains(t, c.stdout.String(), "storage  json-file "+db)
	status, _ := send(t, http.MethodPost, c.url+"/users", `{"name":"Kept"}`)
	require.Equal(t, http.StatusCreated, status)
	require.NoError(t, c.stop(t))
	raw, err := os.ReadFile(db)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"Kept"`, "flushed on shutdown")

	c = startCLI(t, path, "--db", db, "--port=0", "--host=127.0.0.1")
	assert.Regexp(t, `users +3  `, c.stdout.String())
	status, _, body := get(t, c.url+"/users/3")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Kept", body["data"].(map[string]any)["name"])
	require.NoError(t, c.stop(t))

	c = startCLI(t, path, "--db", db, "--reset", "--port=0", "--host=127.0.0.1")
	assert.Regexp(t, `users +2  `, c.stdout.String())
	status, _, _ = get(t, c.url+"/users/3")
	assert.Equal(t, http.StatusNotFound, status)
	require.NoError(t, c.stop(t))
	raw, err = os.ReadFile(db)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), `"Kept"`, "--reset rewrites the file")
}

func TestStartSnapshot(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	snaps := filepath.Join(t.TempDir(), "snaps")
	args := []string{path, memory, "--port=0", "--host=127.0.0.1", "--database.snapshots.enabled=true", "--database.snapshots.directory=" + snaps}

	c := startCLI(t, args...)
	assert.Contains(t, c.stdout.String(), "snapshots in "+snaps)
	status, _ := send(t, http.MethodPost, c.url+"/users", `{"name":"In the snapshot"}`)
	require.Equal(t, http.StatusCreated, status)
	status, _ = send(t, http.MethodPost, c.url+"/admin/snapshots", `{"name":"three-users"}`)
	require.Equal(t, http.StatusCreated, status)
	require.NoError(t, c.stop(t))

	c = startCLI(t, append(args, "--snapshot", "three-users")...)
	assert.Regexp(t, `users +3  `, c.stdout.String())
	status, _, body := get(t, c.url+"/users/3")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "In the snapshot", body["data"].(map[string]any)["name"])

	_, err := tryStartCLI(t, append(args, "--snapshot", "no-such")...)
	require.Error(t, err)
	assert.Equal(t, exitFailure, exitCode(err))
	assert.Contains(t, err.Error(), `flag --snapshot: no snapshot named "no-such"`)
}

func TestStartStaleFile(t *testing.T) {
	t.Parallel()
	skipWithoutJSONFile(t)
	path := writeFile(t, "api.yml", testSpec)
	tests := []struct{ name, content string }{
		// Another spec's data, as left by the blog example in ./data/db.json.
		{"another spec's file", `{"articles": [{"id": 1}], "tags": []}`},
		{"broken file", "{\n  \"users\": [\n    {\"id\": 1,}\n"},
		{"not an object", `[1, 2, 3]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := writeFile(t, "db.json", tt.content)

			_, err := tryStartCLI(t, path, "--db", db, "--port=0", "--host=127.0.0.1")
			require.ErrorIs(t, err, jsonfile.ErrLoad)
			assert.Equal(t, exitFailure, exitCode(err))
			assert.Contains(t, err.Error(), db)
			assert.Contains(t, err.Error(), "--reset")
			assert.Contains(t, err.Error(), "--db PATH")
			raw, rerr := os.ReadFile(db)
			require.NoError(t, rerr)
			assert.Equal(t, tt.content, string(raw), "the file is left alone")

			c := startCLI(t, path, "--db", db, "--reset", "--port=0", "--host=127.0.0.1")
			assert.Regexp(t, `users +2  `, c.stdout.String())
			status, _, _ := get(t, c.url+"/users/1")
			assert.Equal(t, http.StatusOK, status)
			require.NoError(t, c.stop(t))
			raw, rerr = os.ReadFile(db)
			require.NoError(t, rerr)
			var file map[string][]map[string]any
			require.NoError(t, json.Unmarshal(raw, &file), "the file holds the initial state")
			assert.Len(t, file["users"], 2)
			assert.Len(t, file["posts"], 1)
		})
	}
}

func TestStartLazyLoading(t *testing.T) {
	t.Parallel()
	skipWithoutJSONFile(t)
	path := writeFile(t, "api.yml", testSpec)
	lazy := "--database.optimizations.lazyLoading=true"

	t.Run("good file", func(t *testing.T) {
		t.Parallel()
		db := writeFile(t, "db.json", `{"users": [{"id": 1, "name": "Stored"}], "posts": []}`)
		c := startCLI(t, path, "--db", db, lazy, "--port=0", "--host=127.0.0.1")
		assert.Contains(t, c.stdout.String(), "storage  json-file "+db+" (loading in the background)")
		assert.Regexp(t, `users +- +/users`, c.stdout.String(), "no count: counting would wait for the load")
		status, _, body := get(t, c.url+"/users/1")
		require.Equal(t, http.StatusOK, status)
		assert.Equal(t, "Stored", body["data"].(map[string]any)["name"])
		waitFor(t, c.stderr, "database file loaded")
		assert.Contains(t, c.stderr.String(), "records=1")
		require.NoError(t, c.stop(t))
	})

	t.Run("broken file is reported on first use", func(t *testing.T) {
		t.Parallel()
		// The start of the file is fine; a record further on is not.
		content := `{"users": [{"id": 1, "name": "A"}, {"id": 1, "name": "B"}], "posts": []}`
		db := writeFile(t, "db.json", content)
		c := startCLI(t, path, "--db", db, lazy, "--port=0", "--host=127.0.0.1")
		status, _, _ := get(t, c.url+"/")
		assert.Equal(t, http.StatusOK, status, "what needs no records is served")
		status, _, body := get(t, c.url+"/users")
		assert.Equal(t, http.StatusServiceUnavailable, status)
		assert.Equal(t, "STORE_UNAVAILABLE", body["code"])
		assert.Contains(t, body["message"], db+":1:")
		assert.Contains(t, body["message"], "--reset")
		waitFor(t, c.stderr, "the database file did not load")
		assert.Contains(t, c.stderr.String(), "already used by users[0]")
		assert.Contains(t, c.stderr.String(), "--reset")
		require.NoError(t, c.stop(t))
		raw, err := os.ReadFile(db)
		require.NoError(t, err)
		assert.Equal(t, content, string(raw), "the broken file is left alone")
	})

	t.Run("reset does not wait", func(t *testing.T) {
		t.Parallel()
		db := writeFile(t, "db.json", `{"broken`)
		c := startCLI(t, path, "--db", db, lazy, "--reset", "--port=0", "--host=127.0.0.1")
		assert.Regexp(t, `users +2  `, c.stdout.String(), "nothing to load: the counts are known")
		require.NoError(t, c.stop(t))
	})
}

func TestStartResetMemory(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	c := startCLI(t, path, memory, "--reset", "--port=0", "--host=127.0.0.1")
	assert.Regexp(t, `users +2  `, c.stdout.String())
	require.NoError(t, c.stop(t))
}

func TestStartGracefulShutdown(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1")
	idle := idleConn(t, c.url, "/health")
	req := holdRequest(t, http.MethodPut, c.url, "/users/1", `{"name":"Ada","role":"admin"}`)

	stopped := make(chan error, 1)
	go func() { stopped <- c.stop(t) }()
	awaitClosed(t, idle, "the shutdown closes the idle connection")
	// The shutdown has begun with the request in flight; it ends now.
	req.send(t)

	r := <-req.answer
	require.NoError(t, r.err, "the request in flight completes")
	assert.Equal(t, http.StatusOK, r.status)
	assert.NoError(t, <-stopped)
	// The request was answered before the server stopped.
	logs := c.stderr.String()
	served := strings.Index(logs, "path=/users/1 status=200")
	require.GreaterOrEqual(t, served, 0, logs)
	assert.Greater(t, strings.Index(logs, "msg=stopped"), served, logs)
}

func TestStartShutdownTimeout(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "--shutdown-timeout", "100ms")
	// In flight until the read timeout (30 s): its body never comes.
	req := holdRequest(t, http.MethodPut, c.url, "/users/1", `{"name":"Ada"}`)
	begin := time.Now()
	assert.NoError(t, c.stop(t))
	assert.Less(t, time.Since(begin), 5*time.Second, "bounded by --shutdown-timeout")
	assert.Error(t, (<-req.answer).err, "the request still running is cut off")
	assert.Contains(t, c.stderr.String(), "cut off")
}

func TestStartCancelledBeforeServing(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut syncBuffer
	err := run(ctx, []string{"start", memory, "--port=0", "--host=127.0.0.1"}, nil, &out, &errOut)
	assert.NoError(t, err)
	assert.Empty(t, out.String(), "no banner: nothing was served")
}
