package postgres_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/postgres"
	"github.com/pretendo-go/pretendo/schema"
)

// openSmall returns an initialized DB whose pool holds n connections.
func openSmall(t *testing.T, n string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(t.Context(), dsn(t)+"&pool_max_conns="+n, postgres.WithPrefix(newPrefix(t)))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	spec := &schema.Spec{Resources: []schema.Resource{{Name: "users", Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}}}}}
	require.NoError(t, db.Initialize(t.Context(), spec, adapter.NewState(adapter.Dataset{"users": {{"id": 1.0}}}, nil)))
	return db
}

func getUser(ctx context.Context, db *postgres.DB) error {
	return db.View(ctx, func(tx adapter.Tx) error {
		_, err := tx.Get("users", 1.0)
		return err
	})
}

// TestCallsWaitInLine: with more calls than connections, calls wait for
// one (a read's connection is handed over with its transaction open), a
// waiting call gives up when its context ends, and none waits forever.
func TestCallsWaitInLine(t *testing.T) {
	db := openSmall(t, "1")

	// A read holds the only connection until told to end.
	holding, done := make(chan struct{}), make(chan struct{})
	go func() {
		_ = db.View(t.Context(), func(tx adapter.Tx) error {
			_, err := tx.Get("users", 1.0)
			close(holding)
			<-done
			return err
		})
	}()
	<-holding
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, getUser(ctx, db), context.DeadlineExceeded, "no connection comes while the read holds it")
	waited := make(chan error, 1)
	go func() { waited <- getUser(t.Context(), db) }()
	close(done)
	require.NoError(t, <-waited, "the waiting read gets the connection when the first ends")

	// Many calls on few connections, some of them given up.
	db = openSmall(t, "2")
	var wg sync.WaitGroup
	var inserts atomic.Int64
	errs := make(chan error, 200)
	for w := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				switch {
				case i%7 == 3:
					ctx, cancel := context.WithTimeout(t.Context(), time.Duration(i%3)*time.Millisecond)
					if err := getUser(ctx, db); err != nil && ctx.Err() == nil {
						errs <- err
					}
					cancel()
				case (w+i)%4 == 0:
					inserts.Add(1)
					errs <- db.Update(t.Context(), func(tx adapter.WriteTx) error {
						return tx.Insert("users", adapter.Record{"id": float64(tx.Counter("users") + 1)})
					})
				default:
					errs <- getUser(t.Context(), db)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	stats, err := db.Stats(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1+int(inserts.Load()), stats["users"].Count)
}

// TestViewOnParkedConnection: a View that takes the connection a View
// before it parked (the pool has one) still reads one state, as REPEATABLE
// READ does, however another DB writes meanwhile, and still refuses to
// write in SQL; the View after it sees the write.
func TestViewOnParkedConnection(t *testing.T) {
	prefix := newPrefix(t)
	reader, err := postgres.Open(t.Context(), dsn(t)+"&pool_max_conns=1", postgres.WithPrefix(prefix))
	require.NoError(t, err)
	t.Cleanup(func() { _ = reader.Close() })
	spec := &schema.Spec{Resources: []schema.Resource{{Name: "users", Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}}}}}
	require.NoError(t, reader.Initialize(t.Context(), spec, adapter.NewState(adapter.Dataset{"users": {{"id": 1.0}}}, nil)))
	writer := openPrefix(t, prefix)
	require.NoError(t, writer.Initialize(t.Context(), spec, nil))

	for round := range 3 {
		require.NoError(t, getUser(t.Context(), reader), "parks the only connection")
		id := float64(round + 2)
		require.NoError(t, reader.View(t.Context(), func(tx adapter.Tx) error {
			page, err := tx.List("users", nil)
			require.NoError(t, err)
			require.Equal(t, round+1, page.Total)
			require.NoError(t, writer.Update(t.Context(), func(wtx adapter.WriteTx) error {
				return wtx.Insert("users", adapter.Record{"id": id})
			}))
			found, err := tx.(adapter.Exister).Exists("users", id)
			require.NoError(t, err)
			assert.False(t, found, "round %d: a write committed during the View", round)
			page, err = tx.List("users", nil)
			require.NoError(t, err)
			assert.Equal(t, round+1, page.Total, "round %d", round)
			return nil
		}))
		require.NoError(t, reader.View(t.Context(), func(tx adapter.Tx) error {
			found, err := tx.(adapter.Exister).Exists("users", id)
			require.NoError(t, err)
			assert.True(t, found, "round %d: the View after the write", round)
			return nil
		}))
	}
	readOnly, isolation, err := postgres.ViewSettings(t.Context(), reader)
	require.NoError(t, err)
	assert.Equal(t, "on", readOnly)
	assert.Equal(t, "repeatable read", isolation)
}
