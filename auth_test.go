package pretendo_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/adapter"
)

// authSpec has a user resource with owner rules, a resource owned through
// a foreign key, and one without access rules.
const authSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: username, type: string, required: true, unique: true }
      - { name: password, type: string, minLength: 4 }
      - { name: role, type: string, defaultValue: user }
    relationships:
      - { type: hasMany, resource: posts, foreignKey: authorId }
    access:
      list: [admin]
      get: [admin, owner]
      create: [admin]
      update: [admin, owner]
      delete: [admin]
    ownedBy: id
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: title, type: string, required: true }
      - { name: authorId, type: number, references: { resource: users, onDelete: cascade } }
    relationships:
      - { type: belongsTo, resource: users, foreignKey: authorId, as: author }
    access:
      list: [admin, owner]
      get: ["*"]
      create: [admin, owner]
      update: [admin, owner]
      delete: [admin, owner]
    ownedBy: authorId
  - name: notes
    fields:
      - { name: id, type: number }
      - { name: text, type: string }
data:
  users:
    - { id: 1, username: ada, password: adapass, role: admin }
    - { id: 2, username: bob, password: bobpass, role: user }
    - { id: 3, username: "zoë", password: "pässwörd🚀", role: user }
  posts:
    - { id: 1, title: A1, authorId: 1 }
    - { id: 2, title: B1, authorId: 2 }
    - { id: 3, title: B2, authorId: 2 }
    - { id: 4, title: Z1, authorId: 3 }
  notes:
    - { id: 1, text: hello }
options:
  auth:
    enabled: true
    userResource: users
    tokenExpiration: 60
    users:
      - { username: root, password: rootpass, role: admin, email: root@example.com }
