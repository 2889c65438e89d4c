package openapi_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/yaml12"
)

// largeDocument builds an OpenAPI document of at least size bytes of JSON:
// resources with a collection, an item path and a search, each with a
// record schema of twenty properties, and references between them.
func largeDocument(tb testing.TB, size int) []byte {
	tb.Helper()
	paths := map[string]any{}
	schemas := map[string]any{}
	doc := map[string]any{
		"openapi":    "3.0.3",
		"info":       map[string]any{"title": "Large", "version": "1"},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas},
	}
	for i := 0; ; i++ {
		name := fmt.Sprintf("thing%d", i)
		ref := map[string]any{"$ref": "#/components/schemas/" + name}
		props := map[string]any{"id": map[string]any{"type": "integer", "readOnly": true}}
		for j := 0; j < 20; j++ {
			var p map[string]any
			switch j % 5 {
			case 0:
				p = map[string]any{"type": "string", "maxLength": 80, "description": "A text field of the thing, with a description long enough to look real."}
			case 1:
				p = map[string]any{"type": "integer", "minimum": 0, "maximum": 1000}
			case 2:
				p = map[string]any{"type": "string", "enum": []any{"new", "used", "broken"}}
			case 3:
				p = map[string]any{"type": "string", "format": "date-time"}
			default:
				p = map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/thing0"}}
			}
			props[fmt.Sprintf("field%d", j)] = p
		}
		schemas[name] = map[string]any{"type": "object", "required": []any{"field0"}, "properties": props}
		ok := func(s any) map[string]any {
			return map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": s}}}
		}
		paths["/"+name+"s"] = map[string]any{
			"get": map[string]any{
				"parameters": []any{map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer"}}},
				"responses":  map[string]any{"200": ok(map[string]any{"type": "array", "items": ref})},
			},
			"post": map[string]any{
				"requestBody": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": ref}}},
				"responses":   map[string]any{"201": ok(ref)},
			},
		}
		paths["/"+name+"s/{id}"] = map[string]any{
			"parameters": []any{map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "integer"}}},
			"get":        map[string]any{"responses": map[string]any{"200": ok(ref), "404": map[string]any{"description": "Not found"}}},
			"put": map[string]any{
				"requestBody": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": ref}}},
				"responses":   map[string]any{"200": ok(ref)},
			},
			"delete": map[string]any{"responses": map[string]any{"204": map[string]any{"description": "Deleted"}}},
		}
		paths["/"+name+"s/search/stats"] = map[string]any{
			"get": map[string]any{"responses": map[string]any{"200": ok(map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "integer"}})}},
		}
		if i%25 != 24 {
			continue
		}
		b, err := json.Marshal(doc)
		require.NoError(tb, err)
		if len(b) >= size {
			return b
		}
	}
}

// BenchmarkParseLargeDocument imports a 1 MB document, as JSON and as
// YAML, through pretendo.ParseSpec.
func BenchmarkParseLargeDocument(b *testing.B) {
	doc := largeDocument(b, 1<<20)
	yml, err := yaml12.EncodeJSON(doc)
	require.NoError(b, err)
	for name, text := range map[string][]byte{"json": doc, "yaml": yml} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := pretendo.ParseSpec(text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLargeDocumentImportKeepsPaceWithEncodingJSON imports a 1 MB document (as YAML,
// 1.5 MB then) and serves it. Its time is held against encoding/json's
// reading of the same document as JSON, in the same run: the time of each
// is the least of a few runs, as the process's CPU time where the system
// measures that (Linux), else wall time. A machine other
// processes keep busy stretches both alike, so the ratio holds where a
// bound in seconds would not; the bound is generous (the import measures
// under 10 times the baseline), to catch an import gone quadratic, not a
// slow machine. BenchmarkParseLargeDocument gives the time in seconds.
func TestLargeDocumentImportKeepsPaceWithEncodingJSON(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector slows the import many times more than encoding/json")
	}
	const (
		runs     = 3
		maxRatio = 40
	)
	doc := largeDocument(t, 1<<20)
	yml, err := yaml12.EncodeJSON(doc)
	require.NoError(t, err)
	least := func(f func()) (time.Duration, string) {
		best, how := time.Duration(1<<62), "CPU"
		for range runs {
			start := time.Now()
			runtime.GC() // each run pays for its own garbage
			d, measured := cpuTime(f)
			if !measured {
				d, how = time.Since(start), "wall"
			}
			best = min(best, d)
		}
		return best, how
	}
	baseline, how := least(func() {
		var v any
		require.NoError(t, json.Unmarshal(doc, &v))
	})
	var spec *pretendo.Spec
	took, _ := least(func() {
		spec, err = pretendo.ParseSpec(yml)
		require.NoError(t, err)
	})
	require.Greater(t, len(spec.Resources), 50)
	ratio := float64(took) / float64(max(baseline, time.Microsecond))
	t.Logf("%d bytes of JSON (%d as YAML), %d resources: imported from YAML in %v of %s time, %.1f times encoding/json reading it as JSON (%v)",
		len(doc), len(yml), len(spec.Resources), took, how, ratio, baseline)
	require.Less(t, ratio, float64(maxRatio), "the import takes %v, encoding/json %v", took, baseline)
	srv, err := pretendo.Open(spec)
	require.NoError(t, err)
	require.NoError(t, srv.Close())
}

// BenchmarkDecodeLargeDocument is the baseline of BenchmarkParseLargeDocument:
// encoding/json reading the same 1 MB document into Go values, no more.
func BenchmarkDecodeLargeDocument(b *testing.B) {
	doc := largeDocument(b, 1<<20)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		var v any
		if err := json.Unmarshal(doc, &v); err != nil {
			b.Fatal(err)
		}
	}
}
