package pretendo

import (
	"context"
	"net/http"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/schema"
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
		CORS: s.cors(),
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

// guard checks that r may do action to info's resource, writing the 401 or
// 403 answer when it may not. With auth off it returns nil, true: nil is a
// grant of everything.
func (s *Server) guard(w http.ResponseWriter, r *http.Request, info *resourceInfo, action string) (auth.Scope, *auth.Grant, bool) {
	sc, ok := s.scope(w, r)
	if !ok {
		return sc, nil, false
	}
	g, err := sc.Permit(info.res, action)
	if err != nil {
		s.fail(w, r, err)
		return sc, nil, false
	}
	return sc, g, true
}

// restrict narrows a list query to the records an owner grant covers, and
// refuses expansions into resources the user may not read in full and
// queries on the password of the user resource.
func (s *Server) restrict(sc auth.Scope, g *auth.Grant, res *schema.Resource, q *adapter.Query) error {
	if sc.User() == nil {
		return nil
	}
	g.Restrict(q)
	if err := s.auth.CheckQuery(res, q.Filters, q.Sort); err != nil {
		return err
	}
	return sc.CheckExpand(res, q.Expand)
}

// hideSecrets keeps q's search out of the password hashes of the user
// resource, so that q cannot probe them.
func (s *Server) hideSecrets(info *resourceInfo, q *adapter.Query) {
	if q.Search == "" {
		return
	}
	if pw := s.auth.Hidden(info.res); pw != "" {
		q.SearchSkip = append(q.SearchSkip[:len(q.SearchSkip):len(q.SearchSkip)], pw)
	}
}

// hide removes the password from records of the user resource in recs and
// in the records expand embedded in them.
func (s *Server) hide(res *schema.Resource, recs []adapter.Record, expand []string) {
	if s.auth == nil {
		return
	}
	s.hideIn(res, recs, expand)
}

// hides reports whether hide changes records of res.
func (s *Server) hides(res *schema.Resource) bool {
	return s.auth.Hidden(res) != ""
}

func (s *Server) hideIn(res *schema.Resource, recs []adapter.Record, expand []string) {
	if field := s.auth.Hidden(res); field != "" {
		for _, rec := range recs {
			delete(rec, field)
		}
	}
	if len(expand) == 0 {
		return
	}
	groups := make(map[string][]string)
	for _, p := range expand {
		head, tail, _ := strings.Cut(p, ".")
		if _, ok := groups[head]; !ok {
			groups[head] = nil
		}
		if tail != "" {
			groups[head] = append(groups[head], tail)
		}
	}
	for name, sub := range groups {
		rel := res.Relationship(name)
		if rel == nil {
			continue
		}
		target := s.spec.Resource(rel.Resource)
		var children []adapter.Record
		for _, rec := range recs {
			switch v := rec[name].(type) {
			case adapter.Record:
				children = append(children, v)
			case []any:
				for _, e := range v {
					if m, ok := e.(adapter.Record); ok {
						children = append(children, m)
					}
				}
			}
		}
		s.hideIn(target, children, sub)
	}
}
