package snapshot_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/snapshot"
)

func TestStoresKeepAtMostMax(t *testing.T) {
	stores := map[string]func(t *testing.T) snapshot.Store{
		"memory": func(*testing.T) snapshot.Store { return snapshot.NewMemory(snapshot.WithMax(3)) },
		"dir": func(t *testing.T) snapshot.Store {
			d, err := snapshot.OpenDir(filepath.Join(t.TempDir(), "snaps"), snapshot.WithMax(3))
			require.NoError(t, err)
			return d
		},
	}
	for kind, open := range stores {
		t.Run(kind, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			for _, name := range []string{"a", "b", "c"} {
				require.NoError(t, s.Put(ctx, snapshot.Meta{Name: name}, usersState(1), false))
			}
			err := s.Put(ctx, snapshot.Meta{Name: "d"}, usersState(1), false)
			assert.ErrorIs(t, err, snapshot.ErrFull)
			assert.ErrorContains(t, err, "3")
			assert.ErrorIs(t, s.Put(ctx, snapshot.Meta{Name: "d"}, usersState(1), true), snapshot.ErrFull, "overwrite of a new name")
			_, _, err = s.Get(ctx, "d")
			assert.ErrorIs(t, err, snapshot.ErrNotFound, "nothing stored")

			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "c", Description: "again"}, usersState(2), true), "replacing one always works")
			require.NoError(t, s.Delete(ctx, "a"))
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "d"}, usersState(1), false), "room again after a delete")
			list, err := s.List(ctx)
			require.NoError(t, err)
			assert.Len(t, list, 3)
		})
	}
}

func TestDirListSeesFilesChangedOutside(t *testing.T) {
	ctx := t.Context()
	d := mustOpenDir(t, filepath.Join(t.TempDir(), "snaps"))
	require.NoError(t, d.Put(ctx, snapshot.Meta{Name: "a", Description: "one"}, usersState(2), false))
	counts := func() map[string]int {
		t.Helper()
		list, err := d.List(ctx)
		require.NoError(t, err)
		out := make(map[string]int, len(list))
		for _, m := range list {
			out[m.Name+"/"+m.Description] = m.Counts["users"]
		}
		return out
	}
	assert.Equal(t, map[string]int{"a/one": 2}, counts())
	assert.Equal(t, map[string]int{"a/one": 2}, counts(), "listed again from what was read")

	path := filepath.Join(d.Path(), "a.json")
	write := func(body string, mtime time.Time) {
		t.Helper()
		require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
		require.NoError(t, os.Chtimes(path, mtime, mtime))
	}
	write(`{"description": "two", "data": {"users": [{"id": 1}, {"id": 2}, {"id": 3}]}}`, time.Now())
	assert.Equal(t, map[string]int{"a/two": 3}, counts(), "a new size")
	write(`{"description": "six", "data": {"users": [{"id": 1}, {"id": 2}, {"id": 3}]}}`, time.Now().Add(time.Hour))
	assert.Equal(t, map[string]int{"a/six": 3}, counts(), "the same size, a new time")

	require.NoError(t, os.WriteFile(filepath.Join(d.Path(), "b.json"), []byte(`{"data": {}}`), 0o644))
	assert.Equal(t, map[string]int{"a/six": 3, "b/": 0}, counts(), "a new file")
	require.NoError(t, os.Remove(path))
	assert.Equal(t, map[string]int{"b/": 0}, counts(), "a removed file")

	require.NoError(t, d.Put(ctx, snapshot.Meta{Name: "b", Description: "put"}, usersState(4), true))
	assert.Equal(t, map[string]int{"b/put": 4}, counts(), "a Put")
}
