package pretendo

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/schema"
)

// Defaults of options.auth.
const (
	defaultAuthEndpoint  = "/auth/login"
	defaultUsernameField = "username"
	defaultPasswordField = "password"
	defaultRoleField     = "role"
)

// passwordCost is the bcrypt cost of stored passwords. A fake server holds
// test credentials, not secrets, so it takes the cheapest cost bcrypt
// allows: seeding a thousand users stays fast.
const passwordCost = bcrypt.MinCost

// maxPasswordBytes is the longest password bcrypt can hash.
const maxPasswordBytes = 72

// maxTokenBytes bounds the Bearer tokens the server looks up; its own are 64.
const maxTokenBytes = 256

// The actions of an access rule.
const (
	actionList   = "list"
	actionGet    = "get"
	actionCreate = "create"
	actionUpdate = "update"
	actionDelete = "delete"
)

// The role names with a meaning of their own in access rules.
const (
	roleAnyone = "*"
	roleOwner  = "owner"
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

// authUser is a user declared in options.auth.users, with its password hashed.
type authUser struct {
	name, role, email string
	// id is the declared id, or nil.
	id   any
	hash []byte
}

// session is what a token stands for.
type session struct {
	// username is the name the user signed in with.
	username string
	// key is the primary key of the user's record, for a user of the
	// user resource.
	key any
	// declared marks a user declared only in options.auth.users.
	declared bool
	expires  time.Time
}

// authenticator keeps the users, sessions and rules of options.auth. It is
// safe for concurrent use.
type authenticator struct {
	srv *Server
	// users is options.auth.userResource, or nil.
	users                                       *resourceInfo
	userField, passField, roleField, emailField string
	declared                                    map[string]*authUser
	ttl                                         time.Duration
	loginPath, logoutPath, mePath               string
	// header is the canonical name of the header tokens come in
	// (options.auth.tokenHeader, default Authorization).
	header string
	// dummy is compared against when a user is unknown, so that the time
	// a login takes does not tell whether the user exists.
	dummy []byte
	// compare checks a password against a bcrypt hash
	// (bcrypt.CompareHashAndPassword). Every login that checks a password
	// makes exactly one comparison, whether the user exists or not.
	compare func(hash, password []byte) error

	mu       sync.Mutex
	sessions map[[sha256.Size]byte]session
	// sweepAt is the number of sessions at which a login first removes
	// the expired ones.
	sweepAt int
}

// authPaths returns the login, logout and me paths of options.auth: the
// login path is authEndpoint (default /auth/login); the other two sit beside it.
func authPaths(a schema.Auth) (login, logout, me string) {
	login = a.AuthEndpoint
	if login == "" {
		login = defaultAuthEndpoint
	}
	dir := path.Dir(login)
	if dir == "/" {
		dir = ""
	}
	return login, dir + "/logout", dir + "/me"
}

// passwordField returns the password field of the user resource when auth
// is enabled with one, else "".
func passwordField(sp *Spec) string {
	a := sp.Options.Auth
	if !a.Enabled || a.UserResource == "" {
		return ""
	}
	if a.PasswordField != "" {
		return a.PasswordField
	}
	return defaultPasswordField
}

// hideSecrets keeps q's search out of the password hashes of the user
// resource, so that q cannot probe them.
func (s *Server) hideSecrets(info *resourceInfo, q *adapter.Query) {
	if q.Search == "" || info.res.Name != s.spec.Options.Auth.UserResource {
		return
	}
	if pw := passwordField(s.spec); pw != "" {
		q.SearchSkip = append(q.SearchSkip[:len(q.SearchSkip):len(q.SearchSkip)], pw)
	}
}

// checkAuth reports what the schema does not check about options.auth: the
// declared users and the endpoint paths.
func checkAuth(sp *Spec) error {
	a := sp.Options.Auth
	if !a.Enabled {
		return nil
	}
	var problems []SpecProblem
	add := func(p, format string, args ...any) {
		problems = append(problems, SpecProblem{Path: p, Message: fmt.Sprintf(format, args...)})
	}
	login, logout, me := authPaths(a)
	for _, p := range []string{login, logout, me} {
		if !validAuthPath(p) {
			add("options.auth.authEndpoint", "auth path %q is not a plain path (want \"/\" and segments of letters, digits, \"-\", \"_\", \".\" or \"~\")", p)
			break
		}
	}
	if login == logout || login == me {
		add("options.auth.authEndpoint", "the login path %q clashes with the logout or me path beside it", login)
	}
	if admin := strings.TrimSuffix(sp.Options.Admin.Path, "/"); sp.Options.Admin.On() {
		if admin == "" {
			admin = "/admin"
		}
		if login == admin || strings.HasPrefix(login, admin+"/") {
			add("options.auth.authEndpoint", "the login path %q lies under the admin API at %q", login, admin)
		}
	}
	seen := make(map[string]int, len(a.Users))
	for i, u := range a.Users {
		p := fmt.Sprintf("options.auth.users[%d]", i)
		switch j, dup := seen[u.Username]; {
		case u.Username == "":
			add(p+".username", "username is required")
		case dup:
			add(p+".username", "duplicate username %q (also users[%d])", u.Username, j)
		default:
			seen[u.Username] = i
		}
		if len(u.Password) > maxPasswordBytes {
			add(p+".password", "password is longer than %d bytes, the most bcrypt can hash", maxPasswordBytes)
		}
	}
	if problems != nil {
		return &SpecError{Problems: problems}
	}
	return nil
}

// validAuthPath reports whether p is "/" and segments of unreserved URL characters.
func validAuthPath(p string) bool {
	if len(p) < 2 || p[0] != '/' {
		return false
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		for i := 0; i < len(seg); i++ {
			switch c := seg[i]; {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~':
			default:
				return false
			}
		}
	}
	return true
}

// newAuthenticator returns the authenticator of s, or nil when auth is off.
// The spec passed checkAuth at Open.
func newAuthenticator(s *Server) *authenticator {
	conf := s.spec.Options.Auth
	if !conf.Enabled {
		return nil
	}
	a := &authenticator{
		srv:        s,
		userField:  cmp.Or(conf.UsernameField, defaultUsernameField),
		passField:  cmp.Or(conf.PasswordField, defaultPasswordField),
		roleField:  cmp.Or(conf.RoleField, defaultRoleField),
		emailField: conf.EmailField,
		declared:   make(map[string]*authUser, len(conf.Users)),
		ttl:        conf.TokenLifetime(),
		sessions:   make(map[[sha256.Size]byte]session),
		sweepAt:    1024,
		compare:    bcrypt.CompareHashAndPassword,
	}
	a.loginPath, a.logoutPath, a.mePath = authPaths(conf)
	a.header = tokenHeader(conf)
	if conf.UserResource != "" {
		a.users = s.info[conf.UserResource]
	}
	for _, u := range conf.Users {
		hash, err := bcrypt.GenerateFromPassword([]byte(u.Password), passwordCost)
		if err != nil {
			// checkAuth refused passwords bcrypt cannot hash at Open.
			s.cfg.logger.Error("auth: cannot hash the password of a declared user", "username", u.Username, "err", err)
			continue
		}
		a.declared[u.Username] = &authUser{name: u.Username, role: u.Role, email: u.Email, id: u.ID, hash: hash}
	}
	a.dummy, _ = bcrypt.GenerateFromPassword([]byte(rand.Text()), passwordCost)
	return a
}

// tokenKey is the map key of a token: its SHA-256 digest, so that the
// session table holds no usable token and lookups do not compare secrets.
func tokenKey(token string) [sha256.Size]byte { return sha256.Sum256([]byte(token)) }

// newSession stores a session for the user and returns its token.
func (a *authenticator) newSession(username string, key any, declared bool) (string, time.Time) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	token := hex.EncodeToString(b[:])
	now := a.srv.cfg.clock()
	expires := now.Add(a.ttl)
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.sessions) >= a.sweepAt {
		for k, s := range a.sessions {
			if !now.Before(s.expires) {
				delete(a.sessions, k)
			}
		}
		a.sweepAt = max(1024, 2*len(a.sessions))
	}
	a.sessions[tokenKey(token)] = session{username: username, key: key, declared: declared, expires: expires}
	return token, expires
}

