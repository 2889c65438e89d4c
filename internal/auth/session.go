package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/httperr"
)

// maxTokenBytes bounds the Bearer tokens the server looks up; its own are 64.
const maxTokenBytes = 256

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

// sessions is the session table. It keeps only the SHA-256 digests of
// tokens, so that it holds no usable token and lookups do not compare
// secrets. It is safe for concurrent use.
type sessions struct {
	mu    sync.Mutex
	table map[[sha256.Size]byte]session
	// sweepAt is the number of sessions at which a new one first removes
	// the expired ones.
	sweepAt int
}

// tokenKey is the table key of a token: its SHA-256 digest.
func tokenKey(token string) [sha256.Size]byte { return sha256.Sum256([]byte(token)) }

// start stores a session of ttl from now for the user and returns its
// token, 64 hex characters from crypto/rand, and its expiry.
func (t *sessions) start(username string, key any, declared bool, now time.Time, ttl time.Duration) (string, time.Time) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	token := hex.EncodeToString(b[:])
	expires := now.Add(ttl)
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.table) >= t.sweepAt {
		for k, s := range t.table {
			if !now.Before(s.expires) {
				delete(t.table, k)
			}
		}
		t.sweepAt = max(1024, 2*len(t.table))
	}
	t.table[tokenKey(token)] = session{username: username, key: key, declared: declared, expires: expires}
	return token, expires
}

// find returns the session of token at now, ending it when it has expired.
func (t *sessions) find(token string, now time.Time) (session, error) {
	k := tokenKey(token)
	t.mu.Lock()
	defer t.mu.Unlock()
	sess, ok := t.table[k]
	if !ok {
		return session{}, &challenge{code: httperr.CodeInvalidToken, message: "invalid token"}
	}
	if !now.Before(sess.expires) {
		delete(t.table, k)
		return session{}, &challenge{code: httperr.CodeInvalidToken, message: "the token has expired; sign in again"}
	}
	return sess, nil
}

// revoke ends the session of token, if any.
func (t *sessions) revoke(token string) {
	t.mu.Lock()
	delete(t.table, tokenKey(token))
	t.mu.Unlock()
}

// end ends the sessions of the record user whose primary key, of type
// typ, is key, but the one of keep (a token, or "" to end them all).
func (t *sessions) end(key any, typ, keep string) {
	kept := tokenKey(keep)
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, sess := range t.table {
		if sess.key != nil && !sess.declared && (keep == "" || k != kept) && adapter.Equal(typ, sess.key, key, false) {
			delete(t.table, k)
		}
	}
}

// challenge is a 401 answer, with the WWW-Authenticate challenge it needs.
type challenge struct {
	code, message string
}

func (e *challenge) Error() string { return e.message }

// errSignIn answers a request without credentials on a protected route.
func (a *Authenticator) errSignIn() *challenge {
	return &challenge{code: httperr.CodeUnauthorized, message: "sign in first: POST " + a.loginPath + ", then send " + a.header + ": Bearer <token>"}
}

// Bearer reads the token of the token header. It reports false when the
// header is absent, and an error when Authorization does not hold a Bearer
// token. Another header (options.auth.tokenHeader) may hold the bare token
// too, as upstream reads it.
func (a *Authenticator) Bearer(r *http.Request) (string, bool, error) {
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
		return "", true, &challenge{code: httperr.CodeUnauthorized, message: "the " + a.header + " header must be a Bearer token"}
	}
	token = strings.TrimSpace(token)
	if token == "" || len(token) > maxTokenBytes {
		return "", true, &challenge{code: httperr.CodeInvalidToken, message: "invalid token"}
	}
	return token, true, nil
}

// resolve returns the user a request signs in as, or nil for a request
// without a token.
func (a *Authenticator) resolve(ctx context.Context, r *http.Request) (*User, error) {
	token, ok, err := a.Bearer(r)
	if err != nil || !ok {
		return nil, err
	}
	return a.userOf(ctx, token)
}

// Challenge answers a 401 with its WWW-Authenticate header, or fails with
// err when it is not a 401 of this package.
func (a *Authenticator) Challenge(w http.ResponseWriter, r *http.Request, err error) {
	var ch *challenge
	if !errors.As(err, &ch) {
		a.cfg.Fail(w, r, err)
		return
	}
	c := `Bearer realm="pretendo"`
	if ch.code == httperr.CodeInvalidToken {
		c += `, error="invalid_token"`
	}
	w.Header().Set("WWW-Authenticate", c)
	a.cfg.Fail(w, r, httperr.New(http.StatusUnauthorized, ch.code, "%s", ch.message))
}
