package pretendo

import (
	"net/http"
	"strings"

	"github.com/pretendo-go/pretendo/internal/accesslog"
	"github.com/pretendo-go/pretendo/internal/cache"
	"github.com/pretendo-go/pretendo/internal/closed"
	"github.com/pretendo-go/pretendo/internal/dialect"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/netsim"
	"github.com/pretendo-go/pretendo/internal/readonly"
	"github.com/pretendo-go/pretendo/internal/rewrite"
	"github.com/pretendo-go/pretendo/internal/router"
	"github.com/pretendo-go/pretendo/internal/static"
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
//   - static files (options.static), the read-only rule (readOnly) and
//     the rewrites of URLs (rewrites), so that what follows sees the URL
//     they made;
//   - the network simulation (latency, errors), which stands for the
//     network between the client and the API;
//   - auth (options.auth), which gives the request the identity its token
//     stands for, looked up when a route first asks for it;
//   - the response cache, which may answer a GET of a resource without
//     reaching the router;
//   - the frontend of a spec read from another format (an OpenAPI
//     document's operations, see SpecFrontend), when it has one;
//   - the router: the admin API, the auth endpoints, the custom routes
//     and the resource routes, in that order of precedence.
func (s *Server) handler() http.Handler {
	ext := s.extras()
	rt := s.router()
	stages := []stage{
		ext.journal.Middleware,
		s.cors().New(),
		closed.New(&s.closed, s.fail),
		static.New(static.Config{Spec: s.spec, AdminPath: s.adminPath(), Routed: s.uncached, Stats: s.db.Stats}),
		readonly.New(readonly.Config{Spec: s.spec, AdminPath: s.adminPath(), Fail: s.fail}),
		rewrite.New(s.spec.Options.Rewrites, s.fail),
		netsim.New(netsim.Config{Spec: s.spec, Seed: s.cfg.randSeed, AdminPath: s.adminPath(), Fail: s.fail}),
		ext.auth.Middleware,
		cache.New(s.cacheSize(), s.db, s.uncached),
		s.frontend,
	}
	if lr := s.spec.Options.LogRequests; lr != nil && *lr {
		stages = append([]stage{accesslog.New(s.cfg.logger)}, stages...)
	}
	return chain(rt, stages...)
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
	if admin := s.adminPath(); r.URL.Path == admin || strings.HasPrefix(r.URL.Path, admin+"/") {
		return true
	}
	return s.customs.Serves(r)
}

// router builds the router: the admin API, the auth endpoints, the custom
// routes and the resource routes, in that order of precedence. The
// resource routes serve every method of the paths of one, two and three
// segments, and say themselves which methods a path serves (its Allow
// depends on the resource and the relationship).
func (s *Server) router() *router.Router {
	c := router.Config{
		NotFound: func(w http.ResponseWriter, r *http.Request, _ router.Params) {
			s.fail(w, r, httperr.New(http.StatusNotFound, CodeRouteNotFound, "no route for %s %s", r.Method, r.URL.Path))
		},
		MethodNotAllowed: s.methodNotAllowed,
		Options:          s.options,
	}
	s.customs = s.customRoutes(c)
	rt := router.New(c)
	if admin := s.adminRoutes(c, s.customs); admin != nil {
		rt.Mount(s.adminPath(), func(w http.ResponseWriter, r *http.Request, _ router.Params) { admin.ServeHTTP(w, r) })
	}
	type entry struct {
		path string
		h    router.HandlerFunc
	}
	var routes []entry
	if a := s.auth; a != nil {
		login, logout, me := a.Paths()
		routes = append(routes,
			entry{login, rt.Methods(map[string]router.HandlerFunc{http.MethodPost: plain(a.ServeLogin)})},
			entry{logout, rt.Methods(map[string]router.HandlerFunc{http.MethodPost: plain(a.ServeLogout)})},
			entry{me, rt.Methods(map[string]router.HandlerFunc{http.MethodGet: plain(a.ServeMe)})})
	}
	if _, ok := s.dialect.(*dialect.JSONServer); ok && s.info["db"] == nil {
		routes = append(routes, entry{"/db", rt.Methods(map[string]router.HandlerFunc{http.MethodGet: s.serveDB})})
	}
	for _, e := range routes {
		if err := rt.Handle(e.path, e.h); err != nil {
			panic("pretendo: auth endpoint: " + err.Error()) // auth.Check refused bad paths at Open
		}
	}
	rt.Include(s.customs)
	if p := s.docsPath(); p != "" {
		if err := rt.Handle(p, rt.Methods(map[string]router.HandlerFunc{http.MethodGet: plain(s.docsHandler().ServeHTTP)})); err != nil {
			panic("pretendo: " + err.Error()) // DocsPath is this package's
		}
	}
	for _, e := range []entry{
		{"/", s.serveRoot},
		{"/{resource}", s.serveCollection},
		{"/{resource}/{id}", s.serveRecord},
		{"/{resource}/{id}/{rel}", s.serveRelated},
	} {
		if err := rt.Handle(e.path, e.h); err != nil {
			panic("pretendo: " + err.Error()) // the paths are this package's
		}
	}
	return rt
}

// plain is h as a route's handler, for handlers that need no parameters.
func plain(h http.HandlerFunc) router.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ router.Params) { h(w, r) }
}
