package openapi_test

import (
	"encoding/json"
	"fmt"
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
	yml, err := yaml12.Encode(doc)
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

// TestLargeDocumentImportsInUnderASecond imports a 1 MB YAML document and
// serves it. The import takes less than a second of CPU time on the
// thread that runs it (measured on Linux, without the race detector,
// which slows it down many times); the wall time, which other processes
// on a shared machine stretch, is logged with encoding/json's reading of
// the same document as JSON for scale.
func TestLargeDocumentImportsInUnderASecond(t *testing.T) {
	doc := largeDocument(t, 1<<20)
	yml, err := yaml12.Encode(doc)
	require.NoError(t, err)
	start := time.Now()
	var v any
	require.NoError(t, json.Unmarshal(doc, &v))
	baseline := time.Since(start)
	var spec *pretendo.Spec
	start = time.Now()
	cpu, measured := threadCPU(func() { spec, err = pretendo.ParseSpec(yml) })
	took := time.Since(start)
	require.NoError(t, err)
	require.Greater(t, len(spec.Resources), 50)
	t.Logf("%d bytes of YAML, %d resources: imported in %v of CPU, %v of wall time (%.1f times encoding/json reading it as JSON, %v)",
		len(yml), len(spec.Resources), cpu, took, float64(took)/float64(baseline), baseline)
	if measured && !raceEnabled {
		require.Less(t, cpu, time.Second)
	}
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
