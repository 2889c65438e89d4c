package pretendo_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// queryCase is one list query and the ids it must answer, in order.
type queryCase struct {
	name  string
	path  string
	field string // the field whose values are compared (default id)
	want  []any
	total int // X-Total-Count when it differs from len(want)
}

func runQueryCases(t *testing.T, base string, tests []queryCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, h, body := do(t, http.MethodGet, base+tt.path, nil)
			require.Equal(t, http.StatusOK, status, "%v", body)
			field := tt.field
			if field == "" {
				field = "id"
			}
			assert.Equal(t, tt.want, pluck(list(t, body), field))
			total := tt.total
			if total == 0 {
				total = len(tt.want)
			}
			assert.Equal(t, fmt.Sprint(total), h.Get("X-Total-Count"), "count after filtering")
		})
	}
}

func TestQueryEquality(t *testing.T) {
	t.Parallel()
	_, base := newServer(t, pretendo.WithClock(func() time.Time { return t0 }))
	runQueryCases(t, base, []queryCase{
		{name: "number read as number", path: "/posts?userId=1", want: nums(1, 2)},
		{name: "number with fraction zero", path: "/posts?userId=1.0", want: nums(1, 2)},
		{name: "number with exponent", path: "/posts?views=1e1", want: nums(1)},
		{name: "integer", path: "/users?age=36", want: nums(1)},
		{name: "boolean true matches defaults too", path: "/users?active=true", want: nums(1, 3)},
		{name: "boolean false", path: "/users?active=false", want: nums(2)},
		{name: "string", path: "/users?role=admin", want: nums(1)},
		{name: "string is case-sensitive", path: "/users?role=ADMIN", want: []any{}},
		{name: "repeated means any", path: "/users?role=admin&role=editor", want: nums(1, 2)},
		{name: "repeated number", path: "/posts?userId=2&userId=1", want: nums(1, 2, 3)},
		{name: "date as instant", path: "/users?createdAt=2024-01-01", want: nums(1)},
		{name: "date with zone", path: "/users?createdAt=" + url.QueryEscape("2024-02-01T01:00:00+01:00"), want: nums(2)},
		{name: "uuid", path: "/profiles?id=6ba7b810-9dad-11d1-80b4-00c04fd430c8", field: "bio", want: strs("Counts things")},
		{name: "primary key", path: "/users?id=2", want: nums(2)},
		{name: "two fields must both match", path: "/posts?userId=1&views=5", want: nums(2)},
		{name: "unicode value", path: "/users?name=" + url.QueryEscape("Ädä"), want: []any{}},
		{name: "empty string value", path: "/users?name=", want: []any{}},
	})
}

