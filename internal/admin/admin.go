// Package admin is the admin API of a server, served under its admin path
// (options.admin): save, load and reset the store, its stats, and named
// snapshots, behind the admin token when one is set.
package admin

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/journalapi"
	"github.com/pretendo-go/pretendo/internal/router"
	"github.com/pretendo-go/pretendo/snapshot"
)

// Server is what the admin API does to a server.
type Server interface {
	// Save writes the state to durable storage, reporting false for a
	// store that keeps none.
	Save(ctx context.Context) (bool, error)
	// Load reads the state back from durable storage, reporting false for
	// a store that keeps none.
	Load(ctx context.Context) (bool, error)
	// Reset goes back to the initial state.
	Reset(ctx context.Context) error
	// Stats reports each resource's count and last change.
	Stats(ctx context.Context) (map[string]adapter.ResourceStats, error)
	// Snapshots lists the snapshots, sorted by name.
	Snapshots(ctx context.Context) ([]snapshot.Meta, error)
	// TakeSnapshot saves the state under name; a taken name wraps
	// snapshot.ErrExists unless overwrite is set.
	TakeSnapshot(ctx context.Context, name, description string, overwrite bool) (snapshot.Meta, error)
	// RestoreSnapshot replaces the state with the snapshot called name.
	RestoreSnapshot(ctx context.Context, name string) (snapshot.Meta, error)
	// DeleteSnapshot removes the snapshot called name.
	DeleteSnapshot(ctx context.Context, name string) error
	// AdapterName names the store, for answers.
	AdapterName() string
}

// Config is the admin API of one server.
type Config struct {
	// Path is the admin path, like "/admin".
	Path string
	// On serves the admin API; off, every path under Path is a custom
	// route's or a 404.
	On bool
	// Token, when set, is required as a Bearer token.
	Token string
	// Server is what the API acts on.
	Server Server
	// Customs serves the custom routes of paths under Path that the API
	// does not serve, without the token.
	Customs *router.Router
	// Router answers OPTIONS, 405s and other 404s.
	Router router.Config
	// Fail writes error answers.
	Fail httperr.Fail
	// Data writes a value in the server's envelope ({"data": v}).
	Data func(w http.ResponseWriter, r *http.Request, status int, v any)
	// ReadBody reads a request body as a JSON object, within the server's limits.
	ReadBody func(w http.ResponseWriter, r *http.Request) (map[string]any, error)
	// Journal serves the journal API under /requests, behind the token;
	// nil when the journal is off, and then its paths answer 404 saying so.
	Journal *journalapi.Handler
	// Dashboard, when set, serves /ui and the paths below it, GET and
	// HEAD only, without the token (the page asks for it).
	Dashboard http.Handler
}

// api serves the admin API of one server.
type api struct {
	Config
}

// New returns the router of the admin API. A path under c.Path that the
// API does not serve goes to the custom route of that path (an upstream
// /admin/dashboard, say), which needs no admin token, or else answers 404
// ROUTE_NOT_FOUND, behind the token (but for c.Path itself); so do all of
// them when the API is off.
func New(c Config) *router.Router {
	a := &api{Config: c}
	base := strings.TrimSuffix(c.Path, "/")
	notFound := func(w http.ResponseWriter, r *http.Request, _ router.Params) {
		a.Fail(w, r, httperr.New(http.StatusNotFound, httperr.CodeRouteNotFound, "no route for %s %s", r.Method, r.URL.Path))
	}
	guarded := a.guard(notFound)
	a.Router.NotFound = func(w http.ResponseWriter, r *http.Request, p router.Params) {
		switch {
		case c.Customs.Serve(w, r):
		case p.Path() == base || !c.On:
			notFound(w, r, p)
		default:
			guarded(w, r, p)
		}
	}
	rt := router.New(a.Router)
	if !c.On {
		return rt
	}
	handle := func(path string, handlers map[string]router.HandlerFunc) {
		// The token comes first: a client without it learns nothing,
		// not even which methods a path serves.
		if err := rt.Handle(base+path, a.guard(rt.Methods(handlers))); err != nil {
			panic("pretendo: admin route " + path + ": " + err.Error()) // the paths are this package's, under a checked admin path
		}
	}
	post := func(h router.HandlerFunc) map[string]router.HandlerFunc {
		return map[string]router.HandlerFunc{http.MethodPost: h}
	}
	handle("/save", post(a.action("saved", c.Server.Save)))
	handle("/load", post(a.action("loaded", c.Server.Load)))
	handle("/reset", post(a.action("reset", func(ctx context.Context) (bool, error) {
		return true, c.Server.Reset(ctx)
	})))
	handle("/stats", map[string]router.HandlerFunc{http.MethodGet: a.stats})
	a.journal(rt, handle)
	if c.Dashboard != nil {
		rt.Mount(base+"/ui", rt.Methods(map[string]router.HandlerFunc{http.MethodGet: plain(c.Dashboard.ServeHTTP)}))
	}
	handle("/snapshots", map[string]router.HandlerFunc{http.MethodGet: a.listSnapshots, http.MethodPost: a.createSnapshot})
	handle("/snapshots/restore", post(a.restore))
	handle("/snapshots/{name}", map[string]router.HandlerFunc{http.MethodDelete: a.deleteSnapshot})
	return rt
}

