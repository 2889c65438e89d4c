package adaptertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
)

func stateCases() []testCase {
	return []testCase{
		{name: "BackupImmutable", run: testBackupImmutable},
		{name: "Restore", run: testRestore},
		{name: "RestorePlainState", run: testRestorePlainState},
		{name: "RestoreInvalid", run: testRestoreInvalid},
		{name: "Reset", run: testReset},
		{name: "InitializeNil", raw: true, run: testInitializeNil},
		{name: "Stats", run: testStats},
	}
}

// scribble makes a few writes to every resource of the fixture.
func scribble(t *testing.T, a adapter.DatabaseAdapter) {
	t.Helper()
	update(t, a, func(tx adapter.WriteTx) error {
		require.NoError(t, tx.Insert("users", adapter.Record{"id": 50.0, "email": "fifty@example.com"}))
		require.NoError(t, tx.Replace("users", adapter.Record{"id": 1.0, "email": "changed@example.com"}))
		require.NoError(t, tx.Delete("users", 2.0))
		require.NoError(t, tx.Insert("posts", adapter.Record{"id": 4.0, "userId": 1.0}))
		require.NoError(t, tx.Delete("sessions", token1))
		return nil
	})
}

func testBackupImmutable(t *testing.T, a adapter.DatabaseAdapter) {
	st, err := a.Backup(t.Context())
	require.NoError(t, err)
	require.NotNil(t, st)
	want, wantCounters := normalized(adapter.Snapshot(st))
	initial, initialCounters := initialDump()
	assert.Equal(t, initial, want)
	assert.Equal(t, initialCounters, wantCounters)
	scribble(t, a)
	got, gotCounters := normalized(adapter.Snapshot(st))
	assert.Equal(t, want, got, "later writes do not change a backup")
	assert.Equal(t, wantCounters, gotCounters)
	assert.Equal(t, 5, st.Len("users"))
	assert.Equal(t, int64(7), st.Counter("users"))
	assert.Subset(t, st.Resources(), []string{"users", "posts", "sessions"})
	n := 0
	st.Scan("users", func(adapter.Record) bool { n++; return n < 2 })
	assert.Equal(t, 2, n, "Scan stops when fn returns false")
	assert.Equal(t, 0, st.Len("nope"))
	st.Scan("nope", func(adapter.Record) bool { t.Error("Scan of an unknown resource called fn"); return false })
}

func testRestore(t *testing.T, a adapter.DatabaseAdapter) {
	st, err := a.Backup(t.Context())
	require.NoError(t, err)
	scribble(t, a)
	view(t, a, func(tx adapter.Tx) { require.Equal(t, int64(50), tx.Counter("users")) })
	require.NoError(t, a.Restore(t.Context(), st))
	want, wantCounters := initialDump()
	got, gotCounters := dump(t, a)
	assert.Equal(t, want, got)
	assert.Equal(t, wantCounters, gotCounters, "counters are restored too")
	view(t, a, func(tx adapter.Tx) { assert.Equal(t, int64(7), tx.Counter("users")) })
	// Writes after a restore leave the backup alone, and it can be restored again.
	scribble(t, a)
	require.NoError(t, a.Restore(t.Context(), st))
	got, gotCounters = dump(t, a)
	assert.Equal(t, want, got)
	assert.Equal(t, wantCounters, gotCounters)
	page := list(t, a, "users", &adapter.Query{Sort: []adapter.SortKey{{Field: "createdAt", Type: date}}})
	assert.Equal(t, nums(2, 3, 5, 1, 4), keys(page.Records, "id"), "indexes are restored")
}

func testRestorePlainState(t *testing.T, a adapter.DatabaseAdapter) {
	d := adapter.Dataset{
		"users": {
			{"id": 9.0, "email": "nine@example.com", "age": 1.0},
			{"id": 3.0, "email": "three@example.com", "age": 2.0},
		},
		"sessions": {{"token": "t-1"}},
	}
	require.NoError(t, a.Restore(t.Context(), adapter.NewState(d, map[string]int64{"users": 20, "posts": 8})))
	got, gotCounters := dump(t, a)
	want, _ := normalized(adapter.Dataset{
		"users":    {{"id": 9.0, "email": "nine@example.com", "age": 1.0}, {"id": 3.0, "email": "three@example.com", "age": 2.0}},
		"sessions": {{"token": "t-1"}},
	}, nil)
	assert.Equal(t, want, got)
	assert.Equal(t, map[string]int64{"users": 20, "posts": 8}, gotCounters)
	page := list(t, a, "users", &adapter.Query{Sort: []adapter.SortKey{{Field: "age", Type: num, Desc: true}}})
	assert.Equal(t, nums(3, 9), keys(page.Records, "id"))
	assert.Empty(t, list(t, a, "posts", nil).Records)
	// The restored records are copies.
	d["users"][0]["email"] = "mutated"
	assert.Equal(t, "nine@example.com", get(t, a, "users", 9.0)["email"])
	update(t, a, func(tx adapter.WriteTx) error { return tx.Insert("posts", adapter.Record{"id": 9.0, "userId": 9.0}) })
	view(t, a, func(tx adapter.Tx) { assert.Equal(t, int64(9), tx.Counter("posts")) })
}

