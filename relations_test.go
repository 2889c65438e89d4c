package pretendo_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRelatedHasMany(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	status, h, body := do(t, http.MethodGet, base+"/users/1/posts", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, nums(1, 2), pluck(list(t, body), "id"))
	assert.Equal(t, "2", h.Get("X-Total-Count"))
	assert.Equal(t, `</users/1/posts?page=1>; rel="first", </users/1/posts?page=1>; rel="last"`, h.Get("Link"))
	assert.Equal(t, 2.0, pagination(t, body)["totalItems"])

	runQueryCases(t, base, []queryCase{
		{name: "sorted", path: "/users/1/posts?sortBy=views", want: nums(2, 1)},
		{name: "filtered", path: "/users/1/posts?title[startsWith]=S", want: nums(2)},
		{name: "filter cannot escape the parent", path: "/users/1/posts?userId=2", want: []any{}},
		{name: "paged", path: "/users/1/posts?perPage=1&page=2&sortBy=-views", want: nums(2), total: 2},
		{name: "other parent", path: "/users/2/posts", want: nums(3)},
		{name: "no children", path: "/users/3/posts", want: []any{}},
		{name: "hasMany of posts", path: "/posts/1/comments", want: nums(1, 2)},
		{name: "searched", path: "/posts/1/comments?q=thanks", want: nums(2)},
	})

	_, h, _ = do(t, http.MethodGet, base+"/users/1/posts?perPage=1&sortBy=-views", nil)
	assert.Equal(t, "/users/1/posts?page=2&perPage=1&sortBy=-views", linkURL(t, h.Get("Link"), "next"))
	recs := list(t, get(t, base+"/users/1/posts?fields=title"))
	assert.Equal(t, []map[string]any{{"title": "Hello"}, {"title": "Second"}}, recs)
}

func TestRelatedOne(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	author := data(t, get(t, base+"/posts/3/author"))
	assert.Equal(t, 2.0, author["id"])
	assert.Equal(t, "Bob", author["name"])
	assert.Equal(t, map[string]any{"name": "Ada"}, data(t, get(t, base+"/posts/1/author?fields=name")))
	withPosts := data(t, get(t, base+"/posts/1/author?expand=posts"))
	assert.Equal(t, nums(1, 2), pluck(toRecs(t, withPosts["posts"]), "id"))

	card := data(t, get(t, base+"/users/1/card"))
	assert.Equal(t, "6ba7b810-9dad-11d1-80b4-00c04fd430c8", card["id"])
	assert.Equal(t, "Counts things", card["bio"])

	for _, path := range []string{"/users/2/card", "/users/3/card"} {
		status, _, body := do(t, http.MethodGet, base+path, nil)
		require.Equal(t, http.StatusOK, status)
		assert.Contains(t, body, "data")
		assert.Nil(t, body["data"], "%s: no related record is data null", path)
	}

	// A belongsTo with a null foreign key.
	status, _, body := do(t, http.MethodPost, base+"/comments", map[string]any{"body": "anon", "postId": 2})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, _, body = do(t, http.MethodGet, base+"/comments/4/user", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]any{"data": nil}, body)
	assert.Equal(t, "Second", data(t, get(t, base+"/comments/4/post"))["title"])
}

func TestRelatedManyToMany(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	runQueryCases(t, base, []queryCase{
		{name: "two tags", path: "/posts/1/tags", field: "label", want: strs("go", "news")},
		{name: "one tag", path: "/posts/3/tags", field: "label", want: strs("news")},
		{name: "none", path: "/posts/2/tags", field: "label", want: []any{}},
		{name: "filtered", path: "/posts/1/tags?label=go", field: "label", want: strs("go")},
		{name: "sorted", path: "/posts/1/tags?sortBy=-label", field: "label", want: strs("news", "go")},
	})

	// The subtests above run after this function returns: write elsewhere.
	_, other := newServer(t)
	status, _, body := do(t, http.MethodPost, other+"/postTags", map[string]any{"postId": 2, "tagId": 1})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, strs("go"), pluck(list(t, get(t, other+"/posts/2/tags")), "label"))
}

func TestRelatedParentMissing(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	for _, path := range []string{"/users/99/posts", "/posts/99/author", "/users/99/card", "/posts/99/tags", "/users/99/posts?sortBy=id"} {
		status, _, body := do(t, http.MethodGet, base+path, nil)
		assert.Equal(t, http.StatusNotFound, status, path)
		assert.Equal(t, "RECORD_NOT_FOUND", errCode(body), path)
	}
	for _, path := range []string{"/users/1/nope", "/posts/1/users", "/posts/1/userId", "/users/1/comments", "/users/1/POSTS"} {
		status, _, body := do(t, http.MethodGet, base+path, nil)
		assert.Equal(t, http.StatusNotFound, status, path)
		assert.Equal(t, "ROUTE_NOT_FOUND", errCode(body), path)
	}
}

func TestRelatedCreate(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	status, h, body := do(t, http.MethodPost, base+"/users/2/posts", map[string]any{"title": "Nested", "userId": 3})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, "/posts/4", h.Get("Location"))
	rec := data(t, body)
	assert.Equal(t, 4.0, rec["id"])
	assert.Equal(t, 2.0, rec["userId"], "the parent's id wins")
	assert.Equal(t, 0.0, rec["views"], "defaults applied")
	assert.Equal(t, rec, data(t, get(t, base+"/posts/4")))
	assert.Equal(t, nums(3, 4), pluck(list(t, get(t, base+"/users/2/posts")), "id"))

	status, h, body = do(t, http.MethodPost, base+"/posts/4/comments", map[string]any{"body": "first", "userId": 1})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, "/comments/4", h.Get("Location"))
	assert.Equal(t, 4.0, data(t, body)["postId"])

	// Failures create nothing and consume no id.
	status, h, body = do(t, http.MethodPost, base+"/users/99/posts", map[string]any{"title": "Orphan"})
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "RECORD_NOT_FOUND", errCode(body))
	assert.Empty(t, h.Get("Location"))
	status, _, body = do(t, http.MethodPost, base+"/users/2/posts", map[string]any{"views": 1})
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, map[string][]string{"title": {"required"}}, detailCodes(body))
	status, _, body = do(t, http.MethodPost, base+"/users/2/posts", `[]`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "INVALID_JSON", errCode(body))
	status, h, body = do(t, http.MethodPost, base+"/users/2/posts", map[string]any{"title": "Next"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, "/posts/5", h.Get("Location"))

	// POST is for hasMany only.
	for _, path := range []string{"/posts/1/author", "/users/1/card", "/posts/1/tags"} {
		status, h, body = do(t, http.MethodPost, base+path, map[string]any{"name": "x"})
		assert.Equal(t, http.StatusMethodNotAllowed, status, path)
		assert.Equal(t, "GET, HEAD, OPTIONS", h.Get("Allow"), path)
		assert.Equal(t, "METHOD_NOT_ALLOWED", errCode(body), path)
	}
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "users"))
	assert.Len(t, list(t, get(t, base+"/profiles")), 1)
}