// revoke ends the session of token, if any.
func (a *authenticator) revoke(token string) {
	a.mu.Lock()
	delete(a.sessions, tokenKey(token))
	a.mu.Unlock()
}

// endSessions ends the sessions of the user whose record has the primary
// key key, but the one of keep (a token, or "" to end them all): a new
// password signs the user out everywhere else.
func (a *authenticator) endSessions(key any, keep string) {
	typ := ""
	if f := a.users.res.KeyField(); f != nil {
		typ = f.Type
	}
	kept := tokenKey(keep)
	a.mu.Lock()
	defer a.mu.Unlock()
	for k, sess := range a.sessions {
		if sess.key != nil && !sess.declared && (keep == "" || k != kept) && adapter.Equal(typ, sess.key, key, false) {
			delete(a.sessions, k)
		}
	}
}

// authError is a 401 answer, with the WWW-Authenticate challenge it needs.
type authError struct {
	code, message string
}

func (e *authError) Error() string { return e.message }

// errSignIn answers a request without credentials on a protected route.
func (a *authenticator) errSignIn() *authError {
	return &authError{code: CodeUnauthorized, message: "sign in first: POST " + a.loginPath + ", then send " + a.header + ": Bearer <token>"}
}

// tokenHeader is the canonical name of the header tokens come in.
func tokenHeader(conf schema.Auth) string {
	if conf.TokenHeader == "" {
		return "Authorization"
	}
	return http.CanonicalHeaderKey(conf.TokenHeader)
}

