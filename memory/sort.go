package memory

import (
	"cmp"
	"sort"

	"github.com/pretendo-go/pretendo/adapter"
)

// sortRows sorts rows, given in insertion order, exactly as
// adapter.SortRecords would sort their records, but faster: each row's sort
// values are normalized once (see ikey), or read from the row when the field
// is indexed, and the rows sorted by those keys with their position as the
// last key, which is what a stable sort gives. Only rows[:limit] need to
// be in order: when that is a small part, the first limit rows are
// selected with a heap instead of sorting them all. When some value is one
// adapter.Compare orders inconsistently, the result of a stable sort
// depends on its algorithm, so the rows are sorted by sort.SliceStable with
// adapter.CompareRecords, the very calls adapter.SortRecords makes.
func (t *table) sortRows(rows []*row, keys []adapter.SortKey, limit int) {
	if len(keys) == 0 || len(rows) < 2 {
		return
	}
	// pos[j] is the index whose keys serve sort key j, or -1.
	pos := make([]int, len(keys))
	for j, k := range keys {
		pos[j] = -1
		if ix := t.index(k.Field); ix != nil && ix.sameOrder(k.Type) {
			pos[j] = ix.pos
		}
	}
	type item struct {
		row  *row
		keys []ikey
		at   int
	}
	flat := make([]ikey, len(rows)*len(keys))
	items := make([]item, len(rows))
	for i, r := range rows {
		ks := flat[i*len(keys) : (i+1)*len(keys)]
		for j, k := range keys {
			if pos[j] >= 0 {
				ks[j] = r.ikeys[pos[j]]
			} else {
				v, ok := r.rec[k.Field]
				ks[j] = keyOf(k.Type, v, ok)
			}
			if ks[j].class == classIrregular {
				sort.SliceStable(rows, func(a, b int) bool { return adapter.CompareRecords(keys, rows[a].rec, rows[b].rec) < 0 })
				return
			}
		}
		items[i] = item{row: r, keys: ks, at: i}
	}
	order := func(a, b *item) int {
		for j, k := range keys {
			x, y := &a.keys[j], &b.keys[j]
			xm, ym := x.class == classMissing, y.class == classMissing
			switch {
			case xm && ym:
				continue
			case xm:
				return 1
			case ym:
				return -1
			}
			if c := x.compare(*y); c != 0 {
				if k.Desc {
					return -c
				}
				return c
			}
		}
		return cmp.Compare(a.at, b.at)
	}
	selectFirst(items, limit, order)
	for i := range items {
		rows[i] = items[i].row
	}
}

// selectFirst reorders items so that items[:k] hold the k first items under
// order, in order; the rest are left in no particular order. Order must be
// a strict total order.
func selectFirst[T any](items []T, k int, order func(a, b *T) int) {
	sortAll := func(s []T) { sort.Sort(byOrder[T]{s: s, order: order}) }
	if k <= 0 {
		return
	}
	if k >= len(items)/4 {
		sortAll(items)
		return
	}
	// items[:k] is a heap with the last of the k first items so far on top.
	heap := items[:k]
	down := func(i int) {
		for {
			largest, l, r := i, 2*i+1, 2*i+2
			if l < k && order(&heap[l], &heap[largest]) > 0 {
				largest = l
			}
			if r < k && order(&heap[r], &heap[largest]) > 0 {
				largest = r
			}
			if largest == i {
				return
			}
			heap[i], heap[largest] = heap[largest], heap[i]
			i = largest
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for i := k; i < len(items); i++ {
		if order(&items[i], &heap[0]) < 0 {
			heap[0], items[i] = items[i], heap[0]
			down(0)
		}
	}
	sortAll(heap)
}

// byOrder sorts a slice by an order on pointers, so that large items are
// neither copied nor moved to the heap for each comparison.
type byOrder[T any] struct {
	s     []T
	order func(a, b *T) int
}

func (b byOrder[T]) Len() int           { return len(b.s) }
func (b byOrder[T]) Less(i, j int) bool { return b.order(&b.s[i], &b.s[j]) < 0 }
func (b byOrder[T]) Swap(i, j int)      { b.s[i], b.s[j] = b.s[j], b.s[i] }
