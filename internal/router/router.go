// Package router is the server's one router: it matches a request's path
// against routes in the order they were added, each a path pattern of
// package routepath (literal segments, :name or {name} parameters, a last
// {*name} wildcard), and serves it with the first route that serves its
// method.
//
// A route serves every method (its handler tells them apart, as the
// resource routes do, whose Allow depends on the resource), or the methods
// it was given: HEAD is served as GET, OPTIONS with the route's Allow, and
// a method no route of a path serves is a 405 with the Allow of the first
// route of that path. A path no route matches is the router's NotFound.
// Handlers get the matched route's parameters without a copy of the
// request or a map (see Params).
//
// Why not gorilla/mux: the server used mux until its routes (admin API,
// login endpoints, custom routes, resources) needed what mux does not do
// as designed. Served as designed (path templates, Vars, a subrouter for
// the admin API, Methods matchers and its 405), a GET /users/{id} through
// mux took 1,046 ns and 6 allocations (1,385 B) to reach its handler,
// against 72 ns and 0 allocations here (BenchmarkRouting, same table of
// routes, one machine): mux copies the request twice per match to carry
// its variables and route in the context and runs a regular expression
// per route tried, which alone would have made BenchmarkGetByID (about
// 1.3 µs end to end) some 70 % slower, where the budget was 10 %. Its
// templates cannot say what custom routes need either: a named wildcard
// of one segment or more, Express-style :name, literal segments that match
// however a client escapes them (%2A or *), "a more literal path wins"
// whatever the order of the spec; and its 405 sends no Allow, and answers
// before the admin API's token check. Custom route handlers still find
// their parameters with mux.Vars, as the README promises.
//
// Before and after, measured 2026-12-08 on one 2-core machine shared with
// other jobs (load average 20 to 25), so the figure is the CPU time spent
// in Server.ServeHTTP per request, read from CPU profiles of the root
// package's benchmarks, the commit before this router (4f1c2dd) and the
// one after it run side by side at the same time, 5 pairs each (after /
// before, sums over the pairs): BenchmarkGetByID 0.99 (1.88 µs before),
// BenchmarkListPage 1.00, BenchmarkFilterSortPage 1.02, BenchmarkExpandPage
// 1.04; allocations per request fell (GetByID 6 to 5, ListPage 68 to 62,
// FilterSortPage 83 to 76), bytes rose with the journal's copy of each
// answer (GetByID 121 to 161 B, ExpandPage +12 %). The wall-clock ns/op
// of the same benchmarks, interleaved, differed by no significant amount
// (benchstat, p > 0.1 on each), and bench/peers.sh, run for both in one
// command, gave no usable ratio on that machine: its bare reference
// itself varied fourfold between runs.
package router

import (
	"net/http"
	"slices"
	"strings"

	"github.com/pretendo-go/pretendo/internal/routepath"
)

// HandlerFunc serves a request a route matched, with the route's parameters.
type HandlerFunc func(w http.ResponseWriter, r *http.Request, p Params)

// Config holds the answers a router writes itself.
type Config struct {
	// NotFound answers a path no route matches.
	NotFound HandlerFunc
	// MethodNotAllowed answers a method no route of the path serves; allow
	// lists the methods the first of them serves.
	MethodNotAllowed func(w http.ResponseWriter, r *http.Request, allow string)
	// Options answers OPTIONS to a route with methods; allow lists them.
	Options func(w http.ResponseWriter, r *http.Request, allow string)
}

// Router matches requests against its routes in order. Routes are added
// before it serves; then it is safe for concurrent use.
type Router struct {
	cfg    Config
	routes []*route
}

// route is one path pattern (or prefix) and what serves it.
type route struct {
	pattern routepath.Pattern
	// mount makes the route match prefix and every path below it,
	// compared as the client escaped them (pattern is unused).
	mount  bool
	prefix string
	// h serves every method, unless methods is set.
	h       HandlerFunc
	methods map[string]HandlerFunc
	allow   string
}

// New returns a router without routes that answers as c says.
func New(c Config) *Router { return &Router{cfg: c} }

// Handle serves every method of the paths pattern matches with h. A bad
// pattern is an error wrapping routepath.ErrPath.
func (rt *Router) Handle(pattern string, h HandlerFunc) error {
	p, err := routepath.Parse(pattern)
	if err != nil {
		return err
	}
	rt.routes = append(rt.routes, &route{pattern: p, h: h})
	return nil
}

// Mount serves every method of prefix and of every path below it with h,
// the paths compared as the client escaped them ("/admin" mounts "/admin"
// and "/admin/x/y", not "/administrators").
func (rt *Router) Mount(prefix string, h HandlerFunc) {
	rt.routes = append(rt.routes, &route{mount: true, prefix: strings.TrimSuffix(prefix, "/"), h: h})
}

