package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
)

// Errors of a request body the server cannot store.
var (
	errNotObject   = errors.New("bare: body is not a JSON object")
	errTrailing    = errors.New("bare: body has data after the JSON object")
	errUnknownType = errors.New("bare: body does not fit the record type")
	// errIDsExhausted means the largest id is already math.MaxInt64.
	errIDsExhausted = errors.New("bare: no id left to assign")
)

// resource is one collection as the handler sees it.
type resource interface {
	// get returns the record with id.
	get(id int64) (any, bool)
	// list returns the records lq selects and how many matched its
	// filters before paging.
	list(lq listQuery) (any, int)
	// create decodes body as a new record, gives it the next id and
	// appends it.
	create(body []byte) (any, error)
}

// table is a collection of T in memory. Records are never changed once
// stored, so a pointer handed out stays valid and safe to read without the
// lock; the slice itself is guarded by mu.
type table[T any] struct {
	lay   layout[T]
	mu    sync.RWMutex
	rows  []*T
	maxID int64
}

var (
	_ resource = (*table[user])(nil)
	_ resource = (*table[post])(nil)
)

// newTable returns a table holding rows, numbering new records after the
// largest id among them.
func newTable[T any](lay layout[T], rows []*T) *table[T] {
	t := &table[T]{lay: lay, rows: rows}
	for _, r := range rows {
		t.maxID = max(t.maxID, lay.id(r))
	}
	return t
}

// get scans for id, as json-server does.
func (t *table[T]) get(id int64) (any, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, r := range t.rows {
		if t.lay.id(r) == id {
			return r, true
		}
	}
	return nil, false
}

// list filters by a full scan, sorts the matches on every call, then
// pages: the same work json-server does, in Go.
func (t *table[T]) list(lq listQuery) (any, int) {
	rows := t.match(lq.filters)
	if len(lq.sort) > 0 {
		t.sortRows(rows, lq.sort)
	}
	return window(rows, lq), len(rows)
}

// match returns a fresh slice of the records that pass every filter. A
// record passes a filter when its field, as json-server would print it,
// equals one of the filter's values. For a number field that is decided on
// numbers: the values that spell a number canonically ("5", not "05" or
// "+5") are read once, the others can never match.
func (t *table[T]) match(filters []filter) []*T {
	preds := make([]func(*T) bool, 0, len(filters))
	for _, f := range filters {
		fd, ok := t.lay.fields[f.field]
		if !ok {
			return []*T{} // an unknown field matches nothing
		}
		preds = append(preds, predicate(fd, f.values))
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	if len(preds) == 0 {
		return slices.Clone(t.rows)
	}
	out := []*T{}
	for _, r := range t.rows {
		keep := true
		for _, p := range preds {
			if !p(r) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, r)
		}
	}
	return out
}

// predicate reports whether a record's field fd equals one of values.
func predicate[T any](fd field[T], values []string) func(*T) bool {
	if fd.str != nil {
		if len(values) == 1 {
			want := values[0]
			return func(r *T) bool { return fd.str(r) == want }
		}
		return func(r *T) bool { return slices.Contains(values, fd.str(r)) }
	}
	var nums []int64
	for _, v := range values {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && strconv.FormatInt(n, 10) == v {
			nums = append(nums, n)
		}
	}
	switch len(nums) {
	case 0:
		return func(*T) bool { return false }
	case 1:
		want := nums[0]
		return func(r *T) bool { return fd.num(r) == want }
	}
	return func(r *T) bool { return slices.Contains(nums, fd.num(r)) }
}

// sortRows sorts rows in place, stably, by keys. An unknown field compares
// equal, leaving the order as it was.
func (t *table[T]) sortRows(rows []*T, keys []sortKey) {
	type sorter struct {
		fd   field[T]
		desc bool
	}
	sorters := make([]sorter, 0, len(keys))
	for _, k := range keys {
		if fd, ok := t.lay.fields[k.field]; ok {
			sorters = append(sorters, sorter{fd, k.desc})
		}
	}
	if len(sorters) == 0 {
		return
	}
	slices.SortStableFunc(rows, func(a, b *T) int {
		for _, s := range sorters {
			c := s.fd.compare(a, b)
			if s.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

// create decodes body, which must be one JSON object, assigns the largest
// id so far plus one (an id in the body is ignored) and appends the record.
func (t *table[T]) create(body []byte) (any, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, errNotObject
	}
	rec := new(T)
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(rec); err != nil {
		return nil, fmt.Errorf("%w: %w", errUnknownType, err)
	}
	if len(bytes.TrimSpace(trimmed[dec.InputOffset():])) > 0 {
		return nil, errTrailing
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.maxID == math.MaxInt64 {
		return nil, errIDsExhausted
	}
	t.maxID++
	t.lay.setID(rec, t.maxID)
	t.rows = append(t.rows, rec)
	return rec, nil
}
