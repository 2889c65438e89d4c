// Package closed is the stage of a server's chain that answers 503
// SERVER_CLOSED once the server is closed, and hands requests on until
// then.
package closed

import (
	"net/http"
	"sync/atomic"

	"github.com/pretendo-go/pretendo/internal/httperr"
)

// New returns the stage: once closed is true, fail writes every answer.
func New(closed *atomic.Bool, fail httperr.Fail) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if closed.Load() {
				fail(w, r, httperr.New(http.StatusServiceUnavailable, httperr.CodeServerClosed, "server closed"))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
