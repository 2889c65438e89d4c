package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/admin"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/router"
	"github.com/pretendo-go/pretendo/snapshot"
)

// server records what the admin API asked of it.
type server struct{ deleted string }

func (*server) Save(context.Context) (bool, error) { return true, nil }
func (*server) Load(context.Context) (bool, error) { return false, nil }
func (*server) Reset(context.Context) error        { return nil }
func (*server) Stats(context.Context) (map[string]adapter.ResourceStats, error) {
	return map[string]adapter.ResourceStats{"users": {Count: 2}}, nil
}
func (*server) Snapshots(context.Context) ([]snapshot.Meta, error) { return nil, nil }
func (*server) TakeSnapshot(_ context.Context, name, _ string, _ bool) (snapshot.Meta, error) {
	return snapshot.Meta{}, snapshot.ErrExists
}
func (*server) RestoreSnapshot(context.Context, string) (snapshot.Meta, error) {
	return snapshot.Meta{}, snapshot.ErrNotFound
}
func (s *server) DeleteSnapshot(_ context.Context, name string) error { s.deleted = name; return nil }
func (*server) AdapterName() string                                   { return "memory" }

func newAPI(on bool, token string, srv *server) *router.Router {
	status := func(w http.ResponseWriter, status int, code string) {
		w.Header().Set("X-Code", code)
		w.WriteHeader(status)
	}
	rc := router.Config{
		NotFound: func(w http.ResponseWriter, _ *http.Request, _ router.Params) { status(w, 404, "NO_ROUTE") },
		MethodNotAllowed: func(w http.ResponseWriter, _ *http.Request, allow string) {
			w.Header().Set("Allow", allow)
			status(w, 405, "")
		},
		Options: func(w http.ResponseWriter, _ *http.Request, allow string) {
			w.Header().Set("Allow", allow)
			status(w, 204, "")
		},
	}
	customs := router.New(rc)
	_ = customs.HandleMethods("/admin/dashboard", map[string]router.HandlerFunc{http.MethodGet: func(w http.ResponseWriter, _ *http.Request, _ router.Params) {
		status(w, 200, "CUSTOM")
	}})
	return admin.New(admin.Config{
		Path: "/admin", On: on, Token: token, Server: srv, Customs: customs, Router: rc,
		Fail: func(w http.ResponseWriter, _ *http.Request, err error) {
			var he *httperr.Error
			switch {
			case errors.As(err, &he):
				status(w, he.Status, he.Code)
			case errors.Is(err, snapshot.ErrExists):
				status(w, 409, "CONFLICT")
			default:
				status(w, 500, "")
			}
		},
		Data: func(w http.ResponseWriter, _ *http.Request, st int, _ any) { status(w, st, "DATA") },
		ReadBody: func(http.ResponseWriter, *http.Request) (map[string]any, error) {
			return map[string]any{"name": "a"}, nil
		},
	})
}

func TestAdminAPI(t *testing.T) {
	t.Parallel()
	srv := &server{}
	tests := []struct {
		name           string
		on             bool
		token, sent    string
		method, target string
		status         int
		code           string
	}{
		{"save", true, "", "", "POST", "/admin/save", 200, "DATA"},
		{"wrong method", true, "", "", "GET", "/admin/save", 405, ""},
		{"token before method", true, "t", "", "GET", "/admin/save", 401, httperr.CodeUnauthorized},
		{"token", true, "t", "Bearer t", "POST", "/admin/save", 200, "DATA"},
		{"token scheme in any case", true, "t", "bEaReR t", "GET", "/admin/stats", 200, "DATA"},
		{"preflight needs no token", true, "t", "", "OPTIONS", "/admin/save", 204, ""},
		{"taken name", true, "", "", "POST", "/admin/snapshots", 409, "CONFLICT"},
		{"custom route, no token", true, "t", "", "GET", "/admin/dashboard", 200, "CUSTOM"},
		{"unknown, behind the token", true, "t", "", "GET", "/admin/nope", 401, httperr.CodeUnauthorized},
		{"unknown", true, "", "", "GET", "/admin/nope", 404, httperr.CodeRouteNotFound},
		{"the admin path itself", true, "t", "", "GET", "/admin", 404, httperr.CodeRouteNotFound},
		{"off", false, "", "", "POST", "/admin/save", 404, httperr.CodeRouteNotFound},
		{"off, custom route", false, "", "", "GET", "/admin/dashboard", 200, "CUSTOM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(tt.method, tt.target, nil)
			if tt.sent != "" {
				r.Header.Set("Authorization", tt.sent)
			}
			w := httptest.NewRecorder()
			newAPI(tt.on, tt.token, srv).ServeHTTP(w, r)
			assert.Equal(t, tt.status, w.Code)
			assert.Equal(t, tt.code, w.Header().Get("X-Code"))
		})
	}
	w := httptest.NewRecorder()
	newAPI(true, "", srv).ServeHTTP(w, httptest.NewRequest("DELETE", "/admin/snapshots/a%2Eb", nil))
	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Equal(t, "a.b", srv.deleted)
}
