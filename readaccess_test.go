package pretendo_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readAccessSpec has a user resource, resources readable by their owners
// only (posts, comments), one readable by admins only (vaults), and
// relationships between them of every kind a read follows.
const readAccessSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: username, type: string }
      - { name: password, type: string }
      - { name: role, type: string }
      - { name: teamId, type: number }
    relationships:
      - { type: hasMany, resource: posts, foreignKey: authorId }
      - { type: hasMany, resource: vaults, foreignKey: ownerId }
    access: { list: [admin], get: [admin, owner] }
    ownedBy: id
  - name: teams
    fields:
      - { name: id, type: number }
      - { name: name, type: string }
    relationships:
      - { type: hasMany, resource: users, foreignKey: teamId, as: members }
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: title, type: string }
      - { name: authorId, type: number }
      - { name: vaultId, type: number }
    relationships:
      - { type: belongsTo, resource: users, foreignKey: authorId, as: author }
      - { type: hasMany, resource: comments, foreignKey: postId }
      - { type: belongsTo, resource: vaults, foreignKey: vaultId, as: vault }
    access: { list: [admin, owner], get: [admin, owner] }
    ownedBy: authorId
  - name: comments
    fields:
      - { name: id, type: number }
      - { name: body, type: string }
      - { name: postId, type: number }
      - { name: authorId, type: number }
    relationships:
      - { type: belongsTo, resource: posts, foreignKey: postId, as: post }
    access: { list: [admin, owner], get: [admin, owner] }
    ownedBy: authorId
  - name: vaults
    fields:
      - { name: id, type: number }
      - { name: secret, type: string }
      - { name: ownerId, type: number }
    access: { list: [admin], get: [admin] }
data:
  users:
    - { id: 1, username: root, password: rootpass, role: admin, teamId: 1 }
    - { id: 2, username: ada, password: adapass, role: user, teamId: 1 }
    - { id: 3, username: bob, password: bobpass, role: user, teamId: 1 }
  teams:
    - { id: 1, name: core }
  posts:
    - { id: 1, title: ada public, authorId: 2, vaultId: 1 }
    - { id: 2, title: bob private, authorId: 3 }
  comments:
    - { id: 1, body: ada note, postId: 1, authorId: 2 }
    - { id: 2, body: bob private note, postId: 1, authorId: 3 }
    - { id: 3, body: ada on bob, postId: 2, authorId: 2 }
  vaults:
    - { id: 1, secret: vault secret, ownerId: 2 }
options:
  auth: { enabled: true, userResource: users }
