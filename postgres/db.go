package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// DB is an adapter.DatabaseAdapter that keeps every resource in a
// PostgreSQL table. The zero value is not usable; call Open. All methods
// are safe for concurrent use, and several DBs (in one process or many)
// opened on one database with one prefix share their data.
type DB struct {
	pool        *pgxpool.Pool
	prefix      string
	clock       func() time.Time
	foreignKeys bool
	logger      *slog.Logger
	fold        string
	closed      atomic.Bool
	parking     parking
	// writer lets one Update of this DB at a time take a connection and
	// the state table's lock: the others wait here, holding nothing,
	// rather than in PostgreSQL's lock queue, holding a connection each.
	writer chan struct{}

	mu      sync.RWMutex
	layout  *layout       // nil before Initialize
	initial adapter.State // a private deep copy of Initialize's initial state
}

var _ adapter.DatabaseAdapter = (*DB)(nil)

// Name returns "postgres", the adapter's name in specs and admin answers.
func (db *DB) Name() string { return "postgres" }

// Open connects to the PostgreSQL database dsn names (a URL such as
// postgres://user@127.0.0.1:5432/db?sslmode=disable, or key=value pairs;
// pool settings such as pool_max_conns are read from it too) and checks
// that it answers and stores UTF-8. It creates no table: Initialize does.
// The caller should call Close when finished.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	c := config{prefix: DefaultPrefix, clock: time.Now, foreignKeys: true, logger: slog.Default()}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	if !prefixPattern.MatchString(c.prefix) {
		return nil, fmt.Errorf("postgres: invalid table prefix %q (want up to 40 ASCII letters, digits or underscores)", c.prefix)
	}
	if ctx == nil {
		return nil, errors.New("postgres: nil context")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: reading the DSN: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connecting: %w", err)
	}
	db := &DB{pool: pool, prefix: c.prefix, clock: c.clock, foreignKeys: c.foreignKeys, logger: c.logger, writer: make(chan struct{}, 1)}
	db.parking.max = int(cfg.MaxConns)
	if err := db.probe(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// probe checks the server's encoding and picks the collation that
// case-insensitive comparisons lower-case under: pg_c_utf8 (PostgreSQL 17,
// Unicode simple case mapping, like Go's strings.ToLower), else ICU's root
// locale, else the database's default, which may fold only ASCII.
func (db *DB) probe(ctx context.Context) error {
	var encoding, fold string
	err := db.pool.QueryRow(ctx, `SELECT current_setting('server_encoding'),
		coalesce((SELECT collname FROM pg_collation WHERE collname IN ('pg_c_utf8', 'und-x-icu')
			ORDER BY collname = 'pg_c_utf8' DESC LIMIT 1), 'default')`).Scan(&encoding, &fold)
	if err != nil {
		return fmt.Errorf("postgres: connecting: %w", err)
	}
	if encoding != "UTF8" {
		return fmt.Errorf("postgres: the database stores %s; pretendo needs a UTF8 database", encoding)
	}
	db.fold = pgx.Identifier{fold}.Sanitize()
	return nil
}

// check reports a cancelled context or a closed DB.
func (db *DB) check(ctx context.Context) error {
	if ctx == nil {
		return errors.New("postgres: nil context")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if db.closed.Load() {
		return adapter.ErrClosed
	}
	return nil
}

// current returns the layout, nil before Initialize.
func (db *DB) current() *layout {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.layout
}

// Initialize creates, for each resource of s, the table <prefix><name>
// unless it exists (adding the columns of fields declared since), and the
// table <prefix>_state holding id counters and modification times. The
// decision to load initial is taken for the resources of s as a set: if
// their tables hold no record and their counters are zero, it loads
// initial, in the same transaction, whatever the tables of other specs'
// resources under the same prefix hold; otherwise the stored data is kept,
// as another server sharing the prefix wrote it, and the logger (see
// [WithLogger]) names the resources that held some. Processes initializing
// one prefix at once are serialized by an advisory lock.
//
// The DB keeps a copy of initial in memory for Reset: a Reset returns to
// the initial state given to this DB, not to another process's.
func (db *DB) Initialize(ctx context.Context, s *schema.Spec, initial adapter.State) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	l, err := newLayout(s, db.prefix, db.fold, db.foreignKeys)
	if err != nil {
		return err
	}
	rows, counters, err := encodeState(l, initial)
	if err != nil {
		return err
	}
	initialCopy := adapter.NewState(adapter.Snapshot(orEmpty(initial)))
	// kept names the resources whose stored records or ids were kept.
	var kept []string
	err = db.inTx(ctx, func(conn pgx.Tx) error {
		if _, err := conn.Exec(ctx, "SELECT pg_advisory_xact_lock($1::bigint)", lockKey(db.prefix)); err != nil {
			return wrap("locking "+db.prefix, err)
		}
		now := db.clock()
		added, err := l.migrate(ctx, conn, now)
		if err != nil {
			return err
		}
		if err := lockState(ctx, conn, l); err != nil {
			return err
		}
		for _, name := range l.names {
			t := l.tables[name]
			if len(added[name]) == 0 && !t.instantsMissing {
				continue
			}
			if err := t.reencode(ctx, conn, added[name], t.instantsMissing); err != nil {
				return err
			}
		}
		if kept, err = l.stored(ctx, conn); err != nil || len(kept) > 0 {
			return err
		}
		return l.load(ctx, conn, rows, counters, now, false)
	})
	if err != nil {
		return err
	}
	if len(kept) > 0 {
		db.logger.Info("postgres: kept the data stored under the prefix; the initial data was not loaded (Reset loads it)",
			"prefix", db.prefix, "resources", strings.Join(kept, ", "))
	}
	db.mu.Lock()
	db.layout, db.initial = l, initialCopy
	db.mu.Unlock()
	return nil
}

// orEmpty returns st, or an empty state for nil.
func orEmpty(st adapter.State) adapter.State {
	if st == nil {
		return adapter.NewState(nil, nil)
	}
	return st
}

// inTx runs fn in a read-committed transaction and commits it.
func (db *DB) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	c, err := db.acquire(ctx)
	if err != nil {
		return err
	}
	defer db.release(c)
	conn, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return ctxOr(ctx, wrap("beginning a transaction", err))
	}
	defer rollback(ctx, conn)
	if err := fn(conn); err != nil {
		return ctxOr(ctx, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := conn.Commit(ctx); err != nil {
		return ctxOr(ctx, wrap("committing", err))
	}
	return nil
}

// ctxOr returns the context's error when it ended, which is what made err
// happen, and err otherwise.
func ctxOr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w (%w)", cerr, err)
	}
	return err
}

