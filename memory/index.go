package memory

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strings"

	"github.com/tidwall/btree"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// Classes of index keys, in the order adapter.Compare ranks value kinds
// (booleans, numbers, strings, arrays, objects), followed by the two classes
// that adapter.Compare cannot order consistently (irregular) and missing or
// null values, which sort last. Strings of undeclared fields (type "") that
// are dates order by instant before the others, in a class of their own.
const (
	classBool uint8 = iota + 1
	classNumber
	classInstant
	classString
	classArray
	classObject
	classIrregular
	classMissing
)

// ikey is the normalized, totally ordered form of one field value read as
// a field type, in an index or a sort. Within the regular classes its order is exactly the order of
// adapter.Compare under the index's declared type, and two keys are equal
// exactly when adapter.Compare reports 0. Values that no key orders
// consistently with adapter.Compare (int and int64, json.Number, NaN, and in
// a date field strings that do not parse or whose text and instant
// disagree, see instantOrdered) fall into classIrregular, where they order
// by insertion only; an index holding any of them is not used for sorting,
// and equality lookups always include them as candidates.
type ikey struct {
	num   float64 // numbers; booleans as 0 or 1
	sec   int64   // dates: Unix seconds
	str   string  // strings; JSON text of arrays and objects
	nsec  int32   // dates: nanoseconds within the second
	class uint8   // last, with nsec, so that the key takes 40 bytes, not 48
}

// keyOf normalizes v, a value of a field declared as typ. Present is false
// when the record has no such field.
func keyOf(typ string, v any, present bool) ikey {
	if !present || v == nil {
		return ikey{class: classMissing}
	}
	switch t := v.(type) {
	case bool:
		if t {
			return ikey{class: classBool, num: 1}
		}
		return ikey{class: classBool}
	case float64:
		if math.IsNaN(t) {
			return ikey{class: classIrregular}
		}
		return ikey{class: classNumber, num: t}
	case int, int64:
		// adapter.Compare orders an int against a float64 by JSON text in one
		// direction and numerically in the other.
		return ikey{class: classIrregular}
	case json.Number:
		// An integer beyond what a float64 holds: no num can order it
		// exactly among its neighbours.
		return ikey{class: classIrregular}
	case string:
		if typ == "" {
			if tm, ok := adapter.Instant(t); ok {
				return ikey{class: classInstant, sec: tm.Unix(), nsec: int32(tm.Nanosecond())}
			}
			return ikey{class: classString, str: t}
		}
		if typ != schema.TypeDate {
			return ikey{class: classString, str: t}
		}
		tm, ok := adapter.ParseTime(t)
		if !ok || !instantOrdered(t) {
			return ikey{class: classIrregular}
		}
		return ikey{class: classString, sec: tm.Unix(), nsec: int32(tm.Nanosecond())}
	case []any:
		return ikey{class: classArray, str: jsonText(t)}
	default:
		return ikey{class: classObject, str: jsonText(t)}
	}
}

// instantOrdered reports whether adapter.Compare orders the parseable date s
// by its instant against every other parseable date. Its fast path compares
// same-length UTC timestamps ("...T...Z") as strings, which disagrees with
// their instants when the fraction uses a comma or has more than nine
// digits (time.Parse accepts both, truncating the extra digits).
func instantOrdered(s string) bool {
	if len(s) < 20 || s[len(s)-1] != 'Z' || s[10] != 'T' {
		return true
	}
	return len(s) <= len("2006-01-02T15:04:05.999999999Z") && s[19] != ','
}

// jsonText is the JSON text adapter.Compare orders arrays and objects by.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// compare orders two keys: by class, then by value.
func (a ikey) compare(b ikey) int {
	if a.class != b.class {
		if a.class < b.class {
			return -1
		}
		return 1
	}
	switch a.class {
	case classBool, classNumber:
		switch {
		case a.num < b.num:
			return -1
		case a.num > b.num:
			return 1
		}
		return 0
	case classInstant, classString:
		switch {
		case a.sec < b.sec:
			return -1
		case a.sec > b.sec:
			return 1
		case a.nsec < b.nsec:
			return -1
		case a.nsec > b.nsec:
			return 1
		}
		return strings.Compare(a.str, b.str)
	case classArray, classObject:
		return strings.Compare(a.str, b.str)
	}
	return 0
}

// index is a secondary index of one field: every row of the table, ordered
// by (value, insertion sequence), missing values last. Rows carry their
// normalized value for each index of their table (row.ikeys[pos]), so the
// tree holds bare row pointers and copying a node stays cheap. The
// index counts the irregular values it holds so that List knows whether
// walking it in order matches adapter.CompareRecords.
type index struct {
	field     string
	typ       string
	pos       int // of this index's key in row.ikeys
	tree      *btree.BTreeG[*row]
	irregular int
}

func newIndex(spec indexSpec, pos int) *index {
	less := func(a, b *row) bool {
		if c := a.ikeys[pos].compare(b.ikeys[pos]); c != 0 {
			return c < 0
		}
		return a.seq < b.seq
	}
	return &index{field: spec.field, typ: spec.typ, pos: pos, tree: btree.NewBTreeGOptions(less, treeOptions())}
}

