package auth

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"

	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/reply"
)

// Paths returns the paths of the login, logout and me endpoints.
func (a *Authenticator) Paths() (login, logout, me string) {
	return a.loginPath, a.logoutPath, a.mePath
}

// loginAnswer is the body of a successful login.
type loginAnswer struct {
	Token string         `json:"token"`
	User  map[string]any `json:"user"`
	// ExpiresAt is in milliseconds since the Unix epoch, as upstream
	// Pretendo (and JavaScript's Date) has it.
	ExpiresAt int64 `json:"expiresAt"`
}

// ServeLogin serves POST to the login endpoint: a token for a user name
// and password.
func (a *Authenticator) ServeLogin(w http.ResponseWriter, r *http.Request) {
	body, err := a.cfg.ReadBody(w, r)
	if err != nil {
		a.cfg.Fail(w, r, err)
		return
	}
	var details []constraints.Violation
	creds := [2]string{}
	for i, field := range []string{"username", "password"} {
		switch v, ok := body[field]; {
		case !ok || v == nil:
			details = append(details, constraints.Violation{Field: field, Code: "required", Message: field + " is required"})
		case v == "":
			details = append(details, constraints.Violation{Field: field, Code: "required", Message: field + " must not be empty"})
		default:
			s, isString := v.(string)
			if !isString {
				details = append(details, constraints.Violation{Field: field, Code: "type", Message: field + " must be a string"})
			}
			creds[i] = s
		}
	}
	if details != nil {
		he := httperr.New(http.StatusBadRequest, httperr.CodeInvalidCredentials, "a login needs a username and a password")
		he.Details = details
		a.cfg.Fail(w, r, he)
		return
	}
	u, err := a.Authenticate(r.Context(), creds[0], creds[1], true)
	if errors.Is(err, ErrInvalidCredentials) {
		a.Challenge(w, r, &challenge{code: httperr.CodeInvalidCredentials, message: "wrong username or password"})
		return
	}
	if err != nil {
		a.cfg.Fail(w, r, err)
		return
	}
	token, expires := a.SignIn(u)
	data, err := json.Marshal(loginAnswer{Token: token, User: a.publicUser(u), ExpiresAt: expires.UnixMilli()})
	if err != nil {
		a.cfg.Fail(w, r, err)
		return
	}
	reply.Send(w, r, http.StatusOK, data)
}

// publicUser is what the API shows of a user: its record without the
// password, with its id, username and role also under those standard names
// when the user resource maps them to other fields (primaryKey,
// usernameField, roleField); or, for a declared user, its id, name, role
// and email.
func (a *Authenticator) publicUser(u *User) map[string]any {
	if u.Record != nil {
		out := maps.Clone(u.Record)
		if key := a.users.Key(); key != "id" {
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

// ServeLogout serves POST to the logout endpoint: the request's token
// ends.
func (a *Authenticator) ServeLogout(w http.ResponseWriter, r *http.Request) {
	token, ok, err := a.Bearer(r)
	switch {
	case err != nil:
		a.Challenge(w, r, err)
		return
	case !ok:
		a.Challenge(w, r, a.errSignIn())
		return
	}
	a.Revoke(token)
	w.WriteHeader(http.StatusNoContent)
}

// ServeMe serves GET of the me endpoint: the signed-in user.
func (a *Authenticator) ServeMe(w http.ResponseWriter, r *http.Request) {
	u, ok := a.SignedIn(w, r)
	if !ok {
		return
	}
	a.cfg.Data(w, r, http.StatusOK, a.publicUser(u))
}
