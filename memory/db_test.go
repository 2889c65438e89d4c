package memory_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/adaptertest"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

// fakeClock returns a clock that reads now, and a function advancing it.
func fakeClock() (func() time.Time, func() time.Time) {
	var mu sync.Mutex
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	read := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	tick := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Minute)
		return now
	}
	return read, tick
}

func open(t *testing.T, opts ...memory.Option) *memory.DB {
	t.Helper()
	db := memory.New(opts...)
	spec, initial := adaptertest.Fixture()
	require.NoError(t, db.Initialize(t.Context(), spec, initial))
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func lastModified(t *testing.T, db *memory.DB) map[string]time.Time {
	t.Helper()
	stats, err := db.Stats(t.Context())
	require.NoError(t, err)
	out := map[string]time.Time{}
	for name, s := range stats {
		out[name] = s.LastModified
	}
	return out
}

func TestStatsClock(t *testing.T) {
	read, tick := fakeClock()
	t0 := read()
	db := open(t, memory.WithClock(read))
	assert.Equal(t, map[string]time.Time{"users": t0, "posts": t0, "sessions": t0}, lastModified(t, db))

	t1 := tick()
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Insert("posts", adapter.Record{"id": 9.0})
	}))
	assert.Equal(t, map[string]time.Time{"users": t0, "posts": t1, "sessions": t0}, lastModified(t, db), "only the changed resource")

	tick()
	require.Error(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		_ = tx.Insert("users", adapter.Record{"id": 99.0})
		return errors.New("no")
	}))
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		_, err := tx.Get("users", 1.0)
		return err
	}))
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		assert.ErrorIs(t, tx.Delete("users", 404.0), adapter.ErrNotFound)
		return nil
	}))
	assert.Equal(t, map[string]time.Time{"users": t0, "posts": t1, "sessions": t0}, lastModified(t, db), "failed and read-only updates stamp nothing")

	st, err := db.Backup(t.Context())
	require.NoError(t, err)
	t3 := tick()
	require.NoError(t, db.Restore(t.Context(), st))
	assert.Equal(t, map[string]time.Time{"users": t3, "posts": t3, "sessions": t3}, lastModified(t, db))

	t4 := tick()
	require.NoError(t, db.Reset(t.Context()))
	assert.Equal(t, map[string]time.Time{"users": t4, "posts": t4, "sessions": t4}, lastModified(t, db))
}

func TestOptionsHostile(t *testing.T) {
	db := memory.New(nil, memory.WithClock(nil))
	spec, initial := adaptertest.Fixture()
	require.NoError(t, db.Initialize(t.Context(), spec, initial))
	stats, err := db.Stats(t.Context())
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), stats["users"].LastModified, time.Minute, "nil clock keeps time.Now")
}

// TestSharedAfterRestore has two DBs share one published state and then
// write to it concurrently with readers: under -race this proves that
// forking a published tree never writes to it.
func TestSharedAfterRestore(t *testing.T) {
	src := open(t)
	st, err := src.Backup(t.Context())
	require.NoError(t, err)
	dbs := []*memory.DB{src, open(t), open(t)}
	for _, db := range dbs[1:] {
		require.NoError(t, db.Restore(t.Context(), st))
	}
	const writes = 40
	var wg sync.WaitGroup
	for i, db := range dbs {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := range writes {
				err := db.Update(t.Context(), func(tx adapter.WriteTx) error {
					id := float64(1000*(i+1) + j)
					if err := tx.Insert("users", adapter.Record{"id": id, "email": fmt.Sprint(id), "age": float64(j % 3)}); err != nil {
						return err
					}
					return tx.Replace("posts", adapter.Record{"id": 1.0, "userId": float64(i), "title": fmt.Sprint(j)})
				})
				assert.NoError(t, err)
			}
		}()
		go func() {
			defer wg.Done()
			for range writes {
				n := 0
				st.Scan("users", func(adapter.Record) bool { n++; return true })
				assert.Equal(t, 5, n, "the shared backup never changes")
				err := db.View(t.Context(), func(tx adapter.Tx) error {
					_, err := tx.List("users", &adapter.Query{Sort: []adapter.SortKey{{Field: "age", Type: "number", Desc: true}}, PerPage: 3})
					return err
				})
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	for i, db := range dbs {
		stats, err := db.Stats(t.Context())
		require.NoError(t, err)
		assert.Equal(t, 5+writes, stats["users"].Count, "db %d", i)
		require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
			page, err := tx.List("users", &adapter.Query{Filters: []adapter.Filter{{Field: "id", Type: "number", Op: adapter.OpGte, Values: []any{1000.0}}}})
			require.NoError(t, err)
			for _, rec := range page.Records {
				id := rec["id"].(float64)
				assert.Equal(t, float64(i+1), float64(int(id)/1000), "db %d sees only its own writes", i)
			}
			post, err := tx.Get("posts", 1.0)
			require.NoError(t, err)
			assert.Equal(t, float64(i), post["userId"])
			return nil
		}))
	}
	assert.Equal(t, 5, st.Len("users"))
}

