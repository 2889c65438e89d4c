package memory

import (
	"math"
	"slices"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// list answers a List on t with copies of the records of its page.
func (t *table) list(q *adapter.Query) adapter.Page {
	rows, total := t.page(q)
	out := make([]adapter.Record, len(rows))
	for i, r := range rows {
		out[i] = adapter.Clone(r.rec)
	}
	return adapter.Page{Records: out, Total: total}
}

// listJSON answers a ListJSON on t: list's page, as JSON text.
func (t *table) listJSON(q *adapter.Query) (adapter.JSONPage, error) {
	rows, total := t.page(q)
	out := make([][]byte, len(rows))
	for i, r := range rows {
		text, err := r.json()
		if err != nil {
			return adapter.JSONPage{}, err
		}
		out[i] = text
	}
	return adapter.JSONPage{Records: out, Total: total}, nil
}

// page returns the rows of q's page and the number of matches. It picks
// one of three plans, all of which give exactly the result of a full scan
// (filter in insertion order, stable sort by adapter.CompareRecords, page):
//
//   - an eq or in filter on the primary key or an indexed field takes its
//     candidates from that tree instead of scanning;
//   - otherwise a query that sorts nothing walks the rows in insertion
//     order, and one sorted by a single indexed field walks that index in
//     order; either stops at the end of the page when nothing needs
//     counting (no filters and no search);
//   - otherwise every row is scanned and the matches sorted.
func (t *table) page(q *adapter.Query) ([]*row, int) {
	if q == nil {
		q = &adapter.Query{}
	}
	if rows, ok := t.candidates(q); ok {
		matched := rows[:0]
		for _, r := range rows {
			if q.Match(r.rec) {
				matched = append(matched, r)
			}
		}
		return t.finish(matched, q)
	}
	switch {
	case len(q.Sort) == 0:
		return t.walk(q, func(fn func(*row) bool) { t.rows.Scan(fn) })
	case len(q.Sort) == 1:
		key := q.Sort[0]
		if ix := t.index(key.Field); ix != nil && ix.ordered(key.Type) {
			return t.walk(q, func(fn func(*row) bool) { ix.each(key.Desc, fn) })
		}
	}
	return t.scan(q)
}

// scan filters every row in insertion order, then sorts and pages.
func (t *table) scan(q *adapter.Query) ([]*row, int) {
	var matched []*row
	t.rows.Scan(func(r *row) bool {
		if q.Match(r.rec) {
			matched = append(matched, r)
		}
		return true
	})
	return t.finish(matched, q)
}

// finish sorts the matches of q (given in insertion order) as
// adapter.SortRecords does, and returns q's page of them and their number.
func (t *table) finish(rows []*row, q *adapter.Query) ([]*row, int) {
	start, end := q.Bounds(len(rows))
	t.sortRows(rows, q.Sort, end)
	return rows[start:end], len(rows)
}

// candidates returns, in insertion order, a superset of the rows matching
// the first eq or in filter of q that a tree can answer: one on the primary
// key or on an indexed field read with the index's date-ness. It reports
// false when no filter qualifies.
func (t *table) candidates(q *adapter.Query) ([]*row, bool) {
	for i := range q.Filters {
		f := &q.Filters[i]
		if f.Fold || f.Op != adapter.OpEq && f.Op != adapter.OpIn {
			continue
		}
		if f.Field == t.layout.key && f.Type != schema.TypeDate {
			return t.byKey(f.Values), true
		}
		if ix := t.index(f.Field); ix != nil && ix.sameDateness(f.Type) {
			return byIndex(ix, f.Values), true
		}
	}
	return nil, false
}

// byKey returns the rows whose primary key has the key form of one of
// values. Outside dates, adapter.Equal only holds between values of the
// same key form, so this is a superset of the matches. An adapter.Untyped
// has the key forms of its text and of its number.
func (t *table) byKey(values []any) []*row {
	var rows []*row
	add := func(w any) {
		if k, ok := adapter.Key(w); ok {
			if r, ok := t.lookup(k); ok {
				rows = append(rows, r)
			}
		}
	}
	for _, w := range values {
		u, ok := w.(adapter.Untyped)
		if !ok {
			add(w)
			continue
		}
		add(u.Text())
		if f, ok := u.Number(); ok {
			add(f)
		}
	}
	return inOrder(rows)
}

// byIndex returns the rows of ix that may equal one of values.
func byIndex(ix *index, values []any) []*row {
	var rows []*row
	for _, w := range values {
		ix.equalRange(w, func(r *row) { rows = append(rows, r) })
	}
	return inOrder(rows)
}

// inOrder sorts rows by insertion sequence and drops repeats.
func inOrder(rows []*row) []*row {
	slices.SortFunc(rows, func(a, b *row) int {
		switch {
		case a.seq < b.seq:
			return -1
		case a.seq > b.seq:
			return 1
		}
		return 0
	})
	return slices.CompactFunc(rows, func(a, b *row) bool { return a.seq == b.seq })
}

// walk answers q by visiting rows in the order q asks for, as each yields
// them. Without filters or search the total is the table size and the walk
// stops at the end of the page.
func (t *table) walk(q *adapter.Query, each func(fn func(*row) bool)) ([]*row, int) {
	if len(q.Filters) == 0 && q.Search == "" {
		total := t.rows.Len()
		start, end := q.Bounds(total)
		if start >= end {
			return nil, total
		}
		out := make([]*row, 0, end-start)
		i := 0
		each(func(r *row) bool {
			if i >= start {
				out = append(out, r)
			}
			i++
			return i < end
		})
		return out, total
	}
	// Only the matches within the page are kept; the others are counted.
	// The bounds within any number of matches are those within
	// math.MaxInt, cut at the number there are.
	start, end := q.Bounds(math.MaxInt)
	var rows []*row
	total := 0
	each(func(r *row) bool {
		if q.Match(r.rec) {
			if total >= start && total < end {
				rows = append(rows, r)
			}
			total++
		}
		return true
	})
	return rows, total
}

// each calls fn for every row of ix in the order of a stable sort on its
// field, ascending or descending, missing values last either way and ties
// in insertion order, until fn returns false. The index must hold no
// irregular values.
func (ix *index) each(desc bool, fn func(*row) bool) {
	if !desc {
		ix.tree.Scan(fn)
		return
	}
	// Present values, from the largest down; each run of equal values is
	// gathered and emitted in insertion order.
	missing := ix.probe(ikey{class: classMissing})
	var run []*row
	var runKey ikey
	flush := func() bool {
		// Descend met the run's rows newest first.
		for i := len(run) - 1; i >= 0; i-- {
			if !fn(run[i]) {
				return false
			}
		}
		run = run[:0]
		return true
	}
	more := true
	ix.tree.Descend(missing, func(r *row) bool {
		k := r.ikeys[ix.pos]
		if len(run) > 0 && k.compare(runKey) != 0 {
			if more = flush(); !more {
				return false
			}
		}
		runKey = k
		run = append(run, r)
		return true
	})
	if !more || !flush() {
		return
	}
	ix.tree.Ascend(missing, fn)
}

// listShared answers a ListShared on t: list's page, the stored records
// themselves, with their texts.
func (t *table) listShared(q *adapter.Query) adapter.SharedPage {
	rows, total := t.page(q)
	out := make([]adapter.Record, len(rows))
	for i, r := range rows {
		out[i] = r.rec
	}
	return adapter.SharedPage{Records: out, Total: total, Shared: true, JSON: func(i int) ([]byte, error) { return rows[i].json() }}
}
