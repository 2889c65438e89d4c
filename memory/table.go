package memory

import (
	"time"

	"github.com/tidwall/btree"

	"github.com/pretendo-go/pretendo/adapter"
)

// row is one stored record. Rows are immutable once stored: a Replace
// stores a new row with the old one's sequence number, so published trees
// can share rows freely.
type row struct {
	seq   uint64 // insertion sequence; orders the table
	key   string // adapter.Key of the primary key
	rec   adapter.Record
	ikeys []ikey // the normalized value of each index's field, by index.pos
}

// keyed is an item of a table's primary-key tree.
type keyed struct {
	key string
	row *row
}

func rowLess(a, b *row) bool    { return a.seq < b.seq }
func keyedLess(a, b keyed) bool { return a.key < b.key }

// treeOptions configures every tree: the default degree and no locks. Trees
// need no locks because a tree is only ever mutated by the one write
// transaction that forked it, before it is published; published trees are
// only read (see fork).
func treeOptions() btree.Options { return btree.Options{NoLocks: true} }

// fork returns a writable copy-on-write copy of t without writing to t.
//
// BTreeG.Copy gives its receiver a new isolation id, which is a write to
// the receiver. Published trees are read without locks and may be shared by
// several DBs (after one restores another's Backup), so two writers could
// Copy the same tree at once. Copying a private shallow copy of the tree
// header instead leaves t untouched. t keeps the isolation id its nodes
// carry, which would let a mutation of t write into shared nodes; that is
// safe only because published trees are never mutated.
func fork[T any](t *btree.BTreeG[T]) *btree.BTreeG[T] {
	shadow := *t
	return shadow.Copy()
}

// table holds the records of one resource. A published table is immutable;
// a write transaction works on a fork of it.
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

// fork returns a writable copy of t; trees are copied lazily.
func (t *table) fork() *table {
	c := *t
	c.rows = fork(t.rows)
	c.keys = fork(t.keys)
	c.indexes = make([]*index, len(t.indexes))
	for i, ix := range t.indexes {
		c.indexes[i] = ix.fork()
	}
	return &c
}

// stamped returns a copy of t's header with another modification time,
// sharing every tree.
func (t *table) stamped(now time.Time) *table {
	c := *t
	c.modified = now
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

// newRow returns a row of t holding rec, with its index keys.
func (t *table) newRow(seq uint64, k string, rec adapter.Record) *row {
	r := &row{seq: seq, key: k, rec: rec}
	if len(t.indexes) > 0 {
		r.ikeys = make([]ikey, len(t.indexes))
		for i, ix := range t.indexes {
			r.ikeys[i] = ix.keyOfRow(rec)
		}
	}
	return r
}

// insert stores rec, which the table now owns, under the new key k. The
// table must be writable and k must be free.
func (t *table) insert(k string, rec adapter.Record) {
	r := t.newRow(t.nextSeq, k, rec)
	t.nextSeq++
	t.rows.Load(r)
	t.keys.Set(keyed{key: k, row: r})
	for _, ix := range t.indexes {
		ix.add(r)
	}
	t.bump(rec[t.layout.key])
}

// replace stores rec, which the table now owns, in place of old.
func (t *table) replace(old *row, rec adapter.Record) {
	r := t.newRow(old.seq, old.key, rec)
	t.rows.Set(r)
	t.keys.Set(keyed{key: r.key, row: r})
	for _, ix := range t.indexes {
		ix.remove(old)
		ix.add(r)
	}
	t.bump(rec[t.layout.key])
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
