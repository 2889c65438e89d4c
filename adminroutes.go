package pretendo

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/dashboard"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/journalapi"
)

// journalRoutes registers the journal API under the admin router sub:
// GET and DELETE /requests, GET /requests/count, /requests/stream and
// /requests/{id}, all behind the admin token. With the journal off they
// answer 404 ROUTE_NOT_FOUND saying so.
func (s *Server) journalRoutes(sub *mux.Router) {
	ext := s.extras()
	if ext.journal == nil {
		off := s.adminGuard(func(w http.ResponseWriter, r *http.Request) {
			s.fail(w, r, httperr.New(http.StatusNotFound, CodeRouteNotFound,
				"the request journal is off (options.journal.size is 0); give it a size to record requests"))
		})
		sub.HandleFunc("/requests", off)
		sub.PathPrefix("/requests/").HandlerFunc(off)
		return
	}
	h := journalapi.New(ext.journal, ext.hub, s.adminPath(), s.fail)
	sub.HandleFunc("/requests", s.adminMethods(map[string]http.HandlerFunc{
		http.MethodGet:    h.List,
		http.MethodDelete: h.Clear,
	}))
	sub.HandleFunc("/requests/count", s.adminMethods(map[string]http.HandlerFunc{http.MethodGet: h.Count}))
	sub.HandleFunc("/requests/stream", s.adminMethods(map[string]http.HandlerFunc{http.MethodGet: h.Stream}))
	sub.HandleFunc("/requests/{id:[0-9]+}", s.adminMethods(map[string]http.HandlerFunc{http.MethodGet: h.Get}))
}

// dashboardRoutes registers the dashboard under the admin router sub: the
// page at /ui/ and its files, public (the page asks for the admin token),
// GET and HEAD only.
func (s *Server) dashboardRoutes(sub *mux.Router) {
	cfg := dashboard.Config{
		AdminPath: s.adminPath(),
		NotFound: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.fail(w, r, httperr.New(http.StatusNotFound, CodeRouteNotFound, "no route for %s %s", r.Method, r.URL.Path))
		}),
	}
	for i := range s.spec.Resources {
		res := &s.spec.Resources[i]
		r := dashboard.Resource{Name: res.Name, Key: res.Key(), Fields: make([]string, len(res.Fields))}
		for j := range res.Fields {
			r.Fields[j] = res.Fields[j].Name
		}
		cfg.Resources = append(cfg.Resources, r)
	}
	if a := s.extras().auth; a != nil {
		login, _, _ := auth.Paths(s.spec.Options.Auth)
		cfg.Auth = &dashboard.Auth{Login: login, Header: a.Header()}
	}
	ui := s.methods(map[string]http.HandlerFunc{http.MethodGet: dashboard.New(cfg).ServeHTTP})
	sub.HandleFunc("/ui", ui)
	sub.PathPrefix("/ui/").HandlerFunc(ui)
}

// adminMethods is methods behind the admin token.
func (s *Server) adminMethods(handlers map[string]http.HandlerFunc) http.HandlerFunc {
	return s.adminGuard(s.methods(handlers))
}

// methods serves each method with its handler (HEAD as GET, OPTIONS with
// the methods served) and the others with 405.
func (s *Server) methods(handlers map[string]http.HandlerFunc) http.HandlerFunc {
	var methods []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if handlers[m] != nil || m == http.MethodHead && handlers[http.MethodGet] != nil {
			methods = append(methods, m)
		}
	}
	allow := strings.Join(append(methods, http.MethodOptions), ", ")
	return func(w http.ResponseWriter, r *http.Request) {
		m := r.Method
		if m == http.MethodHead {
			m = http.MethodGet
		}
		switch h := handlers[m]; {
		case h != nil:
			h(w, r)
		case r.Method == http.MethodOptions:
			s.options(w, r, allow)
		default:
			s.methodNotAllowed(w, r, allow)
		}
	}
}
