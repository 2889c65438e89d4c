package customroute

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/routepath"
	"github.com/pretendo-go/pretendo/internal/router"
	"github.com/pretendo-go/pretendo/schema"
)

// Go is a custom route given in Go (pretendo.WithRoute).
type Go struct {
	Method, Path string
	Handler      http.Handler
}

// Guard lets a request of a spec route with auth through, or answers it
// (401, 403) and reports false.
type Guard func(w http.ResponseWriter, r *http.Request, ra *schema.RouteAuth) bool

// Router builds the router of the custom routes: goRoutes, then those of
// the spec, one route per path shape, ordered so that more literal paths
// win (/users/me before /users/:id). A spec route with the method and shape
// of a Go one is replaced by it. guard, when not nil, checks the spec
// routes whose auth is on.
func Router(c router.Config, goRoutes []Go, spec []schema.Route, guard Guard, fail httperr.Fail) *router.Router {
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
	for _, gr := range goRoutes {
		rp, err := routepath.Parse(gr.Path)
		if err != nil || gr.Handler == nil {
			continue // Check refused these
		}
		h := gr.Handler
		// Routes of one shape may name their parameters differently:
		// each reads them by its own pattern.
		add(strings.ToUpper(gr.Method), rp, func(w http.ResponseWriter, r *http.Request, p router.Params) {
			h.ServeHTTP(w, mux.SetURLVars(r, rp.Vars(p.Path())))
		})
	}
	for i := range spec {
		rt := &spec[i]
		rp, err := routepath.Parse(rt.Path)
		if err != nil {
			continue // the schema refused these
		}
		h, ra := New(rt, fail), rt.Auth
		add(strings.ToUpper(rt.Method), rp, func(w http.ResponseWriter, r *http.Request, p router.Params) {
			vars := rp.Vars(p.Path())
			r = mux.SetURLVars(r, vars)
			if guard != nil && ra.On() && !guard(w, r, ra) {
				return
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

// Check lists the problems of the Go routes that cannot be served.
func Check(routes []Go) []schema.Problem {
	var problems []schema.Problem
	for _, gr := range routes {
		where := fmt.Sprintf("WithRoute(%q, %q)", gr.Method, gr.Path)
		if !isToken(gr.Method) {
			problems = append(problems, schema.Problem{Path: where, Message: fmt.Sprintf("method %q is not an HTTP method", gr.Method)})
		}
		if _, err := routepath.Parse(gr.Path); err != nil {
			problems = append(problems, schema.Problem{Path: where, Message: strings.TrimPrefix(err.Error(), routepath.ErrPath.Error()+": ")})
		}
		if gr.Handler == nil {
			problems = append(problems, schema.Problem{Path: where, Message: "handler is nil"})
		}
	}
	return problems
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

// Unreplaced returns the indexes of the spec routes of type javascript
// that no Go route replaces.
func Unreplaced(goRoutes []Go, spec []schema.Route) []int {
	replaced := make(map[string]bool, len(goRoutes))
	for _, gr := range goRoutes {
		if rp, err := routepath.Parse(gr.Path); err == nil {
			replaced[strings.ToUpper(gr.Method)+" "+rp.Shape()] = true
		}
	}
	var idx []int
	for i, rt := range spec {
		if rt.Type != JavaScript {
			continue
		}
		rp, err := routepath.Parse(rt.Path)
		if err != nil || replaced[strings.ToUpper(rt.Method)+" "+rp.Shape()] {
			continue
		}
		idx = append(idx, i)
	}
	return idx
}