// rollback ends conn if it is still open; it runs even when ctx is done.
func rollback(ctx context.Context, conn pgx.Tx) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_ = conn.Rollback(rctx)
}

// lockState takes the lock every write transaction starts with (see
// lockSQL).
func lockState(ctx context.Context, conn pgx.Tx, l *layout) error {
	if _, err := conn.Exec(ctx, lockSQL(l)); err != nil {
		return wrap("locking "+l.state, err)
	}
	return nil
}

// lockSQL takes the writers' lock: SHARE ROW EXCLUSIVE on the state table
// conflicts with itself only, so writers of one prefix run one at a time,
// across processes, while readers go on.
func lockSQL(l *layout) string {
	return "LOCK TABLE " + l.state + " IN SHARE ROW EXCLUSIVE MODE"
}

// View runs fn in a read-only REPEATABLE READ transaction: every read sees
// the one state committed when the first of them ran. The transaction
// begins with the first read, in the same round trip, and a View that
// reads nothing costs none. The Tx must not be used after fn returns.
func (db *DB) View(ctx context.Context, fn func(adapter.Tx) error) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	if fn == nil {
		return errors.New("postgres: View with a nil function")
	}
	l := db.current()
	if l == nil {
		return fn(&tx{ctx: ctx, l: emptyLayout()})
	}
	s := &session{db: db, begin: beginRead}
	x := &tx{ctx: ctx, l: l, conn: s}
	err := fn(x)
	x.mu.Lock()
	x.done = true
	if err == nil {
		err = x.err
	}
	s.end(true)
	x.mu.Unlock()
	if err != nil {
		return err
	}
	return ctx.Err()
}

