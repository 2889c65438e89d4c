// Package auth is options.auth: who a request signs in as (sessions and
// their tokens), the login endpoints, the access rules of resources and
// custom routes, and the passwords of the user resource (stored hashed,
// never shown).
//
// An [*Authenticator] holds one server's users and sessions; it is nil when
// auth is off, and every method of a nil one behaves as auth being off.
// Its [Authenticator.Middleware] is the auth stage of the server's chain:
// it attaches the request's [Identify]-able identity, read once per request
// and only when a later stage asks for it.
package auth

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/schema"
)

// ErrInvalidCredentials reports a login with an unknown user name or a
// wrong password.
var ErrInvalidCredentials = errors.New("pretendo: invalid credentials")

// Defaults of options.auth.
const (
	defaultAuthEndpoint  = "/auth/login"
	defaultUsernameField = "username"
	defaultPasswordField = "password"
	defaultRoleField     = "role"
)

// User is a signed-in user.
type User struct {
	// Username is the name the user signs in with.
	Username string
	// Role is the user's role, "" when it has none.
	Role string
	// ID is the primary key of the user's record in
	// options.auth.userResource, or nil for a user declared only in
	// options.auth.users.
	ID any
	// Record is a copy of the user's record without its password, or nil
	// for a user declared only in options.auth.users.
	Record map[string]any
}

// declaredUser is a user declared in options.auth.users, with its password hashed.
type declaredUser struct {
	name, role, email string
	// id is the declared id, or nil.
	id   any
	hash []byte
}

// Config is what auth needs of a server.
type Config struct {
	// Spec is the server's spec; it passed Check.
	Spec *schema.Spec
	// DB stores the records of the user resource.
	DB adapter.DatabaseAdapter
	// Clock tells when sessions expire.
	Clock func() time.Time
	// Logger gets the warnings (a plain password in the data).
	Logger *slog.Logger
	// Fail writes error answers.
	Fail httperr.Fail
	// Data writes a value in the server's envelope ({"data": v}).
	Data func(w http.ResponseWriter, r *http.Request, status int, v any)
	// ReadBody reads a request body as a JSON object, within the server's limits.
	ReadBody func(w http.ResponseWriter, r *http.Request) (map[string]any, error)
}

// Authenticator keeps the users, sessions and rules of options.auth. It is
// safe for concurrent use.
type Authenticator struct {
	cfg  Config
	spec *schema.Spec
	// users is options.auth.userResource, or nil.
	users                                       *schema.Resource
	userField, passField, roleField, emailField string
	declared                                    map[string]*declaredUser
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

	sessions sessions
}

// sessionsSweep is the number of sessions at which a new one first
// removes the expired ones.
const sessionsSweep = 1024

// New returns the authenticator of c.Spec, or nil when auth is off.
func New(c Config) *Authenticator {
	conf := c.Spec.Options.Auth
	if !conf.Enabled {
		return nil
	}
	a := &Authenticator{
		cfg:        c,
		spec:       c.Spec,
		userField:  cmp.Or(conf.UsernameField, defaultUsernameField),
		passField:  cmp.Or(conf.PasswordField, defaultPasswordField),
		roleField:  cmp.Or(conf.RoleField, defaultRoleField),
		emailField: conf.EmailField,
		declared:   make(map[string]*declaredUser, len(conf.Users)),
		ttl:        conf.TokenLifetime(),
		compare:    bcrypt.CompareHashAndPassword,
	}
	a.sessions.table = make(map[[sha256.Size]byte]session)
	a.sessions.sweepAt = sessionsSweep
	a.loginPath, a.logoutPath, a.mePath = Paths(conf)
	a.header = TokenHeader(conf)
	if conf.UserResource != "" {
		a.users = c.Spec.Resource(conf.UserResource)
	}
	for _, u := range conf.Users {
		hash, err := bcrypt.GenerateFromPassword([]byte(u.Password), passwordCost)
		if err != nil {
			// Check refused passwords bcrypt cannot hash at Open.
			c.Logger.Error("auth: cannot hash the password of a declared user", "username", u.Username, "err", err)
			continue
		}
		a.declared[u.Username] = &declaredUser{name: u.Username, role: u.Role, email: u.Email, id: u.ID, hash: hash}
	}
	a.dummy, _ = bcrypt.GenerateFromPassword([]byte(rand.Text()), passwordCost)
	return a
}

