package query

import (
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// ParseFields reads the value of a fields parameter: comma-separated names
// of fields of res (the primary key included, and undeclared fields unless
// opts.Strict) or of its relationships (to keep what expand embeds).
// Duplicates collapse to their first occurrence. An empty name, or in
// strict mode an unknown one, is an [*Error]; so is an empty raw, since the
// caller passes the parameter only when present.
func ParseFields(raw string, res *schema.Resource, opts Options) ([]string, error) {
	if res == nil {
		return nil, ErrNilResource
	}
	return appendFields(nil, raw, res, opts.Strict)
}

// appendFields adds the fields named in raw to out, skipping duplicates.
func appendFields(out []string, raw string, res *schema.Resource, strict bool) ([]string, error) {
	for rest, more := raw, true; more; {
		var part string
		part, rest, more = strings.Cut(rest, ",")
		if part == "" {
			return nil, &Error{Param: ParamFields, Reason: "empty field name"}
		}
		_, field, ok := lookup(res, part)
		if !ok && res.Relationship(part) != nil {
			// A relationship name keeps the records embedded by expand.
			field, ok = part, true
		}
		if !ok {
			var err error
			if _, field, err = resolve(res, part, ParamFields, strict, relationNames(res)...); err != nil {
				return nil, err
			}
		}
		if !contains(out, field) {
			out = append(out, field)
		}
	}
	return out, nil
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// relationNames lists the names of res's relationships, for suggestions.
func relationNames(res *schema.Resource) []string {
	names := make([]string, 0, len(res.Relationships))
	for i := range res.Relationships {
		names = append(names, res.Relationships[i].Name())
	}
	return names
}

// Project keeps only fields in each record of recs, when fields is set
// (the fields a query's ParseFields read).
func Project(recs []adapter.Record, fields []string) {
	if fields == nil {
		return
	}
	for i, rec := range recs {
		out := make(adapter.Record, len(fields))
		for _, f := range fields {
			if v, ok := rec[f]; ok {
				out[f] = v
			}
		}
		recs[i] = out
	}
}
