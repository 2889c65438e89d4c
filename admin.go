package pretendo

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/mux"

	"github.com/pretendo-go/pretendo/internal/httperr"
)

// adminPath is the path the admin API is served under (options.admin.path).
func (s *Server) adminPath() string {
	p := strings.TrimSuffix(s.spec.Options.Admin.Path, "/")
	if p == "" {
		p = "/admin"
	}
	return p
}

// adminRoutes registers the admin API on r: save, load, reset, stats and
// snapshots. A path under the admin path that the admin API does not serve
// goes to the custom route of that path (an upstream /admin/dashboard, say)
// or else answers 404 ROUTE_NOT_FOUND; so do all of them when the admin
// API is disabled, unless a resource of the same name owns them.
func (s *Server) adminRoutes(r *mux.Router) {
	base := s.adminPath()
	if s.info[strings.TrimPrefix(base, "/")] != nil && !s.spec.Options.Admin.On() {
		return
	}
	sub := r.PathPrefix(base).Subrouter()
	notFound := func(w http.ResponseWriter, req *http.Request) {
		s.fail(w, req, httperr.New(http.StatusNotFound, CodeRouteNotFound, "no route for %s %s", req.Method, req.URL.Path))
	}
	if !s.spec.Options.Admin.On() {
		sub.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if !s.serveCustom(w, req) {
				notFound(w, req)
			}
		})
		sub.PathPrefix("/").Handler(sub.NotFoundHandler)
		return
	}
	handle := func(path, method string, h func(http.ResponseWriter, *http.Request)) {
		sub.HandleFunc(path, s.adminOnly(method, h))
	}
	handle("/save", http.MethodPost, s.adminAction("saved", s.Save))
	handle("/load", http.MethodPost, s.adminAction("loaded", s.Load))
	handle("/reset", http.MethodPost, s.adminAction("reset", func(ctx context.Context) (bool, error) {
		return true, s.Reset(ctx)
	}))
	handle("/stats", http.MethodGet, s.adminStats)
	s.journalRoutes(sub)
	s.dashboardRoutes(sub)
	sub.HandleFunc("/snapshots", s.adminGuard(func(w http.ResponseWriter, req *http.Request) {
		switch req.Method {
		case http.MethodGet, http.MethodHead:
			s.adminListSnapshots(w, req)
		case http.MethodPost:
			s.adminCreateSnapshot(w, req)
		case http.MethodOptions:
			s.options(w, req, "GET, HEAD, POST, OPTIONS")
		default:
			s.methodNotAllowed(w, req, "GET, HEAD, POST, OPTIONS")
		}
	}))
	handle("/snapshots/restore", http.MethodPost, s.adminRestore)
	handle("/snapshots/{name}", http.MethodDelete, s.adminDeleteSnapshot)
	// A custom route is not part of the admin API: it needs no admin token.
	sub.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !s.serveCustom(w, req) {
			notFound(w, req)
		}
	})
	guarded := s.adminGuard(notFound)
	sub.PathPrefix("/").HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !s.serveCustom(w, req) {
			guarded(w, req)
		}
	})
}

