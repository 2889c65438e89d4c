package dialect

import (
	"math"
	"sort"

	"github.com/pretendo-go/pretendo/adapter"
)

// selectIndexes answers q over recs, a resource's records in store order,
// as json-server 0.17's list does: q's full-text search, then its filters
// (each dropped when no record has its field), then its sort, then the
// slice of _page, _end or _limit. It returns the indexes in recs of the
// slice, in answer order, and the number of matches before slicing. It
// only reads recs.
func (q *jsQuery) selectIndexes(recs []adapter.Record) ([]int, int) {
	filters := make([]*jsFilter, 0, len(q.filters))
	for i := range q.filters {
		if q.filters[i].applies(recs) {
			filters = append(filters, &q.filters[i])
		}
	}
	out := make([]int, 0, len(recs))
next:
	for i, rec := range recs {
		if q.search != "" && !searchRecord(rec, q.search) {
			continue
		}
		for _, f := range filters {
			if !f.match(rec) {
				continue next
			}
		}
		out = append(out, i)
	}
	if len(q.sort) > 0 {
		q.sortIndexes(recs, out)
	}
	total := len(out)
	start, end := q.bounds(total)
	return out[start:end], total
}

// sortKey is the value of one sort key in one record, looked up once.
type sortKey struct {
	v  any
	ok bool
}

// sortIndexes sorts idx, indexes of recs, stably by q's sort keys as
// lodash's orderBy does, each record's values at the keys' paths looked
// up once rather than at every comparison.
func (q *jsQuery) sortIndexes(recs []adapter.Record, idx []int) {
	n := len(q.sort)
	keys := make([]sortKey, len(idx)*n)
	pos := make([]int, len(idx)) // positions into keys, sorted with idx
	for i, j := range idx {
		for k := range q.sort {
			v, ok := lookup(recs[j], q.sort[k].path)
			keys[i*n+k] = sortKey{v, ok}
		}
		pos[i] = i
	}
	// Ties keep their order (a stable sort) through the positions.
	sort.Slice(pos, func(a, b int) bool {
		pa, pb := pos[a], pos[b]
		x, y := keys[pa*n:pa*n+n], keys[pb*n:pb*n+n]
		for k, key := range q.sort {
			if c := compareKeys(x[k], y[k]); c != 0 {
				if key.desc {
					return c > 0
				}
				return c < 0
			}
		}
		return pa < pb
	})
	sorted := make([]int, len(idx))
	for i, p := range pos {
		sorted[i] = idx[p]
	}
	copy(idx, sorted)
}

// searchRecord reports whether some value of rec contains q.
func searchRecord(rec adapter.Record, q string) bool {
	for _, v := range rec {
		if deepQuery(v, q) {
			return true
		}
	}
	return false
}

// compareKeys is compareAscending of two looked-up values, two numbers
// compared directly.
func compareKeys(x, y sortKey) int {
	if a, ok := x.v.(float64); ok {
		if b, ok := y.v.(float64); ok {
			switch {
			case a < b:
				return -1
			case a > b:
				return 1
			}
			return 0
		}
	}
	return compareAscending(x.v, x.ok, y.v, y.ok)
}

// compareAscending is lodash's compareAscending for JSON values: missing
// (undefined) values after null, null after every other value, the
// others by JavaScript's < and >.
func compareAscending(v any, vDef bool, o any, oDef bool) int {
	vNull, oNull := vDef && v == nil, oDef && o == nil
	if !vDef && !oDef || vNull && oNull {
		return 0
	}
	switch {
	case !oNull && oDef && !vNull && vDef && jsLess(o, v):
		return 1
	case vNull && oDef:
		return 1
	case !vDef:
		return 1
	}
	switch {
	case !vNull && vDef && !oNull && oDef && jsLess(v, o):
		return -1
	case oNull && vDef:
		return -1
	case !oDef:
		return -1
	}
	return 0
}

// slice is the part of the matches a list answers: a page (_page, with
// _limit or 10 per page), a slice (_start to _end) or a count (_limit
// from _start); all of them when none is asked for.
type jsSlice struct {
	paged      bool
	page, size float64
}

// paging reads _page and _limit as json-server does: a page below 1 is
// the first, a size that is 0 or no number is 10.
func (q *jsQuery) paging() jsSlice {
	if q.page == "" {
		return jsSlice{}
	}
	page := jsParseInt(q.page)
	if !(page >= 1) {
		page = 1
	}
	size := jsParseInt(q.limit)
	if math.IsNaN(size) || size == 0 {
		size = 10
	}
	return jsSlice{paged: true, page: page, size: size}
}

// bounds are the bounds of q's slice of total matches.
func (q *jsQuery) bounds(total int) (int, int) {
	switch {
	case q.page != "":
		p := q.paging()
		return jsSliceBounds(total, (p.page-1)*p.size, p.page*p.size)
	case q.end != "":
		start := jsParseInt(q.start)
		if math.IsNaN(start) {
			start = 0
		}
		return jsSliceBounds(total, start, jsParseInt(q.end))
	case q.limit != "":
		start := jsParseInt(q.start)
		if math.IsNaN(start) {
			start = 0
		}
		return jsSliceBounds(total, start, start+jsParseInt(q.limit))
	}
	return 0, total
}

// counted reports whether the answer carries X-Total-Count: with _end,
// _limit or _page.
func (q *jsQuery) counted() bool {
	return q.end != "" || q.limit != "" || q.page != ""
}