// emptyLayout is the layout of a DB that has not been initialized.
func emptyLayout() *layout { return &layout{tables: map[string]*table{}} }

// Update runs fn in a read-write transaction. Update transactions of every
// DB sharing the prefix, in any process, are serialized by a lock on the
// state table, and run at READ COMMITTED: since no other writer runs
// meanwhile, each read sees every write committed before the Update began
// plus its own. fn must not call Update, Restore, Reset or Initialize on
// the same DB, and the WriteTx must not be used after fn returns.
//
// Each write runs under a savepoint, so one that fails (a duplicate key: an
// error wrapping adapter.ErrConflict) leaves the transaction usable. If fn
// returns nil and ctx is still live, the writes commit together, id
// counters rise to the largest number key written, and the resources
// written get the clock's time as last modification (never moving it
// back); otherwise nothing changes and the error is returned.
func (db *DB) Update(ctx context.Context, fn func(adapter.WriteTx) error) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	if fn == nil {
		return errors.New("postgres: Update with a nil function")
	}
	l := db.current()
	if l == nil {
		x := &tx{ctx: ctx, l: emptyLayout(), write: true}
		err := fn(x)
		x.done = true
		return err
	}
	select {
	case db.writer <- struct{}{}:
		defer func() { <-db.writer }()
	case <-ctx.Done():
		return ctx.Err()
	}
	s, counters, err := db.beginUpdate(ctx, l)
	if err != nil {
		return err
	}
	x := &tx{ctx: ctx, l: l, conn: s, write: true, counters: counters}
	err = fn(x)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.done = true
	if err == nil {
		err = x.err
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = x.commit(db.clock())
	}
	s.end(false)
	if err != nil {
		return ctxOr(ctx, err)
	}
	return nil
}

// beginUpdate opens the transaction of an Update: BEGIN, the writers' lock
// and the reading of the id counters go out in one round trip, after the
// end of the read parked on the connection, if any.
func (db *DB) beginUpdate(ctx context.Context, l *layout) (*session, map[string]int64, error) {
	c, open, err := db.take(ctx)
	if err != nil {
		return nil, nil, err
	}
	s := &session{db: db, c: c}
	b := &pgx.Batch{}
	if open {
		b.Queue(endRead)
	}
	b.Queue(beginWrite)
	b.Queue(lockSQL(l))
	b.Queue(countersSQL(l))
	br := c.SendBatch(ctx, b)
	for range b.Len() - 1 {
		if _, err = br.Exec(); err != nil {
			break
		}
	}
	var counters map[string]int64
	if err == nil {
		rows, qerr := br.Query()
		counters, err = scanCounters(rows, qerr, len(l.names))
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.end(false)
		return nil, nil, ctxOr(ctx, wrap("beginning a write", err))
	}
	return s, counters, nil
}

// commit stores the counters and modification times of the resources x
// wrote to and commits, in one round trip.
func (x *tx) commit(now time.Time) error {
	b := &pgx.Batch{}
	// One statement a resource, each reaching its row by the primary key:
	// a join with unnest of arrays costs a write about half of a bare
	// INSERT more.
	names := slices.Sorted(maps.Keys(x.changed))
	for _, name := range names {
		b.Queue(x.l.bumpSQL, name, x.bumped[name], now)
	}
	b.Queue("COMMIT")
	br, err := x.conn.SendBatch(x.ctx, b)
	if err != nil {
		return wrap("committing", err)
	}
	for range names {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return wrap("updating counters", err)
		}
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return wrap("committing", err)
	}
	if tag.String() != "COMMIT" {
		// COMMIT of a transaction that a failed statement aborted rolls
		// it back.
		return wrap("committing", pgx.ErrTxCommitRollback)
	}
	return nil
}

