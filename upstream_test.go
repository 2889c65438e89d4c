package pretendo_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// upstreamDir holds spec files of the TypeScript Pretendo: its examples
// and the configurations of its integration tests.
const upstreamDir = "schema/testdata/upstream"

// upstreamSpec loads one of them unchanged, with latency off so that tests
// stay fast (latency is tested on its own).
func upstreamSpec(t *testing.T, name string) *pretendo.Spec {
	t.Helper()
	spec, err := pretendo.LoadSpec(filepath.Join(upstreamDir, name))
	require.NoError(t, err)
	spec.Options.Latency = pretendo.Options{}.Latency
	return spec
}

// callH sends one request with the given headers and returns its status and
// decoded JSON body. Unlike do it accepts a 501, the answer of upstream
// routes of type javascript.
func callH(t *testing.T, method, url string, header map[string]string, body any) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, reqBody(t, body))
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "Pretendo", resp.Header.Get("X-Powered-By"))
	assert.True(t, resp.StatusCode < 500 || resp.StatusCode == http.StatusNotImplemented, "%s %s: %d %s", method, url, resp.StatusCode, raw)
	if len(raw) == 0 {
		return resp.StatusCode, nil
	}
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out), "body %q", raw)
	return resp.StatusCode, out
}

// bearer is the Authorization header of token.
func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

// TestUpstreamSpecsLoad opens every upstream spec unchanged and serves its
// resources.
func TestUpstreamSpecsLoad(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir(upstreamDir)
	require.NoError(t, err)
	n := 0
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".yml" {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			spec := upstreamSpec(t, e.Name())
			srv, base := serve(t, spec)
			_ = srv
			root := get(t, base+"/")
			assert.Len(t, root["resources"], len(spec.Resources))
			for _, res := range spec.Resources {
				st, _ := callH(t, http.MethodGet, base+"/"+res.Name, nil, nil)
				want := http.StatusOK
				if spec.Options.Auth.Enabled {
					want = http.StatusUnauthorized
				}
				assert.Equal(t, want, st, "GET /%s", res.Name)
			}
		})
	}
	assert.Equal(t, 10, n, "upstream specs")
}

// TestUpstreamCustomRoutesConfig runs the assertions of upstream's
// tests/integration/custom-routes/custom-routes.test.ts. Where the
// contract differs, it wins: routes of type javascript answer 501, and a
// method a custom path does not serve is a 405.
func TestUpstreamCustomRoutesConfig(t *testing.T) {
	t.Parallel()
	_, base := serve(t, upstreamSpec(t, "custom-routes-config.yml"))
	token := login(t, base, "admin", "password")
	auth := bearer(token)
	tests := []struct {
		method, path string
		status       int
		body         map[string]any
	}{
		{"GET", "/hello", 200, map[string]any{"message": "Hello, world!"}},
		{"GET", "/status", 200, map[string]any{"status": "operational", "version": "1.2.0", "environment": "testing"}},
		{"GET", "/users/42", 200, map[string]any{"user": map[string]any{"id": "42", "name": "User 42", "email": "user42@example.com"}}},
		{"GET", "/users/1", 200, map[string]any{"user": map[string]any{"id": "1", "name": "User 1", "email": "user1@example.com"}}},
		{"GET", "/products/123/details/detailed", 200, map[string]any{
			"product": map[string]any{"id": "123", "name": "Product 123", "format": "detailed"},
			"meta":    map[string]any{"generated": true, "format": "detailed"},
		}},
		{"GET", "/products/456/details/", 404, nil},
		{"GET", "/files/path/to/file.txt", 501, nil}, // /files/{*filePath}, javascript
		{"POST", "/echo?foo=bar&test=value", 501, nil},
		{"GET", "/non-existent-route", 404, nil},
		{"POST", "/hello", 405, nil},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			st, body := callH(t, tt.method, base+tt.path, auth, nil)
			require.Equal(t, tt.status, st, "%v", body)
			if tt.body != nil {
				assert.Equal(t, tt.body, body)
			}
		})
	}
	t.Run("resource routes still work", func(t *testing.T) {
		t.Parallel()
		st, body := callH(t, "GET", base+"/products", auth, nil)
		require.Equal(t, 200, st)
		var laptop map[string]any
		for _, p := range list(t, body) {
			if p["name"] == "Laptop" {
				laptop = p
			}
		}
		require.NotNil(t, laptop)
		assert.Equal(t, 1299.99, laptop["price"])
	})
}