func TestQueryOperators(t *testing.T) {
	t.Parallel()
	_, base := newServer(t, pretendo.WithClock(func() time.Time { return t0 }))
	runQueryCases(t, base, []queryCase{
		{name: "eq", path: "/users?age[eq]=25", want: nums(2)},
		{name: "ne includes missing", path: "/users?age[ne]=25", want: nums(1, 3)},
		{name: "gt", path: "/users?age[gt]=25", want: nums(1)},
		{name: "gte", path: "/users?age[gte]=25", want: nums(1, 2)},
		{name: "lt", path: "/users?age[lt]=36", want: nums(2)},
		{name: "lte", path: "/users?age[lte]=36", want: nums(1, 2)},
		{name: "range", path: "/users?age[gte]=20&age[lt]=30", want: nums(2)},
		{name: "in", path: "/users?role[in]=admin,user", want: nums(1, 3)},
		{name: "in numbers", path: "/posts?userId[in]=2,3", want: nums(3)},
		{name: "nin", path: "/users?role[nin]=admin,editor", want: nums(3)},
		{name: "nin includes missing", path: "/users?age[nin]=25", want: nums(1, 3)},
		{name: "contains string", path: "/users?email[contains]=@example", want: nums(1, 2, 3)},
		{name: "contains array membership", path: "/users?tags[contains]=go", want: nums(1)},
		{name: "contains array no partial", path: "/users?tags[contains]=g", want: []any{}},
		{name: "startsWith", path: "/users?name[startsWith]=A", want: nums(1)},
		{name: "endsWith", path: "/users?email[endsWith]=b@example.com", want: nums(2)},
		{name: "exists true", path: "/users?age[exists]=true", want: nums(1, 2)},
		{name: "exists false", path: "/users?age[exists]=false", want: nums(3)},
		{name: "missing fails lt", path: "/users?age[lt]=200", want: nums(1, 2)},
		{name: "missing fails eq on other types", path: "/users?tags[contains]=math&tags[exists]=true", want: nums(1)},
		{name: "date gte", path: "/users?createdAt[gte]=2024-02-01", want: nums(2, 3)},
		{name: "date lt with offset", path: "/users?createdAt[lt]=" + url.QueryEscape("2024-01-01T02:00:00+01:00"), want: nums(1)},
		{name: "date with other layout", path: "/posts?createdAt[gt]=2024-01-02T00:00", want: nums(2, 3)},
		{name: "boolean ne", path: "/users?active[ne]=true", want: nums(2)},
		{name: "fold eq", path: "/users?i:name=ADA", want: nums(1)},
		{name: "fold startsWith", path: "/users?i:email[startsWith]=BOB", want: nums(2)},
		{name: "fold in", path: "/users?i:role[in]=ADMIN,Editor", want: nums(1, 2)},
		{name: "fold contains", path: "/posts?i:title[contains]=WRITES", want: nums(3)},
		{name: "fold ne", path: "/users?i:role[ne]=ADMIN", want: nums(2, 3)},
		{name: "search", path: "/users?q=BOB", want: nums(2)},
		{name: "search every string field", path: "/posts?q=hello", want: nums(1)},
		{name: "search nothing", path: "/users?q=zzz", want: []any{}},
		{name: "empty search ignored", path: "/users?q=", want: nums(1, 2, 3)},
		{name: "search with filter", path: "/users?q=example&role=editor", want: nums(2)},
	})
}

func TestQuerySort(t *testing.T) {
	t.Parallel()
	_, base := newServer(t, pretendo.WithClock(func() time.Time { return t0 }))
	runQueryCases(t, base, []queryCase{
		{name: "ascending missing last", path: "/users?sortBy=age", want: nums(2, 1, 3)},
		{name: "dash descending missing last", path: "/users?sortBy=-age", want: nums(1, 2, 3)},
		{name: "desc suffix missing last", path: "/users?sortBy=age.desc", want: nums(1, 2, 3)},
		{name: "asc suffix", path: "/users?sortBy=age.asc", want: nums(2, 1, 3)},
		{name: "stable on ties", path: "/users?sortBy=active", want: nums(2, 1, 3)},
		{name: "stable on ties descending", path: "/users?sortBy=-active", want: nums(1, 3, 2)},
		{name: "multi key", path: "/posts?sortBy=userId,-views", want: nums(1, 2, 3)},
		{name: "multi key reversed", path: "/posts?sortBy=userId.desc,views.asc", want: nums(3, 2, 1)},
		{name: "dates", path: "/posts?sortBy=-createdAt", want: nums(3, 2, 1)},
		{name: "strings", path: "/users?sortBy=-name", want: nums(3, 2, 1)},
		{name: "with filter and page", path: "/posts?userId=1&sortBy=-views&perPage=1&page=2", want: nums(2), total: 2},
		{name: "string key", path: "/pages?sortBy=-slug", field: "slug", want: strs("contact", "about")},
	})
}

