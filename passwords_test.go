package pretendo_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// ruledPasswordSpec puts a pattern and a maxLength on the password, rules
// that a bcrypt hash (60 characters, with '$' and '.') always breaks.
const ruledPasswordSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: username, type: string, required: true, unique: true }
      - { name: password, type: string, minLength: 4, maxLength: 20, pattern: "^[a-z0-9]+$" }
      - { name: role, type: string, defaultValue: user }
    access: { list: [admin], get: [admin, owner], create: [admin], update: [admin, owner], delete: [admin] }
    ownedBy: id
data:
  users:
    - { id: 1, username: ada, password: adapass, role: admin }
    - { id: 2, username: bob, password: bobpass, role: user }
options:
  auth: { enabled: true, userResource: users }
`

func TestPasswordRulesApplyOnlyToSentPasswords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method string
		body   map[string]any
		status int
		codes  map[string][]string // the 422's details
		login  string              // bob's password afterwards
	}{
		{"PATCH of another field", http.MethodPatch, map[string]any{"role": "editor"}, http.StatusOK, nil, "bobpass"},
		{"PUT without the password", http.MethodPut, map[string]any{"username": "bob", "role": "editor"}, http.StatusOK, nil, "bobpass"},
		{"PATCH with a good password", http.MethodPatch, map[string]any{"password": "newpass1"}, http.StatusOK, nil, "newpass1"},
		{"PUT with a good password", http.MethodPut, map[string]any{"username": "bob", "password": "newpass2"}, http.StatusOK, nil, "newpass2"},
		{"PATCH breaking the pattern", http.MethodPatch, map[string]any{"password": "Bad-Pass"}, http.StatusUnprocessableEntity, map[string][]string{"password": {"pattern"}}, "bobpass"},
		{"PATCH breaking maxLength", http.MethodPatch, map[string]any{"password": "abcdefghijklmnopqrstuvwxyz"}, http.StatusUnprocessableEntity, map[string][]string{"password": {"maxLength"}}, "bobpass"},
		{"PUT breaking minLength", http.MethodPut, map[string]any{"username": "bob", "password": "abc"}, http.StatusUnprocessableEntity, map[string][]string{"password": {"minLength"}}, "bobpass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, base := serve(t, parseSpec(t, ruledPasswordSpec))
			ada := login(t, base, "ada", "adapass")
			status, _, body := authCall(t, tt.method, base+"/users/2", ada, tt.body)
			require.Equal(t, tt.status, status, "%v", body)
			if tt.codes != nil {
				assert.Equal(t, tt.codes, detailCodes(body))
			}
			_, err := srv.Login(t.Context(), "bob", tt.login)
			assert.NoError(t, err, "bob signs in with %q", tt.login)
		})
	}
	t.Run("typed access", func(t *testing.T) {
		t.Parallel()
		srv, _ := serve(t, parseSpec(t, ruledPasswordSpec))
		users := pretendo.Collection[map[string]any](srv, "users")
		_, err := users.Patch(t.Context(), 2, map[string]any{"role": "editor"})
		require.NoError(t, err)
		got, err := users.Get(t.Context(), 2)
		require.NoError(t, err)
		_, err = users.Update(t.Context(), 2, got)
		require.NoError(t, err, "an Update without the password keeps the stored hash unchecked")
		_, err = srv.Login(t.Context(), "bob", "bobpass")
		assert.NoError(t, err)
	})
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	alive := func(t *testing.T, base, token string) bool {
		t.Helper()
		status, _, body := authCall(t, http.MethodGet, base+"/auth/me", token, nil)
		if status == http.StatusUnauthorized {
			assert.Equal(t, "INVALID_TOKEN", errCode(body))
		}
		return status == http.StatusOK
	}
	t.Run("by the user", func(t *testing.T) {
		t.Parallel()
		_, base, _ := authServer(t)
		bob1, bob2, zoe := login(t, base, "bob", "bobpass"), login(t, base, "bob", "bobpass"), login(t, base, "zoë", "pässwörd🚀")
		status, _, body := authCall(t, http.MethodPatch, base+"/users/2", bob1, map[string]any{"password": "newpass"})
		require.Equal(t, http.StatusOK, status, "%v", body)
		assert.True(t, alive(t, base, bob1), "the session that changed it goes on")
		assert.False(t, alive(t, base, bob2), "bob's other session ends")
		assert.True(t, alive(t, base, zoe), "other users are not touched")
		login(t, base, "bob", "newpass")
	})
	t.Run("by an admin", func(t *testing.T) {
		t.Parallel()
		_, base, _ := authServer(t)
		ada, bob := login(t, base, "ada", "adapass"), login(t, base, "bob", "bobpass")
		status, _, body := authCall(t, http.MethodPut, base+"/users/2", ada, map[string]any{"username": "bob", "password": "reset1"})
		require.Equal(t, http.StatusOK, status, "%v", body)
		assert.False(t, alive(t, base, bob))
		assert.True(t, alive(t, base, ada))
	})
	t.Run("other changes keep sessions", func(t *testing.T) {
		t.Parallel()
		_, base, _ := authServer(t)
		ada, bob := login(t, base, "ada", "adapass"), login(t, base, "bob", "bobpass")
		status, _, body := authCall(t, http.MethodPatch, base+"/users/2", ada, map[string]any{"role": "editor"})
		require.Equal(t, http.StatusOK, status, "%v", body)
		status, _, body = authCall(t, http.MethodPut, base+"/users/2", ada, map[string]any{"username": "bob", "role": "user"})
		require.Equal(t, http.StatusOK, status, "%v", body)
		status, _, body = authCall(t, http.MethodPatch, base+"/users/2", bob, map[string]any{"password": "abc"})
		require.Equal(t, http.StatusUnprocessableEntity, status, "a refused change changes nothing: %v", body)
		assert.True(t, alive(t, base, bob))
	})
	t.Run("typed access", func(t *testing.T) {
		t.Parallel()
		srv, base, _ := authServer(t)
		bob := login(t, base, "bob", "bobpass")
		token, err := srv.TokenFor(t.Context(), "bob")
		require.NoError(t, err)
		users := pretendo.Collection[map[string]any](srv, "users")
		_, err = users.Patch(t.Context(), 2, map[string]any{"password": "fromgo"})
		require.NoError(t, err)
		assert.False(t, alive(t, base, bob))
		assert.False(t, alive(t, base, token))
		login(t, base, "bob", "fromgo")
	})
}