func testRestoreInvalid(t *testing.T, a adapter.DatabaseAdapter) {
	cases := map[string]adapter.Dataset{
		"duplicate key":   {"users": {{"id": 1.0, "email": "a@example.com"}, {"id": 1.0, "email": "b@example.com"}}},
		"missing key":     {"users": {{"id": 1.0}, {"email": "nokey@example.com"}}},
		"invalid key":     {"users": {{"id": 1.5}}},
		"duplicate token": {"sessions": {{"token": "x"}, {"token": "x"}}},
	}
	want, wantCounters := initialDump()
	for name, d := range cases {
		err := a.Restore(t.Context(), adapter.NewState(d, nil))
		assert.Error(t, err, name)
		got, gotCounters := dump(t, a)
		assert.Equal(t, want, got, "%s: a failed Restore changes nothing", name)
		assert.Equal(t, wantCounters, gotCounters, name)
	}
}

func testReset(t *testing.T, a adapter.DatabaseAdapter) {
	scribble(t, a)
	require.NoError(t, a.Reset(t.Context()))
	want, wantCounters := initialDump()
	got, gotCounters := dump(t, a)
	assert.Equal(t, want, got)
	assert.Equal(t, wantCounters, gotCounters)
	// Reset also undoes a Restore, and works twice.
	require.NoError(t, a.Restore(t.Context(), adapter.NewState(adapter.Dataset{"users": {{"id": 99.0}}}, map[string]int64{"users": 99})))
	require.NoError(t, a.Reset(t.Context()))
	require.NoError(t, a.Reset(t.Context()))
	got, gotCounters = dump(t, a)
	assert.Equal(t, want, got)
	assert.Equal(t, wantCounters, gotCounters)
	page := list(t, a, "users", &adapter.Query{Filters: []adapter.Filter{{Field: "age", Type: num, Op: adapter.OpEq, Values: []any{25.0}}}})
	assert.Equal(t, nums(2, 4), keys(page.Records, "id"))
}

func testInitializeNil(t *testing.T, a adapter.DatabaseAdapter) {
	spec, _ := Fixture()
	require.NoError(t, a.Initialize(t.Context(), spec, nil), "a nil initial state means empty")
	for _, name := range []string{"users", "posts", "sessions"} {
		page := list(t, a, name, nil)
		assert.Empty(t, page.Records, name)
		assert.Equal(t, 0, page.Total, name)
	}
	update(t, a, func(tx adapter.WriteTx) error { return tx.Insert("users", adapter.Record{"id": 1.0}) })
	require.NoError(t, a.Reset(t.Context()))
	assert.Empty(t, list(t, a, "users", nil).Records, "Reset returns to the empty initial state")
}

func testStats(t *testing.T, a adapter.DatabaseAdapter) {
	stats, err := a.Stats(t.Context())
	require.NoError(t, err)
	for name, n := range map[string]int{"users": 5, "posts": 3, "sessions": 2} {
		if assert.Contains(t, stats, name) {
			assert.Equal(t, n, stats[name].Count, name)
			assert.False(t, stats[name].LastModified.IsZero(), "%s lastModified", name)
		}
	}
	before := stats["posts"].LastModified
	update(t, a, func(tx adapter.WriteTx) error {
		if err := tx.Insert("posts", adapter.Record{"id": 4.0, "userId": 1.0}); err != nil {
			return err
		}
		return tx.Delete("sessions", token1)
	})
	stats, err = a.Stats(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 5, stats["users"].Count)
	assert.Equal(t, 4, stats["posts"].Count)
	assert.Equal(t, 1, stats["sessions"].Count)
	assert.False(t, stats["posts"].LastModified.Before(before), "lastModified never goes back")
	err = a.Update(t.Context(), func(tx adapter.WriteTx) error {
		require.NoError(t, tx.Insert("posts", adapter.Record{"id": 5.0, "userId": 1.0}))
		return assert.AnError
	})
	require.ErrorIs(t, err, assert.AnError)
	stats, err = a.Stats(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 4, stats["posts"].Count, "a failed Update is not counted")
}
