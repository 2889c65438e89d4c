package adapter

import (
	"slices"
	"sort"
	"strings"
)

// Op is a filter operator of the query language.
type Op string

// The operators of the query language (contract section 3).
const (
	OpEq         Op = "eq"
	OpNe         Op = "ne"
	OpGt         Op = "gt"
	OpGte        Op = "gte"
	OpLt         Op = "lt"
	OpLte        Op = "lte"
	OpIn         Op = "in"
	OpNin        Op = "nin"
	OpContains   Op = "contains"
	OpStartsWith Op = "startsWith"
	OpEndsWith   Op = "endsWith"
	OpExists     Op = "exists"
)

// Ops lists every operator, in the order error messages show them.
var Ops = []Op{OpEq, OpNe, OpGt, OpGte, OpLt, OpLte, OpIn, OpNin, OpContains, OpStartsWith, OpEndsWith, OpExists}

// Query is a parsed list query: filters, search, sort and page, read once
// from the URL and handed to adapters. Fields and Expand are applied by the
// server after the adapter answers; adapters may ignore them.
type Query struct {
	// Filters must all match.
	Filters []Filter
	// Search, when set, must occur case-insensitively in some top-level
	// string value of the record, except in the fields of SearchSkip.
	Search string
	// SearchSkip names fields Search never looks into (a password hash).
	SearchSkip []string
	// Sort orders the result; missing values sort last in both directions.
	// With no keys, records come in insertion order.
	Sort []SortKey
	// Page is 1-based; PerPage 0 means no paging (every match).
	Page, PerPage int
	// Fields keeps only these top-level fields in responses (nil: all).
	Fields []string
	// Expand names relationship paths to embed, like "comments.user".
	Expand []string
}

// Filter is one condition on a field.
type Filter struct {
	Field string
	// Type is the field's declared type, or "" for an undeclared field.
	Type string
	Op   Op
	// Values are typed by Type: float64 for numbers, bool for booleans,
	// strings for strings, dates and uuids, and for an undeclared field
	// (Type "") values read by each record's stored type ([Untyped]) or
	// Go values compared as given. Eq and In match any of them; Ne and
	// Nin match none of them; Exists holds one bool.
	Values []any
	// Fold compares strings case-insensitively (the i: prefix).
	Fold bool
}

// SortKey is one key of a sort.
type SortKey struct {
	Field string
	Type  string
	Desc  bool
}

// Bounds returns the slice bounds of q's page within total matches.
func (q *Query) Bounds(total int) (start, end int) {
	if q == nil || q.PerPage <= 0 {
		return 0, total
	}
	page := q.Page
	if page < 1 {
		page = 1
	}
	if page-1 > total/q.PerPage {
		return total, total
	}
	start = (page - 1) * q.PerPage
	if start > total {
		return total, total
	}
	end = start + q.PerPage
	if end > total || end < start {
		end = total
	}
	return start, end
}

// Match reports whether r satisfies every filter and the search of q.
func (q *Query) Match(r Record) bool {
	if q == nil {
		return true
	}
	for i := range q.Filters {
		if !q.Filters[i].Match(r) {
			return false
		}
	}
	if q.Search != "" && !search(r, q.Search, q.SearchSkip) {
		return false
	}
	return true
}

func search(r Record, text string, skip []string) bool {
	for k, v := range r {
		if s, ok := v.(string); ok && containsFold(s, text) && !slices.Contains(skip, k) {
			return true
		}
	}
	return false
}