// bearer reads the token of the token header. It reports false when the
// header is absent, and an error when Authorization does not hold a Bearer
// token. Another header (options.auth.tokenHeader) may hold the bare token
// too, as upstream reads it.
func (a *authenticator) bearer(r *http.Request) (string, bool, error) {
	h := r.Header.Get(a.header)
	if h == "" {
		return "", false, nil
	}
	scheme, token, found := strings.Cut(h, " ")
	switch {
	case strings.EqualFold(scheme, "Bearer"):
	case a.header != "Authorization" && !found:
		token = h
	default:
		return "", true, &authError{code: CodeUnauthorized, message: "the " + a.header + " header must be a Bearer token"}
	}
	token = strings.TrimSpace(token)
	if token == "" || len(token) > maxTokenBytes {
		return "", true, &authError{code: CodeInvalidToken, message: "invalid token"}
	}
	return token, true, nil
}

// resolve returns the user a request signs in as, or nil for a request
// without an Authorization header.
func (a *authenticator) resolve(r *http.Request) (*User, error) {
	token, ok, err := a.bearer(r)
	if err != nil || !ok {
		return nil, err
	}
	return a.userOf(r.Context(), token)
}

// userOf returns the user of a token, reading the user's record afresh so
// that a changed role counts at once and a deleted user is signed out.
func (a *authenticator) userOf(ctx context.Context, token string) (*User, error) {
	k := tokenKey(token)
	a.mu.Lock()
	sess, ok := a.sessions[k]
	if ok && !a.srv.cfg.clock().Before(sess.expires) {
		delete(a.sessions, k)
		a.mu.Unlock()
		return nil, &authError{code: CodeInvalidToken, message: "the token has expired; sign in again"}
	}
	a.mu.Unlock()
	if !ok {
		return nil, &authError{code: CodeInvalidToken, message: "invalid token"}
	}
	if sess.declared {
		return a.declaredUser(a.declared[sess.username]), nil
	}
	var u *User
	err := a.srv.db.View(ctx, func(tx adapter.Tx) error {
		rec, err := tx.Get(a.users.res.Name, sess.key)
		if err != nil {
			return err
		}
		u = a.recordUser(rec)
		return nil
	})
	if errors.Is(err, adapter.ErrNotFound) {
		a.revoke(token)
		return nil, &authError{code: CodeInvalidToken, message: "the token's user no longer exists"}
	}
	return u, err
}

// declaredUser is the User of a user declared in options.auth.users.
func (a *authenticator) declaredUser(d *authUser) *User {
	return &User{Username: d.name, Role: d.role, ID: d.id}
}

// recordUser is the User of a record of the user resource, which it takes
// over (records from a Tx are the caller's).
func (a *authenticator) recordUser(rec adapter.Record) *User {
	delete(rec, a.passField)
	u := &User{ID: rec[a.users.res.Key()], Record: rec}
	u.Username, _ = rec[a.userField].(string)
	if role, ok := rec[a.roleField].(string); ok {
		u.Role = role
	} else if d := a.declared[u.Username]; d != nil {
		u.Role = d.role
	}
	return u
}

