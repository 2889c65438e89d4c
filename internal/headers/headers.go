// Package headers is the stage of a server's chain that sets the headers
// every answer carries (X-Powered-By, and CORS unless it is off), and the
// answer to OPTIONS requests, CORS preflights included.
package headers

import "net/http"

// Constant header values, shared by every response: net/http only reads
// them, and their capacity equals their length, so an append elsewhere copies.
var (
	poweredBy      = []string{"Pretendo"}
	allowAnyOrigin = []string{"*"}
	exposedHeaders = []string{"X-Total-Count, Link, Location"}
)

// CORS is a server's cross-origin policy.
type CORS struct {
	// On sends CORS headers (options.corsEnabled, default true).
	On bool
	// TokenHeader is the header user tokens come in when it is not
	// Authorization (options.auth.tokenHeader), for preflights to allow.
	TokenHeader string
	// Credentials allows the request's own origin, with credentials
	// (cookies, Authorization), as json-server's cors({origin: true,
	// credentials: true}) does, instead of any origin without them: a
	// front end that fetches with credentials: "include" needs it.
	Credentials bool
}

// Header values of Credentials.
var (
	allowCredentials = []string{"true"}
	varyOrigin       = []string{"Origin"}
)

// New returns the stage that sets the headers every answer carries.
func (c CORS) New() func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h["X-Powered-By"] = poweredBy
			if c.On {
				h["Access-Control-Allow-Origin"] = allowAnyOrigin
				h["Access-Control-Expose-Headers"] = exposedHeaders
				if c.Credentials {
					c.reflect(h, r)
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// reflect allows the origin of r, with credentials; a request without an
// Origin is no cross-origin one and gets no Access-Control-Allow-Origin.
func (c CORS) reflect(h http.Header, r *http.Request) {
	h["Vary"] = append(h["Vary"][:len(h["Vary"]):len(h["Vary"])], varyOrigin...)
	origin := r.Header.Get("Origin")
	if origin == "" {
		delete(h, "Access-Control-Allow-Origin")
		return
	}
	h["Access-Control-Allow-Origin"] = []string{origin}
	h["Access-Control-Allow-Credentials"] = allowCredentials
}

// Options answers an OPTIONS request to a path that serves the methods of
// allow: 204 with Allow and, with CORS on, what a preflight asks for.
func (c CORS) Options(w http.ResponseWriter, r *http.Request, allow string) {
	h := w.Header()
	h.Set("Allow", allow)
	if c.On {
		h.Set("Access-Control-Allow-Methods", allow)
		if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
			h.Set("Access-Control-Allow-Headers", req)
		} else if c.TokenHeader != "" && c.TokenHeader != "Authorization" {
			h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, "+c.TokenHeader)
		} else {
			h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
		}
		h.Set("Access-Control-Max-Age", "86400")
	}
	w.WriteHeader(http.StatusNoContent)
}