func TestQueryMissingValuesSortLast(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	// Records without age and with a null age (stored as absent).
	for i, body := range []map[string]any{
		{"email": "n1@x.y", "name": "N1"},
		{"email": "n2@x.y", "name": "N2", "age": 1},
		{"email": "n3@x.y", "name": "N3", "age": nil},
		{"email": "n4@x.y", "name": "N4", "age": 150},
	} {
		status, _, got := do(t, http.MethodPost, base+"/users", body)
		require.Equal(t, http.StatusCreated, status, "%d: %v", i, got)
	}
	asc := pluck(list(t, get(t, base+"/users?sortBy=age")), "id")
	desc := pluck(list(t, get(t, base+"/users?sortBy=-age")), "id")
	assert.Equal(t, nums(5, 2, 1, 7, 3, 4, 6), asc)
	assert.Equal(t, nums(7, 1, 2, 5, 3, 4, 6), desc)
}

func TestQueryPaging(t *testing.T) {
	t.Parallel()
	srv, base := newServer(t)
	users := pretendo.Collection[map[string]any](srv, "users")
	for i := range 57 {
		_, err := users.Create(context.Background(), map[string]any{"email": fmt.Sprintf("u%d@x.y", i), "name": "U"})
		require.NoError(t, err)
	}
	tests := []struct {
		query                  string
		n, page, perPage, last int
		firstID                float64
	}{
		{query: "", n: 10, page: 1, perPage: 10, last: 6, firstID: 1},
		{query: "perPage=1000", n: 50, page: 1, perPage: 50, last: 2, firstID: 1},
		{query: "perPage=50&page=2", n: 10, page: 2, perPage: 50, last: 2, firstID: 51},
		{query: "perPage=99999999999999999999", n: -1},
		{query: "perPage=7&page=9", n: 4, page: 9, perPage: 7, last: 9, firstID: 57},
		{query: "perPage=7&page=10", n: 0, page: 10, perPage: 7, last: 9},
		{query: "page=9223372036854775807", n: 0, page: 9223372036854775807, perPage: 10, last: 6},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			status, h, body := do(t, http.MethodGet, base+"/users?"+tt.query, nil)
			if tt.n < 0 {
				assert.Equal(t, http.StatusBadRequest, status)
				assert.Equal(t, "INVALID_QUERY", errCode(body))
				return
			}
			require.Equal(t, http.StatusOK, status, "%v", body)
			recs := list(t, body)
			assert.Len(t, recs, tt.n)
			if tt.n > 0 {
				assert.Equal(t, tt.firstID, recs[0]["id"])
			}
			p := pagination(t, body)
			assert.Equal(t, float64(tt.page), p["currentPage"])
			assert.Equal(t, float64(tt.perPage), p["perPage"])
			assert.Equal(t, float64(tt.last), p["totalPages"])
			assert.Equal(t, 60.0, p["totalItems"])
			assert.Equal(t, "60", h.Get("X-Total-Count"))
		})
	}
}

func TestQueryFields(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	recs := list(t, get(t, base+"/users?fields=id,email&sortBy=-id"))
	assert.Equal(t, []map[string]any{
		{"id": 3.0, "email": "cy@example.com"},
		{"id": 2.0, "email": "bob@example.com"},
		{"id": 1.0, "email": "ada@example.com"},
	}, recs)
	assert.Equal(t, []map[string]any{{"name": "Ada"}, {"name": "Bob"}, {"name": "Cy"}},
		list(t, get(t, base+"/users?fields=name&fields=name")))
	assert.Equal(t, []map[string]any{{"id": 1.0, "age": 36.0}, {"id": 2.0, "age": 25.0}, {"id": 3.0}},
		list(t, get(t, base+"/users?fields=id,age")), "a missing field stays missing")
	assert.Equal(t, map[string]any{"email": "bob@example.com"}, data(t, get(t, base+"/users/2?fields=email")))
	assert.Equal(t, map[string]any{"title": "About"}, data(t, get(t, base+"/pages/about?fields=title")))
	assert.Equal(t, map[string]any{"title": "Hello", "author": map[string]any{"name": "Ada"}},
		expandOnlyName(data(t, get(t, base+"/posts/1?fields=title,author&expand=author"))))
}

// expandOnlyName keeps only the name of an embedded author, for comparisons.
func expandOnlyName(rec map[string]any) map[string]any {
	if a, ok := rec["author"].(map[string]any); ok {
		rec["author"] = map[string]any{"name": a["name"]}
	}
	return rec
}