// Paths returns the login, logout and me paths of options.auth: the login
// path is authEndpoint (default /auth/login); the other two sit beside it.
func Paths(a schema.Auth) (login, logout, me string) {
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

// TokenHeader is the canonical name of the header tokens come in.
func TokenHeader(conf schema.Auth) string {
	if conf.TokenHeader == "" {
		return "Authorization"
	}
	return http.CanonicalHeaderKey(conf.TokenHeader)
}

// Header returns the canonical name of the header tokens come in, ""
// when auth is off.
func (a *Authenticator) Header() string {
	if a == nil {
		return ""
	}
	return a.header
}

// user is the User of a user declared in options.auth.users.
func (d *declaredUser) user() *User {
	return &User{Username: d.name, Role: d.role, ID: d.id}
}

// recordUser is the User of a record of the user resource, which it takes
// over (records from a Tx are the caller's).
func (a *Authenticator) recordUser(rec adapter.Record) *User {
	delete(rec, a.passField)
	u := &User{ID: rec[a.users.Key()], Record: rec}
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
func (a *Authenticator) findRecord(ctx context.Context, name string) (adapter.Record, bool, error) {
	if a.users == nil {
		return nil, false, nil
	}
	var found adapter.Record
	err := a.cfg.DB.View(ctx, func(tx adapter.Tx) error {
		for _, field := range []string{a.userField, a.emailField} {
			if field == "" {
				continue
			}
			f := adapter.Filter{Field: field, Op: adapter.OpEq, Values: []any{name}}
			if fd := a.users.Field(field); fd != nil {
				f.Type = fd.Type
			}
			page, err := tx.List(a.users.Name, &adapter.Query{Filters: []adapter.Filter{f}, Page: 1, PerPage: 1})
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

// Authenticate finds the user called name and, when check is set, checks
// password. Records of the user resource come first: a record with a
// password is checked against it; a record without one (like the data of
// the upstream blog example) against the declared user of the same name.
// A declared user without a record signs in on its own. A wrong name or
// password is an error wrapping ErrInvalidCredentials.
func (a *Authenticator) Authenticate(ctx context.Context, name, password string, check bool) (*User, error) {
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
	return d.user(), nil
}

// verify checks password against a stored value: a bcrypt hash, or plain
// text that someone wrote into a data file by hand.
func (a *Authenticator) verify(stored, password string) bool {
	if isBcrypt(stored) {
		return a.compare([]byte(stored), []byte(password)) == nil
	}
	a.cfg.Logger.Warn("auth: a stored password is plain text; write it through the API to store it hashed", "resource", a.users.Name)
	// The comparison every other login makes, so that this one takes as long.
	_ = a.compare(a.dummy, []byte(password))
	return subtle.ConstantTimeCompare([]byte(stored), []byte(password)) == 1
}

// isBcrypt reports whether s looks like a bcrypt hash.
func isBcrypt(s string) bool { return len(s) == 60 && strings.HasPrefix(s, "$2") }

// SignIn starts a session for u and returns its token and expiry.
func (a *Authenticator) SignIn(u *User) (string, time.Time) {
	return a.sessions.start(u.Username, u.ID, u.Record == nil, a.cfg.Clock(), a.ttl)
}

// Revoke ends the session of token, if any.
func (a *Authenticator) Revoke(token string) {
	if a != nil {
		a.sessions.revoke(token)
	}
}

// EndSessions ends the sessions of the user whose record has the primary
// key key, but the one of keep (a token, or "" to end them all): a new
// password signs the user out everywhere else.
func (a *Authenticator) EndSessions(key any, keep string) {
	typ := ""
	if f := a.users.KeyField(); f != nil {
		typ = f.Type
	}
	a.sessions.end(key, typ, keep)
}

// userOf returns the user of a token, reading the user's record afresh so
// that a changed role counts at once and a deleted user is signed out.
func (a *Authenticator) userOf(ctx context.Context, token string) (*User, error) {
	sess, err := a.sessions.find(token, a.cfg.Clock())
	if err != nil {
		return nil, err
	}
	if sess.declared {
		return a.declared[sess.username].user(), nil
	}
	var u *User
	err = a.cfg.DB.View(ctx, func(tx adapter.Tx) error {
		rec, err := tx.Get(a.users.Name, sess.key)
		if err != nil {
			return err
		}
		u = a.recordUser(rec)
		return nil
	})
	if errors.Is(err, adapter.ErrNotFound) {
		a.sessions.revoke(token)
		return nil, &challenge{code: httperr.CodeInvalidToken, message: "the token's user no longer exists"}
	}
	return u, err
}