// Match reports whether r satisfies f.
func (f *Filter) Match(r Record) bool {
	v, present := r[f.Field]
	if !present || v == nil {
		switch f.Op {
		case OpNe, OpNin:
			return true
		case OpExists:
			return len(f.Values) > 0 && f.Values[0] == false
		}
		return false
	}
	switch f.Op {
	case OpEq, OpIn:
		for _, w := range f.Values {
			if f.Type == "" {
				// An Untyped goes straight to its readings.
				if u, ok := w.(Untyped); ok {
					if u.readings.equal(v, f.Fold) {
						return true
					}
					continue
				}
			}
			if Equal(f.Type, v, w, f.Fold) {
				return true
			}
		}
		return false
	case OpNe, OpNin:
		for _, w := range f.Values {
			if f.Type == "" {
				if u, ok := w.(Untyped); ok {
					if u.readings.equal(v, f.Fold) {
						return false
					}
					continue
				}
			}
			if Equal(f.Type, v, w, f.Fold) {
				return false
			}
		}
		return true
	case OpExists:
		return len(f.Values) > 0 && f.Values[0] == true
	case OpGt, OpGte, OpLt, OpLte:
		if len(f.Values) == 0 {
			return false
		}
		c, ok := Compare(f.Type, v, f.Values[0], f.Fold)
		if !ok {
			return false
		}
		switch f.Op {
		case OpGt:
			return c > 0
		case OpGte:
			return c >= 0
		case OpLt:
			return c < 0
		default:
			return c <= 0
		}
	case OpContains:
		if arr, ok := v.([]any); ok {
			for _, e := range arr {
				for _, w := range f.Values {
					if Equal("", e, w, f.Fold) {
						return true
					}
				}
			}
			return false
		}
		return stringOp(v, f.Values, f.Fold, strings.Contains, containsFold)
	case OpStartsWith:
		return stringOp(v, f.Values, f.Fold, strings.HasPrefix, hasPrefixFold)
	case OpEndsWith:
		return stringOp(v, f.Values, f.Fold, strings.HasSuffix, hasSuffixFold)
	}
	return false
}

func stringOp(v any, values []any, fold bool, exact, folded func(s, sub string) bool) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	for _, w := range values {
		sub, ok := w.(string)
		if !ok {
			u, isUntyped := w.(Untyped)
			if !isUntyped {
				continue
			}
			sub = u.Text()
		}
		if fold && folded(s, sub) || !fold && exact(s, sub) {
			return true
		}
	}
	return false
}

func containsFold(s, sub string) bool {
	if len(sub) == 0 {
		return true
	}
	if isASCII(s) && isASCII(sub) {
		n := len(sub)
		for i := 0; i+n <= len(s); i++ {
			if strings.EqualFold(s[i:i+n], sub) {
				return true
			}
		}
		return false
	}
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func hasPrefixFold(s, p string) bool {
	if isASCII(s) && isASCII(p) {
		return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
	}
	return strings.HasPrefix(strings.ToLower(s), strings.ToLower(p))
}

func hasSuffixFold(s, p string) bool {
	if isASCII(s) && isASCII(p) {
		return len(s) >= len(p) && strings.EqualFold(s[len(s)-len(p):], p)
	}
	return strings.HasSuffix(strings.ToLower(s), strings.ToLower(p))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Less reports whether a sorts before b under keys. Missing and null
// values sort last whatever the direction; ties keep their order when used
// with a stable sort.
func Less(keys []SortKey, a, b Record) bool {
	return CompareRecords(keys, a, b) < 0
}

// CompareRecords orders a and b under keys (negative: a first).
func CompareRecords(keys []SortKey, a, b Record) int {
	for _, k := range keys {
		av, aok := a[k.Field]
		bv, bok := b[k.Field]
		aok = aok && av != nil
		bok = bok && bv != nil
		switch {
		case !aok && !bok:
			continue
		case !aok:
			return 1
		case !bok:
			return -1
		}
		c, _ := Compare(k.Type, av, bv, false)
		if c == 0 {
			continue
		}
		if k.Desc {
			return -c
		}
		return c
	}
	return 0
}

// SortRecords sorts recs by keys, stably.
func SortRecords(recs []Record, keys []SortKey) {
	if len(keys) == 0 {
		return
	}
	sort.SliceStable(recs, func(i, j int) bool { return CompareRecords(keys, recs[i], recs[j]) < 0 })
}