// findRecord returns the record of the user resource whose username field
// (or else email field) is name.
func (a *authenticator) findRecord(ctx context.Context, name string) (adapter.Record, bool, error) {
	if a.users == nil {
		return nil, false, nil
	}
	var found adapter.Record
	err := a.srv.db.View(ctx, func(tx adapter.Tx) error {
		for _, field := range []string{a.userField, a.emailField} {
			if field == "" {
				continue
			}
			f := adapter.Filter{Field: field, Op: adapter.OpEq, Values: []any{name}}
			if fd := a.users.res.Field(field); fd != nil {
				f.Type = fd.Type
			}
			page, err := tx.List(a.users.res.Name, &adapter.Query{Filters: []adapter.Filter{f}, Page: 1, PerPage: 1})
			if err != nil {
				return err
			}
			if len(page.Records) > 0 {
				found = page.Records[0]
				return nil
			}
		}
		return nil
	})
	return found, found != nil, err
}

// authenticate finds the user called name and, when check is set, checks
// password. Records of the user resource come first: a record with a
// password is checked against it; a record without one (like the data of
// the upstream blog example) against the declared user of the same name.
// A declared user without a record signs in on its own.
func (a *authenticator) authenticate(ctx context.Context, name, password string, check bool) (*User, error) {
	bad := fmt.Errorf("%w: %q", ErrInvalidCredentials, name)
	if name == "" || (check && len(password) > maxPasswordBytes) {
		return nil, bad
	}
	rec, ok, err := a.findRecord(ctx, name)
	if err != nil {
		return nil, err
	}
	if ok {
		stored, has := rec[a.passField].(string)
		u := a.recordUser(rec)
		if check {
			d := a.declared[u.Username]
			switch {
			case has && stored != "":
				if !a.verify(stored, password) {
					return nil, bad
				}
			case d != nil:
				if a.compare(d.hash, []byte(password)) != nil {
					return nil, bad
				}
			default:
				_ = a.compare(a.dummy, []byte(password))
				return nil, bad
			}
		}
		return u, nil
	}
	d := a.declared[name]
	if d == nil {
		if check {
			_ = a.compare(a.dummy, []byte(password))
		}
		return nil, bad
	}
	if check && a.compare(d.hash, []byte(password)) != nil {
		return nil, bad
	}
	return a.declaredUser(d), nil
}

// verify checks password against a stored value: a bcrypt hash, or plain
// text that someone wrote into a data file by hand.
func (a *authenticator) verify(stored, password string) bool {
	if isBcrypt(stored) {
		return a.compare([]byte(stored), []byte(password)) == nil
	}
	a.srv.cfg.logger.Warn("auth: a stored password is plain text; write it through the API to store it hashed", "resource", a.users.res.Name)
	// The comparison every other login makes, so that this one takes as long.
	_ = a.compare(a.dummy, []byte(password))
	return subtle.ConstantTimeCompare([]byte(stored), []byte(password)) == 1
}

// isBcrypt reports whether s looks like a bcrypt hash.
func isBcrypt(s string) bool { return len(s) == 60 && strings.HasPrefix(s, "$2") }

// signIn starts a session for u and returns its token and expiry.
func (a *authenticator) signIn(u *User) (string, time.Time) {
	return a.newSession(u.Username, u.ID, u.Record == nil)
}

// Login checks a user name and password as POST /auth/login does and
// returns a new Bearer token for the user. Users come from
// options.auth.userResource and options.auth.users (see the package
// documentation). A wrong name or password is an error wrapping
// ErrInvalidCredentials; a server without options.auth.enabled returns
// ErrAuthDisabled.
func (s *Server) Login(ctx context.Context, username, password string) (string, error) {
	a := s.extras().auth
	if a == nil {
		return "", ErrAuthDisabled
	}
	u, err := a.authenticate(ctx, username, password, true)
	if err != nil {
		return "", err
	}
	token, _ := a.signIn(u)
	return token, nil
}

// TokenFor returns a new Bearer token for the user called username without
// checking a password, for tests that need a signed-in client. An unknown
// user is an error wrapping ErrInvalidCredentials; a server without
// options.auth.enabled returns ErrAuthDisabled.
func (s *Server) TokenFor(ctx context.Context, username string) (string, error) {
	a := s.extras().auth
	if a == nil {
		return "", ErrAuthDisabled
	}
	u, err := a.authenticate(ctx, username, "", false)
	if err != nil {
		return "", err
	}
	token, _ := a.signIn(u)
	return token, nil
}

// Logout revokes token, as POST /auth/logout does. Revoking an unknown
// token does nothing.
func (s *Server) Logout(token string) {
	if a := s.extras().auth; a != nil {
		a.revoke(token)
	}
}

// userKey is the context key of the signed-in user of a custom route.
type userKey struct{}

