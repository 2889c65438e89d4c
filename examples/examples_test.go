package examples_test

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/examples"
	"github.com/pretendo-go/pretendo/internal/openapitest"
	_ "github.com/pretendo-go/pretendo/openapi"
)

var update = flag.Bool("update", false, "rewrite the outputs in the README files")

// exampleClock fixes $now, so that records created by the README calls
// have stable timestamps.
func exampleClock() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }

func TestSpecs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		embedded []byte
		file     string
		counts   map[string]int
	}{
		{"blog", examples.Blog, "blog/api.yml", map[string]int{"users": 21, "posts": 60, "comments": 150, "tags": 8, "postTags": 120}},
		{"ecommerce", examples.Ecommerce, "ecommerce/api.yml", map[string]int{"categories": 6, "products": 42, "customers": 25, "orders": 60, "orderItems": 150}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			onDisk, err := os.ReadFile(tt.file)
			require.NoError(t, err)
			assert.Equal(t, onDisk, tt.embedded, "the embedded spec is the file")

			spec, err := pretendo.ParseSpec(tt.embedded)
			require.NoError(t, err, "the strict decoder accepts the example")
			assert.Empty(t, spec.Options.Database.Adapter, "the examples leave storage to the CLI and the library")
			srv, err := pretendo.Open(spec)
			require.NoError(t, err)
			defer srv.Close()
			stats, err := srv.Stats(context.Background())
			require.NoError(t, err)
			got := map[string]int{}
			for name, st := range stats {
				got[name] = st.Count
			}
			assert.Equal(t, tt.counts, got)
		})
	}
}

func TestSpecsAreDeterministic(t *testing.T) {
	t.Parallel()
	for _, data := range [][]byte{examples.Blog, examples.Ecommerce} {
		var states [2]adapter.Dataset
		for i := range states {
			spec, err := pretendo.ParseSpec(data)
			require.NoError(t, err)
			srv, err := pretendo.Open(spec)
			require.NoError(t, err)
			st, err := srv.Adapter().Backup(context.Background())
			require.NoError(t, err)
			require.NoError(t, srv.Close())
			states[i], _ = adapter.Snapshot(st)
		}
		require.NotEmpty(t, states[0])
		assert.Equal(t, states[0], states[1], "the same seed gives the same data")
	}
}

func TestReadmes(t *testing.T) {
	t.Parallel()
	for name, specFile := range map[string]string{"blog": "api.yml", "ecommerce": "api.yml", "openapi": "petstore.yaml"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(name, "README.md")
			text, err := os.ReadFile(path)
			require.NoError(t, err)
			doc := parseReadme(string(text))
			require.NotEmpty(t, doc.calls, "the README documents calls")

			spec, err := pretendo.LoadSpec(filepath.Join(name, specFile))
			require.NoError(t, err)
			srv, err := pretendo.Open(spec, pretendo.WithClock(exampleClock))
			require.NoError(t, err)
			defer srv.Close()
			// Every answer of the walkthrough validates against the
			// server's OpenAPI document and, for an imported document,
			// against that document too.
			described, err := srv.OpenAPI()
			require.NoError(t, err)
			var h http.Handler = openapitest.Load(t, described).Validate(t, srv, openapitest.Options{UndocumentedStatus: name == "openapi"})
			if name == "openapi" {
				raw, err := os.ReadFile(filepath.Join(name, specFile))
				require.NoError(t, err)
				h = openapitest.Load(t, raw).Validate(t, h, openapitest.Options{})
			}
			ts := httptest.NewServer(h)
			defer ts.Close()

			outputs := make([]string, len(doc.calls))
			for i, call := range doc.calls {
				c, err := parseCurl(call.command)
				require.NoError(t, err, "%s:%d", path, call.line)
				outputs[i], err = c.run(ts.Client(), ts.URL)
				require.NoError(t, err, "%s:%d", path, call.line)
				if !*update {
					assert.Equal(t, call.output, outputs[i], "%s:%d: %s (run go test ./examples -update to refresh)", path, call.line, call.command)
				}
			}
			if *update {
				require.NoError(t, os.WriteFile(path, []byte(doc.withOutputs(outputs)), 0o644))
			}
		})
	}
}
