package pretendo_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secretsSpec lets any signed-in user create secrets, but only their
// owner (or an admin) update one; notes have an owner and no rules.
const secretsSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: username, type: string }
      - { name: password, type: string }
      - { name: role, type: string }
    relationships:
      - { type: hasMany, resource: secrets, foreignKey: ownerId }
  - name: secrets
    fields:
      - { name: id, type: number }
      - { name: text, type: string }
      - { name: ownerId, type: number, references: { resource: users } }
    access: { list: [admin, owner], get: [admin, owner], create: ["*"], update: [admin, owner], delete: [admin, owner] }
    ownedBy: ownerId
  - name: notes
    fields:
      - { name: id, type: number }
      - { name: ownerId, type: number }
    ownedBy: ownerId
data:
  users:
    - { id: 1, username: ada, password: adapass, role: admin }
    - { id: 2, username: bob, password: bobpass, role: user }
options:
  auth: { enabled: true, userResource: users }
`

func TestCreateAgreesWithUpdateOnOwners(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		user   string
		path   string
		body   map[string]any
		status int
		owner  float64 // the stored owner, on success
	}{
		{"for someone else", "bob", "/secrets", map[string]any{"text": "x", "ownerId": 1}, http.StatusForbidden, 0},
		{"for someone else as a string", "bob", "/secrets", map[string]any{"text": "x", "ownerId": "1"}, http.StatusForbidden, 0},
		{"for oneself", "bob", "/secrets", map[string]any{"text": "x", "ownerId": 2}, http.StatusCreated, 2},
		{"without an owner", "bob", "/secrets", map[string]any{"text": "x"}, http.StatusCreated, 2},
		{"with a null owner", "bob", "/secrets", map[string]any{"text": "x", "ownerId": nil}, http.StatusCreated, 2},
		{"nested, under someone else", "bob", "/users/1/secrets", map[string]any{"text": "x"}, http.StatusForbidden, 0},
		{"nested, under oneself", "bob", "/users/2/secrets", map[string]any{"text": "x"}, http.StatusCreated, 2},
		{"by an admin, for someone else", "ada", "/secrets", map[string]any{"text": "x", "ownerId": 2}, http.StatusCreated, 2},
		{"by an admin, nested", "ada", "/users/2/secrets", map[string]any{"text": "x"}, http.StatusCreated, 2},
		{"without rules, for someone else", "bob", "/notes", map[string]any{"ownerId": 1}, http.StatusCreated, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, base := serve(t, parseSpec(t, secretsSpec))
			token, err := srv.TokenFor(t.Context(), tt.user)
			require.NoError(t, err)
			status, _, body := authCall(t, http.MethodPost, base+tt.path, token, tt.body)
			require.Equal(t, tt.status, status, "%v", body)
			if status == http.StatusForbidden {
				assert.Equal(t, "FORBIDDEN", errCode(body))
				admin, err := srv.TokenFor(t.Context(), "ada")
				require.NoError(t, err)
				_, _, all := authCall(t, http.MethodGet, base+"/secrets", admin, nil)
				assert.Empty(t, list(t, all), "nothing stored")
				return
			}
			assert.Equal(t, tt.owner, data(t, body)["ownerId"])
		})
	}
	// Update refuses the same thing create does.
	srv, base := serve(t, parseSpec(t, secretsSpec))
	bob, err := srv.TokenFor(t.Context(), "bob")
	require.NoError(t, err)
	status, _, body := authCall(t, http.MethodPost, base+"/secrets", bob, map[string]any{"text": "x"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, _, _ = authCall(t, http.MethodPatch, base+"/secrets/1", bob, map[string]any{"ownerId": 1})
	assert.Equal(t, http.StatusForbidden, status)
}