// CurrentUser returns the user a request to a custom route (WithRoute)
// signed in as with a valid Bearer token. It reports false when auth is
// off or the request carries no valid token: custom routes are public, so
// a handler that needs a user checks for one itself.
func CurrentUser(r *http.Request) (User, bool) {
	u, ok := r.Context().Value(userKey{}).(*User)
	if !ok || u == nil {
		return User{}, false
	}
	return *u, true
}

// withUser adds the user of r's valid token, if any, to its context.
func (a *authenticator) withUser(r *http.Request) *http.Request {
	if a == nil {
		return r
	}
	u, err := a.resolve(r)
	if err != nil || u == nil {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), userKey{}, u))
}

// isEndpoint reports whether path is one of the auth endpoints.
func (a *authenticator) isEndpoint(path string) bool {
	return path == a.loginPath || path == a.logoutPath || path == a.mePath
}

// ServeHTTP serves the login, logout and me endpoints.
func (a *authenticator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case a.loginPath:
		a.only(w, r, http.MethodPost, a.serveLogin)
	case a.logoutPath:
		a.only(w, r, http.MethodPost, a.serveLogout)
	default:
		a.only(w, r, http.MethodGet, a.serveMe)
	}
}

// only serves h for method (GET also for HEAD) and OPTIONS, 405 otherwise.
func (a *authenticator) only(w http.ResponseWriter, r *http.Request, method string, h http.HandlerFunc) {
	allow := method + ", OPTIONS"
	if method == http.MethodGet {
		allow = "GET, HEAD, OPTIONS"
	}
	switch {
	case r.Method == method, method == http.MethodGet && r.Method == http.MethodHead:
		h(w, r)
	case r.Method == http.MethodOptions:
		a.srv.options(w, r, allow)
	default:
		a.srv.methodNotAllowed(w, r, allow)
	}
}

// loginAnswer is the body of a successful login.
type loginAnswer struct {
	Token string         `json:"token"`
	User  map[string]any `json:"user"`
	// ExpiresAt is in milliseconds since the Unix epoch, as upstream
	// Pretendo (and JavaScript's Date) has it.
	ExpiresAt int64 `json:"expiresAt"`
}

func (a *authenticator) serveLogin(w http.ResponseWriter, r *http.Request) {
	body, err := a.srv.readBody(w, r, nil)
	if err != nil {
		a.srv.fail(w, r, err)
		return
	}
	var details []Violation
	creds := [2]string{}
	for i, field := range []string{"username", "password"} {
		switch v, ok := body[field]; {
		case !ok || v == nil:
			details = append(details, Violation{Field: field, Code: "required", Message: field + " is required"})
		case v == "":
			details = append(details, Violation{Field: field, Code: "required", Message: field + " must not be empty"})
		default:
			s, isString := v.(string)
			if !isString {
				details = append(details, Violation{Field: field, Code: "type", Message: field + " must be a string"})
			}
			creds[i] = s
		}
	}
	if details != nil {
		he := httperr.New(http.StatusBadRequest, CodeInvalidCredentials, "a login needs a username and a password")
		he.Details = details
		a.srv.fail(w, r, he)
		return
	}
	u, err := a.authenticate(r.Context(), creds[0], creds[1], true)
	if errors.Is(err, ErrInvalidCredentials) {
		a.challenge(w, r, &authError{code: CodeInvalidCredentials, message: "wrong username or password"})
		return
	}
	if err != nil {
		a.srv.fail(w, r, err)
		return
	}
	token, expires := a.signIn(u)
	a.srv.respond(w, r, http.StatusOK, loginAnswer{Token: token, User: a.publicUser(u), ExpiresAt: expires.UnixMilli()})
}

// publicUser is what the API shows of a user: its record without the
// password, with its id, username and role also under those standard names
// when the user resource maps them to other fields (primaryKey,
// usernameField, roleField); or, for a declared user, its id, name, role
// and email.
func (a *authenticator) publicUser(u *User) map[string]any {
	if u.Record != nil {
		out := maps.Clone(u.Record)
		if key := a.users.res.Key(); key != "id" {
			out["id"] = u.Record[key]
		}
		if a.userField != "username" {
			out["username"] = u.Record[a.userField]
		}
		if v, ok := u.Record[a.roleField]; ok && a.roleField != "role" {
			out["role"] = v
		} else if !ok && u.Role != "" {
			out["role"] = u.Role
		}
		return out
	}
	out := map[string]any{"username": u.Username, "role": u.Role}
	if u.ID != nil {
		out["id"] = u.ID
	}
	if d := a.declared[u.Username]; d != nil && d.email != "" {
		out["email"] = d.email
	}
	return out
}

