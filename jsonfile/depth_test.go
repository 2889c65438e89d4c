package jsonfile_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/jsonfile"
)

// nested wraps v in levels arrays.
func nested(v any, levels int) any {
	for range levels {
		v = []any{v}
	}
	return v
}

func TestFileDepthFollowsTheSpec(t *testing.T) {
	record := func(levels int) string {
		return `{"users": [{"id": 1, "x": ` + strings.Repeat("[", levels-1) + strings.Repeat("]", levels-1) + `}], "posts": []}`
	}
	tests := []struct {
		name     string
		maxDepth int
		levels   int
		ok       bool
	}{
		{"default, at the limit", 0, 32, true},
		{"default, past it", 0, 33, false},
		{"raised, past the default", 40, 40, true},
		{"raised, past it", 40, 41, false},
		{"lowered", 2, 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := dbPath(t)
			writeFile(t, path, record(tt.levels))
			spec := testSpec()
			spec.Options.MaxDepth = tt.maxDepth
			s := mustOpen(t, path, jsonfile.WithSaveInterval(0))
			err := s.Initialize(t.Context(), spec, testInitial())
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, jsonfile.ErrLoad)
			assert.Contains(t, err.Error(), "options.maxDepth")
			assert.Contains(t, err.Error(), fmt.Sprintf("deeper than %d levels", spec.Options.Depth()))
		})
	}
}

// TestFileIndentsTheFirstLevelsOfARecord pins the layout of nested
// values: six levels of a record are indented, deeper ones are compact.
func TestFileIndentsTheFirstLevelsOfARecord(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, adapter.NewState(nil, nil), jsonfile.WithSaveInterval(0))
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 1.0, "x": nested(map[string]any{"k": []any{1.0, "<&>"}}, 6)}))
	want := `{
  "users": [
    {
      "id": 1,
      "x": [
        [
          [
            [
              [
                [{"k":[1,"<&>"]}]
              ]
            ]
          ]
        ]
      ]
    }
  ],
  "posts": []
}
`
	assert.Equal(t, want, string(fileBytes(t, path)))
	require.NoError(t, s.Close())

	// And it reads back as it was.
	s = mustInit(t, path, adapter.NewState(nil, nil))
	assert.Equal(t, nested(map[string]any{"k": []any{1.0, "<&>"}}, 6), dump(t, s)["users"][0]["x"])
}

// TestFailedSaveLogStaysShort: a save that fails deep inside a record (a
// Go caller's NaN nested thousands of levels down, which no write path of
// the server lets through) logs one short line, is undone, and leaves later
// saves free.
func TestFailedSaveLogStaysShort(t *testing.T) {
	path := dbPath(t)
	var logs bytes.Buffer
	s := mustInit(t, path, testInitial(), jsonfile.WithSaveInterval(0), jsonfile.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	err := insert(t, s, "users", adapter.Record{"id": 3.0, "x": nested(map[string]any{"bad": math.NaN()}, 9000)})
	require.ErrorIs(t, err, adapter.ErrNotSaved)
	assert.Less(t, len(err.Error()), 1500, "%.300s", err)
	assert.Less(t, logs.Len(), 2000, "%.300s", logs.String())
	assert.Equal(t, 1, strings.Count(logs.String(), "level=ERROR"), "%s", logs.String())
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 4.0}))
	assert.Equal(t, []any{1.0, 2.0, 4.0}, idsOf(fileData(t, path)["users"]))
}
