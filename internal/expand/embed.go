package expand

import (
	"fmt"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/schema"
)

// DefaultMaxRecords bounds the records one answer may embed unless
// options.maxExpandRecords says otherwise.
const DefaultMaxRecords = 10_000

// Budget is what is left of the records one answer may embed.
type Budget struct {
	left, limit int
}

// NewBudget returns the budget of one answer: limit records, or
// DefaultMaxRecords when limit is 0 or less.
func NewBudget(limit int) *Budget {
	if limit <= 0 {
		limit = DefaultMaxRecords
	}
	return &Budget{left: limit, limit: limit}
}

// exceeded is the answer to a request that would embed more than the budget.
func (b *Budget) exceeded() error {
	return &query.Error{Param: query.ParamExpand, Reason: fmt.Sprintf(
		"the answer would embed more than %d records (options.maxExpandRecords); ask for a smaller page or fewer, shorter paths", b.limit)}
}

// Embed embeds into recs, records of a resource, the related records p
// names, one lookup per relationship per level for all of recs together.
// It takes what it embeds from budget: more is an *query.Error found
// before any record is copied.
//
// The same related record may be embedded in several parents. When it is
// expanded further, each parent gets its own copy, so deeper expansion
// stays per parent; otherwise they share it.
func Embed(tx adapter.Tx, spec *schema.Spec, res *schema.Resource, recs []adapter.Record, p Plan, budget *Budget) error {
	if p.Empty() || len(recs) == 0 {
		return nil
	}
	for _, st := range p.steps {
		related, err := Related(tx, spec, res, st.Rel, recs, budget)
		if err != nil {
			return err
		}
		deeper := !st.Next.Empty()
		own := func(r adapter.Record) adapter.Record {
			if deeper {
				return adapter.Clone(r)
			}
			return r
		}
		var children []adapter.Record
		for i, rec := range recs {
			switch v := related[i].(type) {
			case adapter.Record:
				c := own(v)
				rec[st.Name] = c
				children = append(children, c)
			case []any:
				list := make([]any, len(v))
				for j, e := range v {
					c := own(e.(adapter.Record))
					list[j] = c
					children = append(children, c)
				}
				rec[st.Name] = list
			default:
				rec[st.Name] = nil
			}
		}
		if deeper {
			if err := Embed(tx, spec, st.Target, children, st.Next, budget); err != nil {
				return err
			}
		}
	}
	return nil
}

// Filter is the filter on the target resource of rel that selects the
// records related to any of parents, records of res. For manyToMany it
// reads the join resource first and returns its records too: at most
// limit of them when limit is positive (a caller that gets more knows
// there are too many).
func Filter(tx adapter.Tx, spec *schema.Spec, res *schema.Resource, rel *schema.Relationship, parents []adapter.Record, limit int) (adapter.Filter, []adapter.Record, error) {
	target := spec.Resource(rel.Resource)
	switch rel.Type {
	case schema.BelongsTo:
		return in(target, target.Key(), collect(parents, rel.ForeignKey)), nil, nil
	case schema.ManyToMany:
		through := spec.Resource(rel.Through)
		page, err := tx.List(through.Name, &adapter.Query{Filters: []adapter.Filter{
			in(through, rel.ForeignKey, collect(parents, res.Key())),
		}, PerPage: max(limit, 0)})
		if err != nil {
			return adapter.Filter{}, nil, err
		}
		return in(target, target.Key(), collect(page.Records, rel.TargetKey)), page.Records, nil
	default: // hasOne, hasMany
		return in(target, rel.ForeignKey, collect(parents, res.Key())), nil, nil
	}
}

// in is the filter field IN values, typed as res declares field.
func in(res *schema.Resource, field string, values []any) adapter.Filter {
	f := adapter.Filter{Field: field, Op: adapter.OpIn, Values: values}
	if fd := res.Field(field); fd != nil {
		f.Type = fd.Type
	}
	return f
}

