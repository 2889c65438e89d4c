package snapshot_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/snapshot"
)

// storeKind opens a fresh store of one kind for a test.
type storeKind struct {
	name string
	open func(t *testing.T) snapshot.Store
}

// kinds lists every Store implementation; shared tests run against each.
func kinds() []storeKind {
	return []storeKind{
		{name: "memory", open: func(*testing.T) snapshot.Store { return snapshot.NewMemory() }},
		{name: "dir", open: func(t *testing.T) snapshot.Store { return mustOpenDir(t, filepath.Join(t.TempDir(), "snaps")) }},
	}
}

// mustOpenDir opens a Dir store or fails the test.
func mustOpenDir(tb testing.TB, dir string) *snapshot.Dir {
	tb.Helper()
	d, err := snapshot.OpenDir(dir)
	require.NoError(tb, err)
	return d
}

// usersState returns a state with n users, an empty posts resource and a
// comments resource that has only a counter.
func usersState(n int) adapter.State {
	return adapter.NewState(usersDataset(n), map[string]int64{"users": int64(n) + 5, "posts": 3, "comments": 7})
}

// usersDataset returns n users and an empty posts resource.
func usersDataset(n int) adapter.Dataset {
	recs := make([]adapter.Record, n)
	for i := range recs {
		recs[i] = adapter.Record{
			"id":      float64(i + 1),
			"email":   fmt.Sprintf("user%d@example.com", i+1),
			"active":  i%2 == 0,
			"tags":    []any{"a", "b"},
			"profile": map[string]any{"age": float64(20 + i%50), "bio": nil},
		}
	}
	return adapter.Dataset{"users": recs, "posts": {}}
}

// plain returns the data and counters of st, for comparisons.
func plain(st adapter.State) (adapter.Dataset, map[string]int64) {
	return adapter.Snapshot(st)
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := []string{}
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}
