package pretendo

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/pretendo-go/pretendo/internal/accesslog"
	"github.com/pretendo-go/pretendo/internal/cache"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/netsim"
)

// stage is one step of a request's way through the server: it gets the
// rest of the way, next, and returns the handler that does its step and
// hands the request on (or answers it itself).
type stage = func(next http.Handler) http.Handler

// chain returns h behind stages, the first one outermost: a request goes
// through them in the order given, then reaches h.
func chain(h http.Handler, stages ...stage) http.Handler {
	for i := len(stages) - 1; i >= 0; i-- {
		h = stages[i](h)
	}
	return h
}

// handler builds the server's way for requests, in one place. In order:
//
//   - the access log (options.logRequests), outermost, so that it times
//     and logs the answer as the client gets it;
//   - the journal, which records every request whatever answers it,
//     simulated errors included;
//   - the headers every answer carries (X-Powered-By, CORS), so that even
//     errors of the later stages carry them, and the answer of a closed
//     server;
//   - the network simulation (latency, errors), which stands for the
//     network between the client and the API;
//   - auth (options.auth), which gives the request the identity its token
//     stands for, looked up when a route first asks for it;
//   - the response cache, which may answer a GET of a resource without
//     reaching the router;
//   - the router: the admin API, the auth endpoints, the custom routes
//     and the resource routes, in that order of precedence.
func (s *Server) handler() http.Handler {
	ext := s.extras()
	s.custom = s.customGroups()
	rt := s.router()
	stages := []stage{
		ext.journal.Middleware,
		s.cors().New(),
		s.open,
		netsim.New(netsim.Config{Spec: s.spec, Seed: s.cfg.randSeed, AdminPath: s.adminPath(), Fail: s.fail}),
		ext.auth.Middleware,
		cache.New(s.cacheSize(), s.db, s.uncached),
	}
	if lr := s.spec.Options.LogRequests; lr != nil && *lr {
		stages = append([]stage{accesslog.New(s.cfg.logger)}, stages...)
	}
	return chain(rt, stages...)
}

// open answers 503 SERVER_CLOSED once the server is closed, and hands the
// request on until then.
func (s *Server) open(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.closed.Load() {
			s.fail(w, r, httperr.New(http.StatusServiceUnavailable, httperr.CodeServerClosed, "server closed"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// cacheSize is the number of answers the response cache keeps: none with
// auth on, since a token may expire or be revoked while the state stays
// the same.
func (s *Server) cacheSize() int {
	if s.auth != nil {
		return 0
	}
	return s.spec.Options.Database.Optimizations.CacheSize
}

// uncached reports whether the answer to r is none of the cache's: the
// cache holds answers of the resource routes only, since the admin API's
// (snapshot lists) and custom Go handlers' may change while the state
// stays the same.
func (s *Server) uncached(r *http.Request) bool {
	p := r.URL.EscapedPath()
	if admin := s.adminPath(); r.URL.Path == admin || strings.HasPrefix(r.URL.Path, admin+"/") {
		return true
	}
	for _, g := range s.custom {
		if g.serves(r.Method) && g.pattern.Match(p) {
			return true
		}
	}
	return false
}

// router builds the router: the admin API, the auth endpoints, the custom
// routes and the resource routes, in that order of precedence.
func (s *Server) router() http.Handler {
	r := mux.NewRouter().UseEncodedPath().SkipClean(true)
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if allow := s.customAllow(req); allow != "" {
			s.methodNotAllowed(w, req, allow)
			return
		}
		s.fail(w, req, httperr.New(http.StatusNotFound, CodeRouteNotFound, "no route for %s %s", req.Method, req.URL.Path))
	})
	// The admin API owns its path and the paths below it, not every path
	// that merely starts with the same characters (/administrators).
	adminBase := s.adminPath()
	s.adminRoutes(r.MatcherFunc(func(req *http.Request, _ *mux.RouteMatch) bool {
		p := req.URL.EscapedPath()
		return p == adminBase || strings.HasPrefix(p, adminBase+"/")
	}).Subrouter())
	// Then the auth endpoints, then the custom routes, which win over the
	// resource routes for the methods they serve.
	if a := s.auth; a != nil {
		r.MatcherFunc(func(req *http.Request, _ *mux.RouteMatch) bool { return a.IsEndpoint(req.URL.Path) }).Handler(a)
	}
	for _, g := range s.custom {
		r.MatcherFunc(func(req *http.Request, _ *mux.RouteMatch) bool {
			return g.serves(req.Method) && g.pattern.Match(req.URL.EscapedPath())
		}).Handler(g)
	}
	return &router{mux: r, direct: []*mux.Route{
		r.HandleFunc("/", s.serveRoot),
		r.MatcherFunc(segments(1)).HandlerFunc(s.serveCollection),
		r.MatcherFunc(segments(2)).HandlerFunc(s.serveRecord),
		r.MatcherFunc(segments(3)).HandlerFunc(s.serveRelated),
	}}
}
