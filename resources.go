package pretendo

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/headers"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/netsim"
	"github.com/pretendo-go/pretendo/internal/problem"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/internal/reply"
	"github.com/pretendo-go/pretendo/internal/router"
	"github.com/pretendo-go/pretendo/schema"
)

// Allowed methods of each kind of path, for 405 and OPTIONS answers.
const (
	allowRoot       = "GET, HEAD, OPTIONS"
	allowCollection = "GET, HEAD, POST, OPTIONS"
	allowRecord     = "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"
	allowRelated    = "GET, HEAD, POST, OPTIONS"
	allowToOne      = "GET, HEAD, OPTIONS"
)

// resourceInfo is what the handlers precompute about one resource.
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

// newQueryOptions reads the paging limits of sp, the error-simulation
// trigger the query parser must leave alone, and whether queries may name
// undeclared fields (not with options.strictValidation).
func newQueryOptions(sp *Spec) query.Options {
	o := sp.Options
	return query.Options{DefaultPageSize: o.DefaultPageSize, MaxPageSize: o.MaxPageSize, Ignore: []string{netsim.Trigger(sp)}, Strict: o.StrictValidation}
}

// serveRoot serves GET /: the server's name and its resources in spec order.
func (s *Server) serveRoot(w http.ResponseWriter, r *http.Request, _ router.Params) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		names := make([]string, len(s.spec.Resources))
		for i, res := range s.spec.Resources {
			names[i] = res.Name
		}
		if err := reply.JSON(w, r, http.StatusOK, struct {
			Name      string   `json:"name"`
			Resources []string `json:"resources"`
		}{"pretendo", names}); err != nil {
			s.fail(w, r, err)
		}
	case http.MethodOptions:
		s.options(w, r, allowRoot)
	default:
		s.methodNotAllowed(w, r, allowRoot)
	}
}

// resource returns the resource named by the path, or writes a 404.
func (s *Server) resource(w http.ResponseWriter, r *http.Request, p router.Params) (*resourceInfo, bool) {
	name, err := url.PathUnescape(p.Segment(0))
	info := s.info[name]
	if err != nil || info == nil {
		if allow := s.customs.Allowed(p.Path()); allow != "" {
			s.methodNotAllowed(w, r, allow)
			return nil, false
		}
		s.fail(w, r, httperr.New(http.StatusNotFound, CodeResourceNotFound, "unknown resource %q", name))
		return nil, false
	}
	return info, true
}

// serveCollection serves /{r}: a list, or a new record.
func (s *Server) serveCollection(w http.ResponseWriter, r *http.Request, p router.Params) {
	info, ok := s.resource(w, r, p)
	if !ok {
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.serveRead(w, r, readRequest{kind: readList, info: info, rawQuery: r.URL.RawQuery})
	case http.MethodPost:
		s.create(w, r, info)
	case http.MethodOptions:
		s.options(w, r, allowCollection)
	default:
		s.methodNotAllowed(w, r, allowCollection)
	}
}

// serveRecord serves /{r}/{id}: read, replace, patch or delete one record.
func (s *Server) serveRecord(w http.ResponseWriter, r *http.Request, p router.Params) {
	info, ok := s.resource(w, r, p)
	if !ok {
		return
	}
	rawID := p.Segment(1)
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.serveRead(w, r, readRequest{kind: readOne, info: info, rawID: rawID, rawQuery: r.URL.RawQuery})
	case http.MethodPut, http.MethodPatch:
		s.write(w, r, info, rawID, r.Method == http.MethodPut)
	case http.MethodDelete:
		s.delete(w, r, info, rawID)
	case http.MethodOptions:
		s.options(w, r, allowRecord)
	default:
		s.methodNotAllowed(w, r, allowRecord)
	}
}

// serveRelated serves GET and POST /{r}/{id}/{rel}: the records related to
// one record through the relationship named rel.
func (s *Server) serveRelated(w http.ResponseWriter, r *http.Request, p router.Params) {
	info, ok := s.resource(w, r, p)
	if !ok {
		return
	}
	relName, _ := url.PathUnescape(p.Segment(2))
	rel := info.res.Relationship(relName)
	if rel == nil {
		s.fail(w, r, httperr.New(http.StatusNotFound, CodeRouteNotFound, "%s has no relationship %q", info.res.Name, relName))
		return
	}
	toOne := rel.Type == schema.BelongsTo || rel.Type == schema.HasOne
	allow := allowRelated
	if rel.Type != schema.HasMany {
		allow = allowToOne
	}
	target := s.info[rel.Resource]
	rq := readRequest{kind: readRelatedList, info: target, parent: info, rel: rel, rawID: p.Segment(1), rawQuery: r.URL.RawQuery}
	switch {
	case r.Method == http.MethodOptions:
		s.options(w, r, allow)
	case r.Method == http.MethodPost && rel.Type == schema.HasMany:
		s.createRelated(w, r, rq)
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		s.methodNotAllowed(w, r, allow)
	case toOne:
		rq.kind = readRelatedOne
		s.serveRead(w, r, rq)
	default:
		s.serveRead(w, r, rq)
	}
}

// pathID reads seg, the escaped {id} of a path, by the type of info's
// primary key. An id that cannot be of that type names no record: a 404.
func (s *Server) pathID(seg string, info *resourceInfo) (any, error) {
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

// recordURL is the path of a record as the client addresses it.
func recordURL(r *http.Request, info *resourceInfo, id any) string {
	key, _ := adapter.Key(id)
	return reply.MountPrefix(r) + "/" + url.PathEscape(info.res.Name) + "/" + url.PathEscape(key)
}

// options answers an OPTIONS request to a path that serves allow.
func (s *Server) options(w http.ResponseWriter, r *http.Request, allow string) {
	s.cors().Options(w, r, allow)
}

// cors is the server's CORS policy.
func (s *Server) cors() headers.CORS {
	c := headers.CORS{On: s.spec.Options.CORS(), Credentials: s.spec.Options.Dialect == "json-server"}
	if a := s.spec.Options.Auth; a.Enabled {
		c.TokenHeader = auth.TokenHeader(a)
	}
	return c
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	s.fail(w, r, httperr.New(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "method %s not allowed on %s", r.Method, r.URL.Path))
}

// respondData writes v in the dialect's envelope with status.
func (s *Server) respondData(w http.ResponseWriter, r *http.Request, status int, v any) {
	if err := s.dialect.WriteData(w, r, status, v); err != nil {
		s.fail(w, r, err)
	}
}

// fail writes err as an error answer; the status and code come from
// problem.For, the one table of them, the body from the dialect.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := problem.For(err)
	if p.Status >= 500 {
		s.cfg.logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.dialect.WriteError(w, r, p)
}
