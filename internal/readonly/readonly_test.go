package readonly_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/readonly"
	"github.com/pretendo-go/pretendo/schema"
)

func TestStage(t *testing.T) {
	t.Parallel()
	off := false
	for _, tc := range []struct {
		name      string
		opts      schema.Options
		method    string
		path      string
		forbidden bool
	}{
		{"off", schema.Options{}, "DELETE", "/users/1", false},
		{"get", schema.Options{ReadOnly: true}, "GET", "/users", false},
		{"head", schema.Options{ReadOnly: true}, "HEAD", "/users", false},
		{"options", schema.Options{ReadOnly: true}, "OPTIONS", "/users", false},
		{"post", schema.Options{ReadOnly: true}, "POST", "/users", true},
		{"unknown method", schema.Options{ReadOnly: true}, "BREW", "/users", true},
		{"admin", schema.Options{ReadOnly: true}, "POST", "/admin/reset", false},
		{"admin root", schema.Options{ReadOnly: true}, "POST", "/admin", false},
		{"admin-like prefix", schema.Options{ReadOnly: true}, "POST", "/administrators", true},
		{"admin off", schema.Options{ReadOnly: true, Admin: schema.Admin{Enabled: &off}}, "POST", "/admin/reset", true},
		{"login without auth", schema.Options{ReadOnly: true}, "POST", "/auth/login", true},
		{"login", schema.Options{ReadOnly: true, Auth: schema.Auth{Enabled: true}}, "POST", "/auth/login", false},
		{"logout", schema.Options{ReadOnly: true, Auth: schema.Auth{Enabled: true}}, "POST", "/auth/logout", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var failed error
			stage := readonly.New(readonly.Config{
				Spec:      &schema.Spec{Options: tc.opts},
				AdminPath: "/admin",
				Fail: func(w http.ResponseWriter, _ *http.Request, err error) {
					failed = err
					w.WriteHeader(http.StatusForbidden)
				},
			})
			reached := false
			h := stage(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }))
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tc.method, tc.path, nil))
			assert.Equal(t, !tc.forbidden, reached)
			if tc.forbidden {
				var he *httperr.Error
				if assert.True(t, errors.As(failed, &he)) {
					assert.Equal(t, http.StatusForbidden, he.Status)
					assert.Equal(t, httperr.CodeForbidden, he.Code)
				}
			}
		})
	}
}
