package adaptertest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
)

func lifecycleCases() []testCase {
	return []testCase{
		{name: "ConcurrentWriters", run: testConcurrentWriters},
		{name: "AtomicVisibility", run: testAtomicVisibility},
		{name: "CancelledContext", run: testCancelledContext},
		{name: "CancelledContextInitialize", raw: true, run: testCancelledInitialize},
		{name: "Closed", run: testClosed},
	}
}

// testConcurrentWriters runs writers that each allocate ids from the
// counter, alongside readers. Update transactions are serialized, so no two
// writers may take the same id.
func testConcurrentWriters(t *testing.T, a adapter.DatabaseAdapter) {
	const writers, perWriter, readers = 4, 25, 4
	ctx := t.Context()
	var wg sync.WaitGroup
	done := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				err := a.Update(ctx, func(tx adapter.WriteTx) error {
					id := float64(tx.Counter("users") + 1)
					return tx.Insert("users", adapter.Record{"id": id, "email": fmt.Sprintf("w%d-%d@example.com", w, i)})
				})
				assert.NoError(t, err, "writer %d insert %d", w, i)
			}
		}()
	}
	var rg sync.WaitGroup
	for range readers {
		rg.Add(1)
		go func() {
			defer rg.Done()
			last := 0
			for {
				select {
				case <-done:
					return
				default:
				}
				err := a.View(ctx, func(tx adapter.Tx) error {
					page, err := tx.List("users", nil)
					if err != nil {
						return err
					}
					assert.Equal(t, page.Total, len(page.Records))
					assert.GreaterOrEqual(t, page.Total, last, "a reader never sees the count go back")
					last = page.Total
					return nil
				})
				assert.NoError(t, err)
				_, err = a.Stats(ctx)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	close(done)
	rg.Wait()
	page := list(t, a, "users", nil)
	assert.Equal(t, 5+writers*perWriter, page.Total)
	view(t, a, func(tx adapter.Tx) {
		assert.Equal(t, int64(7+writers*perWriter), tx.Counter("users"))
	})
	stats, err := a.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 5+writers*perWriter, stats["users"].Count)
}

// testAtomicVisibility checks that readers see all of an Update or none of
// it: every write adds one post and one session together.
func testAtomicVisibility(t *testing.T, a adapter.DatabaseAdapter) {
	const writes = 50
	ctx := t.Context()
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range writes {
			err := a.Update(ctx, func(tx adapter.WriteTx) error {
				if err := tx.Insert("posts", adapter.Record{"id": float64(100 + i), "userId": 1.0}); err != nil {
					return err
				}
				if i%5 == 4 {
					// A failing write in between must leave no trace.
					if err := tx.Insert("sessions", adapter.Record{"token": fmt.Sprintf("bad-%d", i)}); err != nil {
						return err
					}
					return assert.AnError
				}
				return tx.Insert("sessions", adapter.Record{"token": fmt.Sprintf("s-%d", i)})
			})
			if i%5 == 4 {
				assert.ErrorIs(t, err, assert.AnError)
			} else {
				assert.NoError(t, err)
			}
		}
	}()
	var rg sync.WaitGroup
	for range 3 {
		rg.Add(1)
		go func() {
			defer rg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				err := a.View(ctx, func(tx adapter.Tx) error {
					posts, err := tx.List("posts", nil)
					if err != nil {
						return err
					}
					sessions, err := tx.List("sessions", nil)
					if err != nil {
						return err
					}
					assert.Equal(t, posts.Total-3, sessions.Total-2, "a reader saw half an Update")
					return nil
				})
				assert.NoError(t, err)
				st, err := a.Backup(ctx)
				if assert.NoError(t, err) {
					assert.Equal(t, st.Len("posts")-3, st.Len("sessions")-2, "a backup holds half an Update")
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	rg.Wait()
	assert.Equal(t, 3+writes-writes/5, list(t, a, "posts", nil).Total)
	assert.Equal(t, 2+writes-writes/5, list(t, a, "sessions", nil).Total)
}

func testCancelledContext(t *testing.T, a adapter.DatabaseAdapter) {
	ctx := cancelled(t)
	called := false
	assert.ErrorIs(t, a.View(ctx, func(adapter.Tx) error { called = true; return nil }), context.Canceled, "View")
	assert.ErrorIs(t, a.Update(ctx, func(tx adapter.WriteTx) error {
		called = true
		return tx.Insert("users", adapter.Record{"id": 30.0})
	}), context.Canceled, "Update")
	assert.False(t, called, "fn must not run under a cancelled context")
	st, err := a.Backup(ctx)
	assert.ErrorIs(t, err, context.Canceled, "Backup")
	assert.Nil(t, st)
	good, err := a.Backup(t.Context())
	require.NoError(t, err)
	assert.ErrorIs(t, a.Restore(ctx, good), context.Canceled, "Restore")
	assert.ErrorIs(t, a.Reset(ctx), context.Canceled, "Reset")
	stats, err := a.Stats(ctx)
	assert.ErrorIs(t, err, context.Canceled, "Stats")
	assert.Nil(t, stats)
	want, wantCounters := initialDump()
	got, gotCounters := dump(t, a)
	assert.Equal(t, want, got, "nothing changed")
	assert.Equal(t, wantCounters, gotCounters)
}

func testCancelledInitialize(t *testing.T, a adapter.DatabaseAdapter) {
	spec, initial := Fixture()
	assert.ErrorIs(t, a.Initialize(cancelled(t), spec, initial), context.Canceled)
	// The adapter can still be initialized afterwards.
	require.NoError(t, a.Initialize(t.Context(), spec, initial))
	assert.Equal(t, 5, list(t, a, "users", nil).Total)
}

func testClosed(t *testing.T, a adapter.DatabaseAdapter) {
	st, err := a.Backup(t.Context())
	require.NoError(t, err)
	require.NoError(t, a.Close())
	ctx := t.Context()
	spec, initial := Fixture()
	assert.ErrorIs(t, a.Initialize(ctx, spec, initial), adapter.ErrClosed, "Initialize")
	called := false
	assert.ErrorIs(t, a.View(ctx, func(adapter.Tx) error { called = true; return nil }), adapter.ErrClosed, "View")
	assert.ErrorIs(t, a.Update(ctx, func(adapter.WriteTx) error { called = true; return nil }), adapter.ErrClosed, "Update")
	assert.False(t, called, "fn must not run after Close")
	_, err = a.Backup(ctx)
	assert.ErrorIs(t, err, adapter.ErrClosed, "Backup")
	assert.ErrorIs(t, a.Restore(ctx, st), adapter.ErrClosed, "Restore")
	assert.ErrorIs(t, a.Reset(ctx), adapter.ErrClosed, "Reset")
	_, err = a.Stats(ctx)
	assert.ErrorIs(t, err, adapter.ErrClosed, "Stats")
}
