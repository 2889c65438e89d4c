package pretendo

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/reply"
	"github.com/pretendo-go/pretendo/internal/routepath"
	"github.com/pretendo-go/pretendo/schema"
)

// Route is a custom route of a spec (its routes list): a fixed answer to
// one method and path, or, for type javascript, a 501.
type Route = schema.Route

// goRoute is a custom route given in Go with WithRoute.
type goRoute struct {
	method, path string
	handler      http.Handler
}

// WithRoute answers method requests to path with h, ahead of the resource
// routes. path is like "/health" or "/users/:id/avatar" ("{id}" works
// too); h reads the parameters with PathParam. A WithRoute replaces a
// custom route of the spec with the same method and path (a route of type
// javascript, say). Custom routes are public even when auth is on;
// CurrentUser tells h who signed in. A bad method or path makes Open fail
// with a *SpecError.
func WithRoute(method, path string, h http.Handler) Option {
	return func(c *config) {
		c.routes = append(c.routes, goRoute{method: method, path: path, handler: h})
	}
}

// PathParam returns the decoded value of the path parameter name of a
// custom route, or "" when the route has no such parameter.
func PathParam(r *http.Request, name string) string {
	return mux.Vars(r)[name]
}

// customRoute is one method of a custom route.
type customRoute struct {
	pattern routepath.Pattern
	handler http.Handler
	// auth, when set, asks for a signed-in user (routes[].auth).
	auth *schema.RouteAuth
}

// routeGroup holds the custom routes of one path shape, by method.
type routeGroup struct {
	srv     *Server
	pattern routepath.Pattern
	methods map[string]*customRoute
	allow   string
}

// serves reports whether the group answers method: its own methods, HEAD
// when it has GET, and OPTIONS.
func (g *routeGroup) serves(method string) bool {
	if _, ok := g.methods[method]; ok {
		return true
	}
	if method == http.MethodHead {
		_, ok := g.methods[http.MethodGet]
		return ok
	}
	return method == http.MethodOptions
}

func (g *routeGroup) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt := g.methods[r.Method]
	if rt == nil && r.Method == http.MethodHead {
		rt = g.methods[http.MethodGet]
	}
	if rt == nil {
		g.srv.options(w, r, g.allow)
		return
	}
	r = mux.SetURLVars(r, rt.pattern.Vars(r.URL.EscapedPath()))
	if a := g.srv.auth; a != nil && rt.auth.On() {
		u, ok := a.SignedIn(w, r)
		if !ok {
			return
		}
		if err := auth.PermitRoute(u, rt.auth.Roles, r); err != nil {
			g.srv.fail(w, r, err)
			return
		}
	}
	rt.handler.ServeHTTP(w, r)
}

// serveCustom serves r with the custom route whose path and method match
// it, or answers 405 when a custom route has the path but not the method.
// It reports false when no custom route has the path. The admin API hands
// it the paths under its own that it does not serve.
func (s *Server) serveCustom(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.EscapedPath()
	allow := ""
	for _, g := range s.custom {
		if !g.pattern.Match(p) {
			continue
		}
		if g.serves(r.Method) {
			g.ServeHTTP(w, r)
			return true
		}
		if allow == "" {
			allow = g.allow
		}
	}
	if allow == "" {
		return false
	}
	s.methodNotAllowed(w, r, allow)
	return true
}

// checkGoRoutes reports the WithRoute options that cannot be served.
func checkGoRoutes(routes []goRoute) error {
	var problems []SpecProblem
	for _, gr := range routes {
		where := fmt.Sprintf("WithRoute(%q, %q)", gr.method, gr.path)
		if !isToken(gr.method) {
			problems = append(problems, SpecProblem{Path: where, Message: fmt.Sprintf("method %q is not an HTTP method", gr.method)})
		}
		if _, err := routepath.Parse(gr.path); err != nil {
			problems = append(problems, SpecProblem{Path: where, Message: strings.TrimPrefix(err.Error(), routepath.ErrPath.Error()+": ")})
		}
		if gr.handler == nil {
			problems = append(problems, SpecProblem{Path: where, Message: "handler is nil"})
		}
	}
	if problems != nil {
		return &SpecError{Problems: problems}
	}
	return nil
}

