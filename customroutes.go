package pretendo

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/customroute"
	"github.com/pretendo-go/pretendo/internal/router"
	"github.com/pretendo-go/pretendo/schema"
)

// Route is a custom route of a spec (its routes list): a fixed answer to
// one method and path, or, for type javascript, a 501.
type Route = schema.Route

// WithRoute answers method requests to path with h, ahead of the resource
// routes. path is like "/health" or "/users/:id/avatar" ("{id}" works
// too); h reads the parameters with PathParam. A WithRoute replaces a
// custom route of the spec with the same method and path (a route of type
// javascript, say). Custom routes are public even when auth is on;
// CurrentUser tells h who signed in. A bad method or path makes Open fail
// with a *SpecError.
func WithRoute(method, path string, h http.Handler) Option {
	return func(c *config) {
		c.routes = append(c.routes, customroute.Go{Method: method, Path: path, Handler: h})
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
// then those of the spec, the spec's with auth guarded by the server's.
func (s *Server) customRoutes(c router.Config) *router.Router {
	var guard customroute.Guard
	if a := s.auth; a != nil {
		guard = func(w http.ResponseWriter, r *http.Request, ra *schema.RouteAuth) bool {
			u, ok := a.SignedIn(w, r)
			if !ok {
				return false
			}
			if err := auth.PermitRoute(u, ra.Roles, r); err != nil {
				s.fail(w, r, err)
				return false
			}
			return true
		}
	}
	return customroute.Router(c, s.cfg.routes, s.spec.Routes, guard, s.fail)
}

// logJavaScriptRoutes warns, through the server's logger, about the custom
// routes of type javascript that no WithRoute replaces.
func (s *Server) logJavaScriptRoutes() {
	for _, i := range customroute.Unreplaced(s.cfg.routes, s.spec.Routes) {
		rt := s.spec.Routes[i]
		s.cfg.logger.Warn("custom route of type javascript answers 501 NOT_IMPLEMENTED; replace it with pretendo.WithRoute",
			"route", fmt.Sprintf("routes[%d]", i), "method", strings.ToUpper(rt.Method), "path", rt.Path)
	}
}