// adminGuard requires the admin token, when one is set, as a Bearer token.
func (s *Server) adminGuard(h http.HandlerFunc) http.HandlerFunc {
	token := s.spec.Options.Admin.Token
	return func(w http.ResponseWriter, r *http.Request) {
		if token != "" && r.Method != http.MethodOptions {
			got, ok := bearerToken(r.Header.Get("Authorization"))
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="pretendo admin"`)
				s.fail(w, r, httperr.New(http.StatusUnauthorized, CodeUnauthorized, "the admin API needs its token as a Bearer token"))
				return
			}
		}
		h(w, r)
	}
}

// bearerToken reads an Authorization header of the Bearer scheme for the
// admin API. The scheme's name is case-insensitive (RFC 9110), as it is
// for user tokens: it returns the token and whether the scheme is Bearer.
func bearerToken(header string) (string, bool) {
	scheme, token, _ := strings.Cut(header, " ")
	return strings.TrimSpace(token), strings.EqualFold(scheme, "Bearer")
}

// adminOnly serves h for method (and OPTIONS), 405 otherwise, behind the guard.
func (s *Server) adminOnly(method string, h http.HandlerFunc) http.HandlerFunc {
	allow := method + ", OPTIONS"
	if method == http.MethodGet {
		allow = "GET, HEAD, OPTIONS"
	}
	return s.adminGuard(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == method, method == http.MethodGet && r.Method == http.MethodHead:
			h(w, r)
		case r.Method == http.MethodOptions:
			s.options(w, r, allow)
		default:
			s.methodNotAllowed(w, r, allow)
		}
	})
}

// adminAction serves save, load and reset: it runs op, then answers with
// the adapter, the counts after it, and what op reported under key.
func (s *Server) adminAction(key string, op func(ctx context.Context) (bool, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		done, err := op(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		stats, err := s.db.Stats(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		counts := make(map[string]int, len(stats))
		for name, st := range stats {
			counts[name] = st.Count
		}
		s.respondData(w, r, http.StatusOK, map[string]any{
			"adapter": adapterName(s.db),
			key:       done,
			"counts":  counts,
		})
	}
}

func (s *Server) adminStats(w http.ResponseWriter, r *http.Request) {
	stats, err := s.Stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respondData(w, r, http.StatusOK, stats)
}

func (s *Server) adminListSnapshots(w http.ResponseWriter, r *http.Request) {
	list, err := s.Snapshots(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []SnapshotInfo{}
	}
	s.respondData(w, r, http.StatusOK, list)
}

// snapshotRequest is the body of the snapshot create and restore calls.
type snapshotRequest struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Overwrite   bool   `json:"overwrite"`
}

func (s *Server) readSnapshotRequest(w http.ResponseWriter, r *http.Request) (snapshotRequest, error) {
	body, err := s.readBody(w, r, nil)
	if err != nil {
		return snapshotRequest{}, err
	}
	var req snapshotRequest
	for key, v := range body {
		ok := true
		switch key {
		case "name":
			req.Name, ok = v.(string)
		case "description":
			req.Description, ok = v.(string)
		case "overwrite":
			req.Overwrite, ok = v.(bool)
		default:
			return snapshotRequest{}, httperr.New(http.StatusBadRequest, CodeInvalidJSON, "snapshot request: unknown field %q (want name, description, overwrite)", key)
		}
		if !ok {
			return snapshotRequest{}, httperr.New(http.StatusBadRequest, CodeInvalidJSON, "snapshot request: %s has the wrong type", key)
		}
	}
	return req, nil
}

func (s *Server) adminCreateSnapshot(w http.ResponseWriter, r *http.Request) {
	req, err := s.readSnapshotRequest(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.takeSnapshot(r.Context(), req.Name, req.Description, req.Overwrite)
	if errors.Is(err, ErrSnapshotExists) {
		err = fmt.Errorf(`%w (send "overwrite": true to replace it)`, err)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respondData(w, r, http.StatusCreated, m)
}

func (s *Server) adminRestore(w http.ResponseWriter, r *http.Request) {
	req, err := s.readSnapshotRequest(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.restore(r.Context(), req.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respondData(w, r, http.StatusOK, m)
}

func (s *Server) adminDeleteSnapshot(w http.ResponseWriter, r *http.Request) {
	name, err := url.PathUnescape(mux.Vars(r)["name"])
	if err != nil {
		s.fail(w, r, httperr.New(http.StatusBadRequest, CodeInvalidName, "snapshot name is not valid path text"))
		return
	}
	if err := s.DeleteSnapshot(r.Context(), name); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// adapterName names an adapter for admin answers and the CLI banner.
func adapterName(a DatabaseAdapter) string {
	if n, ok := a.(interface{ Name() string }); ok {
		return n.Name()
	}
	return "custom"
}
