package memory

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tidwall/btree"

	"github.com/pretendo-go/pretendo/adapter"
)

// row is one stored record. Rows are immutable once stored: a Replace
// stores a new row with the old one's sequence number, so published trees
// can share rows freely. The record's JSON text is the one thing added
// later, the first time it is asked for (see json).
type row struct {
	seq   uint64 // insertion sequence; orders the table
	key   string // adapter.Key of the primary key
	rec   adapter.Record
	ikeys []ikey // the normalized value of each index's field, by index.pos
	text  atomic.Pointer[rowText]
}

// keyed is an item of a table's primary-key tree.
type keyed struct {
	key string
	row *row
}

func rowLess(a, b *row) bool    { return a.seq < b.seq }
func keyedLess(a, b keyed) bool { return a.key < b.key }

// treeOptions configures every tree: the default degree and no locks. Trees
// need no locks of their own: the DB's lock guards the live trees, and
// frozen trees are never mutated (see freeze and thaw).
func treeOptions() btree.Options { return btree.Options{NoLocks: true} }

// thaw returns a mutable copy-on-write copy of the frozen tree t without
// writing to t.
//
// BTreeG.Copy gives its receiver a new isolation id, which is a write to
// the receiver. Frozen trees are read without locks and may be shared by
// several DBs (after one restores another's Backup), so two DBs could copy
// the same tree at once. Copying a private shallow copy of the tree header
// instead leaves t untouched. t keeps the isolation id its nodes carry,
// which would let a mutation of t write into shared nodes; that is safe only
// because frozen trees are never mutated.
func thaw[T any](t *btree.BTreeG[T]) *btree.BTreeG[T] {
	shadow := *t
	return shadow.Copy()
}

// freeze returns an immutable copy of the live tree t in O(1). Both get new
// isolation ids, so the next mutation of t copies each shared node it
// touches once and the copy never changes. It writes to t: the caller must
// hold the DB's lock exclusively.
func freeze[T any](t *btree.BTreeG[T]) *btree.BTreeG[T] {
	return t.Copy()
}

// table holds the records of one resource. The tables of a DB's live state
// change in place under the DB's lock; frozen tables (those of a Backup)
// never change.
type table struct {
	layout   *resourceLayout
	rows     *btree.BTreeG[*row] // by insertion sequence
	keys     *btree.BTreeG[keyed]
	indexes  []*index // in layout.indexes order
	counter  int64    // largest number primary key ever stored
	nextSeq  uint64
	modified time.Time
}

func newTable(rl *resourceLayout, now time.Time) *table {
	t := &table{
		layout:   rl,
		rows:     btree.NewBTreeGOptions(rowLess, treeOptions()),
		keys:     btree.NewBTreeGOptions(keyedLess, treeOptions()),
		indexes:  make([]*index, len(rl.indexes)),
		nextSeq:  1,
		modified: now,
	}
	for i, spec := range rl.indexes {
		t.indexes[i] = newIndex(spec, i)
	}
	return t
}

// thawed returns a mutable copy of the frozen table t, last modified at
// now (or as t was, for a zero now); trees are copied lazily and t is not
// written to.
func (t *table) thawed(now time.Time) *table {
	c := *t
	if !now.IsZero() {
		c.modified = now
	}
	c.rows = thaw(t.rows)
	c.keys = thaw(t.keys)
	c.indexes = make([]*index, len(t.indexes))
	for i, ix := range t.indexes {
		c.indexes[i] = ix.copied(thaw(ix.tree))
	}
	return &c
}

// frozen returns an immutable copy of the live table t in O(1); see freeze.
func (t *table) frozen() *table {
	c := *t
	c.rows = freeze(t.rows)
	c.keys = freeze(t.keys)
	c.indexes = make([]*index, len(t.indexes))
	for i, ix := range t.indexes {
		c.indexes[i] = ix.copied(freeze(ix.tree))
	}
	return &c
}

// lookup returns the row whose primary key is k.
func (t *table) lookup(k string) (*row, bool) {
	kr, ok := t.keys.Get(keyed{key: k})
	return kr.row, ok
}