// HandleMethods serves the methods of handlers on the paths pattern
// matches (HEAD with the GET handler, when it has none of its own, and
// OPTIONS with the methods served); other methods go on to the routes
// added after it. A bad pattern is an error wrapping routepath.ErrPath.
func (rt *Router) HandleMethods(pattern string, handlers map[string]HandlerFunc) error {
	p, err := routepath.Parse(pattern)
	if err != nil {
		return err
	}
	rt.AddMethods(p, handlers)
	return nil
}

// AddMethods is HandleMethods for a parsed pattern.
func (rt *Router) AddMethods(p routepath.Pattern, handlers map[string]HandlerFunc) {
	rt.routes = append(rt.routes, &route{pattern: p, methods: handlers, allow: Allow(handlers)})
}

// Include adds the routes of other, in their order, after rt's.
func (rt *Router) Include(other *Router) {
	rt.routes = append(rt.routes, other.routes...)
}

// methodOrder orders methods in Allow headers.
var methodOrder = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}

// Allow is the Allow header of handlers: their methods, HEAD when there is
// a GET, and OPTIONS, in the order GET, HEAD, POST, PUT, PATCH, DELETE,
// OPTIONS, then others.
func Allow(handlers map[string]HandlerFunc) string {
	methods := make([]string, 0, len(handlers)+2)
	for m := range handlers {
		methods = append(methods, m)
	}
	if _, ok := handlers[http.MethodGet]; ok {
		if _, ok := handlers[http.MethodHead]; !ok {
			methods = append(methods, http.MethodHead)
		}
	}
	if _, ok := handlers[http.MethodOptions]; !ok {
		methods = append(methods, http.MethodOptions)
	}
	rank := func(m string) int {
		if i := slices.Index(methodOrder, m); i >= 0 {
			return i
		}
		return len(methodOrder)
	}
	slices.SortStableFunc(methods, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return strings.Join(methods, ", ")
}

// handler returns the handler of rt for method, and whether it has one:
// its own, GET's for HEAD, or the OPTIONS answer.
func (rt *route) handler(method string) (HandlerFunc, bool) {
	if h, ok := rt.methods[method]; ok {
		return h, true
	}
	if method == http.MethodHead {
		h, ok := rt.methods[http.MethodGet]
		return h, ok
	}
	return nil, method == http.MethodOptions
}

// match reports whether rt matches the escaped path p.
func (rt *route) match(p string) bool {
	if rt.mount {
		return p == rt.prefix || strings.HasPrefix(p, rt.prefix+"/") || rt.prefix == "" && p == "/"
	}
	return rt.pattern.Match(p)
}

// ServeHTTP serves r with the first route that serves its method, or
// answers 405 or 404.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !rt.Serve(w, r) {
		rt.cfg.NotFound(w, r, Params{path: r.URL.EscapedPath()})
	}
}

// Serve serves r as ServeHTTP does, but reports false, having written
// nothing, when no route matches its path.
func (rt *Router) Serve(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.EscapedPath()
	var allowed *route
	for _, e := range rt.routes {
		if !e.match(p) {
			continue
		}
		params := Params{pattern: &e.pattern, path: p}
		if e.methods == nil {
			e.h(w, r, params)
			return true
		}
		h, ok := e.handler(r.Method)
		switch {
		case h != nil:
			h(w, r, params)
			return true
		case ok:
			rt.cfg.Options(w, r, e.allow)
			return true
		case allowed == nil:
			allowed = e
		}
	}
	if allowed == nil {
		return false
	}
	rt.cfg.MethodNotAllowed(w, r, allowed.allow)
	return true
}

// Allowed returns the Allow header of the first route with methods whose
// pattern matches the escaped path p, or "" when none does.
func (rt *Router) Allowed(p string) string {
	for _, e := range rt.routes {
		if e.methods != nil && e.match(p) {
			return e.allow
		}
	}
	return ""
}

// Methods returns a handler that serves the methods of handlers as a
// route added with HandleMethods does, and answers the others with 405
// itself: for a route that must do something before the method is looked
// at (check a token, say), added with Handle.
func (rt *Router) Methods(handlers map[string]HandlerFunc) HandlerFunc {
	e := &route{methods: handlers, allow: Allow(handlers)}
	return func(w http.ResponseWriter, r *http.Request, p Params) {
		h, ok := e.handler(r.Method)
		switch {
		case h != nil:
			h(w, r, p)
		case ok:
			rt.cfg.Options(w, r, e.allow)
		default:
			rt.cfg.MethodNotAllowed(w, r, e.allow)
		}
	}
}

// Serves reports whether a route of rt serves r: its path matches, and the
// route serves every method or r's.
func (rt *Router) Serves(r *http.Request) bool {
	p := r.URL.EscapedPath()
	for _, e := range rt.routes {
		if !e.match(p) {
			continue
		}
		if _, ok := e.handler(r.Method); ok || e.methods == nil {
			return true
		}
	}
	return false
}