// isToken reports whether s is a method name: letters only.
func isToken(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// customGroups builds the custom routes of the server: the WithRoute ones,
// then those of the spec, grouped by path shape and ordered so that more
// literal paths win (/users/me before /users/:id). A spec route with the
// method and shape of a WithRoute one is replaced by it.
func (s *Server) customGroups() []*routeGroup {
	byShape := make(map[string]*routeGroup)
	var groups []*routeGroup
	add := func(method string, rp routepath.Pattern, h http.Handler, auth *schema.RouteAuth) bool {
		key := rp.Shape()
		g := byShape[key]
		if g == nil {
			g = &routeGroup{srv: s, pattern: rp, methods: make(map[string]*customRoute)}
			byShape[key] = g
			groups = append(groups, g)
		}
		if _, taken := g.methods[method]; taken {
			return false
		}
		g.methods[method] = &customRoute{pattern: rp, handler: h, auth: auth}
		return true
	}
	for _, gr := range s.cfg.routes {
		rp, err := routepath.Parse(gr.path)
		if err != nil || gr.handler == nil {
			continue // Open refused these
		}
		add(strings.ToUpper(gr.method), rp, gr.handler, nil)
	}
	for i := range s.spec.Routes {
		rt := &s.spec.Routes[i]
		rp, err := routepath.Parse(rt.Path)
		if err != nil {
			continue // the schema refused these
		}
		var h http.Handler = &jsonRoute{srv: s, route: rt, placeholders: hasPlaceholders(rt.Response) || hasPlaceholderHeaders(rt.Headers)}
		if rt.Type == routeJavaScript {
			h = javaScriptRoute{srv: s, route: rt}
		}
		add(strings.ToUpper(rt.Method), rp, h, rt.Auth)
	}
	for _, g := range groups {
		methods := make([]string, 0, len(g.methods)+2)
		for m := range g.methods {
			methods = append(methods, m)
		}
		if _, ok := g.methods[http.MethodGet]; ok {
			if _, ok := g.methods[http.MethodHead]; !ok {
				methods = append(methods, http.MethodHead)
			}
		}
		if _, ok := g.methods[http.MethodOptions]; !ok {
			methods = append(methods, http.MethodOptions)
		}
		slices.SortFunc(methods, func(a, b string) int { return methodRank(a) - methodRank(b) })
		g.allow = strings.Join(methods, ", ")
	}
	slices.SortStableFunc(groups, func(a, b *routeGroup) int { return routepath.Compare(a.pattern, b.pattern) })
	return groups
}

// methodRank orders methods in Allow headers as the resource routes do.
func methodRank(m string) int {
	order := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}
	if i := slices.Index(order, m); i >= 0 {
		return i
	}
	return len(order)
}

// customAllow returns the Allow header of the custom routes whose path
// matches r, or "" when none does. It serves the 405 answers of methods a
// custom path does not serve.
func (s *Server) customAllow(r *http.Request) string {
	if len(s.custom) == 0 {
		return ""
	}
	p := r.URL.EscapedPath()
	for _, g := range s.custom {
		if g.pattern.Match(p) {
			return g.allow
		}
	}
	return ""
}

// logJavaScriptRoutes warns, through the server's logger, about the custom
// routes of type javascript that no WithRoute replaces.
func (s *Server) logJavaScriptRoutes() {
	replaced := make(map[string]bool, len(s.cfg.routes))
	for _, gr := range s.cfg.routes {
		if rp, err := routepath.Parse(gr.path); err == nil {
			replaced[strings.ToUpper(gr.method)+" "+rp.Shape()] = true
		}
	}
	for i, rt := range s.spec.Routes {
		if rt.Type != routeJavaScript {
			continue
		}
		rp, err := routepath.Parse(rt.Path)
		if err != nil || replaced[strings.ToUpper(rt.Method)+" "+rp.Shape()] {
			continue
		}
		s.cfg.logger.Warn("custom route of type javascript answers 501 NOT_IMPLEMENTED; replace it with pretendo.WithRoute",
			"route", fmt.Sprintf("routes[%d]", i), "method", strings.ToUpper(rt.Method), "path", rt.Path)
	}
}

