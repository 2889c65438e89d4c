package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUpstreamFlags checks the flags scripts written for the TypeScript
// CLI pass: -V prints the version, --no-interactive and --no-prompt are
// accepted (this command never prompts and has no interactive mode).
func TestUpstreamFlags(t *testing.T) {
	t.Parallel()
	out, _, code := runCmd(t, "", "-V")
	assert.Equal(t, exitOK, code)
	assert.Regexp(t, `^pretendo devel \(go\S+ \w+/\w+\)\n$`, out)

	for _, args := range [][]string{{"--no-interactive"}, {"--no-prompt"}, {"--no-prompt=false", "-no-interactive=true"}} {
		o, err := parseStart(args)
		require.NoError(t, err, "%v", args)
		assert.Equal(t, &startOptions{shutdownTimeout: defaultShutdownTimeout}, o, "%v changes nothing", args)
	}
	_, err := parseStart([]string{"--no-prompt=maybe"})
	require.Error(t, err)
	assert.Equal(t, exitUsage, exitCode(err))

	path := writeFile(t, "api.yml", testSpec)
	c := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "--no-interactive", "--no-prompt")
	status, _, _ := get(t, c.url+"/users")
	assert.Equal(t, http.StatusOK, status)
}

// TestStartLogRequests checks options.logRequests: false turns the access
// log off, as --quiet does; --quiet beats logRequests: true.
func TestStartLogRequests(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, options string
		flags         []string
		logged        bool
	}{
		{"default", "", nil, true},
		{"logRequests true", "  logRequests: true\n", nil, true},
		{"logRequests false", "  logRequests: false\n", nil, false},
		{"quiet beats the spec", "  logRequests: true\n", []string{"-q"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, "api.yml", testSpec+tt.options)
			c := startCLI(t, append([]string{path, memory, "--port=0", "--host=127.0.0.1"}, tt.flags...)...)
			status, _, _ := get(t, c.url+"/users?role=admin")
			require.Equal(t, http.StatusOK, status)
			require.NoError(t, c.stop(t))
			lines := strings.Count(c.stderr.String(), "msg=request")
			if tt.logged {
				assert.Equal(t, 1, lines, "one line per request: %s", c.stderr)
				assert.Contains(t, c.stderr.String(), `path="/users?role=admin" status=200`)
			} else {
				assert.Zero(t, lines, c.stderr.String())
			}
		})
	}
}

// TestStartDBPathAlias checks that upstream's options.dbPath chooses the
// file of the json-file store, as options.database.dbPath does.
func TestStartDBPathAlias(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "nested", "legacy.json")
	path := writeFile(t, "api.yml", testSpec+"  dbPath: "+strconv.Quote(db)+"\n")
	c := startCLI(t, path, "--port=0", "--host=127.0.0.1")
	assert.Contains(t, c.stdout.String(), "json-file "+db)
	status, _ := send(t, http.MethodPost, c.url+"/users", `{"name":"Cy"}`)
	require.Equal(t, http.StatusCreated, status)
	require.NoError(t, c.stop(t))
	raw, err := os.ReadFile(db)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"Cy"`)

	t.Run("--db wins", func(t *testing.T) {
		t.Parallel()
		other := filepath.Join(t.TempDir(), "flag.json")
		c := startCLI(t, path, "--port=0", "--host=127.0.0.1", "--db", other)
		assert.Contains(t, c.stdout.String(), "json-file "+other)
		require.NoError(t, c.stop(t))
		assert.FileExists(t, other)
		assert.Contains(t, c.stderr.String(), "options.dbPath is ignored")
	})
}

// TestStartUpstreamCustomRoutes serves upstream's custom-routes example
// through the command: route auth and /admin/dashboard work.
func TestStartUpstreamCustomRoutes(t *testing.T) {
	t.Parallel()
	spec := filepath.Join("..", "..", "schema", "testdata", "upstream", "custom-routes-api.yml")
	c := startCLI(t, spec, memory, "--port=0", "--host=127.0.0.1", "--no-interactive", "--latency.enabled=false")
	status, _, body := get(t, c.url+"/admin/dashboard")
	assert.Equal(t, http.StatusUnauthorized, status, "%v", body)
	status, _, _ = get(t, c.url+"/status")
	assert.Equal(t, http.StatusOK, status)
}