// collect returns the distinct non-null values of field in recs.
func collect(recs []adapter.Record, field string) []any {
	seen := make(map[string]bool, len(recs))
	out := make([]any, 0, len(recs))
	for _, r := range recs {
		v := r[field]
		k, ok := adapter.Key(v)
		if !ok || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, v)
	}
	return out
}

// Related returns, for each parent (a record of res), its related record
// (an adapter.Record or nil for belongsTo/hasOne) or records (a []any for
// hasMany/manyToMany), with one or two lookups for all parents together.
// When budget is not nil, the records embedded in all parents together
// (each parent's count, a record related to two parents counting twice)
// are taken from it, and a relationship that would embed more than it
// holds is an error found before any list is built: no lookup reads more
// than one record beyond the budget.
func Related(tx adapter.Tx, spec *schema.Spec, res *schema.Resource, rel *schema.Relationship, parents []adapter.Record, budget *Budget) ([]any, error) {
	target := spec.Resource(rel.Resource)
	out := make([]any, len(parents))
	if len(parents) == 0 {
		return out, nil
	}
	// Every record read, and every link of a manyToMany, is embedded in
	// at least one parent: reading one more than the budget is enough to
	// know that it would be exceeded. (A hasOne embeds only the first of
	// a parent's records, and at most one per parent.)
	limit := 0
	if budget != nil && rel.Type != schema.HasOne {
		limit = budget.left + 1
	}
	filter, join, err := Filter(tx, spec, res, rel, parents, limit)
	if err != nil {
		return nil, err
	}
	if limit > 0 && len(join) > budget.left {
		return nil, budget.exceeded()
	}
	page, err := tx.List(target.Name, &adapter.Query{Filters: []adapter.Filter{filter}, PerPage: limit})
	if err != nil {
		return nil, err
	}
	if limit > 0 && len(page.Records) > budget.left {
		return nil, budget.exceeded()
	}
	// Group the related records by the value that links them to a parent.
	groups := make(map[string][]adapter.Record, len(page.Records))
	for _, rec := range page.Records {
		if k, ok := adapter.Key(rec[filter.Field]); ok {
			groups[k] = append(groups[k], rec)
		}
	}
	var joinGroups map[string][]string
	if rel.Type == schema.ManyToMany {
		joinGroups = make(map[string][]string, len(join))
		for _, j := range join {
			pk, ok1 := adapter.Key(j[rel.ForeignKey])
			tk, ok2 := adapter.Key(j[rel.TargetKey])
			if ok1 && ok2 {
				joinGroups[pk] = append(joinGroups[pk], tk)
			}
		}
	}
	// linkKey is the key of a parent in groups (joinGroups for manyToMany).
	linkKey := func(p adapter.Record) (string, bool) {
		if rel.Type == schema.BelongsTo {
			return adapter.Key(p[rel.ForeignKey])
		}
		return adapter.Key(p[res.Key()])
	}
	if budget != nil {
		// Count what the parents would embed before building anything.
		n := 0
		for _, p := range parents {
			k, ok := linkKey(p)
			switch {
			case !ok:
			case rel.Type == schema.BelongsTo || rel.Type == schema.HasOne:
				n += min(len(groups[k]), 1)
			case rel.Type == schema.ManyToMany:
				for _, tk := range joinGroups[k] {
					n += len(groups[tk])
				}
			default:
				n += len(groups[k])
			}
			if n > budget.left {
				return nil, budget.exceeded()
			}
		}
		budget.left -= n
	}
	for i, p := range parents {
		k, ok := linkKey(p)
		switch rel.Type {
		case schema.BelongsTo, schema.HasOne:
			if g := groups[k]; ok && len(g) > 0 {
				out[i] = g[0]
			} else {
				out[i] = nil
			}
		case schema.ManyToMany:
			list := []any{}
			for _, tk := range joinGroups[k] {
				for _, rec := range groups[tk] {
					list = append(list, rec)
				}
			}
			out[i] = list
		default:
			list := make([]any, 0, len(groups[k]))
			for _, rec := range groups[k] {
				list = append(list, rec)
			}
			out[i] = list
		}
	}
	return out, nil
}