func (a *authenticator) serveLogout(w http.ResponseWriter, r *http.Request) {
	token, ok, err := a.bearer(r)
	switch {
	case err != nil:
		a.challenge(w, r, err)
		return
	case !ok:
		a.challenge(w, r, a.errSignIn())
		return
	}
	a.revoke(token)
	w.WriteHeader(http.StatusNoContent)
}

func (a *authenticator) serveMe(w http.ResponseWriter, r *http.Request) {
	u, err := a.resolve(r)
	if err == nil && u == nil {
		err = a.errSignIn()
	}
	if err != nil {
		a.challenge(w, r, err)
		return
	}
	a.srv.respondData(w, r, http.StatusOK, a.publicUser(u))
}

// challenge answers a 401 with its WWW-Authenticate header, or fails with
// err when it is not an authError.
func (a *authenticator) challenge(w http.ResponseWriter, r *http.Request, err error) {
	var ae *authError
	if !errors.As(err, &ae) {
		a.srv.fail(w, r, err)
		return
	}
	c := `Bearer realm="pretendo"`
	if ae.code == CodeInvalidToken {
		c += `, error="invalid_token"`
	}
	w.Header().Set("WWW-Authenticate", c)
	a.srv.fail(w, r, httperr.New(http.StatusUnauthorized, ae.code, "%s", ae.message))
}

// grant is what a request may do to one resource: anything (owner false),
// or only what touches records the user owns.
type grant struct {
	user  *User
	res   *schema.Resource
	owner bool
}

// roles returns the access rule of res for action (nil: any signed-in user).
func roles(res *schema.Resource, action string) []string {
	if res.Access == nil {
		return nil
	}
	switch action {
	case actionList:
		return res.Access.List
	case actionGet:
		return res.Access.Get
	case actionCreate:
		return res.Access.Create
	case actionUpdate:
		return res.Access.Update
	default:
		return res.Access.Delete
	}
}

// allowsAll reports whether u may do action to every record of res: the
// rule is empty, holds "*", or holds u's role.
func allowsAll(u *User, res *schema.Resource, action string) bool {
	rs := roles(res, action)
	if len(rs) == 0 || slices.Contains(rs, roleAnyone) {
		return true
	}
	return u.Role != "" && u.Role != roleOwner && slices.Contains(rs, u.Role)
}

// permit decides what u may do to res: a full grant, an owner grant, or a
// 403 error.
func (a *authenticator) permit(u *User, res *schema.Resource, action string) (*grant, error) {
	if allowsAll(u, res, action) {
		return &grant{user: u, res: res}, nil
	}
	if slices.Contains(roles(res, action), roleOwner) && res.OwnedBy != "" && u.ID != nil {
		return &grant{user: u, res: res, owner: true}, nil
	}
	who := "a user without a role"
	if u.Role != "" {
		who = fmt.Sprintf("role %q", u.Role)
	}
	return nil, httperr.New(http.StatusForbidden, CodeForbidden, "%s may not %s %s", who, action, res.Name)
}

// permitRoute lets u into a custom route whose auth lists roles: no roles
// or "*" lets any signed-in user in, else the user's role must be listed.
func permitRoute(u *User, roles []string, r *http.Request) error {
	if len(roles) == 0 || slices.Contains(roles, roleAnyone) || u.Role != "" && slices.Contains(roles, u.Role) {
		return nil
	}
	who := "a user without a role"
	if u.Role != "" {
		who = fmt.Sprintf("role %q", u.Role)
	}
	return httperr.New(http.StatusForbidden, CodeForbidden, "%s may not %s %s (allowed: %s)", who, r.Method, r.URL.Path, strings.Join(roles, ", "))
}

// guard checks that r may do action to info's resource, writing the 401 or
// 403 answer when it may not. With auth off it returns nil, true: nil is a
// grant of everything.
func (s *Server) guard(w http.ResponseWriter, r *http.Request, info *resourceInfo, action string) (*grant, bool) {
	if s.auth == nil {
		return nil, true
	}
	u, ok := s.signedIn(w, r)
	if !ok {
		return nil, false
	}
	g, err := s.auth.permit(u, info.res, action)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return g, true
}

