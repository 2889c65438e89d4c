package auth

import (
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/yaml12"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

// TestEveryLoginComparesOnce checks, without measuring time, that a login
// costs the same bcrypt comparison whoever signs in: a known user, an
// unknown one, a record without a password, one whose password was typed
// into a data file as plain text, a declared user.
func TestEveryLoginComparesOnce(t *testing.T) {
	doc, err := yaml12.Decode([]byte(`
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
	spec, err := schema.DecodeMapped(doc.JSON, doc.Position)
	require.NoError(t, err)
	require.Empty(t, Check(spec))
	ctx := t.Context()

	// The users as a server stores them: passwords hashed, but carol's as
	// someone would write it into the data file.
	users := make([]adapter.Record, 0, len(spec.Data["users"]))
	for _, rec := range spec.Data["users"] {
		rec := adapter.Record(rec)
		if rec["username"] != "carol" {
			sec, err := Hash("users", PasswordField(spec), rec)
			require.NoError(t, err)
			if sec.set {
				rec["password"] = sec.hash
			}
		}
		users = append(users, rec)
	}
	db := memory.New()
	require.NoError(t, db.Initialize(ctx, spec, adapter.NewState(adapter.Dataset{"users": users}, nil)))
	t.Cleanup(func() { _ = db.Close() })
	a := New(Config{Spec: spec, DB: db, Clock: time.Now, Logger: slog.New(slog.DiscardHandler)})

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
		_, err := a.Authenticate(ctx, tt.name, tt.password, true)
		if tt.ok {
			assert.NoError(t, err, "%s/%s", tt.name, tt.password)
		} else {
			assert.True(t, errors.Is(err, ErrInvalidCredentials), "%s/%s: %v", tt.name, tt.password, err)
		}
		assert.Equal(t, 1, calls, "bcrypt comparisons for %s/%s", tt.name, tt.password)
	}
}
