package memory

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// DB is an in-memory adapter.DatabaseAdapter. The zero value is not usable;
// call New. All methods are safe for concurrent use.
//
// The store is an immutable state published through an atomic pointer.
// Reads (View, Backup, Stats) load it and never wait. Writes (Update,
// Restore, Reset, Initialize) are serialized; an Update works on a
// copy-on-write version of the state and publishes it only when its function
// returns nil.
type DB struct {
	clock  func() time.Time
	closed atomic.Bool

	// mu serializes writers: each builds the next state from the current
	// one and publishes it.
	mu      sync.Mutex
	current atomic.Pointer[state]
	// version counts published states, for adapter.Versioner.
	version atomic.Uint64
	initial *state // guarded by mu
}

var _ adapter.DatabaseAdapter = (*DB)(nil)

// New returns an empty DB with no resources. The caller must call Initialize
// before use and should call Close when finished.
func New(opts ...Option) *DB {
	c := config{clock: time.Now}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	db := &DB{clock: c.clock, initial: emptyState()}
	db.publish(db.initial)
	return db
}

// check reports a cancelled context or a closed DB.
func (db *DB) check(ctx context.Context) error {
	if ctx == nil {
		return errors.New("memory: nil context")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if db.closed.Load() {
		return adapter.ErrClosed
	}
	return nil
}

// Initialize sets up one table per resource of s, indexing every unique
// field, every field with references, every relationship foreign key and
// every declared field listed in options.database.optimizations.indexedFields,
// and loads initial, which also becomes the state Reset returns to. A DB
// holds nothing before Initialize, so whatever it held is replaced.
//
// A State returned by the Backup of a DB with the same resources, keys and
// indexes is adopted as it is, in O(1); any other State is copied, and a
// record without a valid primary key, or two records with the same one, is
// an error naming the resource and the record's position. A nil initial
// means empty tables. Every resource's last modification is set to the
// clock's time.
func (db *DB) Initialize(ctx context.Context, s *schema.Spec, initial adapter.State) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	l, err := newLayout(s)
	if err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.check(ctx); err != nil {
		return err
	}
	st, err := stateFrom(l, initial, db.clock())
	if err != nil {
		return err
	}
	db.initial = st
	db.publish(st)
	return nil
}

// View runs fn in a read-only transaction over the state current when View
// is called; writes committed meanwhile are not seen. It never waits for
// writers. The Tx must not be used after fn returns.
func (db *DB) View(ctx context.Context, fn func(adapter.Tx) error) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	if fn == nil {
		return errors.New("memory: View with a nil function")
	}
	return fn(readTx{st: db.current.Load()})
}

// Update runs fn in a read-write transaction. Update transactions are
// serialized: fn must not call Update, Restore, Reset or Initialize on the
// same DB (View is fine), and the WriteTx must not be used after fn
// returns or from other goroutines. If fn returns nil and ctx is still
// live, every change becomes visible at once and the resources it changed
// get the clock's time as last modification; otherwise nothing changes and
// the error is returned.
func (db *DB) Update(ctx context.Context, fn func(adapter.WriteTx) error) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	if fn == nil {
		return errors.New("memory: Update with a nil function")
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.check(ctx); err != nil {
		return err
	}
	tx := &writeTx{base: db.current.Load()}
	err := func() error {
		defer func() { tx.done = true }()
		return fn(tx)
	}()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(tx.changed) > 0 {
		db.publish(tx.base.with(tx.changed, db.clock()))
	}
	return nil
}

// Backup returns the current state. It copies nothing: the state is
// immutable, and writes after Backup work on copy-on-write versions that
// leave it unchanged. Records seen through its Scan are shared and must not
// be modified.
func (db *DB) Backup(ctx context.Context) (adapter.State, error) {
	if err := db.check(ctx); err != nil {
		return nil, err
	}
	return db.current.Load(), nil
}

// Restore replaces the whole state, counters included, atomically. A State
// from the Backup of a DB with the same layout (see Initialize) is adopted
// in O(1) and shared until either side writes; any other is copied and
// checked as in Initialize, and on error nothing changes. Every resource's
// last modification is set to the clock's time.
func (db *DB) Restore(ctx context.Context, st adapter.State) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	if st == nil {
		return errors.New("memory: Restore from a nil state")
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.check(ctx); err != nil {
		return err
	}
	next, err := stateFrom(db.current.Load().layout, st, db.clock())
	if err != nil {
		return err
	}
	db.publish(next)
	return nil
}

// Reset publishes the initial state given to Initialize again, in O(1).
// Every resource's last modification is set to the clock's time.
func (db *DB) Reset(ctx context.Context) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.check(ctx); err != nil {
		return err
	}
	db.publish(db.initial.stamped(db.initial.layout, db.clock()))
	return nil
}

// Stats reports the record count and last modification of each resource:
// the clock's time at Initialize, Restore and Reset, and at each committed
// Update that changed the resource.
func (db *DB) Stats(ctx context.Context) (map[string]adapter.ResourceStats, error) {
	if err := db.check(ctx); err != nil {
		return nil, err
	}
	st := db.current.Load()
	out := make(map[string]adapter.ResourceStats, len(st.tables))
	for name, t := range st.tables {
		out[name] = adapter.ResourceStats{Count: t.rows.Len(), LastModified: t.modified}
	}
	return out, nil
}

// Close marks the DB closed: every later call returns an error wrapping
// adapter.ErrClosed, Close included. There is nothing to flush.
func (db *DB) Close() error {
	if db.closed.Swap(true) {
		return adapter.ErrClosed
	}
	return nil
}

// Name returns "memory", the adapter's name in admin answers and the CLI.
func (db *DB) Name() string { return "memory" }

// publish makes st the current state.
func (db *DB) publish(st *state) {
	db.current.Store(st)
	db.version.Add(1)
}

// Version reports a number that changes whenever the state may have
// changed (a commit, Restore, Reset or Initialize), for response caches.
func (db *DB) Version() uint64 { return db.version.Load() }
