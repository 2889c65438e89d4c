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
// Reads (View, Stats) share a lock; writes (Update, Restore, Reset,
// Initialize) hold it alone and change the live state in place, undoing an
// Update's changes if its function fails. Backup freezes the live state in
// O(1) with copy-on-write trees.
type DB struct {
	clock  func() time.Time
	closed atomic.Bool

	// mu guards live: View and Stats hold it shared, everything that
	// changes live, or freezes it (Backup), holds it alone.
	mu   sync.RWMutex
	live *state
	// backup is live frozen by the last Backup, kept while nothing has
	// changed so that repeated backups share it; nil after a change.
	backup *state // guarded by mu
	// initial is the frozen state Reset returns to.
	initial *state // guarded by mu
	// version counts changes of live, for adapter.Versioner.
	version atomic.Uint64
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
	return &DB{clock: c.clock, live: emptyState(), initial: emptyState()}
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
// every field listed in options.database.optimizations.indexedFields (see
// the package documentation), and loads initial, which also becomes the state Reset returns to. A DB
// holds nothing before Initialize, so whatever it held is replaced.
//
// A State returned by the Backup of a DB with the same resources, keys and
// indexes is adopted as it is, in O(1); any other State is copied, its
// records normalized to the JSON value model by adapter.NormalizeRecord (so
// a State built from Go values, ints or time.Time say, holds float64s and
// RFC 3339 strings once loaded), and a value without a JSON form, a record
// without a valid primary key, or two records with the same one, is an
// error naming the resource and the record's position. A nil initial
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
	// Built before locking: a foreign State may read this DB.
	st, err := stateFrom(l, initial, db.clock())
	if err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.check(ctx); err != nil {
		return err
	}
	db.replace(st)
	db.initial = db.freeze()
	return nil
}

// View runs fn in a read-only transaction over the current state. Other
// Views run alongside; writers wait until fn returns, so fn should not
// block, and must not call Update, Backup, Restore, Reset or Initialize on
// the same DB. The Tx must not be used after fn returns.
func (db *DB) View(ctx context.Context, fn func(adapter.Tx) error) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	if fn == nil {
		return errors.New("memory: View with a nil function")
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	return fn(readTx{st: db.live})
}

// Update runs fn in a read-write transaction. Update transactions are
// serialized, and readers wait for them: fn must not call View, Update,
// Backup, Restore, Reset or Initialize on the same DB, and the WriteTx
// must not be used after fn returns or from other goroutines. If fn returns
// nil and ctx is still live, the changes stay and the resources they
// touched get the clock's time as last modification; otherwise (fn's
// error, a cancelled ctx or a panic) every change is undone before Update
// returns, and the error is returned.
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
	tx := newWriteTx(db.live)
	committed := false
	defer func() {
		tx.done = true
		if !committed {
			tx.rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	committed = true
	if tx.changed() {
		tx.commit(db.clock())
		db.changed()
	}
	return nil
}

// Backup returns the current state, frozen: later writes leave it as it
// is. It costs O(1) in records; the first write after it to each part of a
// tree copies that part. Records seen through its Scan are shared and must
// not be modified.
func (db *DB) Backup(ctx context.Context) (adapter.State, error) {
	if err := db.check(ctx); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.freeze(), nil
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
	for {
		// The state is built before locking, since a foreign State may
		// read this DB, and adopted if no Initialize changed the layout
		// meanwhile.
		db.mu.RLock()
		l := db.live.layout
		db.mu.RUnlock()
		next, err := stateFrom(l, st, db.clock())
		if err != nil {
			return err
		}
		db.mu.Lock()
		if err := db.check(ctx); err != nil {
			db.mu.Unlock()
			return err
		}
		if db.live.layout == l {
			db.replace(next)
			db.mu.Unlock()
			return nil
		}
		db.mu.Unlock()
	}
}

// Revert makes st, a State returned by this DB's Backup since the last
// Initialize, the current state again, in O(1), counters included and with
// the last modification each resource had then: it undoes every change
// made since, as if they had never happened. Any other State is an error,
// and nothing changes.
func (db *DB) Revert(ctx context.Context, st adapter.State) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	ms, ok := st.(*state)
	if !ok || ms == nil {
		return errors.New("memory: Revert to a State that is not a Backup of this DB")
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.check(ctx); err != nil {
		return err
	}
	if ms.layout != db.live.layout {
		return errors.New("memory: Revert to a State from before the last Initialize")
	}
	db.replace(ms.thawed(ms.layout, time.Time{}))
	return nil
}

// Reset returns to the initial state given to Initialize, in O(1). Every
// resource's last modification is set to the clock's time.
func (db *DB) Reset(ctx context.Context) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.check(ctx); err != nil {
		return err
	}
	db.replace(db.initial.thawed(db.initial.layout, db.clock()))
	return nil
}

// Stats reports the record count and last modification of each resource:
// the clock's time at Initialize, Restore and Reset, and at each committed
// Update that changed the resource.
func (db *DB) Stats(ctx context.Context) (map[string]adapter.ResourceStats, error) {
	if err := db.check(ctx); err != nil {
		return nil, err
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	st := db.live
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

// replace makes st, a live state no one else holds, the current state. The
// caller holds mu.
func (db *DB) replace(st *state) {
	db.live = st
	db.changed()
}

// changed records a change of the live state. The caller holds mu.
func (db *DB) changed() {
	db.backup = nil
	db.version.Add(1)
}

// freeze returns the live state frozen, reusing the last backup if nothing
// changed since. The caller holds mu exclusively.
func (db *DB) freeze() *state {
	if db.backup == nil {
		db.backup = db.live.frozen()
	}
	return db.backup
}

// Version reports a number that changes whenever the state may have
// changed (a commit, Restore, Reset or Initialize), for response caches.
func (db *DB) Version() uint64 { return db.version.Load() }
