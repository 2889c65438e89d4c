package auth

import (
	"context"
	"net/http"
	"sync"
)

// identity is who a request signs in as, found once, when first asked.
type identity struct {
	a    *Authenticator
	once sync.Once
	user *User
	err  error
}

// identityKey is the context key of a request's identity.
type identityKey struct{}

// Middleware is the auth stage of a server's chain: it gives each request
// an identity that Identify reads, looking up the token's session and
// user once, when a later stage first asks (resource routes ask, the
// admin API and most custom routes never do). On a nil authenticator it
// returns next as is.
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	if a == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := &identity{a: a}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), identityKey{}, id)))
	})
}

// Identify returns the user r signs in as: nil for a request without a
// token, or for a server without auth; an error (answered by Challenge)
// for a token that is malformed, unknown, revoked or expired, or whose
// user is gone.
func Identify(r *http.Request) (*User, error) {
	id, ok := r.Context().Value(identityKey{}).(*identity)
	if !ok {
		return nil, nil
	}
	id.once.Do(func() { id.user, id.err = id.a.resolve(r.Context(), r) })
	return id.user, id.err
}

// SignedIn returns the user of r, answering a 401 when there is none: no
// token, or one Identify refuses.
func (a *Authenticator) SignedIn(w http.ResponseWriter, r *http.Request) (*User, bool) {
	u, err := Identify(r)
	if err == nil && u == nil {
		err = a.errSignIn()
	}
	if err != nil {
		a.Challenge(w, r, err)
		return nil, false
	}
	return u, true
}

// CurrentUser returns the user r signs in as with a valid token, and
// false when it carries none or auth is off.
func CurrentUser(r *http.Request) (*User, bool) {
	u, err := Identify(r)
	return u, err == nil && u != nil
}