// TestUpstreamCustomRoutesAPI serves examples/custom-routes-api.yml: route
// auth is enforced per route, the literal /files/* and /admin/dashboard
// (under the admin path) are served, routes without auth stay public.
func TestUpstreamCustomRoutesAPI(t *testing.T) {
	t.Parallel()
	_, base := serve(t, upstreamSpec(t, "custom-routes-api.yml"))
	admin := bearer(login(t, base, "admin", "password"))
	user := bearer(login(t, base, "user", "password"))
	tests := []struct {
		name         string
		method, path string
		header       map[string]string
		status       int
		code         string
	}{
		{"public by default", "GET", "/hello", nil, 200, ""},
		{"auth enabled false", "GET", "/status", nil, 200, ""},
		{"any signed-in user: none", "POST", "/echo", nil, 401, "UNAUTHORIZED"},
		{"any signed-in user: bad token", "POST", "/echo", bearer("nope"), 401, "INVALID_TOKEN"},
		{"any signed-in user", "POST", "/echo", user, 501, "NOT_IMPLEMENTED"},
		{"admin only: none", "POST", "/calculate", nil, 401, "UNAUTHORIZED"},
		{"admin only: user", "POST", "/calculate", user, 403, "FORBIDDEN"},
		{"admin only: admin", "POST", "/calculate", admin, 501, "NOT_IMPLEMENTED"},
		{"dashboard under the admin path: none", "GET", "/admin/dashboard", nil, 401, "UNAUTHORIZED"},
		{"dashboard under the admin path: user", "GET", "/admin/dashboard", user, 403, "FORBIDDEN"},
		{"dashboard under the admin path: admin", "GET", "/admin/dashboard", admin, 501, "NOT_IMPLEMENTED"},
		{"dashboard: other method", "DELETE", "/admin/dashboard", admin, 405, "METHOD_NOT_ALLOWED"},
		{"admin API still wins", "GET", "/admin/stats", nil, 200, ""},
		{"two roles: user", "GET", "/profile", user, 501, "NOT_IMPLEMENTED"},
		{"two roles: none", "GET", "/profile", nil, 401, "UNAUTHORIZED"},
		{"literal star", "GET", "/files/*", nil, 501, "NOT_IMPLEMENTED"},
		{"literal star is no wildcard", "GET", "/files/public/a.txt", nil, 404, ""},
		{"parameters", "GET", "/products/7/reviews/9", nil, 200, ""},
		{"preflight stays public", "OPTIONS", "/calculate", nil, 204, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, body := callH(t, tt.method, base+tt.path, tt.header, nil)
			require.Equal(t, tt.status, st, "%v", body)
			if tt.code != "" {
				assert.Equal(t, tt.code, errCode(body))
			}
		})
	}
	t.Run("substitution", func(t *testing.T) {
		t.Parallel()
		_, body := callH(t, "GET", base+"/products/7/reviews/9", nil, nil)
		assert.Equal(t, map[string]any{"id": "9", "rating": float64(5), "comment": "This is review 9 for product 7"}, body["review"])
	})
}

// TestUpstreamRBACConfig runs the assertions of upstream's
// tests/integration/rbac/rbac.test.ts and user-resource.test.ts on
// rbac-test-config.yml.
func TestUpstreamRBACConfig(t *testing.T) {
	t.Parallel()
	_, base := serve(t, upstreamSpec(t, "rbac-test-config.yml"))
	tok := map[string]map[string]string{}
	for _, u := range []string{"admin", "editor", "moderator", "user1", "user2"} {
		tok[u] = bearer(login(t, base, u, "password"))
	}
	st, body := callH(t, "POST", base+"/auth/login", nil, map[string]any{"username": "user1", "password": "password"})
	require.Equal(t, 200, st)
	assert.Equal(t, "user1", body["user"].(map[string]any)["username"])
	assert.Equal(t, "user", body["user"].(map[string]any)["role"])
	st, _ = callH(t, "POST", base+"/auth/login", nil, map[string]any{"username": "user1", "password": "wrongpassword"})
	assert.Equal(t, 401, st)

	for _, tt := range []struct {
		who, method, path string
		body              any
		status            int
	}{
		{"admin", "GET", "/settings", nil, 200},
		{"admin", "GET", "/settings/1", nil, 200},
		{"admin", "POST", "/settings", map[string]any{"key": "test_key", "value": "test_value"}, 201},
		{"user1", "GET", "/settings", nil, 403},
		{"editor", "GET", "/settings", nil, 403},
		{"editor", "POST", "/articles", map[string]any{"title": "T", "content": "C", "authorId": 2}, 201},
		{"admin", "POST", "/articles", map[string]any{"title": "T", "content": "C", "authorId": 1}, 201},
		{"user1", "POST", "/articles", map[string]any{"title": "T", "content": "C", "authorId": 4}, 403},
		{"user2", "GET", "/articles", nil, 200},
		{"user1", "GET", "/users/4", nil, 200},
		{"user1", "GET", "/users/5", nil, 403},
		{"admin", "GET", "/users/4", nil, 200},
		{"user1", "PATCH", "/users/4", map[string]any{"email": "updated-user1@example.com"}, 200},
		{"user1", "PATCH", "/users/5", map[string]any{"email": "x@example.com"}, 403},
	} {
		st, body := callH(t, tt.method, base+tt.path, tok[tt.who], tt.body)
		assert.Equal(t, tt.status, st, "%s %s %s: %v", tt.who, tt.method, tt.path, body)
	}
}