func TestRestoreLayouts(t *testing.T) {
	spec, initial := adaptertest.Fixture()
	other := mustClone(t, spec)
	other.Options.Database.Optimizations.IndexedFields = nil
	plain := memory.New()
	require.NoError(t, plain.Initialize(t.Context(), other, initial))
	st, err := plain.Backup(t.Context())
	require.NoError(t, err)

	db := open(t)
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Delete("users", 1.0) }))
	require.NoError(t, db.Restore(t.Context(), st), "a state with other indexes is rebuilt")
	require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
		page, err := tx.List("users", &adapter.Query{Sort: []adapter.SortKey{{Field: "createdAt", Type: "date", Desc: true}}})
		assert.Equal(t, []any{1.0, 5.0, 3.0, 2.0, 4.0}, ids(page.Records))
		assert.Equal(t, int64(7), tx.Counter("users"))
		return err
	}))

	extra := mustClone(t, spec)
	extra.Resources = append(extra.Resources, schema.Resource{Name: "more", Fields: []schema.Field{{Name: "id", Type: "number"}}})
	bigger := memory.New()
	require.NoError(t, bigger.Initialize(t.Context(), extra, adapter.NewState(adapter.Dataset{"more": {{"id": 1.0}}}, nil)))
	bst, err := bigger.Backup(t.Context())
	require.NoError(t, err)
	err = db.Restore(t.Context(), bst)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"more"`)
	stats, err := db.Stats(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 5, stats["users"].Count, "a failed Restore changes nothing")
}

func ids(recs []adapter.Record) []any {
	out := []any{}
	for _, r := range recs {
		out = append(out, r["id"])
	}
	return out
}

func TestInitializeErrors(t *testing.T) {
	spec, _ := adaptertest.Fixture()
	dup := mustClone(t, spec)
	dup.Resources = append(dup.Resources, dup.Resources[0])
	cases := []struct {
		name    string
		spec    *schema.Spec
		initial adapter.State
		want    []string
		is      error
	}{
		{name: "nil spec", spec: nil, want: []string{"nil spec"}},
		{name: "duplicate resource", spec: dup, want: []string{"resources[3]", `"users"`}},
		{name: "duplicate key", spec: spec, initial: adapter.NewState(adapter.Dataset{"posts": {{"id": 1.0}, {"id": 2.0}, {"id": 1.0}}}, nil),
			want: []string{"posts[2]", `"id"`}, is: adapter.ErrConflict},
		{name: "duplicate key before a missing one", spec: spec, initial: adapter.NewState(adapter.Dataset{"posts": {{"id": 1.0}, {"id": 2.0}, {"id": 1.0}, {"title": "x"}, {"id": 2.0}}}, nil),
			want: []string{"posts[2]", `"id"`}, is: adapter.ErrConflict},
		{name: "handed over, duplicate key", spec: spec, initial: adapter.HandOver(adapter.Dataset{"posts": {{"id": 3.0}, {"id": 2.0}, {"id": 2.0}, {"id": 3.0}}}, nil),
			want: []string{"posts[2]", `"id"`}, is: adapter.ErrConflict},
		{name: "handed over, null record", spec: spec, initial: adapter.HandOver(adapter.Dataset{"posts": {{"id": 1.0}, nil}}, nil),
			want: []string{"posts[1]", "null"}, is: adapter.ErrValidation},
		{name: "missing key", spec: spec, initial: adapter.NewState(adapter.Dataset{"sessions": {{"token": "a"}, {"note": "x"}}}, nil),
			want: []string{"sessions[1]", `"token"`}},
		{name: "invalid key", spec: spec, initial: adapter.NewState(adapter.Dataset{"users": {{"id": 1e300}}}, nil),
			want: []string{"users[0]"}},
		{name: "unknown resource", spec: spec, initial: adapter.NewState(adapter.Dataset{"ghosts": {{"id": 1.0}}}, nil),
			want: []string{`"ghosts"`}},
		{name: "value without a JSON form", spec: spec, initial: adapter.NewState(adapter.Dataset{"users": {{"id": 1}, {"id": 2, "profile": map[string]any{"c": make(chan int)}}}}, nil),
			want: []string{"users[1]", "profile.c: a chan int has no JSON form"}, is: adapter.ErrValidation},
		{name: "integer beyond 2^53", spec: spec, initial: adapter.NewState(adapter.Dataset{"posts": {{"id": uint64(1) << 60}}}, nil),
			want: []string{"posts[0]", "id: integer 1152921504606846976 is beyond"}, is: adapter.ErrValidation},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := memory.New()
			err := db.Initialize(t.Context(), c.spec, c.initial)
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			if c.is != nil {
				assert.ErrorIs(t, err, c.is)
			}
			assert.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
				_, err := tx.List("users", nil)
				assert.ErrorIs(t, err, adapter.ErrNotFound, "a failed Initialize leaves the DB empty")
				return nil
			}))
		})
	}
}

// A State built from Go values is normalized on the way in: it reads and
// queries as if the records had come as JSON.
func TestInitializeNormalizesGoValues(t *testing.T) {
	spec, _ := adaptertest.Fixture()
	at := time.Date(2024, 1, 5, 12, 0, 0, 0, time.FixedZone("", -5*3600))
	initial := adapter.NewState(adapter.Dataset{
		"users": {{"id": int8(1), "email": "a@b.c", "age": uint(30), "createdAt": at, "tags": []string{"x"}}},
		"posts": {{"id": 1, "userId": int64(1)}},
	}, map[string]int64{"users": 1, "posts": 1})
	for _, restore := range []bool{false, true} {
		db := memory.New()
		if restore {
			require.NoError(t, db.Initialize(t.Context(), spec, nil))
			require.NoError(t, db.Restore(t.Context(), initial))
		} else {
			require.NoError(t, db.Initialize(t.Context(), spec, initial))
		}
		require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
			u, err := tx.Get("users", 1.0)
			require.NoError(t, err)
			assert.Equal(t, adapter.Record{"id": 1.0, "email": "a@b.c", "age": 30.0, "createdAt": "2024-01-05T17:00:00Z", "tags": []any{"x"}}, u)
			page, err := tx.List("posts", &adapter.Query{Filters: []adapter.Filter{{Field: "userId", Type: "number", Op: adapter.OpEq, Values: []any{1.0}}}})
			require.NoError(t, err)
			assert.Equal(t, 1, page.Total)
			return nil
		}))
		require.NoError(t, db.Close())
	}
}

func TestUninitialized(t *testing.T) {
	db := memory.New()
	require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
		_, err := tx.Get("users", 1.0)
		assert.ErrorIs(t, err, adapter.ErrNotFound)
		return nil
	}))
	st, err := db.Backup(t.Context())
	require.NoError(t, err)
	assert.Empty(t, st.Resources())
	require.NoError(t, db.Reset(t.Context()))
	stats, err := db.Stats(t.Context())
	require.NoError(t, err)
	assert.Empty(t, stats)
}

func TestInsertErrorsNameResource(t *testing.T) {
	db := open(t)
	err := db.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Insert("sessions", adapter.Record{"note": "no token"})
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "sessions")
	assert.Contains(t, err.Error(), `"token"`)
	assert.NotErrorIs(t, err, adapter.ErrConflict)
	assert.NotErrorIs(t, err, adapter.ErrNotFound)
	err = db.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Replace("users", adapter.Record{"id": "", "email": "x"})
	})
	assert.ErrorIs(t, err, adapter.ErrNotFound, "an empty string is a valid key that no user has")
	err = db.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Replace("users", adapter.Record{"email": "x"})
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "users")
}

func TestWriteTxAfterReturn(t *testing.T) {
	db := open(t)
	var kept adapter.WriteTx
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		kept = tx
		return tx.Insert("posts", adapter.Record{"id": 10.0})
	}))
	assert.Error(t, kept.Insert("posts", adapter.Record{"id": 11.0}))
	assert.Error(t, kept.Replace("posts", adapter.Record{"id": 10.0, "title": "x"}))
	assert.Error(t, kept.Delete("posts", 10.0))
	rec, err := kept.Get("posts", 10.0)
	require.NoError(t, err, "reads stay possible")
	assert.Equal(t, adapter.Record{"id": 10.0}, rec)
	stats, err := db.Stats(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 4, stats["posts"].Count)
}

func TestHostileCalls(t *testing.T) {
	db := open(t)
	assert.Error(t, db.View(t.Context(), nil))
	assert.Error(t, db.Update(t.Context(), nil))
	assert.Error(t, db.Restore(t.Context(), nil))
	var nilCtx context.Context
	assert.Error(t, db.View(nilCtx, func(adapter.Tx) error { return nil }))
	assert.Error(t, db.Update(nilCtx, func(adapter.WriteTx) error { return nil }))
	_, err := db.Stats(nilCtx)
	assert.Error(t, err)
	require.NoError(t, db.Close())
	assert.ErrorIs(t, db.Close(), adapter.ErrClosed, "closing twice")
}

func TestUpdateContextCancelledDuringFn(t *testing.T) {
	db := open(t)
	ctx, cancel := context.WithCancel(t.Context())
	err := db.Update(ctx, func(tx adapter.WriteTx) error {
		require.NoError(t, tx.Insert("posts", adapter.Record{"id": 10.0}))
		cancel()
		return nil
	})
	assert.ErrorIs(t, err, context.Canceled)
	stats, err := db.Stats(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 3, stats["posts"].Count, "a cancelled Update commits nothing")
}

func TestUpdatePanicCommitsNothing(t *testing.T) {
	db := open(t)
	assert.Panics(t, func() {
		_ = db.Update(t.Context(), func(tx adapter.WriteTx) error {
			_ = tx.Insert("posts", adapter.Record{"id": 10.0})
			panic("boom")
		})
	})
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		_, err := tx.Get("posts", 10.0)
		assert.ErrorIs(t, err, adapter.ErrNotFound)
		return tx.Insert("posts", adapter.Record{"id": 11.0})
	}), "the DB is usable after a panic")
}

// TestReadersWaitForWriters checks that a View started while an Update is
// running sees none of it until it commits, and then all of it.
func TestReadersWaitForWriters(t *testing.T) {
	db := open(t)
	inside := make(chan struct{})
	release := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		errc <- db.Update(t.Context(), func(tx adapter.WriteTx) error {
			if err := tx.Insert("posts", adapter.Record{"id": 10.0}); err != nil {
				return err
			}
			close(inside)
			<-release
			return tx.Insert("posts", adapter.Record{"id": 11.0})
		})
	}()
	<-inside
	seen := make(chan int, 1)
	go func() {
		_ = db.View(t.Context(), func(tx adapter.Tx) error {
			page, err := tx.List("posts", nil)
			if err == nil {
				seen <- page.Total
			}
			return err
		})
	}()
	select {
	case n := <-seen:
		t.Fatalf("a View ran during an Update and saw %d posts", n)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	require.NoError(t, <-errc)
	assert.Equal(t, 5, <-seen, "the View sees both inserts")
}

// TestRollbackRestoresEverything checks that a failed Update of every kind
// of write leaves records, indexes, counters and modification times as they
// were.
func TestRollbackRestoresEverything(t *testing.T) {
	read, tick := fakeClock()
	db := open(t, memory.WithClock(read))
	ctx := t.Context()
	before, err := db.Backup(ctx)
	require.NoError(t, err)
	modified := lastModified(t, db)
	tick()
	err = db.Update(ctx, func(tx adapter.WriteTx) error {
		require.NoError(t, tx.Insert("posts", adapter.Record{"id": 500.0, "userId": 1.0, "title": "new"}))
		require.NoError(t, tx.Replace("users", adapter.Record{"id": 1.0, "email": "changed@example.com", "age": 99.0}))
		require.NoError(t, tx.Delete("users", 2.0))
		require.NoError(t, tx.Insert("users", adapter.Record{"id": 2.0, "email": "again@example.com"}))
		require.NoError(t, tx.Delete("posts", 500.0))
		return errors.New("fail")
	})
	require.Error(t, err)
	after, err := db.Backup(ctx)
	require.NoError(t, err)
	for _, name := range before.Resources() {
		assert.Equal(t, records(before, name), records(after, name), name)
		assert.Equal(t, before.Counter(name), after.Counter(name), name)
	}
	assert.Equal(t, modified, lastModified(t, db))
	require.NoError(t, db.View(ctx, func(tx adapter.Tx) error {
		// The unique email index answers as before: the changed email is gone.
		page, err := tx.List("users", &adapter.Query{Filters: []adapter.Filter{
			{Field: "email", Type: schema.TypeString, Op: adapter.OpEq, Values: []any{"changed@example.com"}},
		}})
		require.NoError(t, err)
		assert.Zero(t, page.Total)
		return nil
	}))
	// The next insert gets the sequence a rolled-back insert had used, and
	// sorts last.
	require.NoError(t, db.Update(ctx, func(tx adapter.WriteTx) error {
		return tx.Insert("posts", adapter.Record{"id": 600.0})
	}))
	recs := records(mustBackup(t, db), "posts")
	assert.Equal(t, 600.0, recs[len(recs)-1]["id"])
}

// records lists the records of resource in st, in insertion order.
func records(st adapter.State, resource string) []adapter.Record {
	var out []adapter.Record
	st.Scan(resource, func(r adapter.Record) bool {
		out = append(out, adapter.Clone(r))
		return true
	})
	return out
}

func mustBackup(t *testing.T, db *memory.DB) adapter.State {
	t.Helper()
	st, err := db.Backup(t.Context())
	require.NoError(t, err)
	return st
}

func TestBackupAllocatesNothing(t *testing.T) {
	db := open(t)
	ctx := t.Context()
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := db.Backup(ctx); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
}

// TestRestoreCostIndependentOfSize checks that restoring a memory Backup
// allocates the same whatever the number of records.
func TestRestoreCostIndependentOfSize(t *testing.T) {
	ctx := t.Context()
	measure := func(n int) float64 {
		spec, _ := adaptertest.Fixture()
		recs := make([]adapter.Record, n)
		for i := range recs {
			recs[i] = adapter.Record{"id": float64(i + 1), "email": fmt.Sprint(i), "age": float64(i % 50)}
		}
		db := memory.New()
		require.NoError(t, db.Initialize(ctx, spec, adapter.NewState(adapter.Dataset{"users": recs}, nil)))
		st, err := db.Backup(ctx)
		require.NoError(t, err)
		return testing.AllocsPerRun(50, func() {
			if err := db.Restore(ctx, st); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := measure(10), measure(20000)
	assert.Equal(t, small, large)
	// A tree header per tree of the fixture's 3 tables, and their tables.
	assert.Less(t, large, 40.0)
}

// mustClone copies a spec built in the test.
func mustClone(t *testing.T, s *schema.Spec) *schema.Spec {
	t.Helper()
	c, err := s.Clone()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
