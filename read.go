package pretendo

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/dialect"
	"github.com/pretendo-go/pretendo/internal/expand"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/internal/router"
	"github.com/pretendo-go/pretendo/schema"
)

// readKind says which records a read asks for.
type readKind uint8

const (
	// readList is a page of a resource's records: GET /{r}.
	readList readKind = iota
	// readOne is one record by its id: GET /{r}/{id}.
	readOne
	// readRelatedList is a page of the records related to one record
	// (hasMany, manyToMany): GET /{r}/{id}/{rel}.
	readRelatedList
	// readRelatedOne is the record related to one record, or none
	// (belongsTo, hasOne): GET /{r}/{id}/{rel}.
	readRelatedOne
)

// readRequest is one read of records, over HTTP (GET and HEAD) or through
// typed access.
type readRequest struct {
	kind readKind
	// info is the resource of the records answered.
	info *resourceInfo
	// parent, rel and rawID name the record a related read starts from;
	// rawID alone names the record of readOne. It is read by the type of
	// the primary key, as the path gives it (escaped), unless id is set.
	parent *resourceInfo
	rel    *schema.Relationship
	rawID  string
	id     any
	// query is the parsed query, or nil to parse rawQuery with the
	// server's dialect once the read is guarded (a client that may not
	// read learns nothing about its query).
	query    *adapter.Query
	rawQuery string
	// asText lets the answer be the records' stored JSON text (an HTTP
	// answer), when nothing is to be hidden, kept out or embedded.
	asText bool
}

// readResult is what a read found.
type readResult struct {
	// query is the query answered, and values its parameters.
	query  *adapter.Query
	values url.Values
	// page holds a list's records, or only its total when texts is set.
	page  adapter.Page
	texts [][]byte
	// rec is the record of a single read (nil for none), text its stored
	// JSON text when the read was answered with it.
	rec  adapter.Record
	text []byte
}

// reading is one read under way: the request, what the guard granted,
// the query, and what the read found. One value holds it all, taken from
// a pool, so that a read allocates nothing of its own.
type reading struct {
	readRequest
	s      *Server
	g, gp  *auth.Grant
	q      *adapter.Query
	one    adapter.Query // the query of a single read, parsed in place
	plan   expand.Plan
	asText bool
	out    readResult
}

var readings = sync.Pool{New: func() any { return new(reading) }}

// release returns rd to the pool; neither rd nor its result may be used
// afterwards.
func (rd *reading) release() {
	*rd = reading{}
	readings.Put(rd)
}

// read is the one way every read of records takes: collection lists,
// related lists, single records, related single records, each with expand,
// for HTTP and typed access alike. It takes the access scope sc once and
// applies, in this order and nowhere else, each step a read must not skip:
//
//  1. guard: what sc may do to the records read (list, or get for a
//     single record) and to the record a related read starts from (get),
//     or a 403;
//  2. row restriction: with an owner-only grant a list keeps the user's
//     records only and a single record of someone else is a 403, the
//     record a related read starts from included; expand only embeds
//     resources sc may read in full;
//  3. secret hiding: the password of the user resource cannot be filtered,
//     sorted or searched on, and is removed from every record answered,
//     embedded ones included;
//  4. field projection: fields keeps only the fields asked for.
//
// The query is parsed (with the server's dialect) after the guard, so that
// a client that may not read learns nothing about its query, and the
// expand paths are resolved once, into the plan every later step uses.
//
// The caller releases the reading it gets once done with its result.
func (s *Server) read(ctx context.Context, sc auth.Scope, rq readRequest) (*reading, error) {
	rd := readings.Get().(*reading)
	rd.readRequest, rd.s = rq, s
	if err := rd.run(ctx, sc); err != nil {
		rd.release()
		return nil, err
	}
	return rd, nil
}

// run runs the read of rd in scope sc.
func (rd *reading) run(ctx context.Context, sc auth.Scope) error {
	s := rd.s
	res := rd.info.res
	list := rd.kind == readList || rd.kind == readRelatedList
	// 1. Guard.
	var err error
	if rd.parent != nil {
		if rd.gp, err = sc.Permit(rd.parent.res, auth.ActionGet); err != nil {
			return err
		}
	}
	action := auth.ActionGet
	if list {
		action = auth.ActionList
	}
	if rd.g, err = sc.Permit(res, action); err != nil {
		return err
	}
	if rd.id == nil && rd.kind != readList {
		from := rd.info
		if rd.parent != nil {
			from = rd.parent
		}
		if rd.id, err = s.pathID(rd.rawID, from); err != nil {
			return err
		}
	}
	switch {
	case rd.query != nil:
		rd.q = rd.query
	case list:
		rd.q, rd.out.values, err = s.dialect.ParseList(rd.rawQuery, res)
	default:
		rd.q = &rd.one
		err = s.dialect.ParseOne(rd.rawQuery, res, rd.q)
	}
	if err != nil {
		return err
	}
	// 2. Row restriction, and expand into resources read in full only.
	if list {
		rd.g.Restrict(rd.q)
	}
	rd.plan, err = expand.New(s.spec, res, rd.q.Expand)
	if err == nil && sc.User() != nil {
		// 3. The secrets of the query: no filter, sort or search on them.
		if err = s.auth.CheckQuery(res, rd.q.Filters, rd.q.Sort); err == nil {
			err = sc.CheckExpand(rd.plan)
		}
	}
	if err != nil {
		return err
	}
	rd.q = s.auth.HideSearch(res, rd.q)
	rd.out.query = rd.q
	rd.asText = rd.readRequest.asText && rd.plan.Empty() && rd.q.Fields == nil && s.auth.Hidden(res) == "" && (list || !rd.g.Owner())
	if err := s.db.View(ctx, rd.view); err != nil {
		return err
	}
	out := &rd.out
	if out.texts != nil || out.text != nil {
		return nil
	}
	recs := out.page.Records
	if out.rec != nil {
		recs = []adapter.Record{out.rec}
	}
	// 3. The secrets of the records, embedded ones included.
	s.auth.HideRecords(res, recs, rd.plan)
	// 4. Field projection.
	query.Project(recs, rd.q.Fields)
	if out.rec != nil {
		out.rec = recs[0]
	}
	return nil
}

