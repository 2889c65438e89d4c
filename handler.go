package pretendo

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/headers"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/jsonwire"
	"github.com/pretendo-go/pretendo/internal/netsim"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/internal/reply"
	"github.com/pretendo-go/pretendo/schema"
)

// Allowed methods of each kind of path, for 405 and OPTIONS answers.
const (
	allowRoot       = "GET, HEAD, OPTIONS"
	allowCollection = "GET, HEAD, POST, OPTIONS"
	allowRecord     = "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"
	allowRelated    = "GET, HEAD, POST, OPTIONS"
)

// defaultMaxBodyBytes bounds request bodies unless options.maxBodyBytes says otherwise.
const defaultMaxBodyBytes = 1 << 20

// resourceInfo is what the handler precomputes about one resource.
type resourceInfo struct {
	res     *schema.Resource
	keyType string
	// fields maps each declared field name to itself, so request bodies
	// share these strings as keys (see jsonwire.DecodeObject).
	fields map[string]string
}

func buildInfo(s *Spec) map[string]*resourceInfo {
	m := make(map[string]*resourceInfo, len(s.Resources))
	for i := range s.Resources {
		res := &s.Resources[i]
		info := &resourceInfo{res: res, fields: res.Names()}
		if kf := res.KeyField(); kf != nil {
			info.keyType = kf.Type
		}
		m[res.Name] = info
	}
	return m
}

func (s *Server) serveRoot(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		names := make([]string, len(s.spec.Resources))
		for i, res := range s.spec.Resources {
			names[i] = res.Name
		}
		s.respond(w, r, http.StatusOK, struct {
			Name      string   `json:"name"`
			Resources []string `json:"resources"`
		}{"pretendo", names})
	case http.MethodOptions:
		s.options(w, r, allowRoot)
	default:
		s.methodNotAllowed(w, r, allowRoot)
	}
}

// resource returns the resource named by the path, or writes a 404.
func (s *Server) resource(w http.ResponseWriter, r *http.Request) (*resourceInfo, bool) {
	name, err := url.PathUnescape(pathSegment(r, 0))
	info := s.info[name]
	if err != nil || info == nil {
		if allow := s.customAllow(r); allow != "" {
			s.methodNotAllowed(w, r, allow)
			return nil, false
		}
		s.fail(w, r, httperr.New(http.StatusNotFound, CodeResourceNotFound, "unknown resource %q", name))
		return nil, false
	}
	return info, true
}

func (s *Server) serveCollection(w http.ResponseWriter, r *http.Request) {
	info, ok := s.resource(w, r)
	if !ok {
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if sc, g, ok := s.guard(w, r, info, auth.ActionList); ok {
			s.list(w, r, info, sc, g)
		}
	case http.MethodPost:
		if _, g, ok := s.guard(w, r, info, auth.ActionCreate); ok {
			s.create(w, r, info, g)
		}
	case http.MethodOptions:
		s.options(w, r, allowCollection)
	default:
		s.methodNotAllowed(w, r, allowCollection)
	}
}

func (s *Server) serveRecord(w http.ResponseWriter, r *http.Request) {
	info, ok := s.resource(w, r)
	if !ok {
		return
	}
	if r.Method == http.MethodOptions {
		s.options(w, r, allowRecord)
		return
	}
	action := auth.ActionGet
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodPut, http.MethodPatch:
		action = auth.ActionUpdate
	case http.MethodDelete:
		action = auth.ActionDelete
	default:
		s.methodNotAllowed(w, r, allowRecord)
		return
	}
	sc, g, ok := s.guard(w, r, info, action)
	if !ok {
		return
	}
	id, err := s.pathID(r, info)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.get(w, r, info, id, sc, g)
	case http.MethodPut:
		s.write(w, r, info, id, g, true)
	case http.MethodPatch:
		s.write(w, r, info, id, g, false)
	default:
		s.delete(w, r, info, id, g)
	}
}

