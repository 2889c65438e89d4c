package pretendo

import (
	"context"
	"net/http"
	"strings"

	"github.com/pretendo-go/pretendo/internal/admin"
	"github.com/pretendo-go/pretendo/internal/dashboard"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/journalapi"
	"github.com/pretendo-go/pretendo/internal/router"
)

// adminPath is the path the admin API is served under (options.admin.path).
func (s *Server) adminPath() string {
	p := strings.TrimSuffix(s.spec.Options.Admin.Path, "/")
	if p == "" {
		p = "/admin"
	}
	return p
}

// adminRoutes returns the router of the admin API (see package admin), or
// nil when a resource of the admin path's name owns its paths, the admin
// API being off.
func (s *Server) adminRoutes(c router.Config, customs *router.Router) *router.Router {
	o := s.spec.Options.Admin
	if s.info[strings.TrimPrefix(s.adminPath(), "/")] != nil && !o.On() {
		return nil
	}
	return admin.New(admin.Config{
		Path:    s.adminPath(),
		On:      o.On(),
		Token:   o.Token,
		Server:  adminServer{s},
		Customs: customs,
		Router:  c,
		Fail:    s.fail,
		Data:    s.respondData,
		ReadBody: func(w http.ResponseWriter, r *http.Request) (map[string]any, error) {
			return s.readBody(w, r, nil)
		},
		Journal:   s.journalAPI(),
		Dashboard: s.dashboard(),
	})
}

// journalAPI returns the handlers of the journal API, or nil when the
// journal is off.
func (s *Server) journalAPI() *journalapi.Handler {
	ext := s.extras()
	if ext.journal == nil {
		return nil
	}
	return journalapi.New(ext.journal, ext.hub, s.adminPath(), s.fail)
}

// dashboard returns the admin dashboard of the server's resources.
func (s *Server) dashboard() http.Handler {
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
		login, _, _ := a.Paths()
		cfg.Auth = &dashboard.Auth{Login: login, Header: a.Header()}
	}
	return dashboard.New(cfg)
}

// adminServer is a Server as the admin API acts on it.
type adminServer struct{ *Server }

// TakeSnapshot saves the state under name, as SnapshotWithDescription does.
func (a adminServer) TakeSnapshot(ctx context.Context, name, description string, overwrite bool) (SnapshotInfo, error) {
	return a.takeSnapshot(ctx, name, description, overwrite)
}

// RestoreSnapshot restores the snapshot called name and describes it.
func (a adminServer) RestoreSnapshot(ctx context.Context, name string) (SnapshotInfo, error) {
	return a.restore(ctx, name)
}

// AdapterName names the server's adapter.
func (a adminServer) AdapterName() string { return adapterName(a.db) }

// adapterName names an adapter for admin answers and the CLI banner.
func adapterName(a DatabaseAdapter) string {
	if n, ok := a.(interface{ Name() string }); ok {
		return n.Name()
	}
	return "custom"
}