// routeJavaScript is the type of upstream custom routes that run JavaScript.
const routeJavaScript = "javascript"

// javaScriptRoute answers a route of type javascript: 501, since this
// server runs no JavaScript.
type javaScriptRoute struct {
	srv   *Server
	route *schema.Route
}

func (j javaScriptRoute) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	j.srv.fail(w, r, httperr.New(http.StatusNotImplemented, CodeNotImplemented,
		"custom route %s %s is JavaScript, which this server does not run; replace it with pretendo.WithRoute", strings.ToUpper(j.route.Method), j.route.Path))
}

// jsonRoute answers a custom route of the spec with its fixed response,
// its {param} placeholders filled in from the path.
type jsonRoute struct {
	srv          *Server
	route        *schema.Route
	placeholders bool
}

// defaultRouteResponse is the answer of a custom route without a response, as upstream.
var defaultRouteResponse = map[string]any{"message": "Success"}

func (j *jsonRoute) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt := j.route
	vars := mux.Vars(r)
	resp := rt.Response
	if resp == nil {
		resp = defaultRouteResponse
	}
	if j.placeholders {
		resp = substitute(resp, vars)
	}
	data, err := json.Marshal(resp)
	if err != nil {
		j.srv.fail(w, r, err)
		return
	}
	status := rt.Status
	if status == 0 {
		status = http.StatusOK
	}
	h := w.Header()
	// HEAD answers as GET without the body; these statuses have no body at all.
	bodyless := status == http.StatusNoContent || status == http.StatusNotModified || status < 200
	if !bodyless {
		h["Content-Type"] = reply.JSONContentType
		h["Content-Length"] = []string{strconv.Itoa(len(data))}
	}
	for k, v := range rt.Headers {
		if j.placeholders {
			v = fill(v, vars)
		}
		h.Set(k, reply.HeaderText(v))
	}
	w.WriteHeader(status)
	if !bodyless && r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// hasPlaceholders reports whether a response holds a "{name}" placeholder
// in some string, at any depth.
func hasPlaceholders(v any) bool {
	switch t := v.(type) {
	case string:
		return strings.IndexByte(t, '{') >= 0
	case map[string]any:
		for _, e := range t {
			if hasPlaceholders(e) {
				return true
			}
		}
	case []any:
		for _, e := range t {
			if hasPlaceholders(e) {
				return true
			}
		}
	}
	return false
}

func hasPlaceholderHeaders(h map[string]string) bool {
	for _, v := range h {
		if strings.IndexByte(v, '{') >= 0 {
			return true
		}
	}
	return false
}

// substitute returns a copy of v with the placeholders of its strings
// filled in from vars, at any depth. Keys are left alone.
func substitute(v any, vars map[string]string) any {
	switch t := v.(type) {
	case string:
		return fill(t, vars)
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = substitute(e, vars)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = substitute(e, vars)
		}
		return out
	default:
		return v
	}
}

// fill replaces each "{name}" or "{:name}" in s with vars[name]; a
// placeholder of an unknown name stays as it is.
func fill(s string, vars map[string]string) string {
	if strings.IndexByte(s, '{') < 0 {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		rest := s[i+1:]
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			b.WriteString(s[i:])
			return b.String()
		}
		name := strings.TrimPrefix(rest[:end], ":")
		if v, ok := vars[name]; ok && routepath.IsName(name) {
			b.WriteString(v)
			s = rest[end+1:]
			continue
		}
		b.WriteByte('{')
		s = rest
	}
}
