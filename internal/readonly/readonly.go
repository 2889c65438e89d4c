// Package readonly is the stage of a server's chain that makes the API
// read-only (options.readOnly), as json-server's --read-only does: every
// method but GET, HEAD and OPTIONS is a 403. The admin API and the auth
// endpoints are not the API's data: they stay open, so that a test can
// still reset the state or sign in.
package readonly

import (
	"net/http"
	"strings"

	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/schema"
)

// Config is what the stage needs of a server.
type Config struct {
	// Spec says whether the API is read-only (options.readOnly), and
	// whether the admin API and auth are on.
	Spec *schema.Spec
	// AdminPath is the path of the admin API.
	AdminPath string
	// Fail writes the 403.
	Fail httperr.Fail
}

// New returns the stage; when the API is not read-only, it hands every
// request on.
func New(c Config) func(http.Handler) http.Handler {
	o := c.Spec.Options
	if !o.ReadOnly {
		return func(next http.Handler) http.Handler { return next }
	}
	admin := c.AdminPath
	if !o.Admin.On() {
		admin = ""
	}
	var open []string
	if o.Auth.Enabled {
		login, logout, _ := auth.Paths(o.Auth)
		open = append(open, login, logout)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				next.ServeHTTP(w, r)
				return
			}
			p := r.URL.Path
			if admin != "" && (p == admin || strings.HasPrefix(p, admin+"/")) {
				next.ServeHTTP(w, r)
				return
			}
			for _, o := range open {
				if p == o {
					next.ServeHTTP(w, r)
					return
				}
			}
			c.Fail(w, r, httperr.New(http.StatusForbidden, httperr.CodeForbidden,
				"the API is read-only: %s is refused, only GET, HEAD and OPTIONS are served", r.Method))
		})
	}
}
