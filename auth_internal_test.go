package pretendo

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
)

// TestEveryLoginComparesOnce checks, without measuring time, that a login
// costs the same bcrypt comparison whoever signs in: a known user, an
// unknown one, a record without a password, one whose password was typed
// into a data file as plain text, a declared user.
func TestEveryLoginComparesOnce(t *testing.T) {
	spec, err := ParseSpec([]byte(`
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: username, type: string }
      - { name: email, type: string }
      - { name: password, type: string }
data:
  users:
    - { id: 1, username: bob, email: bob@example.com, password: bobpass }
    - { id: 2, username: carol, password: typed-in }
    - { id: 3, username: dave }
    - { id: 4, username: erin }
options:
  auth:
    enabled: true
    userResource: users
    emailField: email
    users:
      - { username: dave, password: davepass }
      - { username: root, password: rootpass }
`))
	require.NoError(t, err)
	srv, err := Open(spec)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	ctx := t.Context()

	// carol's password as someone would write it into the data file.
	st, err := srv.db.Backup(ctx)
	require.NoError(t, err)
	d, counters := adapter.Snapshot(st)
	for _, rec := range d["users"] {
		if rec["username"] == "carol" {
			rec["password"] = "typed-in"
		}
	}
	require.NoError(t, srv.db.Restore(ctx, adapter.NewState(d, counters)))

	a := srv.auth
	calls := 0
	compare := a.compare
	a.compare = func(hash, password []byte) error {
		calls++
		return compare(hash, password)
	}
	tests := []struct {
		name, password string
		ok             bool
	}{
		{"bob", "bobpass", true},
		{"bob", "wrong", false},
		{"bob@example.com", "bobpass", true},
		{"carol", "typed-in", true},
		{"carol", "wrong", false},
		{"dave", "davepass", true},
		{"dave", "wrong", false},
		{"erin", "anything", false},
		{"root", "rootpass", true},
		{"root", "wrong", false},
		{"nobody", "anything", false},
		{"nobody@example.com", "anything", false},
	}
	for _, tt := range tests {
		calls = 0
		_, err := srv.Login(ctx, tt.name, tt.password)
		if tt.ok {
			assert.NoError(t, err, "%s/%s", tt.name, tt.password)
		} else {
			assert.True(t, errors.Is(err, ErrInvalidCredentials), "%s/%s: %v", tt.name, tt.password, err)
		}
		assert.Equal(t, 1, calls, "bcrypt comparisons for %s/%s", tt.name, tt.password)
	}
}
