package pretendo

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/schema"
)

// serveRelated serves GET and POST /{r}/{id}/{rel}: the records related to
// one record through the relationship named rel.
func (s *Server) serveRelated(w http.ResponseWriter, r *http.Request) {
	info, ok := s.resource(w, r)
	if !ok {
		return
	}
	relName, _ := url.PathUnescape(pathSegment(r, 2))
	rel := info.res.Relationship(relName)
	if rel == nil {
		s.fail(w, r, httperr.New(http.StatusNotFound, CodeRouteNotFound, "%s has no relationship %q", info.res.Name, relName))
		return
	}
	allow := "GET, HEAD, OPTIONS"
	if rel.Type == schema.HasMany {
		allow = allowRelated
	}
	switch r.Method {
	case http.MethodOptions:
		s.options(w, r, allow)
		return
	case http.MethodGet, http.MethodHead:
	case http.MethodPost:
		if rel.Type != schema.HasMany {
			s.methodNotAllowed(w, r, allow)
			return
		}
	default:
		s.methodNotAllowed(w, r, allow)
		return
	}
	target := s.info[rel.Resource]
	toOne := rel.Type == schema.BelongsTo || rel.Type == schema.HasOne
	action := auth.ActionList
	switch {
	case r.Method == http.MethodPost:
		action = auth.ActionCreate
	case toOne:
		action = auth.ActionGet
	}
	sc, gp, gt, ok := s.guardRelated(w, r, info, target, action)
	if !ok {
		return
	}
	id, err := s.pathID(r, info)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.Method == http.MethodPost {
		s.createRelated(w, r, info, id, rel, target, gp, gt)
		return
	}
	if toOne {
		s.getRelatedOne(w, r, info, id, rel, target, sc, gp, gt)
		return
	}
	values, err := s.requestQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := query.Parse(values, s.spec, target.res, s.qopts)
	if err == nil {
		err = s.restrict(sc, gt, target.res, q)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var page adapter.Page
	var texts [][]byte
	asStored := s.asStored(target, q.Expand, q.Fields)
	err = s.db.View(r.Context(), func(tx adapter.Tx) error {
		parent, err := tx.Get(info.res.Name, id)
		if err != nil {
			return s.notFound(err, info, id)
		}
		if err := gp.Check(parent); err != nil {
			return err
		}
		filter, _, err := s.relatedFilter(tx, info.res, rel, []adapter.Record{parent}, 0)
		if err != nil {
			return err
		}
		rq := *q
		rq.Filters = append([]adapter.Filter{filter}, q.Filters...)
		s.hideSecrets(target, &rq)
		// Records that show as stored are sent as their kept text.
		page, texts, err = listPage(tx, target.res.Name, &rq, asStored)
		if err != nil || texts != nil {
			return err
		}
		return s.expand(tx, target.res, page.Records, q.Expand)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if texts != nil {
		s.writeListText(w, r, q, page.Total, texts)
		return
	}
	s.hide(target.res, page.Records, q.Expand)
	project(page.Records, q.Fields)
	s.writeList(w, r, q, page)
}

// guardRelated checks that r may read the parent record (get) and do
// action to the related resource, writing the 401 or 403 answer when it
// may not. With auth off both grants are nil (everything).
func (s *Server) guardRelated(w http.ResponseWriter, r *http.Request, parent, target *resourceInfo, action string) (sc auth.Scope, gp, gt *auth.Grant, ok bool) {
	sc, ok = s.scope(w, r)
	if !ok {
		return sc, nil, nil, false
	}
	gp, err := sc.Permit(parent.res, auth.ActionGet)
	if err == nil {
		gt, err = sc.Permit(target.res, action)
	}
	if err != nil {
		s.fail(w, r, err)
		return sc, nil, nil, false
	}
	return sc, gp, gt, true
}

func isNotFound(err error) bool { return errors.Is(err, adapter.ErrNotFound) }

func (s *Server) getRelatedOne(w http.ResponseWriter, r *http.Request, info *resourceInfo, id any, rel *schema.Relationship, target *resourceInfo, sc auth.Scope, gp, gt *auth.Grant) {
	fields, expand, err := s.singleQuery(r, target)
	if err == nil {
		err = sc.CheckExpand(target.res, expand)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var rec adapter.Record
	err = s.db.View(r.Context(), func(tx adapter.Tx) error {
		parent, err := tx.Get(info.res.Name, id)
		if err != nil {
			return s.notFound(err, info, id)
		}
		if err := gp.Check(parent); err != nil {
			return err
		}
		related, err := s.fetchRelated(tx, info.res, rel, []adapter.Record{parent}, nil)
		if err != nil {
			return err
		}
		if v, ok := related[0].(adapter.Record); ok {
			if err := gt.Check(v); err != nil {
				return err
			}
			rec = v
			return s.expand(tx, target.res, []adapter.Record{rec}, expand)
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rec == nil {
		s.respondData(w, r, http.StatusOK, nil)
		return
	}
	recs := []adapter.Record{rec}
	s.hide(target.res, recs, expand)
	project(recs, fields)
	s.respondData(w, r, http.StatusOK, recs[0])
}

func (s *Server) createRelated(w http.ResponseWriter, r *http.Request, info *resourceInfo, id any, rel *schema.Relationship, target *resourceInfo, gp, gt *auth.Grant) {
	body, err := s.readBody(w, r, target.fields)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.createRecord(r.Context(), target, body, gt, func(tx adapter.WriteTx) error {
		parent, err := tx.Get(info.res.Name, id)
		if err != nil {
			return s.notFound(err, info, id)
		}
		if err := gp.Check(parent); err != nil {
			return err
		}
		body[rel.ForeignKey] = parent[info.res.Key()]
		// The foreign key may be the owner field: a user may create a
		// record that someone else owns only where stamp would let it.
		return gt.CheckOwner(body)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", recordURL(r, target, rec[target.res.Key()]))
	s.respondData(w, r, http.StatusCreated, rec)
}

// notFound turns a missing parent into a NotFoundError naming it.
func (s *Server) notFound(err error, info *resourceInfo, id any) error {
	if isNotFound(err) {
		return &NotFoundError{Resource: info.res.Name, ID: id}
	}
	return err
}

// relatedFilter is the filter on the target resource of rel that selects
// the records related to any of parents. For manyToMany it reads the join
// resource first and returns its records too: at most limit of them when
// limit is positive (a caller that gets more knows there are too many).
func (s *Server) relatedFilter(tx adapter.Tx, res *schema.Resource, rel *schema.Relationship, parents []adapter.Record, limit int) (adapter.Filter, []adapter.Record, error) {
	target := s.spec.Resource(rel.Resource)
	switch rel.Type {
	case schema.BelongsTo:
		return inFilter(target, target.Key(), collect(parents, rel.ForeignKey)), nil, nil
	case schema.ManyToMany:
		through := s.spec.Resource(rel.Through)
		page, err := tx.List(through.Name, &adapter.Query{Filters: []adapter.Filter{
			inFilter(through, rel.ForeignKey, collect(parents, res.Key())),
		}, PerPage: max(limit, 0)})
		if err != nil {
			return adapter.Filter{}, nil, err
		}
		return inFilter(target, target.Key(), collect(page.Records, rel.TargetKey)), page.Records, nil
	default: // hasOne, hasMany
		return inFilter(target, rel.ForeignKey, collect(parents, res.Key())), nil, nil
	}
}

func inFilter(res *schema.Resource, field string, values []any) adapter.Filter {
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

// fetchRelated returns, for each parent, its related record (an
// adapter.Record or nil for belongsTo/hasOne) or records (a []any for
// hasMany/manyToMany), with one or two lookups for all parents together.
// When budget is not nil, the records embedded in all parents together
// (each parent's count, a record related to two parents counting twice)
// are taken from it, and a relationship that would embed more than it
// holds is an error found before any list is built: no lookup reads more
// than one record beyond the budget.
func (s *Server) fetchRelated(tx adapter.Tx, res *schema.Resource, rel *schema.Relationship, parents []adapter.Record, budget *expandBudget) ([]any, error) {
	target := s.spec.Resource(rel.Resource)
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
	filter, join, err := s.relatedFilter(tx, res, rel, parents, limit)
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
	groupField := filter.Field
	groups := make(map[string][]adapter.Record, len(page.Records))
	for _, rec := range page.Records {
		if k, ok := adapter.Key(rec[groupField]); ok {
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
	// linkKey is the key of parent i in groups (joinGroups for manyToMany).
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

// defaultMaxExpandRecords bounds the records one answer may embed through
// expand unless options.maxExpandRecords says otherwise.
const defaultMaxExpandRecords = 10_000

// expandBudget is what is left of the records one answer may embed.
type expandBudget struct {
	left, limit int
}

// newExpandBudget returns the full budget of one answer of s.
func (s *Server) newExpandBudget() *expandBudget {
	limit := s.spec.Options.MaxExpandRecords
	if limit <= 0 {
		limit = defaultMaxExpandRecords
	}
	return &expandBudget{left: limit, limit: limit}
}

// exceeded is the answer to a request that would embed more than the budget.
func (b *expandBudget) exceeded() error {
	return &query.Error{Param: "expand", Reason: fmt.Sprintf(
		"the answer would embed more than %d records (options.maxExpandRecords); ask for a smaller page or fewer, shorter paths", b.limit)}
}

// expand embeds related records into recs along each path of expand (like
// "comments.user"), one lookup per relationship per level for the whole
// page, never one per record. One answer embeds at most
// options.maxExpandRecords records; more is an INVALID_QUERY error, found
// before the records are copied.
func (s *Server) expand(tx adapter.Tx, res *schema.Resource, recs []adapter.Record, paths []string) error {
	if len(paths) == 0 || len(recs) == 0 {
		return nil
	}
	return s.expandWithin(tx, res, recs, paths, s.newExpandBudget())
}

// expandWithin is expand, taking what it embeds from budget.
func (s *Server) expandWithin(tx adapter.Tx, res *schema.Resource, recs []adapter.Record, paths []string, budget *expandBudget) error {
	if len(paths) == 0 || len(recs) == 0 {
		return nil
	}
	// Group the paths by their first segment, keeping first-seen order.
	var order []string
	rest := make(map[string][]string)
	for _, p := range paths {
		head, tail, _ := strings.Cut(p, ".")
		if _, ok := rest[head]; !ok {
			order = append(order, head)
			rest[head] = nil
		}
		if tail != "" {
			rest[head] = append(rest[head], tail)
		}
	}
	for _, name := range order {
		rel := res.Relationship(name)
		if rel == nil {
			return &query.Error{Param: "expand", Reason: "unknown relationship " + name}
		}
		related, err := s.fetchRelated(tx, res, rel, recs, budget)
		if err != nil {
			return err
		}
		// The same related record may be embedded in several parents. When
		// it is expanded further, each parent gets its own copy, so deeper
		// expansion stays per parent; otherwise they can share it.
		deeper := len(rest[name]) > 0
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
				rec[name] = c
				children = append(children, c)
			case []any:
				list := make([]any, len(v))
				for j, e := range v {
					c := own(e.(adapter.Record))
					list[j] = c
					children = append(children, c)
				}
				rec[name] = list
			default:
				rec[name] = nil
			}
		}
		if sub := rest[name]; len(sub) > 0 {
			if err := s.expandWithin(tx, s.spec.Resource(rel.Resource), children, sub, budget); err != nil {
				return err
			}
		}
	}
	return nil
}