// pathID reads the {id} of the path by the type of the primary key. An id
// that cannot be of that type names no record: a 404.
func (s *Server) pathID(r *http.Request, info *resourceInfo) (any, error) {
	seg := pathSegment(r, 1)
	raw, err := url.PathUnescape(seg)
	if err != nil {
		return nil, &NotFoundError{Resource: info.res.Name, ID: seg}
	}
	switch info.keyType {
	case schema.TypeNumber, schema.TypeInteger:
		// Only the canonical form names a record: not +1, 01 or 1.0.
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n > adapter.MaxSafeInteger || n < -adapter.MaxSafeInteger || strconv.FormatInt(n, 10) != raw {
			return nil, &NotFoundError{Resource: info.res.Name, ID: raw}
		}
		return float64(n), nil
	default:
		if raw == "" {
			return nil, &NotFoundError{Resource: info.res.Name, ID: raw}
		}
		return raw, nil
	}
}

// newQueryOptions reads the paging limits of sp, the error-simulation
// trigger the query parser must leave alone, and whether queries may name
// undeclared fields (not with options.strictValidation).
func newQueryOptions(sp *Spec) query.Options {
	o := sp.Options
	return query.Options{DefaultPageSize: o.DefaultPageSize, MaxPageSize: o.MaxPageSize, Ignore: []string{netsim.Trigger(sp)}, Strict: o.StrictValidation}
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, info *resourceInfo, sc auth.Scope, g *auth.Grant) {
	values, err := s.requestQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := query.Parse(values, s.spec, info.res, s.qopts)
	if err == nil {
		err = s.restrict(sc, g, info.res, q)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.asStored(info, q.Expand, q.Fields) {
		s.listText(w, r, info, q)
		return
	}
	page, err := s.listRecords(r.Context(), info, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeList(w, r, q, page)
}

// asStored reports whether an answer of info's records with expand and
// fields shows them exactly as they are stored: nothing to embed, leave out
// or hide.
func (s *Server) asStored(info *resourceInfo, expand, fields []string) bool {
	return len(expand) == 0 && len(fields) == 0 && !s.hides(info.res)
}

// listText answers a list query whose records show as stored with their
// JSON text, when the adapter keeps it (adapter.JSONReader), which saves
// copying and encoding each record; otherwise with the records.
func (s *Server) listText(w http.ResponseWriter, r *http.Request, info *resourceInfo, q *adapter.Query) {
	s.hideSecrets(info, q)
	var page adapter.Page
	var texts [][]byte
	err := s.db.View(r.Context(), func(tx adapter.Tx) error {
		var err error
		page, texts, err = listPage(tx, info.res.Name, q, true)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if texts != nil {
		s.writeListText(w, r, q, page.Total, texts)
		return
	}
	s.writeList(w, r, q, page)
}

// listPage answers q on resource through tx: with the records' kept JSON
// text when asText is set and tx keeps it (texts is then non-nil and page
// holds only the total), else with the records.
func listPage(tx adapter.Tx, resource string, q *adapter.Query, asText bool) (page adapter.Page, texts [][]byte, err error) {
	if jr, ok := tx.(adapter.JSONReader); ok && asText {
		tp, err := jr.ListJSON(resource, q)
		if err == nil && tp.Records == nil {
			tp.Records = [][]byte{}
		}
		return adapter.Page{Total: tp.Total}, tp.Records, err
	}
	page, err = tx.List(resource, q)
	return page, nil, err
}

// listRecords answers a list query with expansion, for HTTP and typed access alike.
func (s *Server) listRecords(ctx context.Context, info *resourceInfo, q *adapter.Query) (adapter.Page, error) {
	s.hideSecrets(info, q)
	var page adapter.Page
	err := s.db.View(ctx, func(tx adapter.Tx) error {
		var err error
		page, err = tx.List(info.res.Name, q)
		if err != nil {
			return err
		}
		return s.expand(tx, info.res, page.Records, q.Expand)
	})
	if err == nil {
		s.hide(info.res, page.Records, q.Expand)
		project(page.Records, q.Fields)
	}
	return page, err
}

// writeList writes one page of a list with its pagination headers and meta.
func (s *Server) writeList(w http.ResponseWriter, r *http.Request, q *adapter.Query, page adapter.Page) {
	if page.Records == nil {
		page.Records = []adapter.Record{}
	}
	s.respond(w, r, http.StatusOK, listBody{Data: page.Records, Meta: listMeta{Pagination: s.listHeaders(w, r, q, page.Total)}})
}

// writeListText is writeList for records given as JSON text.
func (s *Server) writeListText(w http.ResponseWriter, r *http.Request, q *adapter.Query, total int, texts [][]byte) {
	s.respond(w, r, http.StatusOK, listBody{texts: texts, Meta: listMeta{Pagination: s.listHeaders(w, r, q, total)}})
}

// listHeaders sets the pagination headers of a list of total matches and
// returns its pagination meta.
func (s *Server) listHeaders(w http.ResponseWriter, r *http.Request, q *adapter.Query, total int) pagination {
	pag := newPagination(r, q, total)
	h := w.Header()
	h.Set("X-Total-Count", strconv.Itoa(total))
	h.Set("Link", pag.Links.header())
	return pag
}

// listBody is a list answer. Its records are Data or, when set, texts:
// their JSON text as stored.
type listBody struct {
	Data  []adapter.Record `json:"data"`
	Meta  listMeta         `json:"meta"`
	texts [][]byte
}

type listMeta struct {
	Pagination pagination `json:"pagination"`
}

type pagination struct {
	CurrentPage int   `json:"currentPage"`
	PerPage     int   `json:"perPage"`
	TotalPages  int   `json:"totalPages"`
	TotalItems  int   `json:"totalItems"`
	Links       links `json:"links"`
}

type links struct {
	First string `json:"first"`
	Last  string `json:"last"`
	Prev  string `json:"prev,omitempty"`
	Next  string `json:"next,omitempty"`
}

// header renders the links as a Link header, in the order first, last, prev, next.
func (l links) header() string {
	var b strings.Builder
	add := func(u, rel string) {
		if u == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString("<" + u + `>; rel="` + rel + `"`)
	}
	add(l.First, "first")
	add(l.Last, "last")
	add(l.Prev, "prev")
	add(l.Next, "next")
	return b.String()
}

func newPagination(r *http.Request, q *adapter.Query, total int) pagination {
	totalPages := 1
	if q.PerPage > 0 && total > 0 {
		totalPages = (total + q.PerPage - 1) / q.PerPage
	}
	p := pagination{CurrentPage: q.Page, PerPage: q.PerPage, TotalPages: totalPages, TotalItems: total}
	path := reply.RequestPath(r)
	values := r.URL.Query()
	link := func(page int) string {
		values.Set("page", strconv.Itoa(page))
		return path + "?" + values.Encode()
	}
	p.Links.First = link(1)
	p.Links.Last = link(totalPages)
	if q.Page > 1 {
		p.Links.Prev = link(min(q.Page-1, totalPages))
	}
	if q.Page < totalPages {
		p.Links.Next = link(q.Page + 1)
	}
	return p
}

// recordURL is the path of a record as the client addresses it.
func recordURL(r *http.Request, info *resourceInfo, id any) string {
	key, _ := adapter.Key(id)
	return reply.MountPrefix(r) + "/" + url.PathEscape(info.res.Name) + "/" + url.PathEscape(key)
}

// project keeps only fields in each record, when fields is set.
func project(recs []adapter.Record, fields []string) {
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

// parseQuery reads a raw query string strictly: a pair that cannot be
// decoded (a bad escape, a semicolon separator) is an error naming its
// parameter, where url.URL.Query would drop it silently and a filter
// would go missing.
func parseQuery(raw string) (url.Values, error) {
	values, err := url.ParseQuery(raw)
	if err == nil {
		return values, nil
	}
	for _, pair := range strings.Split(raw, "&") {
		if _, perr := url.ParseQuery(pair); perr != nil {
			name, _, _ := strings.Cut(pair, "=")
			name, _, _ = strings.Cut(name, ";")
			if n, uerr := url.QueryUnescape(name); uerr == nil {
				name = n
			}
			return nil, &query.Error{Param: name, Reason: perr.Error()}
		}
	}
	return nil, &query.Error{Param: "(query)", Reason: err.Error()}
}

// requestQuery reads the query of a request as parseQuery does, refusing
// fields when options.allowPartialResponses is false.
func (s *Server) requestQuery(r *http.Request) (url.Values, error) {
	values, err := parseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, err
	}
	if _, ok := values[query.ParamFields]; ok && !s.spec.Options.PartialResponses() {
		return nil, &query.Error{Param: query.ParamFields, Reason: "partial responses are off (options.allowPartialResponses is false)"}
	}
	return values, nil
}

// singleQuery reads the parameters a single-record request accepts.
func (s *Server) singleQuery(r *http.Request, info *resourceInfo) (fields, expand []string, err error) {
	if r.URL.RawQuery == "" {
		return nil, nil, nil
	}
	values, err := s.requestQuery(r)
	if err != nil {
		return nil, nil, err
	}
	for name := range values {
		switch name {
		case "fields", "expand":
		default:
			if name == s.qopts.Ignore[0] {
				continue
			}
			return nil, nil, &query.Error{Param: name, Reason: "not accepted on a single record (only fields and expand)"}
		}
	}
	if raw, ok := values["fields"]; ok {
		if fields, err = query.ParseFields(strings.Join(raw, ","), info.res, s.qopts); err != nil {
			return nil, nil, err
		}
	}
	if raw, ok := values["expand"]; ok {
		if expand, err = query.ParseExpand(strings.Join(raw, ","), s.spec, info.res); err != nil {
			return nil, nil, err
		}
	}
	return fields, expand, nil
}

func (s *Server) get(w http.ResponseWriter, r *http.Request, info *resourceInfo, id any, sc auth.Scope, g *auth.Grant) {
	fields, expand, err := s.singleQuery(r, info)
	if err == nil {
		err = sc.CheckExpand(info.res, expand)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !g.Owner() && s.asStored(info, expand, fields) {
		s.getText(w, r, info, id)
		return
	}
	var rec adapter.Record
	err = s.db.View(r.Context(), func(tx adapter.Tx) error {
		var err error
		rec, err = tx.Get(info.res.Name, id)
		if errors.Is(err, adapter.ErrNotFound) {
			return &NotFoundError{Resource: info.res.Name, ID: id}
		}
		if err != nil {
			return err
		}
		if err := g.Check(rec); err != nil {
			return err
		}
		return s.expand(tx, info.res, []adapter.Record{rec}, expand)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	recs := []adapter.Record{rec}
	s.hide(info.res, recs, expand)
	project(recs, fields)
	s.respondData(w, r, http.StatusOK, recs[0])
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, info *resourceInfo, g *auth.Grant) {
	body, err := s.readBody(w, r, info.fields)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.createRecord(r.Context(), info, body, g, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", recordURL(r, info, rec[info.res.Key()]))
	s.respondData(w, r, http.StatusCreated, rec)
}

// getText answers a GET of a record that shows as stored with its JSON
// text, when the adapter keeps it (adapter.JSONReader); otherwise with the
// record.
func (s *Server) getText(w http.ResponseWriter, r *http.Request, info *resourceInfo, id any) {
	var rec adapter.Record
	var text []byte
	err := s.db.View(r.Context(), func(tx adapter.Tx) error {
		var err error
		if jr, ok := tx.(adapter.JSONReader); ok {
			text, err = jr.GetJSON(info.res.Name, id)
		} else {
			rec, err = tx.Get(info.res.Name, id)
		}
		if errors.Is(err, adapter.ErrNotFound) {
			return &NotFoundError{Resource: info.res.Name, ID: id}
		}
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if text == nil {
		s.respondData(w, r, http.StatusOK, rec)
		return
	}
	buf := reply.GetBuffer()
	defer buf.Release()
	buf.B = append(append(append(buf.B[:0], `{"data":`...), text...), '}')
	s.send(w, r, http.StatusOK, buf.B, nil)
}

// createRecord stores body as a new record of info's resource, for HTTP
// and typed access alike: the owner is stamped (g), a password is stored
// hashed and left out of the answer. before, when set, runs first in the
// same transaction (a nested route checks the parent record there). body
// is handed over: it becomes the answer.
func (s *Server) createRecord(ctx context.Context, info *resourceInfo, body adapter.Record, g *auth.Grant, before func(adapter.WriteTx) error) (adapter.Record, error) {
	if err := g.Stamp(body); err != nil {
		return nil, err
	}
	g.FillUserID(body)
	sec, err := s.auth.Prepare(info.res, body)
	if err != nil {
		return nil, err
	}
	var rec adapter.Record
	err = s.db.Update(ctx, func(tx adapter.WriteTx) error {
		if before != nil {
			if err := before(tx); err != nil {
				return err
			}
		}
		var err error
		if rec, err = s.rules.CreateOwned(tx, info.res.Name, body); err != nil {
			return err
		}
		if s.hides(info.res) {
			// rec may be the stored record, which must not change:
			// seal and hide work on a copy.
			rec = adapter.Clone(rec)
		}
		return sec.Seal(tx, info.res.Name, rec)
	})
	if err != nil {
		return nil, err
	}
	s.hide(info.res, []adapter.Record{rec}, nil)
	return rec, nil
}

// write serves PUT (put true) and PATCH.
func (s *Server) write(w http.ResponseWriter, r *http.Request, info *resourceInfo, id any, g *auth.Grant, put bool) {
	body, err := s.readBody(w, r, info.fields)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var token string
	if s.auth != nil {
		token, _, _ = s.auth.Bearer(r)
	}
	rec, err := s.updateRecord(r.Context(), info, id, body, g, put, token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respondData(w, r, http.StatusOK, rec)
}

// updateRecord replaces (put) or patches the record of info's resource
// whose primary key is id, for HTTP and typed access alike: an owner grant
// (g) is checked, and a password is stored hashed, kept when the body
// leaves it out of a PUT, and left out of the answer. A new password ends
// the user's sessions but the one of token (the request's, or "").
func (s *Server) updateRecord(ctx context.Context, info *resourceInfo, id any, body adapter.Record, g *auth.Grant, put bool, token string) (adapter.Record, error) {
	if put {
		g.FillUserID(body)
	}
	sec, err := s.auth.Prepare(info.res, body)
	if err != nil {
		return nil, err
	}
	var rec adapter.Record
	err = s.db.Update(ctx, func(tx adapter.WriteTx) error {
		if g != nil || sec.Field() != "" {
			old, err := tx.Get(info.res.Name, id)
			if err != nil {
				return s.notFound(err, info, id)
			}
			if err := g.CheckUpdate(old, body, put); err != nil {
				return err
			}
			sec.Keep(old, body, put)
		}
		var err error
		if put {
			rec, err = s.rules.Replace(tx, info.res.Name, id, body)
		} else {
			rec, err = s.rules.Patch(tx, info.res.Name, id, body)
		}
		if err != nil {
			return err
		}
		return sec.Seal(tx, info.res.Name, rec)
	})
	if err != nil {
		return nil, err
	}
	if sec.Set() {
		s.auth.EndSessions(id, token)
	}
	s.hide(info.res, []adapter.Record{rec}, nil)
	return rec, nil
}

func (s *Server) delete(w http.ResponseWriter, r *http.Request, info *resourceInfo, id any, g *auth.Grant) {
	err := s.db.Update(r.Context(), func(tx adapter.WriteTx) error {
		if g.Owner() {
			old, err := tx.Get(info.res.Name, id)
			if err != nil {
				return s.notFound(err, info, id)
			}
			if err := g.Check(old); err != nil {
				return err
			}
		}
		return s.rules.Delete(tx, info.res.Name, id)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// readBody reads a JSON object body within the size limit. Keys found in
// keys (which may be nil) share its strings.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, keys map[string]string) (adapter.Record, error) {
	limit := s.spec.Options.MaxBodyBytes
	if limit <= 0 {
		limit = defaultMaxBodyBytes
	}
	tooLarge := func() error {
		return httperr.New(http.StatusRequestEntityTooLarge, CodeBodyTooLarge, "body is larger than %d bytes", limit)
	}
	if r.ContentLength > limit {
		return nil, tooLarge()
	}
	body := r.Body
	if r.ContentLength < 0 {
		// No declared length (chunked): stop reading past the limit.
		body = http.MaxBytesReader(w, r.Body, limit)
	}
	buf := reply.GetBuffer()
	defer buf.Release()
	var err error
	buf.B, err = appendAll(buf.B[:0], body)
	if err == nil {
		// Read to the end and closed, the body needs no draining by
		// net/http after the answer.
		err = r.Body.Close()
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge()
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// The server's read timeout cut off a body sent too slowly,
			// or shorter than its Content-Length.
			return nil, httperr.New(http.StatusRequestTimeout, CodeRequestTimeout, "the body did not arrive in time")
		}
		return nil, httperr.New(http.StatusBadRequest, CodeInvalidJSON, "reading body: %v", err)
	}
	return decodeObject(buf.B, keys, s.spec.Options.Depth())
}

// appendAll appends everything r reads to b.
func appendAll(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if errors.Is(err, io.EOF) {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// decodeObject reads data as exactly one JSON object nested at most
// maxDepth levels deep; keys found in keys share its strings.
func decodeObject(data []byte, keys map[string]string, maxDepth int) (adapter.Record, error) {
	obj, err := jsonwire.DecodeObject(data, keys, maxDepth)
	if err == nil {
		return obj, nil
	}
	var notObject *jsonwire.NotObjectError
	var tooDeep *jsonwire.DepthError
	switch {
	case errors.As(err, &tooDeep):
		// Refused as a write that breaks a rule would be, naming the field.
		he := httperr.New(http.StatusUnprocessableEntity, CodeValidationFailed,
			"body nests objects and arrays deeper than %d levels (options.maxDepth)", tooDeep.Limit)
		he.Details = []Violation{constraints.DepthViolation(tooDeep.Field, tooDeep.Limit)}
		return nil, he
	case errors.Is(err, jsonwire.ErrEmpty):
		return nil, httperr.New(http.StatusBadRequest, CodeInvalidJSON, "body is empty; want a JSON object")
	case errors.Is(err, jsonwire.ErrTrailing):
		return nil, httperr.New(http.StatusBadRequest, CodeInvalidJSON, "body has data after the JSON value")
	case errors.As(err, &notObject):
		return nil, httperr.New(http.StatusBadRequest, CodeInvalidJSON, "body must be a JSON object, not %s", notObject.Kind)
	}
	return nil, httperr.New(http.StatusBadRequest, CodeInvalidJSON, "body is not valid JSON: %v", err)
}

// options answers an OPTIONS request to a path that serves allow.
func (s *Server) options(w http.ResponseWriter, r *http.Request, allow string) {
	s.cors().Options(w, r, allow)
}

// cors is the server's CORS policy.
func (s *Server) cors() headers.CORS {
	c := headers.CORS{On: s.spec.Options.CORS()}
	if a := s.spec.Options.Auth; a.Enabled {
		c.TokenHeader = auth.TokenHeader(a)
	}
	return c
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	s.fail(w, r, httperr.New(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "method %s not allowed on %s", r.Method, r.URL.Path))
}

// fail writes err as an error response; the status and code come from
// errorResponse, the one table of them.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	body := errorResponse(err)
	if body.Status >= 500 {
		s.cfg.logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	data, _ := json.Marshal(body)
	h := w.Header()
	h.Del("Location")
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(body.Status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}