// signedIn returns the user of r, writing a 401 when there is none.
func (s *Server) signedIn(w http.ResponseWriter, r *http.Request) (*User, bool) {
	u, err := s.auth.resolve(r)
	if err == nil && u == nil {
		err = s.auth.errSignIn()
	}
	if err != nil {
		s.auth.challenge(w, r, err)
		return nil, false
	}
	return u, true
}

// ownerField returns the ownedBy field of the grant's resource and its type.
func (g *grant) ownerField() (string, string) {
	f := g.res.OwnedBy
	if fd := g.res.Field(f); fd != nil {
		return f, fd.Type
	}
	return f, ""
}

// owns reports whether the grant's user owns rec.
func (g *grant) owns(rec adapter.Record) bool {
	f, typ := g.ownerField()
	v, ok := rec[f]
	return ok && v != nil && adapter.Equal(typ, v, g.user.ID, false)
}

// check refuses a record an owner grant does not cover.
func (g *grant) check(rec adapter.Record) error {
	if g == nil || !g.owner || g.owns(rec) {
		return nil
	}
	return httperr.New(http.StatusForbidden, CodeForbidden, "only the owner of this %s record may do that", g.res.Name)
}

// restrict narrows a list query to the records an owner grant covers, and
// refuses expansions into resources the user may not read in full and
// queries on the password of the user resource.
func (s *Server) restrict(g *grant, res *schema.Resource, q *adapter.Query) error {
	if g == nil {
		return nil
	}
	if g.owner {
		f, typ := g.ownerField()
		q.Filters = append(q.Filters, adapter.Filter{Field: f, Type: typ, Op: adapter.OpEq, Values: []any{g.user.ID}})
	}
	if err := s.auth.checkQuery(res, q.Filters, q.Sort); err != nil {
		return err
	}
	return s.auth.checkExpand(g.user, res, q.Expand)
}

// checkQuery refuses filters and sort keys on the password field.
func (a *authenticator) checkQuery(res *schema.Resource, filters []adapter.Filter, sort []adapter.SortKey) error {
	if a.users == nil || res != a.users.res {
		return nil
	}
	for _, f := range filters {
		if f.Field == a.passField {
			return httperr.New(http.StatusBadRequest, CodeInvalidQuery, "invalid query parameter %q: the password cannot be queried", f.Field)
		}
	}
	for _, k := range sort {
		if k.Field == a.passField {
			return httperr.New(http.StatusBadRequest, CodeInvalidQuery, "invalid query parameter \"sortBy\": the password cannot be sorted on")
		}
	}
	return nil
}

// checkExpand refuses an expansion into a resource that u may not read in
// full (list for to-many relationships, get for to-one ones): an owner-only
// rule cannot be applied to embedded records.
func (a *authenticator) checkExpand(u *User, res *schema.Resource, expand []string) error {
	for _, p := range expand {
		cur := res
		for _, name := range strings.Split(p, ".") {
			rel := cur.Relationship(name)
			if rel == nil {
				break // the query parser reports unknown names
			}
			target := a.srv.spec.Resource(rel.Resource)
			action := actionGet
			if rel.Type == schema.HasMany || rel.Type == schema.ManyToMany {
				action = actionList
			}
			if target == nil || !allowsAll(u, target, action) {
				return httperr.New(http.StatusForbidden, CodeForbidden, "expand=%s needs %s access to all of %s", p, action, rel.Resource)
			}
			cur = target
		}
	}
	return nil
}

// stamp sets the owner of a record about to be created: the ownedBy field
// (unless it is the primary key) is set to the user's id when the body
// leaves it out. A body that names another owner must pass checkOwner.
func (g *grant) stamp(body adapter.Record) error {
	if g == nil || g.res.OwnedBy == "" || g.res.OwnedBy == g.res.Key() {
		return nil
	}
	f, _ := g.ownerField()
	if v, ok := body[f]; (!ok || v == nil) && g.user.ID != nil {
		body[f] = g.user.ID
	}
	return g.checkOwner(body)
}

// checkOwner refuses a new record owned by someone else, as an update
// refuses to give a record away: only a user whose role may update every
// record of the resource (not only its own) may create one for another
// user. A body without an owner passes.
func (g *grant) checkOwner(body adapter.Record) error {
	if g == nil || g.res.OwnedBy == "" || g.res.OwnedBy == g.res.Key() {
		return nil
	}
	f, _ := g.ownerField()
	if v, ok := body[f]; !ok || v == nil || (g.user.ID != nil && g.owns(body)) {
		return nil
	}
	if !g.owner && allowsAll(g.user, g.res, actionUpdate) {
		return nil
	}
	return httperr.New(http.StatusForbidden, CodeForbidden, "you may only create %s records that you own (%s)", g.res.Name, f)
}