// view reads the records of rd through tx, checking each single record
// against the grants, and embeds what rd's plan names.
func (rd *reading) view(tx adapter.Tx) error {
	s, res := rd.s, rd.info.res
	var parent adapter.Record
	if rd.parent != nil {
		p, err := tx.Get(rd.parent.res.Name, rd.id)
		if err != nil {
			return s.notFound(err, rd.parent, rd.id)
		}
		if err := rd.gp.Check(p); err != nil {
			return err
		}
		parent = p
	}
	var recs []adapter.Record
	switch rd.kind {
	case readList, readRelatedList:
		q := rd.q
		if parent != nil {
			filter, _, err := expand.Filter(tx, s.spec, rd.parent.res, rd.rel, []adapter.Record{parent}, 0)
			if err != nil {
				return err
			}
			related := *q
			related.Filters = append([]adapter.Filter{filter}, q.Filters...)
			q = &related
		}
		// A dialect that selects reads and picks the page of its queries.
		sel, selects := s.dialect.(dialect.Selector)
		selects = selects && rd.query == nil
		var err error
		if selects {
			rd.out.page, rd.out.texts, err = sel.SelectPage(tx, res, q, rd.out.values, rd.asText)
		} else {
			rd.out.page, rd.out.texts, err = adapter.ListText(tx, res.Name, q, rd.asText)
		}
		if err != nil || rd.out.texts != nil {
			return err
		}
		recs = rd.out.page.Records
	case readOne:
		rec, text, err := adapter.GetText(tx, res.Name, rd.id, rd.asText)
		if errors.Is(err, adapter.ErrNotFound) {
			return &NotFoundError{Resource: res.Name, ID: rd.id}
		}
		if err != nil || text != nil {
			rd.out.text = text
			return err
		}
		if err := rd.g.Check(rec); err != nil {
			return err
		}
		rd.out.rec, recs = rec, []adapter.Record{rec}
	case readRelatedOne:
		related, err := expand.Related(tx, s.spec, rd.parent.res, rd.rel, []adapter.Record{parent}, nil)
		if err != nil {
			return err
		}
		rec, ok := related[0].(adapter.Record)
		if !ok {
			return nil
		}
		if err := rd.g.Check(rec); err != nil {
			return err
		}
		rd.out.rec, recs = rec, []adapter.Record{rec}
	}
	if rd.plan.Empty() {
		return nil
	}
	return expand.Embed(tx, s.spec, res, recs, rd.plan, expand.NewBudget(s.spec.Options.MaxExpandRecords))
}

// serveRead answers a GET or HEAD of records: rq through the read
// pipeline in the scope of r, written by the server's dialect.
func (s *Server) serveRead(w http.ResponseWriter, r *http.Request, rq readRequest) {
	sc, ok := s.scope(w, r)
	if !ok {
		return
	}
	rq.asText = true
	rd, err := s.read(r.Context(), sc, rq)
	if err == nil {
		defer rd.release()
		out := &rd.out
		switch {
		case rq.kind == readList || rq.kind == readRelatedList:
			err = s.dialect.WriteList(w, r, dialect.Page{Query: out.query, Values: out.values, Total: out.page.Total, Records: out.page.Records, Texts: out.texts})
		case out.text != nil:
			s.dialect.WriteDataJSON(w, r, http.StatusOK, out.text)
		case out.rec != nil:
			err = s.dialect.WriteData(w, r, http.StatusOK, out.rec)
		default:
			err = s.dialect.WriteData(w, r, http.StatusOK, nil)
		}
	}
	if err != nil {
		s.fail(w, r, err)
	}
}

// serveDB serves GET /db of the json-server dialect: every resource's
// records, each list read through the pipeline in the scope of r.
func (s *Server) serveDB(w http.ResponseWriter, r *http.Request, _ router.Params) {
	sc, ok := s.scope(w, r)
	if !ok {
		return
	}
	names, lists := make([]string, len(s.spec.Resources)), make([][]adapter.Record, len(s.spec.Resources))
	for i := range names {
		names[i] = s.spec.Resources[i].Name
		rd, err := s.read(r.Context(), sc, readRequest{kind: readList, info: s.info[names[i]], query: &adapter.Query{}})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		lists[i] = rd.out.page.Records
		rd.release()
	}
	if err := s.dialect.(*dialect.JSONServer).WriteDB(w, r, names, lists); err != nil {
		s.fail(w, r, err)
	}
}
