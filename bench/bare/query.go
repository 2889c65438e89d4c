package main

import (
	"errors"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// defaultPageLimit is json-server's page size when _page comes without a
// usable _limit.
const defaultPageLimit = 10

// listQuery is a list request in json-server 0.17's dialect, reduced to
// what the benchmark's workloads use: field=value filters (repeated: any
// of them), _sort/_order, _page/_limit and _start/_limit.
type listQuery struct {
	filters []filter
	sort    []sortKey
	// page is the 1-based page, 0 when the request has no _page.
	page int
	// limit is the page size or slice length, -1 when there is none.
	limit int
	// start is where a _limit slice without _page begins.
	start int
}

// filter keeps records whose field's text equals one of values.
type filter struct {
	field  string
	values []string
}

// sortKey is one _sort field and its _order.
type sortKey struct {
	field string
	desc  bool
}

// parseListQuery reads q. Like json-server it never refuses a query:
// parameters starting with "_" that it does not know are ignored, and
// every other parameter is a field filter (an unknown field matches
// nothing). Bad or out-of-range numbers are clamped, as described on each.
func parseListQuery(q url.Values) listQuery {
	lq := listQuery{limit: -1}
	for key, values := range q {
		if key == "" || strings.HasPrefix(key, "_") || key == "q" {
			continue
		}
		lq.filters = append(lq.filters, filter{field: key, values: values})
	}
	if s := q.Get("_sort"); s != "" {
		orders := strings.Split(q.Get("_order"), ",")
		for i, field := range strings.Split(s, ",") {
			desc := i < len(orders) && strings.EqualFold(strings.TrimSpace(orders[i]), "desc")
			lq.sort = append(lq.sort, sortKey{field: strings.TrimSpace(field), desc: desc})
		}
	}
	limit, limitOK := parseCount(q.Get("_limit"))
	if q.Has("_page") {
		// _page below 1 or unreadable is page 1; _limit below 1 or
		// unreadable is the default page size.
		lq.page = 1
		if p, ok := parseCount(q.Get("_page")); ok && p >= 1 {
			lq.page = p
		}
		lq.limit = defaultPageLimit
		if limitOK && limit >= 1 {
			lq.limit = limit
		}
		return lq
	}
	// Without _page, _limit slices from _start; a negative or unreadable
	// _limit is ignored, a negative or unreadable _start is 0.
	if limitOK && limit >= 0 {
		lq.limit = limit
	}
	if s, ok := parseCount(q.Get("_start")); ok && s > 0 {
		lq.start = s
	}
	return lq
}

// parseCount reads a decimal integer, clamping values beyond int's range to
// its limits. It reports false for anything that is not an integer.
func parseCount(s string) (int, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 0)
	if errors.Is(err, strconv.ErrRange) {
		if strings.HasPrefix(strings.TrimSpace(s), "-") {
			return math.MinInt, true
		}
		return math.MaxInt, true
	}
	if err != nil {
		return 0, false
	}
	return int(n), true
}

// pageCount is the number of pages of total records, at least 1.
func pageCount(total, limit int) int {
	if total == 0 || limit <= 0 {
		return 1
	}
	return (total-1)/limit + 1
}

// window returns the part of rows that lq's page or slice selects.
func window[T any](rows []T, lq listQuery) []T {
	if lq.limit < 0 {
		return rows
	}
	start := lq.start
	if lq.page > 0 {
		// (page-1)*limit cannot overflow: it is only computed when it is
		// at most len(rows).
		if lq.page-1 > len(rows)/lq.limit {
			return rows[:0]
		}
		start = (lq.page - 1) * lq.limit
	}
	if start >= len(rows) {
		return rows[:0]
	}
	end := len(rows)
	if lq.limit < end-start {
		end = start + lq.limit
	}
	return rows[start:end]
}
