package memory_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/adaptertest"
	"github.com/pretendo-go/pretendo/memory"
)

func TestRevert(t *testing.T) {
	read, tick := fakeClock()
	db := open(t, memory.WithClock(read))
	tick()
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Insert("posts", adapter.Record{"id": 9.0})
	}))
	st, err := db.Backup(t.Context())
	require.NoError(t, err)
	want, wantCounters := adapter.Snapshot(st)
	modified := lastModified(t, db)

	tick()
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		if err := tx.Insert("posts", adapter.Record{"id": 50.0}); err != nil {
			return err
		}
		return tx.Delete("users", 1.0)
	}))
	version := db.Version()
	require.NoError(t, db.Revert(t.Context(), st))
	after, err := db.Backup(t.Context())
	require.NoError(t, err)
	got, gotCounters := adapter.Snapshot(after)
	assert.Equal(t, want, got)
	assert.Equal(t, wantCounters, gotCounters, "counters are back too")
	assert.Equal(t, modified, lastModified(t, db), "and the last modifications")
	assert.NotEqual(t, version, db.Version(), "caches see a change")

	// The state reverted to stays as it was when the live one changes.
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Insert("posts", adapter.Record{"id": 51.0})
	}))
	again, _ := adapter.Snapshot(st)
	assert.Equal(t, want, again)
	require.NoError(t, db.Revert(t.Context(), st), "a state can be reverted to twice")

	// Only a Backup of this DB since its last Initialize will do.
	require.Error(t, db.Revert(t.Context(), adapter.NewState(want, nil)))
	other := open(t)
	foreign, err := other.Backup(t.Context())
	require.NoError(t, err)
	require.Error(t, db.Revert(t.Context(), foreign))
	spec, initial := adaptertest.Fixture()
	require.NoError(t, db.Initialize(t.Context(), spec, initial))
	require.Error(t, db.Revert(t.Context(), st))
	require.NoError(t, db.Close())
	require.ErrorIs(t, db.Revert(t.Context(), st), adapter.ErrClosed)
}