// Backup reads the whole state, counters included, in one REPEATABLE READ
// transaction and returns it as an adapter.State held in memory (O(n)).
// Later writes do not change it.
func (db *DB) Backup(ctx context.Context) (adapter.State, error) {
	if err := db.check(ctx); err != nil {
		return nil, err
	}
	l := db.current()
	if l == nil {
		return adapter.NewState(nil, nil), nil
	}
	c, err := db.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer db.release(c)
	conn, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, ctxOr(ctx, wrap("beginning a backup", err))
	}
	defer rollback(ctx, conn)
	counters, err := readCounters(ctx, conn, l)
	if err != nil {
		return nil, ctxOr(ctx, err)
	}
	d := make(adapter.Dataset, len(l.names))
	for _, name := range l.names {
		recs, err := readAll(ctx, conn, l.tables[name])
		if err != nil {
			return nil, ctxOr(ctx, err)
		}
		d[name] = recs
	}
	return adapter.NewState(d, counters), nil
}

// Restore replaces the whole state, counters included, in one transaction:
// it deletes every row (DELETE, which unlike TRUNCATE leaves older
// snapshots intact, so a concurrent View sees the old state or the new one)
// and copies the new ones in with COPY. Foreign keys are checked at commit:
// a state in which a reference points at no record fails with an error
// wrapping adapter.ErrConflict, and then nothing changes. So does a record
// without a valid primary key, or two records sharing one. Every resource's
// last modification is set to the clock's time.
func (db *DB) Restore(ctx context.Context, st adapter.State) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	if st == nil {
		return errors.New("postgres: Restore from a nil state")
	}
	l := db.current()
	if l == nil {
		return errors.New("postgres: Restore before Initialize")
	}
	return db.restore(ctx, l, st)
}

func (db *DB) restore(ctx context.Context, l *layout, st adapter.State) error {
	rows, counters, err := encodeState(l, st)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(conn pgx.Tx) error {
		if err := lockState(ctx, conn, l); err != nil {
			return err
		}
		return l.load(ctx, conn, rows, counters, db.clock(), true)
	})
}

// Reset restores the initial state given to Initialize, as Restore does.
func (db *DB) Reset(ctx context.Context) error {
	if err := db.check(ctx); err != nil {
		return err
	}
	db.mu.RLock()
	l, initial := db.layout, db.initial
	db.mu.RUnlock()
	if l == nil {
		return errors.New("postgres: Reset before Initialize")
	}
	return db.restore(ctx, l, initial)
}

// Stats reports the record count of each resource and the last
// modification stored for it, read in one statement.
func (db *DB) Stats(ctx context.Context) (map[string]adapter.ResourceStats, error) {
	if err := db.check(ctx); err != nil {
		return nil, err
	}
	l := db.current()
	if l == nil || len(l.names) == 0 {
		return map[string]adapter.ResourceStats{}, nil
	}
	sql, args := l.statsQuery()
	c, err := db.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer db.release(c)
	rows, err := c.Query(ctx, sql, args...)
	if err != nil {
		return nil, ctxOr(ctx, wrap("reading stats", err))
	}
	out := make(map[string]adapter.ResourceStats, len(l.names))
	var name string
	var n int64
	var modified time.Time
	_, err = pgx.ForEachRow(rows, []any{&name, &n, &modified}, func() error {
		out[name] = adapter.ResourceStats{Count: int(n), LastModified: modified}
		return nil
	})
	if err != nil {
		return nil, ctxOr(ctx, wrap("reading stats", err))
	}
	return out, nil
}

// Close closes the connection pool, waiting for connections in use to be
// returned. Every later call returns an error wrapping adapter.ErrClosed,
// Close included. The tables stay: they are the data.
func (db *DB) Close() error {
	if db.closed.Swap(true) {
		return adapter.ErrClosed
	}
	db.unpark()
	db.pool.Close()
	return nil
}
