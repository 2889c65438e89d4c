package memory

import (
	"slices"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// list answers a List on t. It picks one of three plans, all of which give
// exactly the result of a full scan (filter in insertion order, stable sort
// by adapter.CompareRecords, page):
//
//   - an eq or in filter on the primary key or an indexed field takes its
//     candidates from that tree instead of scanning;
//   - otherwise a sort on exactly one indexed field walks the index in
//     order, stopping at the end of the page when nothing needs counting;
//   - otherwise every row is scanned and the matches sorted.
func (t *table) list(q *adapter.Query) adapter.Page {
	if q == nil {
		return t.scan(&adapter.Query{})
	}
	if rows, ok := t.candidates(q); ok {
		recs := make([]adapter.Record, 0, len(rows))
		for _, r := range rows {
			if q.Match(r.rec) {
				recs = append(recs, r.rec)
			}
		}
		return finish(recs, q)
	}
	if len(q.Sort) == 1 {
		if ix := t.index(q.Sort[0].Field); ix != nil && ix.ordered(q.Sort[0].Type) {
			return t.walk(ix, q.Sort[0].Desc, q)
		}
	}
	return t.scan(q)
}

// scan filters every row in insertion order, then sorts and pages.
func (t *table) scan(q *adapter.Query) adapter.Page {
	var recs []adapter.Record
	t.rows.Scan(func(r *row) bool {
		if q.Match(r.rec) {
			recs = append(recs, r.rec)
		}
		return true
	})
	return finish(recs, q)
}

// finish sorts the matches of q (given in insertion order) stably, as
// adapter.SortRecords does, and returns copies of q's page of them.
func finish(recs []adapter.Record, q *adapter.Query) adapter.Page {
	adapter.SortRecords(recs, q.Sort)
	start, end := q.Bounds(len(recs))
	return adapter.Page{Records: clones(recs[start:end]), Total: len(recs)}
}

func clones(recs []adapter.Record) []adapter.Record {
	out := make([]adapter.Record, len(recs))
	for i, r := range recs {
		out[i] = adapter.Clone(r)
	}
	return out
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
// same key form, so this is a superset of the matches.
func (t *table) byKey(values []any) []*row {
	var rows []*row
	for _, w := range values {
		k, ok := adapter.Key(w)
		if !ok {
			continue
		}
		if r, ok := t.lookup(k); ok {
			rows = append(rows, r)
		}
	}
	return inOrder(rows)
}

// byIndex returns the rows of ix that may equal one of values.
func byIndex(ix *index, values []any) []*row {
	var rows []*row
	for _, w := range values {
		ix.equalRange(w, func(e entry) bool {
			rows = append(rows, e.row)
			return true
		})
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

// walk answers q, sorted by the field of ix alone, by walking ix in order.
func (t *table) walk(ix *index, desc bool, q *adapter.Query) adapter.Page {
	if len(q.Filters) == 0 && q.Search == "" {
		total := t.rows.Len()
		start, end := q.Bounds(total)
		out := make([]adapter.Record, 0, end-start)
		if start >= end {
			return adapter.Page{Records: out, Total: total}
		}
		i := 0
		ix.each(desc, func(r *row) bool {
			if i >= start {
				out = append(out, adapter.Clone(r.rec))
			}
			i++
			return i < end
		})
		return adapter.Page{Records: out, Total: total}
	}
	var recs []adapter.Record
	ix.each(desc, func(r *row) bool {
		if q.Match(r.rec) {
			recs = append(recs, r.rec)
		}
		return true
	})
	start, end := q.Bounds(len(recs))
	return adapter.Page{Records: clones(recs[start:end]), Total: len(recs)}
}

// each calls fn for every row of ix in the order of a stable sort on its
// field, ascending or descending, missing values last either way and ties
// in insertion order, until fn returns false. The index must hold no
// irregular values.
func (ix *index) each(desc bool, fn func(*row) bool) {
	if !desc {
		ix.tree.Scan(func(e entry) bool { return fn(e.row) })
		return
	}
	// Present values, from the largest down; each run of equal values is
	// gathered and emitted in insertion order.
	missing := entry{key: ikey{class: classMissing}}
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
	ix.tree.Descend(missing, func(e entry) bool {
		if len(run) > 0 && e.key.compare(runKey) != 0 {
			if more = flush(); !more {
				return false
			}
		}
		runKey = e.key
		run = append(run, e.row)
		return true
	})
	if !more || !flush() {
		return
	}
	ix.tree.Ascend(missing, func(e entry) bool { return fn(e.row) })
}
