package rewrite_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/rewrite"
)

// TestApply checks rules against what express-urlrewrite (over
// path-to-regexp 1.x) does with them in json-server 0.17: the examples of
// json-server's README first.
func TestApply(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from, to, url, want string
		match               bool
	}{
		{"/api/*", "/$1", "/api/posts", "/posts", true},
		{"/api/*", "/$1", "/api/posts/1?_embed=comments", "/posts/1?_embed=comments", true},
		{"/api/*", "/$1", "/api/", "/", true},
		{"/api/*", "/$1", "/api", "/api", false},
		{"/api/*", "/$1", "/API/posts", "/posts", true},
		{"/api/*", "/$1", "/apix/posts", "/apix/posts", false},
		{"/:resource/:id/show", "/:resource/:id", "/posts/1/show", "/posts/1", true},
		{"/:resource/:id/show", "/:resource/:id", "/posts/1/show/", "/posts/1", true},
		{"/:resource/:id/show", "/:resource/:id", "/posts/1/show?x=1", "/posts/1/show?x=1", false},
		{"/:resource/:id/show", "/:resource/:id", "/posts/1/2/show", "/posts/1/2/show", false},
		{"/posts/:category", "/posts?category=:category", "/posts/javascript", "/posts?category=javascript", true},
		{`/articles\?id=:id`, "/posts/:id", "/articles?id=1", "/posts/1", true},
		{"/blog/:resource/:id/show", "/:resource/:id", "/blog/posts/1/show", "/posts/1", true},
		// A rule without parameters matches the whole URL, query
		// included, as in json-server.
		{"/posts", "/articles", "/posts", "/articles", true},
		{"/posts", "/articles", "/posts?x=1", "/posts?x=1", false},
		{"/posts", "/articles", "/posts/", "/articles", true},
		// Optional, repeated and constrained parameters.
		{"/u/:id?", "/users/:id", "/u", "/users/", true},
		{"/u/:id?", "/users/:id", "/u/7", "/users/7", true},
		{"/files/:path+", "/f?p=:path", "/files/a/b", "/f?p=a/b", true},
		{"/n/:id(\\d+)", "/numbers/:id", "/n/12", "/numbers/12", true},
		{"/n/:id(\\d+)", "/numbers/:id", "/n/ab", "/n/ab", false},
		{"/x/(\\d+)", "/y/$1", "/x/5", "/y/5", true},
		{"/a/*/b/*", "/$2/$1", "/a/1/b/2", "/2/1", true},
		{"/a/*", "/whole$0", "/a/1", "/whole/a/1", true},
		{"/a/*", "/:0", "/a/q", "/q", true},
		{"/file.:ext", "/ext/:ext", "/file.json", "/ext/json", true},
		{"/dot.", "/x", "/dotX", "/dotX", false},
	} {
		t.Run(tc.from+" "+tc.url, func(t *testing.T) {
			r, err := rewrite.Compile(tc.from, tc.to)
			require.NoError(t, err)
			got, ok := r.Apply(tc.url)
			assert.Equal(t, tc.match, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestCompileRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, from, to, msg string }{
		{"empty pattern", "", "/x", "empty"},
		{"target not a path", "/a", "b", "not a path"},
		{"absolute target", "/a", "http://evil.example/", "not a path"},
		{"unknown name", "/a/:id", "/b/:ident", ":ident"},
		{"port-like name", "/a", "/b:8080", ":8080"},
		{"group past the last", "/a/*", "/$2", "$2"},
		{"duplicate name", "/:id/:id", "/x", "twice"},
		{"lookahead", "/a/:id((?=x)x)", "/b", "pattern"},
		{"back reference", "/a/:id(\\1)", "/b", "pattern"},
		{"huge pattern", "/" + strings.Repeat("a", rewrite.MaxRuleLength), "/b", "longer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rewrite.Compile(tc.from, tc.to)
			require.ErrorIs(t, err, rewrite.ErrInvalid)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func FuzzRule(f *testing.F) {
	for _, seed := range [][3]string{
		{"/api/*", "/$1", "/api/posts?x=1"},
		{"/:resource/:id/show", "/:resource/:id", "/posts/1/show"},
		{`/articles\?id=:id`, "/posts/:id", "/articles?id=1"},
		{"/f/:p+", "/:p", "/f/a/b"},
		{"/(a|b)/:x?", "/$1/:x", "/a"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, from, to, url string) {
		r, err := rewrite.Compile(from, to)
		if err != nil {
			return
		}
		got, ok := r.Apply(url)
		if !ok && got != url {
			t.Fatalf("no match changed %q to %q", url, got)
		}
		if ok && !strings.HasPrefix(got, "/") {
			t.Fatalf("rewrote %q to %q, not a path", url, got)
		}
	})
}
