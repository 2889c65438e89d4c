package memory

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
)

// unknownResource reports a resource the spec does not declare.
func unknownResource(name string) error {
	return fmt.Errorf("memory: unknown resource %q: %w", name, adapter.ErrNotFound)
}

// missingRecord reports a primary key with no record.
func missingRecord(resource string, id any) error {
	return &notFound{resource: resource, id: id}
}

// notFound is a missing record; it formats its message only when asked,
// since the server checks for free ids on every create.
type notFound struct {
	resource string
	id       any
}

func (e *notFound) Error() string {
	return fmt.Sprintf("memory: %s %v: %v", e.resource, e.id, adapter.ErrNotFound)
}

func (e *notFound) Unwrap() error { return adapter.ErrNotFound }

// get, list and counter are the reads shared by both kinds of transaction.

func get(t *table, resource string, id any) (adapter.Record, error) {
	r, err := find(t, resource, id)
	if err != nil {
		return nil, err
	}
	return adapter.Clone(r.rec), nil
}

// getJSON is get as JSON text.
func getJSON(t *table, resource string, id any) ([]byte, error) {
	r, err := find(t, resource, id)
	if err != nil {
		return nil, err
	}
	return r.json()
}

// find returns the row of t whose primary key is id.
func find(t *table, resource string, id any) (*row, error) {
	k, ok := adapter.Key(id)
	if !ok {
		return nil, missingRecord(resource, id)
	}
	r, ok := t.lookup(k)
	if !ok {
		return nil, missingRecord(resource, id)
	}
	return r, nil
}

// exists reports whether t holds a record whose primary key is id.
func exists(t *table, id any) bool {
	k, ok := adapter.Key(id)
	if !ok {
		return false
	}
	_, ok = t.lookup(k)
	return ok
}

// readTx is a read-only transaction over the live state.
type readTx struct {
	st *state
}

var (
	_ adapter.Tx           = readTx{}
	_ adapter.Exister      = readTx{}
	_ adapter.JSONReader   = readTx{}
	_ adapter.SharedLister = readTx{}
)

// Get returns a copy of a record of the state.
func (tx readTx) Get(resource string, id any) (adapter.Record, error) {
	t, ok := tx.st.tables[resource]
	if !ok {
		return nil, unknownResource(resource)
	}
	return get(t, resource, id)
}

// Exists reports whether the state holds the record, without copying it.
func (tx readTx) Exists(resource string, id any) (bool, error) {
	t, ok := tx.st.tables[resource]
	if !ok {
		return false, unknownResource(resource)
	}
	return exists(t, id), nil
}

// GetJSON returns the JSON text of a record of the state, shared.
func (tx readTx) GetJSON(resource string, id any) ([]byte, error) {
	t, ok := tx.st.tables[resource]
	if !ok {
		return nil, unknownResource(resource)
	}
	return getJSON(t, resource, id)
}

// ListJSON answers q over the state with shared JSON texts.
func (tx readTx) ListJSON(resource string, q *adapter.Query) (adapter.JSONPage, error) {
	t, ok := tx.st.tables[resource]
	if !ok {
		return adapter.JSONPage{}, unknownResource(resource)
	}
	return t.listJSON(q)
}

// ListShared answers q over the state with its records themselves.
func (tx readTx) ListShared(resource string, q *adapter.Query) (adapter.SharedPage, error) {
	t, ok := tx.st.tables[resource]
	if !ok {
		return adapter.SharedPage{}, unknownResource(resource)
	}
	return t.listShared(q), nil
}

// List answers q over the state (see table.list).
func (tx readTx) List(resource string, q *adapter.Query) (adapter.Page, error) {
	t, ok := tx.st.tables[resource]
	if !ok {
		return adapter.Page{}, unknownResource(resource)
	}
	return t.list(q), nil
}

// Counter returns the id counter of resource in the state.
func (tx readTx) Counter(resource string) int64 { return tx.st.Counter(resource) }

// writeTx is a read-write transaction. It changes the live state in place
// and logs each change so that rollback can undo it.
type writeTx struct {
	st      *state
	touched []touched // tables changed, with their counters before
	undo    []change  // in the order made
	done    bool

	// Room for the common transaction (one write to one table), so that
	// it allocates nothing beyond the transaction itself.
	touchedBuf [1]touched
	undoBuf    [1]change
}

// newWriteTx returns a write transaction over the live state st.
func newWriteTx(st *state) *writeTx {
	tx := &writeTx{st: st}
	tx.touched, tx.undo = tx.touchedBuf[:0], tx.undoBuf[:0]
	return tx
}

// touched is a table a transaction changed, with what rollback restores.
type touched struct {
	t       *table
	counter int64
	nextSeq uint64
}

// change is one row-level change: an insert (old nil), a delete (new nil)
// or a replacement.
type change struct {
	t        *table
	old, new *row
}

var (
	_ adapter.WriteTx       = (*writeTx)(nil)
	_ adapter.Exister       = (*writeTx)(nil)
	_ adapter.OwnedInserter = (*writeTx)(nil)
	_ adapter.JSONReader    = (*writeTx)(nil)
)

// table returns the table of resource.
func (tx *writeTx) table(resource string) (*table, error) {
	if t, ok := tx.st.tables[resource]; ok {
		return t, nil
	}
	return nil, unknownResource(resource)
}

// writable returns t after noting, on the first change to it, the counters
// rollback restores. Call it before changing t.
func (tx *writeTx) writable(t *table) *table {
	if !slices.ContainsFunc(tx.touched, func(c touched) bool { return c.t == t }) {
		tx.touched = append(tx.touched, touched{t: t, counter: t.counter, nextSeq: t.nextSeq})
	}
	return t
}