// keyOfRow normalizes rec's value of the indexed field.
func (ix *index) keyOfRow(rec adapter.Record) ikey {
	v, ok := rec[ix.field]
	return keyOf(ix.typ, v, ok)
}

// probe returns a row that sorts before every row of ix whose key is k.
func (ix *index) probe(k ikey) *row {
	keys := make([]ikey, ix.pos+1)
	keys[ix.pos] = k
	return &row{ikeys: keys}
}

// add indexes r, whose keys are set. The index must be writable.
func (ix *index) add(r *row) {
	ix.tree.Set(r)
	if r.ikeys[ix.pos].class == classIrregular {
		ix.irregular++
	}
}

// remove drops r from the index. The index must be writable.
func (ix *index) remove(r *row) {
	if _, ok := ix.tree.Delete(r); ok && r.ikeys[ix.pos].class == classIrregular {
		ix.irregular--
	}
}

// copied returns a copy of ix over tree, a copy of its tree.
func (ix *index) copied(tree *btree.BTreeG[*row]) *index {
	c := *ix
	c.tree = tree
	return &c
}

// sameDateness reports whether a filter typed as typ finds values equal the
// way ix does: adapter.Equal only treats the date type specially.
func (ix *index) sameDateness(typ string) bool {
	return (typ == schema.TypeDate) == (ix.typ == schema.TypeDate)
}

// sameOrder reports whether a sort key typed as typ orders values the way
// ix does: adapter.Compare treats the date type and the type "" of
// undeclared fields specially.
func (ix *index) sameOrder(typ string) bool {
	return ix.sameDateness(typ) && (typ == "") == (ix.typ == "")
}

// ordered reports whether walking ix in order sorts by adapter.CompareRecords
// on its field under a sort key typed as typ.
func (ix *index) ordered(typ string) bool {
	return ix.irregular == 0 && ix.sameOrder(typ)
}

// equalRange calls fn for every row whose value adapter.Equal could find
// equal to w, a filter value: the rows with one of w's keys, and every row
// with an irregular value.
func (ix *index) equalRange(w any, fn func(*row)) {
	if w != nil {
		keys, n := lookupKeys(ix.typ, w)
		for _, k := range keys[:n] {
			if k.class == classIrregular {
				continue
			}
			ix.tree.Ascend(ix.probe(k), func(r *row) bool {
				if r.ikeys[ix.pos].compare(k) != 0 {
					return false
				}
				fn(r)
				return true
			})
		}
	}
	if ix.irregular == 0 {
		return
	}
	ix.tree.Ascend(ix.probe(ikey{class: classIrregular}), func(r *row) bool {
		if r.ikeys[ix.pos].class != classIrregular {
			return false
		}
		fn(r)
		return true
	})
}

// lookupKeys returns the keys under which ix holds the regular values that
// adapter.Equal may find equal to the filter value w: one for most values,
// and for an adapter.Untyped one per type it reads as (text, number,
// boolean). Integers equal the float64 numbers they denote, and a date
// equals every date of the same instant, even one whose text
// adapter.Compare orders inconsistently.
func lookupKeys(typ string, w any) (keys [3]ikey, n int) {
	if u, ok := w.(adapter.Untyped); ok {
		keys[n], n = lookupKey(typ, u.Text()), n+1
		if f, ok := u.Number(); ok {
			keys[n], n = lookupKey(typ, f), n+1
		}
		if b, ok := u.Bool(); ok {
			keys[n], n = lookupKey(typ, b), n+1
		}
		return keys, n
	}
	keys[0] = lookupKey(typ, w)
	return keys, 1
}

// lookupKey returns the key under which ix holds the regular values that
// adapter.Equal finds equal to the plain filter value w.
func lookupKey(typ string, w any) ikey {
	switch t := w.(type) {
	case int:
		return keyOf(typ, float64(t), true)
	case int64:
		return keyOf(typ, float64(t), true)
	case string:
		if typ == schema.TypeDate {
			if tm, ok := adapter.ParseTime(t); ok {
				return ikey{class: classString, sec: tm.Unix(), nsec: int32(tm.Nanosecond())}
			}
		}
	}
	return keyOf(typ, w, true)
}

// load adds rows, in sequence order, to the empty index ix: sorted by
// (key, sequence) first, so that each one appends to the tree. The keys
// are sorted next to their rows, in one slice, rather than read through
// each row: most of a sort's time would go to fetching them.
func (ix *index) load(rows []*row) {
	type entry struct {
		k   ikey
		seq uint64
		r   *row
	}
	sorted := make([]entry, len(rows))
	for i, r := range rows {
		sorted[i] = entry{r.ikeys[ix.pos], r.seq, r}
		if r.ikeys[ix.pos].class == classIrregular {
			ix.irregular++
		}
	}
	slices.SortFunc(sorted, func(a, b entry) int {
		if c := a.k.compare(b.k); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	for _, e := range sorted {
		ix.tree.Load(e.r)
	}
}
