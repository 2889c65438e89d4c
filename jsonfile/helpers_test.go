package jsonfile_test

import (
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/jsonfile"
	"github.com/pretendo-go/pretendo/schema"
)

// testSpec declares users (number key id, unique email) and posts (number
// key id, userId referencing users), in that order.
func testSpec() *schema.Spec {
	return &schema.Spec{Resources: []schema.Resource{
		{
			Name: "users",
			Fields: []schema.Field{
				{Name: "id", Type: schema.TypeNumber},
				{Name: "email", Type: schema.TypeString, Unique: true},
				{Name: "name", Type: schema.TypeString},
			},
		},
		{
			Name: "posts",
			Fields: []schema.Field{
				{Name: "id", Type: schema.TypeNumber},
				{Name: "userId", Type: schema.TypeNumber, References: &schema.Reference{Resource: "users"}},
				{Name: "title", Type: schema.TypeString},
			},
		},
	}}
}

// testInitial holds two users and one post.
func testInitial() adapter.State {
	return adapter.NewState(adapter.Dataset{
		"users": {
			{"id": 1.0, "email": "ada@example.com", "name": "Ada"},
			{"id": 2.0, "email": "bob@example.com", "name": "Bob"},
		},
		"posts": {{"id": 1.0, "userId": 1.0, "title": "Hello"}},
	}, map[string]int64{"users": 2, "posts": 1})
}

// quiet is a logger that drops everything.
func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// dbPath returns a fresh database path in a temporary folder.
func dbPath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "db.json")
}

// mustOpen opens a store at path, closed when the test ends.
func mustOpen(t *testing.T, path string, opts ...jsonfile.Option) *jsonfile.Store {
	t.Helper()
	s, err := jsonfile.Open(path, append([]jsonfile.Option{jsonfile.WithLogger(quiet())}, opts...)...)
	require.NoError(t, err)
	require.NotNil(t, s)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// mustInit opens and initializes a store with testSpec and initial.
func mustInit(t *testing.T, path string, initial adapter.State, opts ...jsonfile.Option) *jsonfile.Store {
	t.Helper()
	s := mustOpen(t, path, opts...)
	require.NoError(t, s.Initialize(t.Context(), testSpec(), initial))
	return s
}

// fileData reads the database file with encoding/json.
func fileData(t *testing.T, path string) map[string][]map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var out map[string][]map[string]any
	require.NoError(t, json.Unmarshal(b, &out), "the file is valid JSON:\n%s", b)
	return out
}

// fileBytes reads the database file.
func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// writeFile writes content at path.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

// idsOf returns the "id" of each record.
func idsOf(recs []map[string]any) []any {
	out := make([]any, 0, len(recs))
	for _, r := range recs {
		out = append(out, r["id"])
	}
	return out
}

// dump returns the records of every resource of the store, through Backup.
func dump(t *testing.T, s adapter.DatabaseAdapter) adapter.Dataset {
	t.Helper()
	st, err := s.Backup(t.Context())
	require.NoError(t, err)
	d, _ := adapter.Snapshot(st)
	return d
}

// counter returns the id counter of resource.
func counter(t *testing.T, s adapter.DatabaseAdapter, resource string) int64 {
	t.Helper()
	var n int64
	require.NoError(t, s.View(t.Context(), func(tx adapter.Tx) error {
		n = tx.Counter(resource)
		return nil
	}))
	return n
}

// insert adds rec to resource in its own Update.
func insert(t *testing.T, s adapter.DatabaseAdapter, resource string, rec adapter.Record) error {
	t.Helper()
	return s.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Insert(resource, rec) })
}
