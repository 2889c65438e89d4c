package query

import (
	"net/url"
	"slices"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// The reserved parameter names. Every other name is a filter on a field.
const (
	ParamSearch  = "q"
	ParamSort    = "sortBy"
	ParamPage    = "page"
	ParamPerPage = "perPage"
	ParamFields  = "fields"
	ParamExpand  = "expand"
)

// Parse reads the query of a list request on res into a Query: filters,
// search, sort, page (default 1), perPage (default and maximum from opts),
// fields and expand. Parameters are read in name order, so the filters come
// in that order and the first bad parameter by name is the one reported.
//
// A parameter Parse cannot read (an unknown operator, a value that is not of
// the field's type, a bad sort key, page or perPage, an unknown
// relationship, q, sortBy, page or perPage given twice, or with
// opts.Strict a field res does not declare) is an [*Error].
// Repeated fields and expand parameters are merged. Parse does not modify
// values; the returned Query shares strings with it.
func Parse(values url.Values, spec *schema.Spec, res *schema.Resource, opts Options) (*adapter.Query, error) {
	if res == nil {
		return nil, ErrNilResource
	}
	def, limit := opts.pageSizes()
	q := &adapter.Query{Page: 1, PerPage: def}

	var buf [16]string
	names := buf[:0]
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)

	for _, name := range names {
		vs := values[name]
		if len(vs) == 0 || opts.ignored(name) {
			continue
		}
		var err error
		switch name {
		case "":
			err = &Error{Param: name, Reason: "empty parameter name"}
		case ParamSearch:
			if err = once(name, vs); err == nil {
				q.Search = vs[0]
			}
		case ParamSort:
			if err = once(name, vs); err == nil {
				q.Sort, err = parseSort(vs[0], res, opts.Strict)
			}
		case ParamPage:
			if err = once(name, vs); err == nil {
				q.Page, err = positive(name, vs[0], 0)
			}
		case ParamPerPage:
			if err = once(name, vs); err == nil {
				q.PerPage, err = positive(name, vs[0], limit)
			}
		case ParamFields:
			for _, v := range vs {
				if q.Fields, err = appendFields(q.Fields, v, res, opts.Strict); err != nil {
					break
				}
			}
		case ParamExpand:
			for _, v := range vs {
				if q.Expand, err = appendExpand(q.Expand, v, spec, res); err != nil {
					break
				}
			}
		default:
			q.Filters, err = parseFilter(q.Filters, name, vs, res, opts.Strict)
		}
		if err != nil {
			return nil, err
		}
	}
	return q, nil
}

// once rejects a parameter given more than once.
func once(name string, vs []string) error {
	if len(vs) > 1 {
		return &Error{Param: name, Reason: "given more than once"}
	}
	return nil
}

// positive reads a page or perPage value, clamped to limit when limit > 0.
func positive(name, s string, limit int) (int, error) {
	n, ok := readPositive(s)
	if !ok {
		return 0, fail(name, "want a positive integer, got %s", quote(s))
	}
	if limit > 0 && n > limit {
		n = limit
	}
	return n, nil
}
