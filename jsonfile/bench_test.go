package jsonfile_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/jsonfile"
	"github.com/pretendo-go/pretendo/schema"
)

// benchRecords is the size of the large-file benchmarks.
const benchRecords = 100_000

// bigSpec declares one resource, items, whose records bigRecord builds.
func bigSpec() *schema.Spec {
	return &schema.Spec{Resources: []schema.Resource{{
		Name: "items",
		Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "email", Type: schema.TypeString, Unique: true},
			{Name: "name", Type: schema.TypeString},
			{Name: "age", Type: schema.TypeNumber},
			{Name: "active", Type: schema.TypeBoolean},
			{Name: "tags", Type: schema.TypeArray},
			{Name: "createdAt", Type: schema.TypeDate},
			{Name: "bio", Type: schema.TypeString},
		},
	}}}
}

// bigRecord returns record i: nine fields, about 300 bytes in the file.
func bigRecord(i int) adapter.Record {
	return adapter.Record{
		"id":        float64(i + 1),
		"email":     fmt.Sprintf("user%d@example.com", i),
		"name":      fmt.Sprintf("User Number %d", i),
		"age":       float64(18 + i%70),
		"active":    i%3 == 0,
		"tags":      []any{"alpha", "beta"},
		"createdAt": "2024-01-03T10:00:00Z",
		"bio":       "Lorem ipsum dolor sit amet.",
		"score":     float64(i%1000) / 8,
	}
}

func bigState(n int) adapter.State {
	recs := make([]adapter.Record, n)
	for i := range recs {
		recs[i] = bigRecord(i)
	}
	return adapter.NewState(adapter.Dataset{"items": recs}, nil)
}

// writeBigFile writes a database file of n records at path.
func writeBigFile(tb testing.TB, path string, n int) {
	tb.Helper()
	s, err := jsonfile.Open(path, jsonfile.WithAutoSave(false))
	require.NoError(tb, err)
	require.NoError(tb, s.Initialize(tb.Context(), bigSpec(), bigState(n)))
	require.NoError(tb, s.Close())
}

func BenchmarkLoad100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "db.json")
	writeBigFile(b, path, benchRecords)
	info, err := os.Stat(path)
	require.NoError(b, err)
	b.SetBytes(info.Size())
	b.ResetTimer()
	for b.Loop() {
		s, err := jsonfile.Open(path, jsonfile.WithAutoSave(false))
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Initialize(b.Context(), bigSpec(), nil); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSave100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "db.json")
	writeBigFile(b, path, benchRecords)
	s, err := jsonfile.Open(path, jsonfile.WithAutoSave(false))
	require.NoError(b, err)
	b.Cleanup(func() { _ = s.Close() })
	require.NoError(b, s.Initialize(b.Context(), bigSpec(), nil))
	info, err := os.Stat(path)
	require.NoError(b, err)
	b.SetBytes(info.Size())
	b.ResetTimer()
	for b.Loop() {
		if err := s.Save(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}
