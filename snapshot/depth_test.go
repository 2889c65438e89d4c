package snapshot_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/snapshot"
)

// nested wraps v in levels arrays.
func nested(v any, levels int) any {
	for range levels {
		v = []any{v}
	}
	return v
}

func TestDirRecordDepth(t *testing.T) {
	file := func(levels int) string {
		return "{\"data\": {\"users\": [\n{\"id\": 1, \"x\": " + strings.Repeat("[", levels-1) + strings.Repeat("]", levels-1) + "}]}}"
	}
	tests := []struct {
		name   string
		opts   []snapshot.Option
		levels int
		limit  int // 0 when the file loads
	}{
		{name: "default, at the limit", levels: schema.DefaultMaxDepth},
		{name: "default, past it", levels: schema.DefaultMaxDepth + 1, limit: schema.DefaultMaxDepth},
		{name: "raised", opts: []snapshot.Option{snapshot.WithMaxDepth(100)}, levels: 100},
		{name: "raised, past it", opts: []snapshot.Option{snapshot.WithMaxDepth(100)}, levels: 101, limit: 100},
		{name: "zero keeps the default", opts: []snapshot.Option{snapshot.WithMaxDepth(0)}, levels: 33, limit: schema.DefaultMaxDepth},
		{name: "ten thousand levels", levels: 10_000, limit: schema.DefaultMaxDepth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "deep.json"), []byte(file(tt.levels)), 0o644))
			d, err := snapshot.OpenDir(dir, tt.opts...)
			require.NoError(t, err)
			_, st, err := d.Get(t.Context(), "deep")
			if tt.limit == 0 {
				require.NoError(t, err)
				data, _ := adapter.Snapshot(st)
				assert.Equal(t, nested([]any{}, tt.levels-2), data["users"][0]["x"])
				return
			}
			var fe *snapshot.FileError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, 2, fe.Line)
			assert.Equal(t, len(`{"id": 1, "x": `)+tt.limit, fe.Column)
			assert.Contains(t, err.Error(), "record 0 of \"users\" nests objects and arrays deeper than")
			assert.Contains(t, err.Error(), "options.maxDepth")
			// List only counts records, and still sees the file.
			metas, err := d.List(t.Context())
			require.NoError(t, err)
			require.Len(t, metas, 1)
			assert.Equal(t, 1, metas[0].Counts["users"])
		})
	}
}

// TestDirIndentsTheFirstLevelsOfARecord pins the layout of nested values:
// six levels of a record are indented, deeper ones are compact, so a file
// stays proportional to its data.
func TestDirIndentsTheFirstLevelsOfARecord(t *testing.T) {
	d := mustOpenDir(t, t.TempDir())
	st := adapter.NewState(adapter.Dataset{"users": {{"id": 1.0, "x": nested(map[string]any{"k": "<&>"}, 6)}}}, nil)
	m := snapshot.Meta{Name: "deep", CreatedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	require.NoError(t, d.Put(t.Context(), m, st, false))
	got, err := os.ReadFile(filepath.Join(d.Path(), "deep.json"))
	require.NoError(t, err)
	want := `{
  "name": "deep",
  "description": "",
  "createdAt": "2025-01-02T03:04:05Z",
  "counters": {
    "users": 0
  },
  "data": {
    "users": [
      {
        "id": 1,
        "x": [
          [
            [
              [
                [
                  [{"k":"<&>"}]
                ]
              ]
            ]
          ]
        ]
      }
    ]
  }
}
`
	assert.Equal(t, want, string(got))

	deep := adapter.NewState(adapter.Dataset{"users": {{"id": 1.0, "x": nested("v", 500)}}}, nil)
	require.NoError(t, d.Put(t.Context(), snapshot.Meta{Name: "deeper"}, deep, false))
	info, err := os.Stat(filepath.Join(d.Path(), "deeper.json"))
	require.NoError(t, err)
	assert.Less(t, info.Size(), int64(1500), "a record nested 500 deep takes %d bytes", info.Size())
}