func TestQueryExpand(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)

	posts := list(t, get(t, base+"/posts?expand=author"))
	require.Len(t, posts, 3)
	for i, want := range []float64{1, 1, 2} {
		author, ok := posts[i]["author"].(map[string]any)
		require.True(t, ok, "post %d author: %v", i, posts[i])
		assert.Equal(t, want, author["id"])
		assert.Equal(t, posts[i]["userId"], author["id"])
	}

	users := list(t, get(t, base+"/users?expand=posts,card"))
	require.Len(t, users, 3)
	assert.Equal(t, nums(1, 2), pluck(toRecs(t, users[0]["posts"]), "id"))
	assert.Equal(t, nums(3), pluck(toRecs(t, users[1]["posts"]), "id"))
	assert.Equal(t, []any{}, users[2]["posts"], "hasMany without records is []")
	card, ok := users[0]["card"].(map[string]any)
	require.True(t, ok, "hasOne is an object: %v", users[0]["card"])
	assert.Equal(t, "Counts things", card["bio"])
	assert.Contains(t, users[1], "card")
	assert.Nil(t, users[1]["card"], "hasOne without a record is null")

	post := data(t, get(t, base+"/posts/1?expand=comments.user,tags,author"))
	comments := toRecs(t, post["comments"])
	assert.Equal(t, nums(1, 2), pluck(comments, "id"))
	assert.Equal(t, "Bob", comments[0]["user"].(map[string]any)["name"])
	assert.Equal(t, "Ada", comments[1]["user"].(map[string]any)["name"])
	assert.Equal(t, strs("go", "news"), pluck(toRecs(t, post["tags"]), "label"), "manyToMany")
	assert.Equal(t, "Ada", post["author"].(map[string]any)["name"])

	three := data(t, get(t, base+"/comments/3?expand=post.author.posts"))
	author := three["post"].(map[string]any)["author"].(map[string]any)
	assert.Equal(t, "Bob", author["name"])
	assert.Equal(t, nums(3), pluck(toRecs(t, author["posts"]), "id"), "depth 3 is allowed")

	// A belongsTo whose foreign key is null embeds null.
	status, _, body := do(t, http.MethodPost, base+"/comments", map[string]any{"body": "anon", "postId": 2})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	anon := list(t, get(t, base+"/comments?expand=user&id=4"))
	require.Len(t, anon, 1)
	assert.Contains(t, anon[0], "user")
	assert.Nil(t, anon[0]["user"])

	// Expanded records of one parent are copies: the same author twice.
	sameAuthor := list(t, get(t, base+"/posts?expand=author.card&userId=1"))
	assert.Equal(t, sameAuthor[0]["author"], sameAuthor[1]["author"])

	// Expand on nested routes.
	nested := list(t, get(t, base+"/users/1/posts?expand=comments"))
	assert.Len(t, toRecs(t, nested[0]["comments"]), 2)
}

// toRecs converts a decoded JSON array of objects.
func toRecs(t *testing.T, v any) []map[string]any {
	t.Helper()
	arr, ok := v.([]any)
	require.True(t, ok, "a list: %v", v)
	out := make([]map[string]any, len(arr))
	for i, e := range arr {
		out[i], ok = e.(map[string]any)
		require.True(t, ok, "an object: %v", e)
	}
	return out
}