// checkUpdate applies an owner grant to a PUT or PATCH of old: the record
// must be the user's, stays the user's (a PUT without the ownedBy field
// keeps it), and a user may not change its own role.
func (a *authenticator) checkUpdate(g *grant, old, body adapter.Record, put bool) error {
	if err := g.check(old); err != nil || g == nil || !g.owner {
		return err
	}
	f, typ := g.ownerField()
	if v, ok := body[f]; ok {
		if v == nil || !adapter.Equal(typ, v, g.user.ID, false) {
			return httperr.New(http.StatusForbidden, CodeForbidden, "you may not give away a %s record (%s)", g.res.Name, f)
		}
	} else if put && f != g.res.Key() {
		body[f] = old[f]
	}
	if a.users != nil && g.res == a.users.res {
		if v, ok := body[a.roleField]; ok && !adapter.Equal("", v, old[a.roleField], false) {
			return httperr.New(http.StatusForbidden, CodeForbidden, "you may not change your own %s", a.roleField)
		}
		if _, ok := body[a.roleField]; !ok && put {
			if v, had := old[a.roleField]; had {
				body[a.roleField] = v
			}
		}
	}
	return nil
}

// secret is a password from a write to the user resource, hashed before
// the transaction that stores it.
type secret struct {
	field, hash string
	set         bool
}

// prepareSecret hashes the password of a write to res, when res is the
// user resource and the body sets one.
func (s *Server) prepareSecret(res *schema.Resource, body adapter.Record) (secret, error) {
	a := s.auth
	if a == nil || a.users == nil || res.Name != a.users.res.Name {
		return secret{}, nil
	}
	return hashSecret(res.Name, a.passField, body)
}

// hashSecret hashes the password field of body, a record of resource; an
// empty field means the resource holds no passwords. A password that is
// not a string, or is longer than bcrypt can hash, is a validation error.
func hashSecret(resource, field string, body adapter.Record) (secret, error) {
	if field == "" {
		return secret{}, nil
	}
	v, ok := body[field]
	if !ok || v == nil {
		return secret{field: field}, nil
	}
	plain, isString := v.(string)
	var msg string
	switch {
	case !isString:
		msg = field + " must be a string"
	case len(plain) > maxPasswordBytes:
		msg = fmt.Sprintf("%s must be at most %d bytes", field, maxPasswordBytes)
	}
	if msg != "" {
		return secret{}, &ValidationError{Resource: resource, Violations: []Violation{{Field: field, Code: "type", Message: msg}}}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(plain), passwordCost)
	if err != nil {
		return secret{}, fmt.Errorf("pretendo: hashing a password: %w", err)
	}
	return secret{field: field, hash: string(hash), set: true}, nil
}

// keep makes a PUT or PATCH that leaves the password out, or sends back
// the stored hash, keep the stored hash.
func (sec *secret) keep(old, body adapter.Record, put bool) {
	if sec.field == "" {
		return
	}
	stored, had := old[sec.field]
	if !had {
		return
	}
	v, ok := body[sec.field]
	switch {
	case !ok && put:
		body[sec.field] = stored
	case ok && v == stored:
		sec.set = false
	}
}

// seal replaces the plain password of a record just written with its hash,
// in the same transaction, so that no plain password is ever committed;
// the field's rules were checked against the plain password.
func (sec secret) seal(tx adapter.WriteTx, resource string, rec adapter.Record) error {
	if !sec.set {
		return nil
	}
	rec[sec.field] = sec.hash
	return tx.Replace(resource, rec)
}

// hide removes the password from records of the user resource in recs and
// in the records expand embedded in them.
func (s *Server) hide(res *schema.Resource, recs []adapter.Record, expand []string) {
	a := s.auth
	if a == nil || a.users == nil {
		return
	}
	s.hideIn(a.users.res, a.passField, res, recs, expand)
}

// hides reports whether hide changes records of res.
func (s *Server) hides(res *schema.Resource) bool {
	a := s.auth
	return a != nil && a.users != nil && res == a.users.res
}

func (s *Server) hideIn(users *schema.Resource, field string, res *schema.Resource, recs []adapter.Record, expand []string) {
	if res == users {
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
		s.hideIn(users, field, target, children, sub)
	}
}