`

// manualClock is a clock a test moves by hand; safe for concurrent use.
type manualClock struct{ ns atomic.Int64 }

func newManualClock(t time.Time) *manualClock {
	c := &manualClock{}
	c.ns.Store(t.UnixNano())
	return c
}

func (c *manualClock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *manualClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// authServer serves authSpec over a network server with a manual clock.
func authServer(t *testing.T, opts ...pretendo.Option) (*pretendo.Server, string, *manualClock) {
	t.Helper()
	clock := newManualClock(t0)
	srv, url := serve(t, parseSpec(t, authSpec), append([]pretendo.Option{pretendo.WithClock(clock.Now)}, opts...)...)
	return srv, url, clock
}

// authCall sends one request with an optional Bearer token (or, when token
// starts with "raw:", that Authorization header as is).
func authCall(t *testing.T, method, url, token string, body any) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, reqBody(t, body))
	require.NoError(t, err)
	switch {
	case strings.HasPrefix(token, "raw:"):
		req.Header.Set("Authorization", strings.TrimPrefix(token, "raw:"))
	case token != "":
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return send(t, req)
}

// login signs in over HTTP and returns the token.
func login(t *testing.T, base, user, password string) string {
	t.Helper()
	status, _, body := authCall(t, http.MethodPost, base+"/auth/login", "", map[string]any{"username": user, "password": password})
	require.Equal(t, http.StatusOK, status, "login %s: %v", user, body)
	token, ok := body["token"].(string)
	require.True(t, ok, "token in %v", body)
	return token
}

var hexToken = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestLogin(t *testing.T) {
	t.Parallel()
	_, base, _ := authServer(t)
	huge := strings.Repeat("x", 10<<20)
	tests := []struct {
		name     string
		body     any
		status   int
		code     string
		user     map[string]any // subset of the user answered
		detailOf string         // the field a 400 names
	}{
		{name: "record user", body: map[string]any{"username": "ada", "password": "adapass"}, status: 200, user: map[string]any{"id": 1.0, "username": "ada", "role": "admin"}},
		{name: "unicode user and password", body: map[string]any{"username": "zoë", "password": "pässwörd🚀"}, status: 200, user: map[string]any{"id": 3.0}},
		{name: "declared user", body: map[string]any{"username": "root", "password": "rootpass"}, status: 200, user: map[string]any{"username": "root", "role": "admin", "email": "root@example.com"}},
		{name: "wrong password", body: map[string]any{"username": "ada", "password": "nope"}, status: 401, code: "INVALID_CREDENTIALS"},
		{name: "wrong case", body: map[string]any{"username": "ADA", "password": "adapass"}, status: 401, code: "INVALID_CREDENTIALS"},
		{name: "unknown user", body: map[string]any{"username": "mallory", "password": "x"}, status: 401, code: "INVALID_CREDENTIALS"},
		{name: "another user's password", body: map[string]any{"username": "bob", "password": "adapass"}, status: 401, code: "INVALID_CREDENTIALS"},
		{name: "password over 72 bytes", body: map[string]any{"username": "ada", "password": "adapass" + strings.Repeat("!", 80)}, status: 401, code: "INVALID_CREDENTIALS"},
		{name: "missing username", body: map[string]any{"password": "adapass"}, status: 400, code: "INVALID_CREDENTIALS", detailOf: "username"},
		{name: "missing password", body: map[string]any{"username": "ada"}, status: 400, code: "INVALID_CREDENTIALS", detailOf: "password"},
		{name: "empty password", body: map[string]any{"username": "ada", "password": ""}, status: 400, code: "INVALID_CREDENTIALS", detailOf: "password"},
		{name: "null username", body: map[string]any{"username": nil, "password": "x"}, status: 400, code: "INVALID_CREDENTIALS", detailOf: "username"},
		{name: "number password", body: map[string]any{"username": "ada", "password": 12345}, status: 400, code: "INVALID_CREDENTIALS", detailOf: "password"},
		{name: "object username", body: map[string]any{"username": map[string]any{"$ne": ""}, "password": "x"}, status: 400, code: "INVALID_CREDENTIALS", detailOf: "username"},
		{name: "array body", body: `["ada","adapass"]`, status: 400, code: "INVALID_JSON"},
		{name: "not JSON", body: `username=ada&password=adapass`, status: 400, code: "INVALID_JSON"},
		{name: "empty body", body: ``, status: 400, code: "INVALID_JSON"},
		{name: "10 MB body", body: `{"username":"ada","password":"` + huge + `"}`, status: 413, code: "BODY_TOO_LARGE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, h, body := authCall(t, http.MethodPost, base+"/auth/login", "", tt.body)
			require.Equal(t, tt.status, status, "%v", body)
			if tt.status != http.StatusOK {
				assert.Equal(t, tt.code, errCode(body))
				assert.NotContains(t, body, "token")
				if tt.status == http.StatusUnauthorized {
					assert.Equal(t, `Bearer realm="pretendo"`, h.Get("WWW-Authenticate"))
				}
				if tt.detailOf != "" {
					assert.Contains(t, detailCodes(body), tt.detailOf)
				}
				return
			}
			assert.Regexp(t, hexToken, body["token"])
			assert.Equal(t, float64(t0.Add(60*time.Second).UnixMilli()), body["expiresAt"], "expiry by the server's clock, in ms")
			user, ok := body["user"].(map[string]any)
			require.True(t, ok, "%v", body)
			for k, v := range tt.user {
				assert.Equal(t, v, user[k], "user.%s", k)
			}
			assert.NotContains(t, user, "password", "the password never leaves the server")
		})
	}
}

func TestLoginMethods(t *testing.T) {
	t.Parallel()
	_, base, _ := authServer(t)
	status, h, body := authCall(t, http.MethodGet, base+"/auth/login", "", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	assert.Equal(t, "METHOD_NOT_ALLOWED", errCode(body))
	assert.Equal(t, "POST, OPTIONS", h.Get("Allow"))
	status, h, _ = authCall(t, http.MethodOptions, base+"/auth/login", "", nil)
	assert.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, "POST, OPTIONS", h.Get("Access-Control-Allow-Methods"))
	status, h, _ = authCall(t, http.MethodDelete, base+"/auth/me", "", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	assert.Equal(t, "GET, HEAD, OPTIONS", h.Get("Allow"))
}

func TestTokens(t *testing.T) {
	t.Parallel()
	_, base, clock := authServer(t)
	token := login(t, base, "bob", "bobpass")
	tests := []struct {
		name   string
		auth   string
		status int
		code   string
	}{
		{name: "valid", auth: token, status: 200},
		{name: "scheme in lower case", auth: "raw:bearer " + token, status: 200},
		{name: "missing", auth: "", status: 401, code: "UNAUTHORIZED"},
		{name: "basic auth", auth: "raw:Basic Ym9iOmJvYnBhc3M=", status: 401, code: "UNAUTHORIZED"},
		{name: "no scheme", auth: "raw:" + token, status: 401, code: "UNAUTHORIZED"},
		{name: "empty bearer", auth: "raw:Bearer ", status: 401, code: "INVALID_TOKEN"},
		{name: "unknown", auth: strings.Repeat("ab", 32), status: 401, code: "INVALID_TOKEN"},
		{name: "token with a suffix", auth: token + "x", status: 401, code: "INVALID_TOKEN"},
		{name: "huge token", auth: strings.Repeat("A", 200<<10), status: 401, code: "INVALID_TOKEN"},
		{name: "unicode token", auth: "tökén🚀", status: 401, code: "INVALID_TOKEN"},
		{name: "tab inside", auth: "raw:Bearer a\tb", status: 401, code: "INVALID_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := authCall(t, http.MethodGet, base+"/notes", tt.auth, nil)
			require.Equal(t, tt.status, status, "%v", body)
			if tt.status == http.StatusOK {
				assert.Equal(t, []any{1.0}, pluck(list(t, body), "id"))
				return
			}
			assert.Equal(t, tt.code, errCode(body))
			assert.Contains(t, h.Get("WWW-Authenticate"), "Bearer")
		})
	}

	t.Run("me", func(t *testing.T) {
		status, _, body := authCall(t, http.MethodGet, base+"/auth/me", token, nil)
		require.Equal(t, http.StatusOK, status)
		assert.Equal(t, map[string]any{"id": 2.0, "username": "bob", "role": "user"}, data(t, body))
		status, _, body = authCall(t, http.MethodGet, base+"/auth/me", "", nil)
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Equal(t, "UNAUTHORIZED", errCode(body))
	})

	t.Run("expiry by the server's clock", func(t *testing.T) {
		short := login(t, base, "ada", "adapass")
		clock.Advance(59 * time.Second)
		status, _, _ := authCall(t, http.MethodGet, base+"/notes", short, nil)
		assert.Equal(t, http.StatusOK, status, "valid until its expiry")
		clock.Advance(time.Second)
		status, h, body := authCall(t, http.MethodGet, base+"/notes", short, nil)
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Equal(t, "INVALID_TOKEN", errCode(body))
		assert.Contains(t, h.Get("WWW-Authenticate"), `error="invalid_token"`)
	})

	t.Run("logout revokes", func(t *testing.T) {
		tok := login(t, base, "root", "rootpass")
		status, _, _ := authCall(t, http.MethodPost, base+"/auth/logout", tok, nil)
		assert.Equal(t, http.StatusNoContent, status)
		status, _, body := authCall(t, http.MethodGet, base+"/notes", tok, nil)
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Equal(t, "INVALID_TOKEN", errCode(body))
		status, _, _ = authCall(t, http.MethodPost, base+"/auth/logout", tok, nil)
		assert.Equal(t, http.StatusNoContent, status, "logging out twice is harmless")
		status, _, body = authCall(t, http.MethodPost, base+"/auth/logout", "", nil)
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Equal(t, "UNAUTHORIZED", errCode(body))
	})
}

func TestAccessRules(t *testing.T) {
	t.Parallel()
	_, base, _ := authServer(t)
	ada := login(t, base, "ada", "adapass")
	bob := login(t, base, "bob", "bobpass")
	root := login(t, base, "root", "rootpass")
	tests := []struct {
		name         string
		token        string
		method, path string
		body         any
		status       int
		ids          []any // ids of a list answer
		check        map[string]any
	}{
		{name: "anonymous list", method: "GET", path: "/posts", status: 401},
		{name: "anonymous preflight", method: "OPTIONS", path: "/posts", status: 204},
		{name: "admin lists all", token: ada, method: "GET", path: "/posts", status: 200, ids: nums(1, 2, 3, 4)},
		{name: "owner lists own", token: bob, method: "GET", path: "/posts", status: 200, ids: nums(2, 3)},
		{name: "owner list keeps filters", token: bob, method: "GET", path: "/posts?title=B2", status: 200, ids: nums(3)},
		{name: "owner cannot widen the filter", token: bob, method: "GET", path: "/posts?authorId=3", status: 200, ids: []any{}},
		{name: "star get", token: bob, method: "GET", path: "/posts/4", status: 200, check: map[string]any{"title": "Z1"}},
		{name: "owner update", token: bob, method: "PATCH", path: "/posts/2", body: map[string]any{"title": "B1!"}, status: 200, check: map[string]any{"title": "B1!", "authorId": 2.0}},
		{name: "non-owner update", token: bob, method: "PATCH", path: "/posts/4", body: map[string]any{"title": "mine"}, status: 403},
		{name: "non-owner replace", token: bob, method: "PUT", path: "/posts/4", body: map[string]any{"title": "mine"}, status: 403},
		{name: "owner replace keeps ownership", token: bob, method: "PUT", path: "/posts/3", body: map[string]any{"title": "B2!"}, status: 200, check: map[string]any{"authorId": 2.0}},
		{name: "owner gives away", token: bob, method: "PATCH", path: "/posts/3", body: map[string]any{"authorId": 3}, status: 403},
		{name: "owner clears owner", token: bob, method: "PATCH", path: "/posts/3", body: map[string]any{"authorId": nil}, status: 403},
		{name: "non-owner delete", token: bob, method: "DELETE", path: "/posts/1", status: 403},
		{name: "owner delete of missing", token: bob, method: "DELETE", path: "/posts/99", status: 404},
		{name: "create stamps owner", token: bob, method: "POST", path: "/posts", body: map[string]any{"title": "new"}, status: 201, check: map[string]any{"authorId": 2.0}},
		{name: "owner creates for another", token: bob, method: "POST", path: "/posts", body: map[string]any{"title": "x", "authorId": 3}, status: 403},
		{name: "admin creates for another", token: ada, method: "POST", path: "/posts", body: map[string]any{"title": "x", "authorId": 3}, status: 201, check: map[string]any{"authorId": 3.0}},
		{name: "admin create stamps admin", token: ada, method: "POST", path: "/posts", body: map[string]any{"title": "y"}, status: 201, check: map[string]any{"authorId": 1.0}},
		{name: "nested create as owner elsewhere", token: bob, method: "POST", path: "/users/3/posts", body: map[string]any{"title": "x"}, status: 403},
		{name: "user list needs admin", token: bob, method: "GET", path: "/users", status: 403},
		{name: "own user record", token: bob, method: "GET", path: "/users/2", status: 200, check: map[string]any{"username": "bob"}},
		{name: "another user record", token: bob, method: "GET", path: "/users/1", status: 403},
		{name: "own role is fixed", token: bob, method: "PATCH", path: "/users/2", body: map[string]any{"role": "admin"}, status: 403},
		{name: "own role kept by PUT", token: bob, method: "PUT", path: "/users/2", body: map[string]any{"username": "bob"}, status: 200, check: map[string]any{"role": "user"}},
		{name: "expand into owner-only", token: bob, method: "GET", path: "/posts/2?expand=author", status: 403},
		{name: "admin expands", token: ada, method: "GET", path: "/posts/2?expand=author", status: 200},
		{name: "related list of own", token: bob, method: "GET", path: "/users/2/posts", status: 200, ids: nums(2, 3, 5)},
		{name: "related of another parent", token: bob, method: "GET", path: "/users/3/posts", status: 403},
		{name: "related one", token: bob, method: "GET", path: "/posts/2/author", status: 200, check: map[string]any{"id": 2.0}},
		{name: "related one of another", token: bob, method: "GET", path: "/posts/4/author", status: 403},
		{name: "no access block", token: bob, method: "GET", path: "/notes/1", status: 200, check: map[string]any{"text": "hello"}},
		{name: "declared admin", token: root, method: "DELETE", path: "/notes/1", status: 204},
		{name: "password filter", token: ada, method: "GET", path: "/users?password[startsWith]=$2", status: 400},
		{name: "password sort", token: ada, method: "GET", path: "/users?sortBy=password", status: 400},
		{name: "unknown resource first", token: "", method: "GET", path: "/nope", status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := authCall(t, tt.method, base+tt.path, tt.token, tt.body)
			require.Equal(t, tt.status, status, "%s %s: %v", tt.method, tt.path, body)
			switch tt.status {
			case 401:
				assert.Equal(t, "UNAUTHORIZED", errCode(body))
			case 403:
				assert.Equal(t, "FORBIDDEN", errCode(body))
			}
			if tt.ids != nil {
				assert.Equal(t, tt.ids, pluck(list(t, body), "id"))
			}
			if tt.check != nil {
				got := data(t, body)
				for k, v := range tt.check {
					assert.Equal(t, v, got[k], "%s", k)
				}
				assert.NotContains(t, got, "password")
			}
		})
	}
	// Refused writes changed nothing.
	status, _, body := authCall(t, http.MethodGet, base+"/posts/4", ada, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]any{"id": 4.0, "title": "Z1", "authorId": 3.0}, data(t, body))
	status, _, body = authCall(t, http.MethodGet, base+"/posts/1", ada, nil)
	require.Equal(t, http.StatusOK, status, "the refused delete left post 1")
	// An admin's expansion never shows a password.
	status, _, body = authCall(t, http.MethodGet, base+"/posts?expand=author", ada, nil)
	require.Equal(t, http.StatusOK, status)
	for _, p := range list(t, body) {
		if author, ok := p["author"].(map[string]any); ok {
			assert.NotContains(t, author, "password")
			assert.NotEmpty(t, author["username"])
		}
	}
}

func TestPasswordsAreHashed(t *testing.T) {
	t.Parallel()
	srv, base, _ := authServer(t)
	ctx := t.Context()
	ada := login(t, base, "ada", "adapass")

	stored := func(id float64) any {
		t.Helper()
		st, err := srv.Adapter().Backup(ctx)
		require.NoError(t, err)
		var out any
		st.Scan("users", func(rec pretendo.Record) bool {
			if rec["id"] == id {
				out = rec["password"]
				return false
			}
			return true
		})
		return out
	}
	bcryptHash := regexp.MustCompile(`^\$2[aby]\$04\$.{53}$`)
	assert.Regexp(t, bcryptHash, stored(1), "spec data is hashed at Open")

	status, _, body := authCall(t, http.MethodPost, base+"/users", ada, map[string]any{"username": "dan", "password": "danpass"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.NotContains(t, data(t, body), "password")
	assert.Regexp(t, bcryptHash, stored(4))
	dan := login(t, base, "dan", "danpass")

	t.Run("PUT without password keeps it", func(t *testing.T) {
		before := stored(4)
		status, _, body := authCall(t, http.MethodPut, base+"/users/4", dan, map[string]any{"username": "dan"})
		require.Equal(t, http.StatusOK, status, "%v", body)
		assert.Equal(t, before, stored(4))
		login(t, base, "dan", "danpass")
	})
	t.Run("PATCH changes it", func(t *testing.T) {
		status, _, body := authCall(t, http.MethodPatch, base+"/users/4", dan, map[string]any{"password": "newpass"})
		require.Equal(t, http.StatusOK, status, "%v", body)
		assert.NotContains(t, data(t, body), "password")
		login(t, base, "dan", "newpass")
		status, _, _ = authCall(t, http.MethodPost, base+"/auth/login", "", map[string]any{"username": "dan", "password": "danpass"})
		assert.Equal(t, http.StatusUnauthorized, status, "the old password is gone")
	})
	t.Run("rules see the plain password", func(t *testing.T) {
		status, _, body := authCall(t, http.MethodPatch, base+"/users/4", dan, map[string]any{"password": "abc"})
		require.Equal(t, http.StatusUnprocessableEntity, status)
		assert.Equal(t, map[string][]string{"password": {"minLength"}}, detailCodes(body))
		login(t, base, "dan", "newpass")
	})
	for name, pw := range map[string]any{"number": 1234, "object": map[string]any{"x": 1}, "too long": strings.Repeat("p", 73)} {
		t.Run("bad password "+name, func(t *testing.T) {
			before := stored(4)
			status, _, body := authCall(t, http.MethodPatch, base+"/users/4", dan, map[string]any{"password": pw})
			require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
			assert.Contains(t, detailCodes(body), "password")
			assert.Equal(t, before, stored(4))
		})
	}
	t.Run("plain text written by hand", func(t *testing.T) {
		st, err := srv.Adapter().Backup(ctx)
		require.NoError(t, err)
		d, counters := adapter.Snapshot(st)
		for _, rec := range d["users"] {
			if rec["username"] == "bob" {
				rec["password"] = "typed-in-a-file"
			}
		}
		require.NoError(t, srv.Adapter().Restore(ctx, adapter.NewState(d, counters)))
		login(t, base, "bob", "typed-in-a-file")
		status, _, _ := authCall(t, http.MethodPost, base+"/auth/login", "", map[string]any{"username": "bob", "password": "typed-in-a-fil"})
		assert.Equal(t, http.StatusUnauthorized, status)
	})
	t.Run("typed access", func(t *testing.T) {
		type user struct {
			ID       int    `json:"id,omitempty"`
			Username string `json:"username"`
			Password string `json:"password,omitempty"`
			Role     string `json:"role,omitempty"`
		}
		users := pretendo.Collection[user](srv, "users")
		u, err := users.Create(ctx, user{Username: "eve", Password: "evepass"})
		require.NoError(t, err)
		assert.Empty(t, u.Password, "the password is write-only")
		assert.Regexp(t, bcryptHash, stored(float64(u.ID)))
		got, err := users.Get(ctx, u.ID)
		require.NoError(t, err)
		assert.Empty(t, got.Password)
		got.Role = "admin"
		_, err = users.Update(ctx, u.ID, got)
		require.NoError(t, err)
		tok, err := srv.Login(ctx, "eve", "evepass")
		require.NoError(t, err, "an Update without the password keeps it")
		status, _, body := authCall(t, http.MethodGet, base+"/users", tok, nil)
		assert.Equal(t, http.StatusOK, status, "the role set through Go counts at once: %v", body)
	})
}

func TestSessionsFollowTheRecord(t *testing.T) {
	t.Parallel()
	srv, base, _ := authServer(t)
	ctx := t.Context()
	bob, err := srv.TokenFor(ctx, "bob")
	require.NoError(t, err)
	status, _, _ := authCall(t, http.MethodGet, base+"/users", bob, nil)
	assert.Equal(t, http.StatusForbidden, status)

	users := pretendo.Collection[map[string]any](srv, "users")
	_, err = users.Patch(ctx, 2, map[string]any{"role": "admin"})
	require.NoError(t, err)
	status, _, _ = authCall(t, http.MethodGet, base+"/users", bob, nil)
	assert.Equal(t, http.StatusOK, status, "a new role counts at once")

	require.NoError(t, users.Delete(ctx, 2))
	status, _, body := authCall(t, http.MethodGet, base+"/notes", bob, nil)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "INVALID_TOKEN", errCode(body), "a deleted user's token is dead")
}

func TestGoAuthAPI(t *testing.T) {
	t.Parallel()
	srv, base, _ := authServer(t)
	ctx := t.Context()

	tok, err := srv.Login(ctx, "ada", "adapass")
	require.NoError(t, err)
	assert.Regexp(t, hexToken, tok)
	status, _, _ := authCall(t, http.MethodGet, base+"/users", tok, nil)
	assert.Equal(t, http.StatusOK, status)
	srv.Logout(tok)
	status, _, _ = authCall(t, http.MethodGet, base+"/users", tok, nil)
	assert.Equal(t, http.StatusUnauthorized, status)

	for _, tt := range []struct{ user, password string }{{"ada", "wrong"}, {"", ""}, {"nobody", "x"}, {"ada", strings.Repeat("a", 1000)}} {
		_, err := srv.Login(ctx, tt.user, tt.password)
		assert.ErrorIs(t, err, pretendo.ErrInvalidCredentials, "%q", tt.user)
	}
	_, err = srv.TokenFor(ctx, "nobody")
	assert.ErrorIs(t, err, pretendo.ErrInvalidCredentials)
	rootTok, err := srv.TokenFor(ctx, "root")
	require.NoError(t, err)
	status, _, body := authCall(t, http.MethodGet, base+"/auth/me", rootTok, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]any{"username": "root", "role": "admin", "email": "root@example.com"}, data(t, body))

	open := pretendo.New(parseSpec(t, exampleSpec))
	t.Cleanup(func() { _ = open.Close() })
	_, err = open.Login(ctx, "ada", "adapass")
	assert.ErrorIs(t, err, pretendo.ErrAuthDisabled)
	_, err = open.TokenFor(ctx, "ada")
	assert.ErrorIs(t, err, pretendo.ErrAuthDisabled)
	open.Logout("anything") // harmless
}

func TestAuthEndpointMoves(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, authSpec)
	spec.Options.Auth.AuthEndpoint = "/api/v1/login"
	_, base := serve(t, spec)
	status, _, body := authCall(t, http.MethodPost, base+"/api/v1/login", "", map[string]any{"username": "bob", "password": "bobpass"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	tok := body["token"].(string)
	status, _, _ = authCall(t, http.MethodGet, base+"/api/v1/me", tok, nil)
	assert.Equal(t, http.StatusOK, status)
	status, _, _ = authCall(t, http.MethodPost, base+"/api/v1/logout", tok, nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, _, _ = authCall(t, http.MethodPost, base+"/auth/login", "", map[string]any{"username": "bob", "password": "bobpass"})
	assert.Equal(t, http.StatusNotFound, status, "the default path is free")
}

func TestAuthSpecErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*pretendo.Spec)
		path   string
	}{
		{name: "duplicate user", change: func(s *pretendo.Spec) {
			s.Options.Auth.Users = append(s.Options.Auth.Users, s.Options.Auth.Users[0])
		}, path: "options.auth.users[1].username"},
		{name: "empty username", change: func(s *pretendo.Spec) { s.Options.Auth.Users[0].Username = "" }, path: "options.auth.users[0].username"},
		{name: "long password", change: func(s *pretendo.Spec) { s.Options.Auth.Users[0].Password = strings.Repeat("x", 73) }, path: "options.auth.users[0].password"},
		{name: "endpoint with a space", change: func(s *pretendo.Spec) { s.Options.Auth.AuthEndpoint = "/log in" }, path: "options.auth.authEndpoint"},
		{name: "endpoint with a param", change: func(s *pretendo.Spec) { s.Options.Auth.AuthEndpoint = "/{x}/login" }, path: "options.auth.authEndpoint"},
		{name: "endpoint named me", change: func(s *pretendo.Spec) { s.Options.Auth.AuthEndpoint = "/auth/me" }, path: "options.auth.authEndpoint"},
		{name: "endpoint under admin", change: func(s *pretendo.Spec) { s.Options.Auth.AuthEndpoint = "/admin/login" }, path: "options.auth.authEndpoint"},
		{name: "unicode endpoint", change: func(s *pretendo.Spec) { s.Options.Auth.AuthEndpoint = "/ауth/login" }, path: "options.auth.authEndpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spec := parseSpec(t, authSpec)
			tt.change(spec)
			_, err := pretendo.Open(spec)
			require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
			var se *pretendo.SpecError
			require.ErrorAs(t, err, &se)
			require.NotEmpty(t, se.Problems)
			assert.Equal(t, tt.path, se.Problems[0].Path, "%v", err)
		})
	}
}

// The upstream blog example enables auth over a users resource whose data
// has no passwords, and declares legacy users of the same names: those
// sign in and act as their records.
func TestUpstreamBlogAuth(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("schema/testdata/upstream/blog-api.yml")
	require.NoError(t, err)
	spec, err := pretendo.ParseSpec(raw)
	require.NoError(t, err)
	spec.Options.Latency.Enabled = false // its 100-500 ms would only slow the test
	_, base := serve(t, spec)

	status, _, body := authCall(t, http.MethodPost, base+"/auth/login", "", map[string]any{"username": "admin", "password": "password"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, 1.0, body["user"].(map[string]any)["id"], "the legacy admin is record 1")
	admin := body["token"].(string)
	user := login(t, base, "user", "password")

	steps := []struct {
		token, method, path string
		body                any
		status              int
	}{
		{admin, "GET", "/users", nil, 200},
		{user, "GET", "/users", nil, 403},
		{user, "GET", "/users/1", nil, 200},
		{user, "PATCH", "/users/2", map[string]any{"firstName": "Reg"}, 200},
		{user, "PATCH", "/users/1", map[string]any{"firstName": "Ha"}, 403},
		{user, "POST", "/posts", map[string]any{"title": "Mine"}, 201},
		{user, "DELETE", "/posts/1", nil, 403},
		{user, "DELETE", "/posts/2", nil, 204},
		{user, "POST", "/comments", map[string]any{"content": "hi", "postId": 1}, 201},
		{user, "POST", "/categories", map[string]any{"name": "x"}, 403},
		{admin, "POST", "/users", map[string]any{"username": "eve", "password": "evepass", "role": "user"}, 201},
		{"", "GET", "/posts", nil, 401},
	}
	for _, st := range steps {
		status, _, body := authCall(t, st.method, base+st.path, st.token, st.body)
		assert.Equal(t, st.status, status, "%s %s: %v", st.method, st.path, body)
		if st.method == "POST" && status == 201 && st.path != "/users" {
			assert.Equal(t, 2.0, data(t, body)["authorId"], "%s stamps the author", st.path)
		}
	}
	eve := login(t, base, "eve", "evepass")
	status, _, body = authCall(t, http.MethodGet, base+"/auth/me", eve, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "eve", data(t, body)["username"])
	assert.NotContains(t, data(t, body), "password")
	status, _, _ = authCall(t, http.MethodPost, base+"/auth/login", "", map[string]any{"username": "admin", "password": "wrong"})
	assert.Equal(t, http.StatusUnauthorized, status)
}

func TestAuthLeavesOtherRoutesAlone(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, authSpec)
	spec.Options.Admin.Token = "admin-secret"
	spec.Routes = []pretendo.Route{{Path: "/health", Method: "get", Response: map[string]any{"ok": true}}}
	var seen atomic.Value
	who := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := pretendo.CurrentUser(r)
		seen.Store(fmt.Sprintf("%v %s %s %v", ok, u.Username, u.Role, u.ID))
		w.WriteHeader(http.StatusNoContent)
	})
	srv, base := serve(t, spec, pretendo.WithRoute("GET", "/whoami", who))
	tok, err := srv.TokenFor(t.Context(), "bob")
	require.NoError(t, err)

	status, _, _ := authCall(t, http.MethodGet, base+"/health", "", nil)
	assert.Equal(t, http.StatusOK, status, "custom routes are public")
	status, _, _ = authCall(t, http.MethodGet, base+"/", "", nil)
	assert.Equal(t, http.StatusOK, status, "the index is public")
	status, _, _ = authCall(t, http.MethodGet, base+"/admin/stats", tok, nil)
	assert.Equal(t, http.StatusUnauthorized, status, "a user token is not the admin token")
	status, _, _ = authCall(t, http.MethodGet, base+"/admin/stats", "admin-secret", nil)
	assert.Equal(t, http.StatusOK, status)

	status, _, _ = authCall(t, http.MethodGet, base+"/whoami", tok, nil)
	assert.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, "true bob user 2", seen.Load())
	status, _, _ = authCall(t, http.MethodGet, base+"/whoami", "bad-token", nil)
	assert.Equal(t, http.StatusNoContent, status, "a bad token does not close a public route")
	assert.Equal(t, "false   <nil>", seen.Load())
}

func TestForkHasItsOwnSessions(t *testing.T) {
	t.Parallel()
	base := pretendo.New(parseSpec(t, authSpec))
	t.Cleanup(func() { _ = base.Close() })
	tok, err := base.TokenFor(t.Context(), "ada")
	require.NoError(t, err)
	fork := base.Fork()
	t.Cleanup(func() { _ = fork.Close() })
	req := httptest.NewRequest(http.MethodGet, "/users", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	status, _, body := serveRecorder(t, fork, req)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "INVALID_TOKEN", errCode(body))
	ftok, err := fork.Login(t.Context(), "ada", "adapass")
	require.NoError(t, err, "the fork knows the users")
	req.Header.Set("Authorization", "Bearer "+ftok)
	status, _, _ = serveRecorder(t, fork, req)
	assert.Equal(t, http.StatusOK, status)
}

func TestAuthConcurrency(t *testing.T) {
	t.Parallel()
	srv, base, _ := authServer(t)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user, pw := "bob", "bobpass"
			if i%2 == 0 {
				user, pw = "ada", "adapass"
			}
			tok, err := srv.Login(context.Background(), user, pw)
			if err != nil {
				errs <- err
				return
			}
			for range 5 {
				req, _ := http.NewRequest(http.MethodGet, base+"/posts", nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err
					return
				}
				var body struct {
					Data []map[string]any `json:"data"`
				}
				err = json.NewDecoder(resp.Body).Decode(&body)
				resp.Body.Close()
				want := 4
				if user == "bob" {
					want = 2
				}
				if err != nil || resp.StatusCode != 200 || len(body.Data) != want {
					errs <- fmt.Errorf("%s: status %d, %d posts, %v", user, resp.StatusCode, len(body.Data), err)
					return
				}
			}
			srv.Logout(tok)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
}

// FuzzLogin sends arbitrary login bodies and Authorization headers: the
// server answers with one of the documented statuses, never a 5xx.
func FuzzLogin(f *testing.F) {
	f.Add(`{"username":"ada","password":"adapass"}`, "")
	f.Add(`{"username":"ada","password":1}`, "Bearer x")
	f.Add(`{"username":["ada"]}`, "Basic abc")
	f.Add(`null`, "Bearer "+strings.Repeat("0", 64))
	srv, err := pretendo.Open(mustSpec(f, authSpec))
	require.NoError(f, err)
	f.Cleanup(func() { _ = srv.Close() })
	f.Fuzz(func(t *testing.T, body, auth string) {
		req := httptest.NewRequest(http.MethodPost, "/auth/login", strings.NewReader(body))
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 400, 401, 413:
		default:
			t.Fatalf("login answered %d: %s", rec.Code, rec.Body)
		}
		me := httptest.NewRequest(http.MethodGet, "/auth/me", nil)
		me.Header.Set("Authorization", auth)
		rec = httptest.NewRecorder()
		srv.ServeHTTP(rec, me)
		if rec.Code != 200 && rec.Code != 401 {
			t.Fatalf("me answered %d: %s", rec.Code, rec.Body)
		}
	})
}

// mustSpec parses a spec for a benchmark or fuzz target.
func mustSpec(tb testing.TB, src string) *pretendo.Spec {
	tb.Helper()
	spec, err := pretendo.ParseSpec([]byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	return spec
}

// BenchmarkGetByIDSignedIn measures GET /posts/{id} by a signed-in user:
// the cost of auth on the hot path.
func BenchmarkGetByIDSignedIn(b *testing.B) {
	srv, err := pretendo.Open(mustSpec(b, authSpec))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	tok, err := srv.TokenFor(context.Background(), "bob")
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/posts/2", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	w := &discardWriter{header: make(http.Header, 8)}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.header)
		srv.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}

// Sign in from Go and call the API as that user.
func ExampleServer_Login() {
	spec, err := pretendo.ParseSpec([]byte(`
resources:
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: title, type: string }
    access: { list: ["*"], create: [admin] }
options:
  auth:
    enabled: true
    users: [ { username: ada, password: s3cret, role: admin } ]
`))
	if err != nil {
		panic(err)
	}
	srv := pretendo.New(spec)
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	fmt.Println(fetch(ts.URL + "/posts"))
	token, err := srv.Login(context.Background(), "ada", "s3cret")
	if err != nil {
		panic(err)
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/posts", strings.NewReader(`{"title":"Hi"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	_, err = srv.Login(context.Background(), "ada", "wrong")
	fmt.Println(errors.Is(err, pretendo.ErrInvalidCredentials))
	// Output:
	// 401 {"status":401,"message":"sign in first: POST /auth/login, then send Authorization: Bearer \u003ctoken\u003e","code":"UNAUTHORIZED"}
	// 201
	// true
}