func TestQueryInvalid(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	tests := []struct{ path, param string }{
		{"/users?age=abc", "age"},
		{"/users?age=1.5", "age"},
		{"/users?age=0x10", "age"},
		{"/users?age=Infinity", "age"},
		{"/users?age=1e400", "age"},
		{"/users?age[gt]=x", "age[gt]"},
		{"/users?age[between]=1", "age[between]"},
		{"/users?age[]=1", "age[]"},
		{"/users?age[gt=1", "age[gt"},
		{"/users?active=yes", "active"},
		{"/users?active=1", "active"},
		{"/users?createdAt[gt]=yesterday", "createdAt[gt]"},
		{"/users?age[exists]=maybe", "age[exists]"},
		{"/users?age[in]=1,x", "age[in]"},
		{"/users?i:age=1", "i:age"},
		{"/users?tags=go", "tags"},
		{"/users?profile[gt]=1", "profile[gt]"},
		{"/users?id=abc", "id"},
		{"/profiles?id=not-a-uuid", "id"},
		{"/users?sortBy=age.sideways", "sortBy"},
		{"/users?sortBy=", "sortBy"},
		{"/users?sortBy=age,,id", "sortBy"},
		{"/users?sortBy=-", "sortBy"},
		{"/users?sortBy=id&sortBy=age", "sortBy"},
		{"/users?page=0", "page"},
		{"/users?page=-1", "page"},
		{"/users?page=abc", "page"},
		{"/users?page=1.5", "page"},
		{"/users?page=", "page"},
		{"/users?page=1&page=2", "page"},
		{"/users?perPage=0", "perPage"},
		{"/users?perPage=%2B5", "perPage"},
		{"/users?fields=", "fields"},
		{"/users?fields=id,,email", "fields"},
		{"/users?expand=nope", "expand"},
		{"/users?expand=", "expand"},
		{"/users?expand=posts.comments.post.author", "expand"},
		{"/users?expand=posts.nope", "expand"},
		{"/users?=1", ""},
		{"/users?%FF=1", "\xff"},
		{"/users?a%01b=1", "a\x01b"},
		{"/users?i:%7F[gt]=1", "i:\x7f[gt]"},
		{"/users?sortBy=-%FF", "sortBy"},
		{"/users?fields=id,%0A", "fields"},
		{"/users/1?fields=%FF", "fields"},
		{"/users?age=%zz", "age"},
		{"/users?perPage=1&age%zz=1", "age%zz"},
		{"/users?role=admin;x=1", "role"},
		{"/users?name=%", "name"},
		{"/users/1?fields=%zz", "fields"},
		{"/users/1/posts?title=%", "title"},
		{"/users/1?role=admin", "role"},
		{"/users/1?page=2", "page"},
		{"/users/1?expand=nope", "expand"},
		{"/users/1?expand=posts.comments.post.author", "expand"},
		{"/posts/1/author?sortBy=id", "sortBy"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			status, _, body := do(t, http.MethodGet, base+tt.path, nil)
			assert.Equal(t, http.StatusBadRequest, status, "%v", body)
			assert.Equal(t, "INVALID_QUERY", errCode(body))
			assert.Contains(t, errMessage(body), fmt.Sprintf("%q", tt.param), "message names the parameter")
		})
	}
}

// TestQueryInvalidStrict checks that with options.strictValidation a query
// naming a field the resource does not declare is refused; otherwise it
// queries the field as stored (see TestQueryUndeclaredFields).
func TestQueryInvalidStrict(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	spec.Options.StrictValidation = true
	_, strict := serve(t, spec)
	_, loose := newServer(t)
	tests := []struct{ path, param string }{
		{"/users?nope=1", "nope"},
		{"/users?sortBy=nope", "sortBy"},
		{"/users?fields=nope", "fields"},
		{"/posts/1/author?fields=title", "fields"},
		{"/users/1/posts?sortBy=email", "sortBy"},
		{"/users/1?fields=nope", "fields"},
		{"/users/1/posts?nope=1", "nope"},
		{"/users?" + url.QueryEscape("名前") + "=1", "名前"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			status, _, body := do(t, http.MethodGet, strict+tt.path, nil)
			assert.Equal(t, http.StatusBadRequest, status, "%v", body)
			assert.Equal(t, "INVALID_QUERY", errCode(body))
			assert.Contains(t, errMessage(body), fmt.Sprintf("%q", tt.param), "message names the parameter")
			assert.Equal(t, http.StatusOK, getStatus(t, loose+tt.path), "without strictValidation")
		})
	}
}
