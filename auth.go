package pretendo

import (
	"context"
	"net/http"

	"github.com/pretendo-go/pretendo/internal/auth"
)

// User is a signed-in user, as the auth API knows it.
type User struct {
	// Username is the name the user signs in with.
	Username string
	// Role is the user's role, "" when it has none.
	Role string
	// ID is the primary key of the user's record in
	// options.auth.userResource, or nil for a user declared only in
	// options.auth.users. Access rules with "owner" compare it with a
	// record's ownedBy field.
	ID any
	// Record is a copy of the user's record without its password, or nil
	// for a user declared only in options.auth.users.
	Record map[string]any
}

// newAuth returns the authenticator of s, or nil when auth is off.
func newAuth(s *Server) *auth.Authenticator {
	return auth.New(auth.Config{
		Spec:   s.spec,
		DB:     s.db,
		Clock:  s.cfg.clock,
		Logger: s.cfg.logger,
		Fail:   s.fail,
		Data: func(w http.ResponseWriter, r *http.Request, status int, v any) {
			s.respondData(w, r, status, v)
		},
		ReadBody: func(w http.ResponseWriter, r *http.Request) (map[string]any, error) {
			return s.readBody(w, r, nil)
		},
	})
}

// Login checks a user name and password as POST /auth/login does and
// returns a new Bearer token for the user. Users come from
// options.auth.userResource and options.auth.users (see the package
// documentation). A wrong name or password is an error wrapping
// ErrInvalidCredentials; a server without options.auth.enabled returns
// ErrAuthDisabled.
func (s *Server) Login(ctx context.Context, username, password string) (string, error) {
	return s.signIn(ctx, username, password, true)
}

// TokenFor returns a new Bearer token for the user called username without
// checking a password, for tests that need a signed-in client. An unknown
// user is an error wrapping ErrInvalidCredentials; a server without
// options.auth.enabled returns ErrAuthDisabled.
func (s *Server) TokenFor(ctx context.Context, username string) (string, error) {
	return s.signIn(ctx, username, "", false)
}

// signIn serves Login (check true) and TokenFor.
func (s *Server) signIn(ctx context.Context, username, password string, check bool) (string, error) {
	a := s.extras().auth
	if a == nil {
		return "", ErrAuthDisabled
	}
	u, err := a.Authenticate(ctx, username, password, check)
	if err != nil {
		return "", err
	}
	token, _ := a.SignIn(u)
	return token, nil
}

// Logout revokes token, as POST /auth/logout does. Revoking an unknown
// token does nothing.
func (s *Server) Logout(token string) {
	s.extras().auth.Revoke(token)
}

// CurrentUser returns the user a request to a custom route (WithRoute)
// signed in as with a valid Bearer token. It reports false when auth is
// off or the request carries no valid token: custom routes are public, so
// a handler that needs a user checks for one itself.
func CurrentUser(r *http.Request) (User, bool) {
	u, ok := auth.CurrentUser(r)
	if !ok {
		return User{}, false
	}
	return User{Username: u.Username, Role: u.Role, ID: u.ID, Record: u.Record}, true
}

// scope returns the access scope of r, writing a 401 when auth is on and
// r signs in as nobody. With auth off it is the zero scope: everything.
func (s *Server) scope(w http.ResponseWriter, r *http.Request) (auth.Scope, bool) {
	if s.auth == nil {
		return auth.Scope{}, true
	}
	u, ok := s.auth.SignedIn(w, r)
	if !ok {
		return auth.Scope{}, false
	}
	return s.auth.Scope(u), true
}
