package pretendo

import (
	"net/http"
	"strings"
	"sync"

	"github.com/gorilla/mux"
)

// router serves requests with a gorilla/mux router. The resource routes
// (/{resource}, /{resource}/{id}, /{resource}/{id}/{rel}) match by the
// number of path segments (see segments) and their handlers read the
// segments from the path (see pathSegment), so a request that matches one
// of them is handed to its handler directly: mux's ServeHTTP would first
// copy the request twice to carry variables and route in its context.
// Every other request (admin, auth, custom routes, not found) goes through
// mux's ServeHTTP as usual.
type router struct {
	mux    *mux.Router
	direct []*mux.Route
	// matches recycles the *mux.RouteMatch of each request, which
	// Router.Match makes escape.
	matches sync.Pool
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m, _ := rt.matches.Get().(*mux.RouteMatch)
	if m == nil {
		m = new(mux.RouteMatch)
	}
	var direct http.Handler
	if rt.mux.Match(r, m) && m.Route != nil && m.Handler != nil {
		for _, d := range rt.direct {
			if m.Route == d {
				direct = m.Handler
				break
			}
		}
	}
	vars := m.Vars // kept, so that the next match fills it instead of making one
	clear(vars)
	*m = mux.RouteMatch{Vars: vars}
	rt.matches.Put(m)
	if direct != nil {
		direct.ServeHTTP(w, r)
		return
	}
	rt.mux.ServeHTTP(w, r)
}

// pathSegment returns the i-th segment (from 0) of the escaped path of r,
// or "" if the path has fewer. For a request matched by a resource route
// it is the route's i-th variable, still escaped as mux would give it.
func pathSegment(r *http.Request, i int) string {
	p := strings.TrimPrefix(r.URL.EscapedPath(), "/")
	for ; i > 0; i-- {
		_, rest, ok := strings.Cut(p, "/")
		if !ok {
			return ""
		}
		p = rest
	}
	seg, _, _ := strings.Cut(p, "/")
	return seg
}

// segments matches an escaped path of exactly n non-empty segments, as the
// route template with n variables of mux's default pattern would, without
// a regular expression or a map of variables.
func segments(n int) mux.MatcherFunc {
	return func(r *http.Request, _ *mux.RouteMatch) bool {
		p := r.URL.EscapedPath()
		if p == "" || p[0] != '/' {
			return false
		}
		p = p[1:]
		for i := 0; i < n; i++ {
			seg, rest, more := strings.Cut(p, "/")
			if seg == "" || more == (i == n-1) {
				return false
			}
			p = rest
		}
		return true
	}
}
