package pretendo

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/customroute"
	"github.com/pretendo-go/pretendo/internal/routepath"
	"github.com/pretendo-go/pretendo/internal/router"
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
// custom route, or "" when the route has no such parameter. The
// parameters are gorilla/mux's variables of the request too: mux.Vars(r)
// gives them all.
func PathParam(r *http.Request, name string) string {
	return mux.Vars(r)[name]
}

// customRoutes builds the router of the custom routes: the WithRoute ones,
// then those of the spec, one route per path shape, ordered so that more
// literal paths win (/users/me before /users/:id). A spec route with the
// method and shape of a WithRoute one is replaced by it.
func (s *Server) customRoutes(c router.Config) *router.Router {
	type shape struct {
		pattern  routepath.Pattern
		handlers map[string]router.HandlerFunc
	}
	byShape := make(map[string]*shape)
	var shapes []*shape
	add := func(method string, rp routepath.Pattern, h router.HandlerFunc) {
		sh := byShape[rp.Shape()]
		if sh == nil {
			sh = &shape{pattern: rp, handlers: make(map[string]router.HandlerFunc)}
			byShape[rp.Shape()] = sh
			shapes = append(shapes, sh)
		}
		if _, taken := sh.handlers[method]; !taken {
			sh.handlers[method] = h
		}
	}
	for _, gr := range s.cfg.routes {
		rp, err := routepath.Parse(gr.path)
		if err != nil || gr.handler == nil {
			continue // Open refused these
		}
		h := gr.handler
		// Routes of one shape may name their parameters differently:
		// each reads them by its own pattern.
		add(strings.ToUpper(gr.method), rp, func(w http.ResponseWriter, r *http.Request, p router.Params) {
			h.ServeHTTP(w, mux.SetURLVars(r, rp.Vars(p.Path())))
		})
	}
	for i := range s.spec.Routes {
		rt := &s.spec.Routes[i]
		rp, err := routepath.Parse(rt.Path)
		if err != nil {
			continue // the schema refused these
		}
		h, ra := customroute.New(rt, s.fail), rt.Auth
		add(strings.ToUpper(rt.Method), rp, func(w http.ResponseWriter, r *http.Request, p router.Params) {
			vars := rp.Vars(p.Path())
			r = mux.SetURLVars(r, vars)
			if a := s.auth; a != nil && ra.On() {
				u, ok := a.SignedIn(w, r)
				if !ok {
					return
				}
				if err := auth.PermitRoute(u, ra.Roles, r); err != nil {
					s.fail(w, r, err)
					return
				}
			}
			h(w, r, vars)
		})
	}
	slices.SortStableFunc(shapes, func(a, b *shape) int { return routepath.Compare(a.pattern, b.pattern) })
	rt := router.New(c)
	for _, sh := range shapes {
		rt.AddMethods(sh.pattern, sh.handlers)
	}
	return rt
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
		if rt.Type != customroute.JavaScript {
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
