package query_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/query"
)

func TestParseExpand(t *testing.T) {
	t.Parallel()
	spec := testSpec()
	tests := []struct {
		name     string
		resource string
		raw      string
		want     []string
		reason   string // set when the call must fail
	}{
		{name: "hasMany by resource name", resource: "users", raw: "posts", want: []string{"posts"}},
		{name: "hasOne by as", resource: "users", raw: "profile", want: []string{"profile"}},
		{name: "manyToMany leads to its resource", resource: "users", raw: "groups", want: []string{"groups"}},
		{name: "belongsTo by as", resource: "posts", raw: "author", want: []string{"author"}},
		{name: "two levels", resource: "posts", raw: "comments.user", want: []string{"comments.user"}},
		{name: "three levels", resource: "comments", raw: "post.author.profile", want: []string{"post.author.profile"}},
		{name: "cycle within depth", resource: "users", raw: "posts.author.posts", want: []string{"posts.author.posts"}},
		{name: "several kept as given", resource: "posts", raw: "comments.user,author,comments", want: []string{"comments.user", "author", "comments"}},
		{name: "duplicates dropped", resource: "posts", raw: "author,author,comments,author", want: []string{"author", "comments"}},
		{name: "many duplicates", resource: "posts", raw: strings.Repeat("author,", 5000) + "author", want: []string{"author"}},
		{name: "empty", resource: "users", raw: "", reason: "empty relationship name"},
		{name: "trailing comma", resource: "users", raw: "posts,", reason: "empty relationship name"},
		{name: "empty segment", resource: "users", raw: "posts..author", reason: "empty relationship name"},
		{name: "four levels", resource: "users", raw: "posts.author.posts.author", reason: "deeper than 3 levels"},
		{name: "very deep", resource: "users", raw: strings.Repeat("posts.", 3000) + "posts", reason: "deeper than 3 levels"},
		{name: "resource name when as is set", resource: "posts", raw: "users", reason: `unknown relationship "users" of "posts"`},
		{name: "unknown", resource: "users", raw: "nope", reason: `unknown relationship "nope" of "users"`},
		{name: "unknown second level", resource: "users", raw: "posts.nope", reason: `unknown relationship "nope" of "posts"`},
		{name: "field is not a relationship", resource: "posts", raw: "userId", reason: "unknown relationship"},
		{name: "unicode", resource: "users", raw: "投稿", reason: "unknown relationship"},
		{name: "NUL", resource: "users", raw: "posts\x00", reason: "unknown relationship"},
		{name: "path-like", resource: "users", raw: "../posts", reason: "empty relationship name"},
		{name: "leaf without relationships", resource: "users", raw: "groups.x", reason: `unknown relationship "x" of "groups"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := spec.Resource(tt.resource)
			require.NotNil(t, res)
			got, err := query.ParseExpand(tt.raw, spec, res)
			if tt.reason == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				return
			}
			assert.Nil(t, got)
			var qe *query.Error
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, "expand", qe.Param)
			assert.Contains(t, qe.Reason, tt.reason)
			assert.LessOrEqual(t, len(qe.Error()), 300)
		})
	}
}

func TestParseExpandDanglingResource(t *testing.T) {
	t.Parallel()
	// A relationship to a resource the spec lacks resolves at its own level
	// but cannot be followed further.
	spec := testSpec()
	res := spec.Resource("users")
	res.Relationships = append(res.Relationships, testSpec().Resources[0].Relationships[0])
	res.Relationships[len(res.Relationships)-1].Resource = "ghosts"
	got, err := query.ParseExpand("ghosts", spec, res)
	require.NoError(t, err)
	assert.Equal(t, []string{"ghosts"}, got)

	_, err = query.ParseExpand("ghosts.posts", spec, res)
	var qe *query.Error
	require.ErrorAs(t, err, &qe)
	assert.Contains(t, qe.Reason, `unknown relationship "posts" of an unknown resource`)
}

func TestParseExpandNil(t *testing.T) {
	t.Parallel()
	got, err := query.ParseExpand("posts", testSpec(), nil)
	assert.Nil(t, got)
	assert.ErrorIs(t, err, query.ErrNilResource)

	spec := testSpec()
	got, err = query.ParseExpand("posts", nil, spec.Resource("users"))
	require.NoError(t, err)
	assert.Equal(t, []string{"posts"}, got)
}
