package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pretendo-go/pretendo/adapter"
)

// tx implements adapter.Tx and adapter.WriteTx over one PostgreSQL
// transaction. Its methods may be called from several goroutines: a mutex
// serializes them on the connection.
type tx struct {
	ctx   context.Context
	l     *layout
	conn  *session // nil when the DB has no tables yet
	write bool

	mu       sync.Mutex
	counters map[string]int64 // as stored, loaded on first need
	bumped   map[string]int64 // raised by this transaction's writes
	changed  map[string]bool
	err      error // a failure of Counter, reported when fn returns
	done     bool
	// savepoint is set while the savepoint of the last write stands: the
	// next write releases it.
	savepoint bool
}

var (
	_ adapter.WriteTx = (*tx)(nil)
	_ adapter.Exister = (*tx)(nil)
)

// table returns the table of resource.
func (x *tx) table(resource string) (*table, error) {
	if x.done {
		return nil, errEnded
	}
	t, ok := x.l.tables[resource]
	if !ok || x.conn == nil {
		return nil, unknownResource(resource)
	}
	return t, nil
}

func (x *tx) Get(resource string, id any) (adapter.Record, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	t, err := x.table(resource)
	if err != nil {
		return nil, err
	}
	key, ok := keyArg(t, id)
	if !ok {
		return nil, missingRecord(resource, id)
	}
	s := newScanned(t)
	if err := x.conn.QueryRow(x.ctx, t.getSQL, key).Scan(s.dest...); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, missingRecord(resource, id)
		}
		return nil, wrap("get "+resource, err)
	}
	return s.record(t)
}

// Exists reports whether resource holds a record whose primary key is id,
// reading neither the record nor its columns: the server asks it of every
// reference and new id it writes.
func (x *tx) Exists(resource string, id any) (bool, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	t, err := x.table(resource)
	if err != nil {
		return false, err
	}
	key, ok := keyArg(t, id)
	if !ok {
		return false, nil
	}
	var found bool
	if err := x.conn.QueryRow(x.ctx, t.existsSQL, key).Scan(&found); err != nil {
		return false, wrap("exists in "+resource, err)
	}
	return found, nil
}

func (x *tx) List(resource string, q *adapter.Query) (adapter.Page, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	t, err := x.table(resource)
	if err != nil {
		return adapter.Page{}, err
	}
	return list(x.ctx, x.conn, x.l, t, q)
}

func (x *tx) Counter(resource string) int64 {
	x.mu.Lock()
	defer x.mu.Unlock()
	if _, err := x.table(resource); err != nil {
		return 0
	}
	if x.counters == nil {
		counters, err := readCounters(x.ctx, x.conn, x.l)
		if err != nil {
			if x.err == nil {
				x.err = err
			}
			return 0
		}
		x.counters = counters
	}
	return max(x.counters[resource], x.bumped[resource])
}

// open reports a write through a transaction that cannot take one.
func (x *tx) open() error {
	switch {
	case !x.write:
		return errors.New("postgres: write in a read-only transaction")
	case x.done:
		return errors.New("postgres: write transaction used after its function returned")
	}
	return nil
}

func (x *tx) Insert(resource string, rec adapter.Record) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.open(); err != nil {
		return err
	}
	t, err := x.table(resource)
	if err != nil {
		return err
	}
	e, err := encodeRecord(t, rec)
	if err != nil {
		return err
	}
	if _, err := x.exec(t.insertSQL, e.args...); err != nil {
		return wrap(fmt.Sprintf("insert into %s (%s %v)", resource, t.key.field, e.key), err)
	}
	x.wrote(resource, rec[t.key.field])
	return nil
}

func (x *tx) Replace(resource string, rec adapter.Record) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.open(); err != nil {
		return err
	}
	t, err := x.table(resource)
	if err != nil {
		return err
	}
	e, err := encodeRecord(t, rec)
	if err != nil {
		return err
	}
	tag, err := x.exec(t.updateSQL, e.args...)
	if err != nil {
		return wrap(fmt.Sprintf("replace in %s (%s %v)", resource, t.key.field, e.key), err)
	}
	if tag.RowsAffected() == 0 {
		return missingRecord(resource, e.key)
	}
	x.wrote(resource, rec[t.key.field])
	return nil
}

func (x *tx) Delete(resource string, id any) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.open(); err != nil {
		return err
	}
	t, err := x.table(resource)
	if err != nil {
		return err
	}
	key, ok := keyArg(t, id)
	if !ok {
		return missingRecord(resource, id)
	}
	tag, err := x.exec(t.deleteSQL, key)
	if err != nil {
		return wrap(fmt.Sprintf("delete from %s (%s %v)", resource, t.key.field, key), err)
	}
	if tag.RowsAffected() == 0 {
		return missingRecord(resource, id)
	}
	x.wrote(resource, nil)
	return nil
}

// wrote records a successful write to resource and raises its counter to
// the number primary key v.
func (x *tx) wrote(resource string, v any) {
	if x.changed == nil {
		x.changed = make(map[string]bool, 1)
		x.bumped = make(map[string]int64, 1)
	}
	x.changed[resource] = true
	if n, ok := counterValue(v); ok && n > x.bumped[resource] {
		x.bumped[resource] = n
	}
}

// counterValue reads a number primary key, as the memory adapter counts it.
func counterValue(v any) (int64, bool) {
	switch n := v.(type) {
	case float64:
		if _, ok := adapter.Key(n); ok {
			return int64(n), true
		}
	case int:
		return int64(n), true
	case int64:
		return n, true
	}
	return 0, false
}

// savepoint names the savepoint each write runs under.
const savepoint = "pretendo_write"

// exec runs one write statement under a savepoint, so that a failed write
// (a duplicate key, say) leaves the transaction usable, as it does with the
// memory adapter. The savepoint of the write before, if any, is released
// in the same pipelined round trip, and the last one is left to COMMIT.
func (x *tx) exec(sql string, args ...any) (pgconn.CommandTag, error) {
	b := &pgx.Batch{}
	release := x.savepoint
	if release {
		b.Queue("RELEASE SAVEPOINT " + savepoint)
	}
	b.Queue("SAVEPOINT " + savepoint)
	b.Queue(sql, args...)
	br, err := x.conn.SendBatch(x.ctx, b)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	x.savepoint = false
	var spErr error
	for range b.Len() - 1 {
		if _, err := br.Exec(); err != nil && spErr == nil {
			spErr = err
		}
	}
	tag, err := br.Exec()
	if spErr != nil {
		err = spErr
	}
	if closeErr := br.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		x.savepoint = true
		return tag, nil
	}
	if spErr == nil {
		// Undo the failed statement; with no arguments Exec uses the simple
		// protocol, which runs both commands in one round trip.
		if _, rbErr := x.conn.Exec(x.ctx, "ROLLBACK TO SAVEPOINT "+savepoint+"; RELEASE SAVEPOINT "+savepoint); rbErr != nil {
			return tag, errors.Join(err, rbErr)
		}
	}
	return tag, err
}