// log records a change to t, made after writable(t).
func (tx *writeTx) log(t *table, old, new *row) {
	tx.undo = append(tx.undo, change{t: t, old: old, new: new})
}

// changed reports whether the transaction changed anything.
func (tx *writeTx) changed() bool { return len(tx.undo) > 0 }

// commit stamps every table the transaction changed with now.
func (tx *writeTx) commit(now time.Time) {
	for _, c := range tx.touched {
		c.t.modified = now
	}
}

// rollback undoes every change, newest first, and restores the counters.
func (tx *writeTx) rollback() {
	for i := len(tx.undo) - 1; i >= 0; i-- {
		switch c := tx.undo[i]; {
		case c.old == nil:
			c.t.remove(c.new)
		case c.new == nil:
			c.t.put(c.old)
		default:
			c.t.swap(c.new, c.old)
		}
	}
	for _, c := range tx.touched {
		c.t.counter, c.t.nextSeq = c.counter, c.nextSeq
	}
	tx.undo, tx.touched = nil, nil
}

// open reports a write through a transaction whose function has returned:
// its changes are committed or undone by then and must not be added to.
func (tx *writeTx) open() error {
	if tx.done {
		return errors.New("memory: write transaction used after its function returned")
	}
	return nil
}

// Get returns a copy of a record, as changed so far by the transaction.
func (tx *writeTx) Get(resource string, id any) (adapter.Record, error) {
	t, err := tx.table(resource)
	if err != nil {
		return nil, err
	}
	return get(t, resource, id)
}

// Exists reports whether the record exists, as changed so far by the
// transaction, without copying it.
func (tx *writeTx) Exists(resource string, id any) (bool, error) {
	t, err := tx.table(resource)
	if err != nil {
		return false, err
	}
	return exists(t, id), nil
}

// GetJSON returns the JSON text of a record, as changed so far by the
// transaction, shared.
func (tx *writeTx) GetJSON(resource string, id any) ([]byte, error) {
	t, err := tx.table(resource)
	if err != nil {
		return nil, err
	}
	return getJSON(t, resource, id)
}

// ListJSON answers q over the records as changed so far by the
// transaction, with shared JSON texts.
func (tx *writeTx) ListJSON(resource string, q *adapter.Query) (adapter.JSONPage, error) {
	t, err := tx.table(resource)
	if err != nil {
		return adapter.JSONPage{}, err
	}
	return t.listJSON(q)
}

// List answers q over the records as changed so far by the transaction.
func (tx *writeTx) List(resource string, q *adapter.Query) (adapter.Page, error) {
	t, err := tx.table(resource)
	if err != nil {
		return adapter.Page{}, err
	}
	return t.list(q), nil
}

// Counter returns the id counter of resource, as raised so far by the
// transaction.
func (tx *writeTx) Counter(resource string) int64 {
	t, err := tx.table(resource)
	if err != nil {
		return 0
	}
	return t.counter
}

// Insert stores a copy of rec; see the package doc for its errors.
func (tx *writeTx) Insert(resource string, rec adapter.Record) error {
	return tx.insert(resource, rec, true)
}

// InsertOwned is Insert without the copy: rec itself becomes the stored
// record, and nothing may change it afterwards.
func (tx *writeTx) InsertOwned(resource string, rec adapter.Record) error {
	return tx.insert(resource, rec, false)
}

// insert stores rec, or a copy of it when copied is set.
func (tx *writeTx) insert(resource string, rec adapter.Record, copied bool) error {
	if err := tx.open(); err != nil {
		return err
	}
	t, err := tx.table(resource)
	if err != nil {
		return err
	}
	k, ok := adapter.Key(rec[t.layout.key])
	if !ok {
		return fmt.Errorf("memory: insert into %s: primary key %q missing or not a valid key", resource, t.layout.key)
	}
	if _, exists := t.lookup(k); exists {
		return fmt.Errorf("memory: insert into %s: primary key %q=%s: %w", resource, t.layout.key, k, adapter.ErrConflict)
	}
	if copied {
		rec = t.layout.own(rec)
	}
	tx.log(t, nil, tx.writable(t).insert(k, rec))
	return nil
}

// Replace stores a copy of rec in place of the record with its primary key.
func (tx *writeTx) Replace(resource string, rec adapter.Record) error {
	if err := tx.open(); err != nil {
		return err
	}
	t, err := tx.table(resource)
	if err != nil {
		return err
	}
	k, ok := adapter.Key(rec[t.layout.key])
	if !ok {
		return fmt.Errorf("memory: replace in %s: primary key %q missing or not a valid key", resource, t.layout.key)
	}
	old, exists := t.lookup(k)
	if !exists {
		return missingRecord(resource, k)
	}
	tx.log(t, old, tx.writable(t).replace(old, t.layout.own(rec)))
	return nil
}

// Delete removes the record whose primary key is id.
func (tx *writeTx) Delete(resource string, id any) error {
	if err := tx.open(); err != nil {
		return err
	}
	t, err := tx.table(resource)
	if err != nil {
		return err
	}
	k, ok := adapter.Key(id)
	if !ok {
		return missingRecord(resource, id)
	}
	r, exists := t.lookup(k)
	if !exists {
		return missingRecord(resource, id)
	}
	tx.writable(t).remove(r)
	tx.log(t, r, nil)
	return nil
}
