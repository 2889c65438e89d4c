package pretendo_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/schema"
)

// rewriteSpec is the blog spec with json-server's example rules.
func rewriteSpec(t *testing.T, rules ...schema.Rewrite) *pretendo.Spec {
	t.Helper()
	spec := blogSpec(t)
	spec.Options.Rewrites = rules
	return spec
}

// exampleRules are the rules of json-server's README.
var exampleRules = []schema.Rewrite{
	{From: "/api/*", To: "/$1"},
	{From: "/:resource/:id/show", To: "/:resource/:id"},
	{From: "/posts/:category", To: "/posts?title=:category"},
}

func TestRewrites(t *testing.T) {
	t.Parallel()
	_, base := serve(t, rewriteSpec(t, exampleRules...))

	status, h, body := do(t, http.MethodGet, base+"/api/users?perPage=1", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, list(t, body), 1)
	assert.Contains(t, h.Get("Link"), "/users?", "links name the URL the rules rewrote to, as json-server's do")

	status, _, body = do(t, http.MethodGet, base+"/users/1/show", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, float64(1), data(t, body)["id"])

	// Rules apply in turn: /api/users/1/show, then /users/1/show.
	status, _, body = do(t, http.MethodGet, base+"/api/users/2/show", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, float64(2), data(t, body)["id"])

	status, h, body = do(t, http.MethodPost, base+"/api/users", map[string]any{"email": "r@w.x", "name": "Rew"})
	require.Equal(t, http.StatusCreated, status)
	id := data(t, body)["id"]
	assert.Equal(t, fmt.Sprintf("/users/%v", id), h.Get("Location"))
	status, _, body = do(t, http.MethodGet, base+fmt.Sprintf("/users/%v", id), nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Rew", data(t, body)["name"])

	// The rule sets a query: /posts/x is a filter.
	status, _, body = do(t, http.MethodGet, base+"/posts/nothing-has-this-title", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Empty(t, list(t, body))

	// Unmatched paths are served as they are.
	status, _, _ = do(t, http.MethodGet, base+"/users/1", nil)
	assert.Equal(t, http.StatusOK, status)

	t.Run("rules", func(t *testing.T) {
		resp, err := http.Get(base + "/__rules")
		require.NoError(t, err)
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, `{"/api/*":"/$1","/:resource/:id/show":"/:resource/:id","/posts/:category":"/posts?title=:category"}`, string(raw))
	})
}

// TestRewritesLoop checks that rules that rewrite into each other end:
// each applies once, in order, as in json-server.
func TestRewritesLoop(t *testing.T) {
	t.Parallel()
	_, base := serve(t, rewriteSpec(t,
		schema.Rewrite{From: "/a/*", To: "/b/$1"},
		schema.Rewrite{From: "/b/*", To: "/a/$1"},
		schema.Rewrite{From: "/*", To: "/$1"},
		schema.Rewrite{From: "/(.*)", To: "/$1/$1"},
	))
	status, _, body := do(t, http.MethodGet, base+"/a/users", nil)
	assert.Equal(t, http.StatusNotFound, status, "served as /a/users/a/users")
	assert.Contains(t, errMessage(body), "/a/users")
}

// TestRewritesAndReadOnly checks that a rewritten write is refused on a
// read-only API, and that the rules are still listed.
func TestRewritesAndReadOnly(t *testing.T) {
	t.Parallel()
	spec := rewriteSpec(t, exampleRules...)
	spec.Options.ReadOnly = true
	_, base := serve(t, spec)
	status, _, _ := do(t, http.MethodPost, base+"/api/users", map[string]any{"email": "r@w.x", "name": "Rew"})
	assert.Equal(t, http.StatusForbidden, status)
	status, _, _ = do(t, http.MethodGet, base+"/api/users/1", nil)
	assert.Equal(t, http.StatusOK, status)
}

func TestRewritesInvalid(t *testing.T) {
	t.Parallel()
	many := make([]schema.Rewrite, 1001)
	for i := range many {
		many[i] = schema.Rewrite{From: fmt.Sprintf("/r%d", i), To: "/x"}
	}
	for _, tc := range []struct {
		name  string
		rules []schema.Rewrite
		path  string
		msg   string
	}{
		{"unknown name", []schema.Rewrite{{From: "/api/*", To: "/$1"}, {From: "/a/:id", To: "/b/:ident"}}, "options.rewrites[1]", ":ident"},
		{"not a path", []schema.Rewrite{{From: "/a", To: "b"}}, "options.rewrites[0]", "not a path"},
		{"empty", []schema.Rewrite{{From: "", To: "/b"}}, "options.rewrites[0]", "empty"},
		{"bad regexp", []schema.Rewrite{{From: "/a/:id((?!x))", To: "/b"}}, "options.rewrites[0]", "pattern"},
		{"too many", many, "options.rewrites", "1001 rules"},
		{"huge", []schema.Rewrite{{From: "/" + strings.Repeat("x", 5000), To: "/b"}}, "options.rewrites[0]", "longer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := pretendo.Open(rewriteSpec(t, tc.rules...))
			require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
			var se *pretendo.SpecError
			require.ErrorAs(t, err, &se)
			require.Len(t, se.Problems, 1)
			assert.Equal(t, tc.path, se.Problems[0].Path)
			assert.Contains(t, se.Problems[0].Message, tc.msg)
		})
	}
}
