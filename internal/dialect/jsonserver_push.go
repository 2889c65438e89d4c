package dialect

import (
	"math"
	"slices"
	"strconv"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// pushDown returns the store filters that answer the plain filters of q
// exactly as json-server compares them (String(value) === parameter), so
// that the store and its indexes narrow the records before the dialect
// reads them: a filter on a declared number, integer, boolean or string
// field whose every parameter is the string some value of that type has
// (5 for a number, never 5.0 or 05, which String(5) is not). It returns
// nothing unless every plain filter of q qualifies: a plain filter is
// dropped when no record has its field, which only the records not kept
// could tell. The dialect still applies every filter to what the store
// answers; an empty answer must be read again without the pushed filters.
func (q *jsQuery) pushDown(res *schema.Resource) []adapter.Filter {
	var out []adapter.Filter
	for i := range q.filters {
		f := &q.filters[i]
		if f.op != jsEq {
			continue
		}
		if len(f.path) != 1 {
			return nil
		}
		field := res.Field(f.path[0])
		if field == nil {
			return nil
		}
		values := make([]any, 0, len(f.values))
		for _, w := range f.values {
			v, ok := jsTyped(field.Type, w)
			if !ok {
				return nil
			}
			values = append(values, v)
		}
		op := adapter.OpEq
		if len(values) > 1 {
			op = adapter.OpIn
		}
		out = append(out, adapter.Filter{Field: field.Name, Type: field.Type, Op: op, Values: values})
	}
	return out
}

// jsTyped is the value of type typ whose String is w, and whether there is
// one: the only value of a field of that type that json-server's w
// matches.
func jsTyped(typ, w string) (any, bool) {
	switch typ {
	case schema.TypeString:
		return w, true
	case schema.TypeBoolean:
		switch w {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	case schema.TypeNumber, schema.TypeInteger:
		f, err := strconv.ParseFloat(w, 64)
		if err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && jsNumber(f) == w {
			return f, true
		}
	}
	return nil, false
}

// withFilters is q with filters added to its own, q left as it is.
func withFilters(q *adapter.Query, filters []adapter.Filter) *adapter.Query {
	c := *q
	c.Filters = append(slices.Clip(q.Filters), filters...)
	return &c
}