`

// readAnswer is an answer to a read: its status, headers and raw body.
type readAnswer struct {
	status int
	header http.Header
	body   []byte
}

// records returns the records of a list or single-record answer.
func (a readAnswer) records(t *testing.T) []map[string]any {
	t.Helper()
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	require.NoError(t, json.Unmarshal(a.body, &env), "%s", a.body)
	var many []map[string]any
	if json.Unmarshal(env.Data, &many) == nil {
		return many
	}
	var one map[string]any
	require.NoError(t, json.Unmarshal(env.Data, &one), "%s", a.body)
	return []map[string]any{one}
}

// TestEveryReadPathTakesEveryAccessStep proves, for each way a client
// reads records, each step the read pipeline applies: each case would
// leak something (a forbidden resource, another user's record, a password
// hash, a field not asked for) if its step were skipped on its path.
func TestEveryReadPathTakesEveryAccessStep(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, parseSpec(t, readAccessSpec))
	tokens := map[string]string{}
	for _, name := range []string{"root", "ada"} {
		token, err := srv.TokenFor(t.Context(), name)
		require.NoError(t, err)
		tokens[name] = token
	}
	call := func(t *testing.T, method, user, target string) readAnswer {
		t.Helper()
		req, err := http.NewRequest(method, base+target, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tokens[user])
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return readAnswer{status: resp.StatusCode, header: resp.Header, body: body}
	}
	forbidden := func(t *testing.T, a readAnswer) {
		assert.Equal(t, http.StatusForbidden, a.status, "%s", a.body)
		assert.NotContains(t, string(a.body), "secret\"", "the forbidden record")
	}
	without := func(leaks ...string) func(*testing.T, readAnswer) {
		return func(t *testing.T, a readAnswer) {
			require.Equal(t, http.StatusOK, a.status, "%s", a.body)
			for _, leak := range leaks {
				assert.NotContains(t, string(a.body), leak)
			}
		}
	}
	noPassword := func(t *testing.T, a readAnswer) {
		require.Equal(t, http.StatusOK, a.status, "%s", a.body)
		assert.NotContains(t, string(a.body), "password")
		assert.NotContains(t, string(a.body), "$2a$", "a bcrypt hash")
	}
	only := func(keys ...string) func(*testing.T, readAnswer) {
		return func(t *testing.T, a readAnswer) {
			require.Equal(t, http.StatusOK, a.status, "%s", a.body)
			recs := a.records(t)
			require.NotEmpty(t, recs)
			for _, rec := range recs {
				got := make([]string, 0, len(rec))
				for k := range rec {
					got = append(got, k)
				}
				assert.ElementsMatch(t, keys, got)
			}
		}
	}
	total := func(n int) func(*testing.T, readAnswer) {
		return func(t *testing.T, a readAnswer) {
			require.Equal(t, http.StatusOK, a.status)
			assert.Equal(t, strconv.Itoa(n), a.header.Get("X-Total-Count"))
		}
	}

	tests := []struct {
		path, step     string
		method, user   string
		target         string
		check          func(*testing.T, readAnswer)
		headAsGETCheck bool // for HEAD: the Content-Length is that of the GET answer, checked by check
	}{
		{"list", "guard", "GET", "ada", "/vaults", forbidden, false},
		{"list", "restrict", "GET", "ada", "/posts", without("bob private"), false},
		{"list", "hide", "GET", "root", "/users", noPassword, false},
		{"list", "project", "GET", "ada", "/posts?fields=id", only("id"), false},

		{"related list", "guard", "GET", "ada", "/users/2/vaults", forbidden, false},
		{"related list", "restrict", "GET", "ada", "/posts/1/comments", without("bob private"), false},
		{"related list", "restrict parent", "GET", "ada", "/users/3/posts", forbidden, false},
		{"related list", "hide", "GET", "root", "/teams/1/members", noPassword, false},
		{"related list", "project", "GET", "ada", "/posts/1/comments?fields=id", only("id"), false},

		{"single", "guard", "GET", "ada", "/vaults/1", forbidden, false},
		{"single", "restrict", "GET", "ada", "/posts/2", forbidden, false},
		{"single", "hide", "GET", "ada", "/users/2", noPassword, false},
		{"single", "project", "GET", "ada", "/posts/1?fields=id", only("id"), false},

		{"related single", "guard", "GET", "ada", "/posts/1/vault", forbidden, false},
		{"related single", "restrict", "GET", "ada", "/comments/3/post", forbidden, false},
		{"related single", "restrict parent", "GET", "ada", "/posts/2/author", forbidden, false},
		{"related single", "hide", "GET", "ada", "/posts/1/author", noPassword, false},
		{"related single", "project", "GET", "ada", "/posts/1/author?fields=username", only("username"), false},

		{"expand", "guard", "GET", "ada", "/posts?expand=vault", forbidden, false},
		{"expand", "restrict", "GET", "ada", "/posts/1?expand=comments", forbidden, false},
		{"expand", "hide", "GET", "root", "/posts?expand=author", noPassword, false},
		{"expand", "hide nested", "GET", "root", "/comments?expand=post.author", noPassword, false},
		{"expand", "project", "GET", "root", "/posts?expand=author&fields=author", only("author"), false},

		{"q", "guard", "GET", "ada", "/vaults?q=secret", forbidden, false},
		{"q", "restrict", "GET", "ada", "/posts?q=private", total(0), false},
		{"q", "hide", "GET", "root", "/users?q=$2", total(0), false},
		{"q", "project", "GET", "ada", "/posts?q=ada&fields=id", only("id"), false},

		{"fields", "guard", "GET", "ada", "/vaults?fields=secret", forbidden, false},
		{"fields", "restrict", "GET", "ada", "/posts?fields=title", without("bob private"), false},
		{"fields", "hide", "GET", "root", "/users?fields=id,password", only("id"), false},
		{"fields", "project", "GET", "ada", "/users/2?fields=username", only("username"), false},

		{"HEAD", "guard", "HEAD", "ada", "/vaults", func(t *testing.T, a readAnswer) {
			assert.Equal(t, http.StatusForbidden, a.status)
		}, false},
		{"HEAD", "restrict", "HEAD", "ada", "/posts", total(1), false},
		{"HEAD", "hide", "HEAD", "ada", "/users/2", noPassword, true},
		{"HEAD", "project", "HEAD", "ada", "/posts/1?fields=id", only("id"), true},
	}
	for _, tt := range tests {
		t.Run(tt.path+"/"+tt.step, func(t *testing.T) {
			t.Parallel()
			got := call(t, tt.method, tt.user, tt.target)
			if tt.method == http.MethodHead {
				assert.Empty(t, got.body)
				if tt.headAsGETCheck {
					// HEAD answers as GET would: the same length, of a
					// body that passes the check.
					asGET := call(t, http.MethodGet, tt.user, tt.target)
					assert.Equal(t, strconv.Itoa(len(asGET.body)), got.header.Get("Content-Length"))
					got = readAnswer{status: got.status, header: got.header, body: asGET.body}
					require.Equal(t, http.StatusOK, got.status)
				}
			}
			tt.check(t, got)
		})
	}
	// The paths and steps all have their cases.
	seen := map[string]map[string]bool{}
	for _, tt := range tests {
		if seen[tt.path] == nil {
			seen[tt.path] = map[string]bool{}
		}
		seen[tt.path][strings.Fields(tt.step)[0]] = true
	}
	for _, path := range []string{"list", "related list", "single", "related single", "expand", "q", "fields", "HEAD"} {
		for _, step := range []string{"guard", "restrict", "hide", "project"} {
			assert.True(t, seen[path][step], "no case for %s × %s", path, step)
		}
	}
}