// index returns the index of field, or nil.
func (t *table) index(field string) *index {
	for _, ix := range t.indexes {
		if ix.field == field {
			return ix
		}
	}
	return nil
}

// rowWithKeys holds a row and the index keys of a table with few indexes
// in one allocation: one object fewer per stored record for the garbage
// collector to track.
type rowWithKeys struct {
	row
	keys [2]ikey
}

// newRow returns a row of t holding rec, with its index keys.
func (t *table) newRow(seq uint64, k string, rec adapter.Record) *row {
	var r *row
	switch n := len(t.indexes); {
	case n == 0:
		r = &row{}
	case n <= len(rowWithKeys{}.keys):
		rk := &rowWithKeys{}
		r = &rk.row
		r.ikeys = rk.keys[:n:n]
	default:
		r = &row{ikeys: make([]ikey, n)}
	}
	r.seq, r.key, r.rec = seq, k, rec
	for i, ix := range t.indexes {
		r.ikeys[i] = ix.keyOfRow(rec)
	}
	return r
}

// insert stores rec, which the table now owns, under the new key k, and
// returns its row. The table must be live and k must be free.
func (t *table) insert(k string, rec adapter.Record) *row {
	r := t.newRow(t.nextSeq, k, rec)
	t.nextSeq++
	t.put(r)
	t.bump(rec[t.layout.key])
	return r
}

// put stores the row r, whose key and sequence number are free.
func (t *table) put(r *row) {
	t.rows.Load(r) // appends in O(1) when r is the newest row
	t.keys.Set(keyed{key: r.key, row: r})
	for _, ix := range t.indexes {
		ix.add(r)
	}
}

// replace stores rec, which the table now owns, in place of old, and
// returns its row.
func (t *table) replace(old *row, rec adapter.Record) *row {
	r := t.newRow(old.seq, old.key, rec)
	t.swap(old, r)
	t.bump(rec[t.layout.key])
	return r
}

// swap stores the row r in place of old, which has r's key and sequence
// number.
func (t *table) swap(old, r *row) {
	t.rows.Set(r)
	t.keys.Set(keyed{key: r.key, row: r})
	for _, ix := range t.indexes {
		ix.remove(old)
		ix.add(r)
	}
}

// remove deletes r. The counter is kept.
func (t *table) remove(r *row) {
	t.rows.Delete(r)
	t.keys.Delete(keyed{key: r.key})
	for _, ix := range t.indexes {
		ix.remove(r)
	}
}

// bump raises the counter to the primary key v if v is a larger number.
func (t *table) bump(v any) {
	if n, ok := integer(v); ok && n > t.counter {
		t.counter = n
	}
}

// integer reads a number primary key.
func integer(v any) (int64, bool) {
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

// load fills the empty live table t with rows, numbered 1, 2, ... in
// insertion order, in O(n log n): each tree is loaded in its own order at
// once instead of taking the rows one by one. When two rows share a
// primary key it stores nothing and returns an error naming the later row
// of the first such pair, by its place (as "[i]: ..."), wrapping
// adapter.ErrConflict.
func (t *table) load(rows []*row) error {
	keys := make([]keyed, len(rows))
	for i, r := range rows {
		keys[i] = keyed{key: r.key, row: r}
	}
	// By key, then by place: a repeat follows the row it repeats.
	slices.SortFunc(keys, func(a, b keyed) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.row.seq, b.row.seq)
	})
	var dup *row
	for i := 1; i < len(keys); i++ {
		if keys[i].key == keys[i-1].key && (dup == nil || keys[i].row.seq < dup.seq) {
			dup = keys[i].row
		}
	}
	if dup != nil {
		return fmt.Errorf("[%d]: primary key %q=%s already used by another record: %w", dup.seq-1, t.layout.key, dup.key, adapter.ErrConflict)
	}
	for _, r := range rows {
		t.rows.Load(r) // appends: rows come in sequence order
		t.bump(r.rec[t.layout.key])
	}
	t.nextSeq = uint64(len(rows)) + 1
	for _, k := range keys {
		t.keys.Load(k)
	}
	for _, ix := range t.indexes {
		ix.load(rows)
	}
	return nil
}