// accountsSpec is upstream's user-resource.test.ts variant of
// rbac-test-config.yml: the users live in "accounts" under other field
// names, mapped by options.auth, and the test sets options.dbPath.
const accountsSpec = `
resources:
  - name: accounts
    fields:
      - { name: id, type: number }
      - { name: login, type: string, required: true }
      - { name: hash, type: string, required: true }
      - { name: emailAddress, type: string, required: true }
      - { name: userType, type: string, defaultValue: user }
      - { name: createdAt, type: date, defaultValue: $now }
    access: { list: [admin], get: [admin, owner], create: [admin], update: [owner], delete: [admin] }
    ownedBy: id
options:
  dbPath: ./.tmp-custom-user-test.json
  auth:
    enabled: true
    userResource: accounts
    usernameField: login
    passwordField: hash
    emailField: emailAddress
    roleField: userType
data:
  accounts:
    - { id: 1, login: admin, hash: password, emailAddress: admin@example.com, userType: admin, createdAt: "2023-01-01T00:00:00Z" }
    - { id: 4, login: user1, hash: password, emailAddress: user1@example.com, userType: user, createdAt: "2023-01-04T00:00:00Z" }
`

// TestLoginAnswerMapsUserFields checks that the login answer names the
// user's id, username and role in the standard way when the user resource
// maps them to other fields, and keeps the record's other public fields.
func TestLoginAnswerMapsUserFields(t *testing.T) {
	t.Parallel()
	_, base := serve(t, parseSpec(t, accountsSpec))
	st, body := callH(t, "POST", base+"/auth/login", nil, map[string]any{"username": "admin", "password": "password"})
	require.Equal(t, 200, st, "%v", body)
	user, ok := body["user"].(map[string]any)
	require.True(t, ok, "%v", body)
	assert.Equal(t, "admin", user["username"])
	assert.Equal(t, "admin", user["role"])
	assert.Equal(t, float64(1), user["id"])
	assert.Equal(t, "admin", user["login"])
	assert.Equal(t, "admin", user["userType"])
	assert.Equal(t, "admin@example.com", user["emailAddress"])
	assert.NotContains(t, user, "hash")

	token := body["token"].(string)
	st, me := callH(t, "GET", base+"/auth/me", bearer(token), nil)
	require.Equal(t, 200, st)
	assert.Equal(t, user, me["data"], "/auth/me shows the user as the login does")

	st, list := callH(t, "GET", base+"/accounts", bearer(token), nil)
	require.Equal(t, 200, st)
	first := list["data"].([]any)[0].(map[string]any)
	assert.Contains(t, first, "login")
	assert.Contains(t, first, "userType")
	assert.NotContains(t, first, "username", "records keep their own field names")
}

// specialFieldsSpec is the configuration of upstream's
// tests/integration/special-fields/special-fields.test.ts.
const specialFieldsSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: name, type: string, required: true }
      - { name: email, type: string, required: true }
      - { name: password, type: string, required: true, defaultValue: $hash }
      - { name: createdAt, type: date, defaultValue: $now }
      - { name: updatedAt, type: date, defaultValue: $now }
      - { name: role, type: string, defaultValue: user }
  - name: posts
    fields:
      - { name: id, type: uuid }
      - { name: title, type: string, required: true }
      - { name: content, type: string, required: true }
      - { name: userId, type: number, required: true }
      - { name: viewCount, type: number, defaultValue: 0 }
      - { name: sequenceNum, type: number, defaultValue: $increment }
      - { name: createdAt, type: date, defaultValue: $now }
      - { name: updatedAt, type: date, defaultValue: $now }
    relationships:
      - { type: belongsTo, resource: users, foreignKey: userId }
options:
  port: 0
  auth: { enabled: false }
`

// sha256Hex is the digest $hash stores.
func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestUpstreamSpecialFields runs the assertions of upstream's
// special-fields.test.ts: $hash stores the SHA-256 hex of the value sent.
func TestUpstreamSpecialFields(t *testing.T) {
	t.Parallel()
	_, base := serve(t, parseSpec(t, specialFieldsSpec), pretendo.WithClock(stepClock(t0)))
	st, _, created := do(t, "POST", base+"/users", map[string]any{"name": "John Doe", "email": "john@example.com", "password": "password123"})
	require.Equal(t, 201, st, "%v", created)
	u := data(t, created)
	assert.Equal(t, sha256Hex("password123"), u["password"])
	assert.Equal(t, "user", u["role"])
	assert.NotEmpty(t, u["createdAt"])

	var seq []any
	for _, title := range []string{"First Post", "Second Post"} {
		st, _, p := do(t, "POST", base+"/posts", map[string]any{"title": title, "content": "c", "userId": u["id"]})
		require.Equal(t, 201, st, "%v", p)
		seq = append(seq, data(t, p)["sequenceNum"])
	}
	assert.Equal(t, nums(1, 2), seq)

	url := fmt.Sprintf("%s/users/%v", base, u["id"])
	st, _, patched := do(t, "PATCH", url, map[string]any{"name": "Samuel Wilson", "email": "john@example.com", "password": "newpassword123"})
	require.Equal(t, 200, st, "%v", patched)
	p := data(t, patched)
	assert.Equal(t, u["createdAt"], p["createdAt"])
	assert.NotEqual(t, u["updatedAt"], p["updatedAt"])
	assert.Equal(t, sha256Hex("newpassword123"), p["password"])
}
