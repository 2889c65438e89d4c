package adaptertest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
)

// Run checks that the adapters newAdapter makes conform to the
// adapter.DatabaseAdapter contract. It calls newAdapter once per subtest,
// with that subtest's t (so t.TempDir and t.Cleanup belong to it), and
// closes the adapter when the subtest ends. Each adapter must come back
// empty and uninitialized; Run initializes it with [Fixture].
func Run(t *testing.T, newAdapter func(t *testing.T) adapter.DatabaseAdapter) {
	t.Helper()
	if newAdapter == nil {
		t.Fatal("adaptertest: Run needs a constructor")
	}
	k := kit{newAdapter: newAdapter}
	groups := []struct {
		name  string
		cases []testCase
	}{
		{"CRUD", crudCases()},
		{"Query", queryCases()},
		{"State", stateCases()},
		{"Lifecycle", lifecycleCases()},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, c := range g.cases {
				t.Run(c.name, func(t *testing.T) {
					if c.raw {
						c.run(t, k.fresh(t))
						return
					}
					c.run(t, k.open(t))
				})
			}
		})
	}
}

// testCase is one subtest. Raw cases get an adapter that has not been
// initialized.
type testCase struct {
	name string
	raw  bool
	run  func(t *testing.T, a adapter.DatabaseAdapter)
}

type kit struct {
	newAdapter func(t *testing.T) adapter.DatabaseAdapter
}

// fresh returns a new adapter, closed when the test ends.
func (k kit) fresh(t *testing.T) adapter.DatabaseAdapter {
	t.Helper()
	a := k.newAdapter(t)
	require.NotNil(t, a, "newAdapter returned nil")
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// open returns a new adapter initialized with the fixture.
func (k kit) open(t *testing.T) adapter.DatabaseAdapter {
	t.Helper()
	a := k.fresh(t)
	spec, initial := Fixture()
	require.NoError(t, a.Initialize(t.Context(), spec, initial), "Initialize with the fixture")
	return a
}

// view runs fn in a View, failing the test on error.
func view(t *testing.T, a adapter.DatabaseAdapter, fn func(tx adapter.Tx)) {
	t.Helper()
	require.NoError(t, a.View(t.Context(), func(tx adapter.Tx) error {
		fn(tx)
		return nil
	}))
}

// update runs fn in an Update that must commit.
func update(t *testing.T, a adapter.DatabaseAdapter, fn func(tx adapter.WriteTx) error) {
	t.Helper()
	require.NoError(t, a.Update(t.Context(), fn))
}

// list returns a List of resource under q, failing the test on error.
func list(t *testing.T, a adapter.DatabaseAdapter, resource string, q *adapter.Query) adapter.Page {
	t.Helper()
	var page adapter.Page
	view(t, a, func(tx adapter.Tx) {
		var err error
		page, err = tx.List(resource, q)
		require.NoError(t, err, "List %s", resource)
	})
	return page
}

// get returns a Get of resource, failing the test on error.
func get(t *testing.T, a adapter.DatabaseAdapter, resource string, id any) adapter.Record {
	t.Helper()
	var rec adapter.Record
	view(t, a, func(tx adapter.Tx) {
		var err error
		rec, err = tx.Get(resource, id)
		require.NoError(t, err, "Get %s %v", resource, id)
	})
	return rec
}

// dump deep-copies the current state of a, through Backup, with counters.
func dump(t *testing.T, a adapter.DatabaseAdapter) (adapter.Dataset, map[string]int64) {
	t.Helper()
	st, err := a.Backup(t.Context())
	require.NoError(t, err)
	require.NotNil(t, st)
	return normalized(adapter.Snapshot(st))
}

// normalized drops empty resources and zero counters so that states of
// adapters that list every resource compare equal to ones that list only
// non-empty ones.
func normalized(d adapter.Dataset, counters map[string]int64) (adapter.Dataset, map[string]int64) {
	for name, recs := range d {
		if len(recs) == 0 {
			delete(d, name)
		}
	}
	for name, c := range counters {
		if c == 0 {
			delete(counters, name)
		}
	}
	return d, counters
}

// initialDump is what dump returns right after Initialize with the fixture.
func initialDump() (adapter.Dataset, map[string]int64) {
	return normalized(fixtureData())
}

// keys returns the primary keys of recs, in order.
func keys(recs []adapter.Record, key string) []any {
	out := make([]any, 0, len(recs))
	for _, r := range recs {
		out = append(out, r[key])
	}
	return out
}

// nums returns float64 ids, the form JSON numbers take.
func nums(ids ...float64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// cancelled returns a context that is already cancelled.
func cancelled(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}