// journal adds the journal API to rt: GET and DELETE /requests, GET
// /requests/count, /requests/stream and /requests/{id}; with the journal
// off, every path from /requests on answers 404 saying so.
func (a *api) journal(rt *router.Router, handle func(string, map[string]router.HandlerFunc)) {
	base := strings.TrimSuffix(a.Path, "/")
	h := a.Journal
	if h == nil {
		rt.Mount(base+"/requests", a.guard(func(w http.ResponseWriter, r *http.Request, _ router.Params) {
			a.Fail(w, r, httperr.New(http.StatusNotFound, httperr.CodeRouteNotFound,
				"the request journal is off (options.journal.size is 0); give it a size to record requests"))
		}))
		return
	}
	get := func(f http.HandlerFunc) map[string]router.HandlerFunc {
		return map[string]router.HandlerFunc{http.MethodGet: plain(f)}
	}
	handle("/requests", map[string]router.HandlerFunc{http.MethodGet: plain(h.List), http.MethodDelete: plain(h.Clear)})
	handle("/requests/count", get(h.Count))
	handle("/requests/stream", get(h.Stream))
	// Only a number names a request; another segment is a path the API
	// does not serve.
	byID := a.guard(rt.Methods(get(h.Get)))
	if err := rt.Handle(base+"/requests/{id}", func(w http.ResponseWriter, r *http.Request, p router.Params) {
		if !digits(p.Raw("id")) {
			a.Router.NotFound(w, r, p)
			return
		}
		byID(w, r, p)
	}); err != nil {
		panic("pretendo: admin route: " + err.Error()) // the path is this package's, under a checked admin path
	}
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// plain is h as a route's handler, for handlers that need no parameters.
func plain(h http.HandlerFunc) router.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ router.Params) { h(w, r) }
}

// guard requires the admin token, when one is set, as a Bearer token.
func (a *api) guard(h router.HandlerFunc) router.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p router.Params) {
		if a.Token != "" && r.Method != http.MethodOptions {
			got, ok := bearerToken(r.Header.Get("Authorization"))
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(a.Token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="pretendo admin"`)
				a.Fail(w, r, httperr.New(http.StatusUnauthorized, httperr.CodeUnauthorized, "the admin API needs its token as a Bearer token"))
				return
			}
		}
		h(w, r, p)
	}
}

// bearerToken reads an Authorization header of the Bearer scheme. The
// scheme's name is case-insensitive (RFC 9110), as it is for user tokens:
// it returns the token and whether the scheme is Bearer.
func bearerToken(header string) (string, bool) {
	scheme, token, _ := strings.Cut(header, " ")
	return strings.TrimSpace(token), strings.EqualFold(scheme, "Bearer")
}

// action serves save, load and reset: it runs op, then answers with the
// adapter, the counts after it, and what op reported under key.
func (a *api) action(key string, op func(ctx context.Context) (bool, error)) router.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ router.Params) {
		done, err := op(r.Context())
		if err != nil {
			a.Fail(w, r, err)
			return
		}
		stats, err := a.Server.Stats(r.Context())
		if err != nil {
			a.Fail(w, r, err)
			return
		}
		counts := make(map[string]int, len(stats))
		for name, st := range stats {
			counts[name] = st.Count
		}
		a.Data(w, r, http.StatusOK, map[string]any{
			"adapter": a.Server.AdapterName(),
			key:       done,
			"counts":  counts,
		})
	}
}

func (a *api) stats(w http.ResponseWriter, r *http.Request, _ router.Params) {
	stats, err := a.Server.Stats(r.Context())
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	a.Data(w, r, http.StatusOK, stats)
}

func (a *api) listSnapshots(w http.ResponseWriter, r *http.Request, _ router.Params) {
	list, err := a.Server.Snapshots(r.Context())
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if list == nil {
		list = []snapshot.Meta{}
	}
	a.Data(w, r, http.StatusOK, list)
}

// snapshotRequest is the body of the snapshot create and restore calls.
type snapshotRequest struct {
	name, description string
	overwrite         bool
}

func (a *api) readSnapshotRequest(w http.ResponseWriter, r *http.Request) (snapshotRequest, error) {
	body, err := a.ReadBody(w, r)
	if err != nil {
		return snapshotRequest{}, err
	}
	var req snapshotRequest
	for key, v := range body {
		ok := true
		switch key {
		case "name":
			req.name, ok = v.(string)
		case "description":
			req.description, ok = v.(string)
		case "overwrite":
			req.overwrite, ok = v.(bool)
		default:
			return snapshotRequest{}, httperr.New(http.StatusBadRequest, httperr.CodeInvalidJSON, "snapshot request: unknown field %q (want name, description, overwrite)", key)
		}
		if !ok {
			return snapshotRequest{}, httperr.New(http.StatusBadRequest, httperr.CodeInvalidJSON, "snapshot request: %s has the wrong type", key)
		}
	}
	return req, nil
}

func (a *api) createSnapshot(w http.ResponseWriter, r *http.Request, _ router.Params) {
	req, err := a.readSnapshotRequest(w, r)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	m, err := a.Server.TakeSnapshot(r.Context(), req.name, req.description, req.overwrite)
	if errors.Is(err, snapshot.ErrExists) {
		err = fmt.Errorf(`%w (send "overwrite": true to replace it)`, err)
	}
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	a.Data(w, r, http.StatusCreated, m)
}

func (a *api) restore(w http.ResponseWriter, r *http.Request, _ router.Params) {
	req, err := a.readSnapshotRequest(w, r)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	m, err := a.Server.RestoreSnapshot(r.Context(), req.name)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	a.Data(w, r, http.StatusOK, m)
}

func (a *api) deleteSnapshot(w http.ResponseWriter, r *http.Request, p router.Params) {
	name, err := url.PathUnescape(p.Raw("name"))
	if err != nil {
		a.Fail(w, r, httperr.New(http.StatusBadRequest, httperr.CodeInvalidName, "snapshot name is not valid path text"))
		return
	}
	if err := a.Server.DeleteSnapshot(r.Context(), name); err != nil {
		a.Fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
