package main

import (
	"bytes"
	"github.com/pretendo-go/pretendo/schema"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBanner(t *testing.T) {
	t.Parallel()
	spec := mustParse(t, testSpec+`  admin: { path: /_admin, token: secret }
  corsEnabled: false
  latency: { enabled: true, min: 10, max: 30 }
  errorSimulation: { enabled: true, rate: 0.07, statusCodes: [503] }
  database: { adapter: json-file, dbPath: data/db.json, snapshots: { enabled: true, directory: data/snaps } }
`)
	var b bytes.Buffer
	require.NoError(t, banner{
		version: "v1.2.3",
		source:  specSource{name: "api.yml"},
		url:     "http://localhost:3000",
		spec:    spec,
		counts:  map[string]int{"users": 12345, "posts": 7},
	}.write(&b))
	want := `pretendo v1.2.3: serving api.yml
  url      http://localhost:3000
  storage  json-file data/db.json, snapshots in data/snaps
  admin    http://localhost:3000/_admin (Bearer token required)
  ui       http://localhost:3000/_admin/ui/
  cors     off
  latency  10 to 30 ms
  errors   7% of requests fail with 503

  resource  records  routes
  users       12345  /users  /users/{id}  /users/{id}/posts
  posts           7  /posts  /posts/{id}
  custom routes: GET /health

Press Ctrl+C to stop.
`
	assert.Equal(t, want, b.String())
}

func TestBannerEmbeddedMemory(t *testing.T) {
	t.Parallel()
	spec := mustParse(t, testSpec+"  admin: { enabled: false }\n  database: { adapter: memory }\n")
	spec.Routes = nil
	var b bytes.Buffer
	require.NoError(t, banner{version: "devel", source: specSource{embedded: true}, url: "http://[::1]:80", spec: spec}.write(&b))
	out := b.String()
	assert.True(t, strings.HasPrefix(out, "pretendo devel: serving the embedded blog example (pass a spec file to serve your own)\n"), out)
	assert.Contains(t, out, "storage  memory (data is lost on exit)\n")
	assert.NotContains(t, out, "admin")
	assert.NotContains(t, out, "custom routes")
	assert.Contains(t, out, "  users           0  ", "a resource without stats counts 0")
}

func TestBannerHelpers(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "0%", percent(0))
	assert.Equal(t, "100%", percent(1))
	assert.Equal(t, "12.35%", percent(0.12345))
	assert.Equal(t, "5 ms", latencyLine(latencyOf(5, 0, 0)))
	assert.Equal(t, "3 ms", latencyLine(latencyOf(0, 3, 3)))
	assert.Equal(t, "1 to 9 ms", latencyLine(latencyOf(0, 1, 9)))
	assert.Equal(t, "postgres", storageLine(dbOf("postgres")))
	assert.Equal(t, "localhost", displayHost("0.0.0.0"))
	assert.Equal(t, "localhost", displayHost("::"))
	assert.Equal(t, "127.0.0.1", displayHost("127.0.0.1"))
	assert.Equal(t, "example.test", displayHost("example.test"))
}

func latencyOf(fixed, lo, hi int) (l latency) {
	l.Enabled, l.Fixed, l.Min, l.Max = true, fixed, lo, hi
	return l
}

func dbOf(adapter string) (d database) {
	d.Adapter = adapter
	return d
}

type (
	latency  = schema.Latency
	database = schema.Database
)
