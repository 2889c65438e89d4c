package pretendo_test

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// everything returns the ids of every resource of the blog spec.
func everything(t *testing.T, base string) map[string][]any {
	t.Helper()
	out := make(map[string][]any)
	for _, r := range []string{"users", "posts", "comments", "tags", "postTags", "profiles"} {
		out[r] = allIDs(t, base, r)
	}
	return out
}

func TestReferenceChecks(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	before := everything(t, base)
	tests := []struct {
		name, method, path string
		body               map[string]any
		fields             map[string][]string
	}{
		{"create", http.MethodPost, "/posts", map[string]any{"title": "T", "userId": 99}, map[string][]string{"userId": {"reference"}}},
		{"create negative", http.MethodPost, "/posts", map[string]any{"title": "T", "userId": -1}, map[string][]string{"userId": {"reference"}}},
		{"create fractional", http.MethodPost, "/posts", map[string]any{"title": "T", "userId": 1.5}, map[string][]string{"userId": {"reference"}}},
		{"create huge", http.MethodPost, "/posts", map[string]any{"title": "T", "userId": 1e300}, map[string][]string{"userId": {"reference"}}},
		{"create wrong type is a type error", http.MethodPost, "/posts", map[string]any{"title": "T", "userId": "1"}, map[string][]string{"userId": {"type"}}},
		{"create with another failure", http.MethodPost, "/posts", map[string]any{"userId": 99}, map[string][]string{"title": {"required"}, "userId": {"reference"}}},
		{"two references", http.MethodPost, "/comments", map[string]any{"body": "b", "postId": 98, "userId": 99}, map[string][]string{"postId": {"reference"}, "userId": {"reference"}}},
		{"join", http.MethodPost, "/postTags", map[string]any{"postId": 1, "tagId": 9}, map[string][]string{"tagId": {"reference"}}},
		{"put", http.MethodPut, "/posts/1", map[string]any{"title": "T", "userId": 99}, map[string][]string{"userId": {"reference"}}},
		{"patch", http.MethodPatch, "/posts/1", map[string]any{"userId": 99}, map[string][]string{"userId": {"reference"}}},
		{"patch nullable", http.MethodPatch, "/comments/1", map[string]any{"userId": 99}, map[string][]string{"userId": {"reference"}}},
		{"required null", http.MethodPatch, "/posts/1", map[string]any{"userId": nil}, map[string][]string{"userId": {"required"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := do(t, tt.method, base+tt.path, tt.body)
			assert.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
			assert.Equal(t, "VALIDATION_FAILED", errCode(body))
			assert.Equal(t, tt.fields, detailCodes(body))
		})
	}
	assert.Equal(t, before, everything(t, base))
	assert.Equal(t, 1.0, data(t, get(t, base+"/posts/1"))["userId"])

	// Null foreign keys are fine when not required.
	status, _, body := do(t, http.MethodPost, base+"/comments", map[string]any{"body": "anon", "postId": 1, "userId": nil})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, _, body = do(t, http.MethodPatch, base+"/comments/1", map[string]any{"userId": nil})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.NotContains(t, data(t, body), "userId")
	status, _, body = do(t, http.MethodPost, base+"/profiles", map[string]any{"bio": "nobody's"})
	require.Equal(t, http.StatusCreated, status, "%v", body)

	// Valid references are accepted on every path.
	status, _, body = do(t, http.MethodPatch, base+"/posts/1", map[string]any{"userId": 3})
	require.Equal(t, http.StatusOK, status, "%v", body)
	status, _, body = do(t, http.MethodPut, base+"/posts/2", map[string]any{"title": "Moved", "userId": 2})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, nums(1), pluck(list(t, get(t, base+"/users/3/posts")), "id"))
	assert.Equal(t, nums(2, 3), pluck(list(t, get(t, base+"/users/2/posts")), "id"))
}

func TestCascadeDelete(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	// A comment by Ada on Bob's post: nullified, not deleted, when Ada goes.
	status, _, body := do(t, http.MethodPost, base+"/comments", map[string]any{"body": "by Ada", "postId": 3, "userId": 1})
	require.Equal(t, http.StatusCreated, status, "%v", body)

	status, _, _ = do(t, http.MethodDelete, base+"/users/1", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, map[string][]any{
		"users":    nums(2, 3),
		"posts":    nums(3),
		"comments": nums(3, 4),
		"tags":     nums(1, 2),
		"postTags": nums(3),
		"profiles": {},
	}, everything(t, base))
	c := data(t, get(t, base+"/comments/4"))
	assert.Nil(t, c["userId"], "nullified: %v", c)
	assert.Equal(t, 3.0, c["postId"])

	status, _, body = do(t, http.MethodDelete, base+"/users/1", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "RECORD_NOT_FOUND", errCode(body))

	// Bob goes: his post, its comment and join rows with him; Cy's comment
	// on Bob's post goes with the post.
	status, _, _ = do(t, http.MethodDelete, base+"/users/2", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, map[string][]any{
		"users": nums(3), "posts": {}, "comments": {}, "tags": nums(1, 2), "postTags": {}, "profiles": {},
	}, everything(t, base))
}

func TestNullifyOnly(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	// Cy wrote comment 3 on Bob's post and owns no post: deleting Cy only
	// nullifies.
	status, _, _ := do(t, http.MethodDelete, base+"/users/3", nil)
	require.Equal(t, http.StatusNoContent, status)
	c := data(t, get(t, base+"/comments/3"))
	assert.Nil(t, c["userId"])
	assert.Equal(t, "Hm", c["body"])
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "comments"))
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "posts"))
}

// pinnedSpec is the blog spec with pins, which restrict deleting posts.
func pinnedSpec(t *testing.T) *pretendo.Spec {
	spec := blogSpec(t)
	spec.Resources = append(spec.Resources, pretendo.Resource{
		Name: "pins",
		Fields: []pretendo.Field{
			{Name: "id", Type: "number"},
			{Name: "postId", Type: "number", Required: true, References: &pretendo.Reference{Resource: "posts", OnDelete: "restrict"}},
		},
	})
	spec.Data["pins"] = []map[string]any{{"id": 1, "postId": 2}}
	return spec
}

func TestRestrict(t *testing.T) {
	t.Parallel()
	_, base := serve(t, pinnedSpec(t))
	before := everything(t, base)
	comments := list(t, get(t, base+"/comments"))

	tests := []struct{ path, field string }{
		{"/tags/2", "tagId"},
		{"/tags/1", "tagId"},
		{"/posts/2", "postId"},
		// The restrict sits two levels down a cascade: nothing at all may change.
		{"/users/1", "postId"},
	}
	for _, tt := range tests {
		status, _, body := do(t, http.MethodDelete, base+tt.path, nil)
		assert.Equal(t, http.StatusConflict, status, "%s: %v", tt.path, body)
		assert.Equal(t, "CONFLICT", errCode(body))
		assert.Equal(t, map[string][]string{tt.field: {"restrict"}}, detailCodes(body), tt.path)
		assert.Equal(t, before, everything(t, base), "DELETE %s changed something", tt.path)
		assert.Equal(t, comments, list(t, get(t, base+"/comments")), "DELETE %s nullified something", tt.path)
	}
	assert.Equal(t, nums(1), allIDs(t, base, "pins"))

	// Once the dependants are gone the delete goes through.
	status, _, _ := do(t, http.MethodDelete, base+"/pins/1", nil)
	require.Equal(t, http.StatusNoContent, status)
	status, _, _ = do(t, http.MethodDelete, base+"/users/1", nil)
	require.Equal(t, http.StatusNoContent, status)
	status, _, _ = do(t, http.MethodDelete, base+"/postTags/3", nil)
	require.Equal(t, http.StatusNoContent, status)
	status, _, _ = do(t, http.MethodDelete, base+"/tags/2", nil)
	assert.Equal(t, http.StatusNoContent, status)
}

// categoriesSpec is a self-referencing resource with onDelete action.
func categoriesSpec(t *testing.T, onDelete string) *pretendo.Spec {
	return parseSpec(t, fmt.Sprintf(`
resources:
  - name: categories
    fields:
      - { name: id, type: number }
      - { name: name, type: string }
      - name: parentId
        type: number
        references: { resource: categories, onDelete: %s }
    relationships:
      - { type: hasMany, resource: categories, foreignKey: parentId, as: children }
      - { type: belongsTo, resource: categories, foreignKey: parentId, as: parent }
data:
  categories:
    - { id: 1, name: root }
    - { id: 2, name: a, parentId: 1 }
    - { id: 3, name: b, parentId: 1 }
    - { id: 4, name: a1, parentId: 2 }
    - { id: 5, name: a1x, parentId: 4 }
    - { id: 6, name: other }
    - { id: 7, name: loopA, parentId: 8 }
    - { id: 8, name: loopB, parentId: 7 }
    - { id: 9, name: self, parentId: 9 }
    - { id: 10, name: child of loop, parentId: 8 }
`, onDelete))
}

func TestSelfReferenceCascade(t *testing.T) {
	t.Parallel()
	_, base := serve(t, categoriesSpec(t, "cascade"))
	assert.Equal(t, nums(2, 3), pluck(list(t, get(t, base+"/categories/1/children")), "id"))
	assert.Equal(t, "a", data(t, get(t, base+"/categories/4/parent"))["name"])
	nested := data(t, get(t, base+"/categories/1?expand=children.children.children"))
	a := toRecs(t, nested["children"])[0]
	assert.Equal(t, nums(5), pluck(toRecs(t, toRecs(t, a["children"])[0]["children"]), "id"))

	status, _, _ := do(t, http.MethodDelete, base+"/categories/1", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, nums(6, 7, 8, 9, 10), allIDs(t, base, "categories"))

	status, _, _ = do(t, http.MethodDelete, base+"/categories/7", nil)
	require.Equal(t, http.StatusNoContent, status, "a cycle of two terminates")
	assert.Equal(t, nums(6, 9), allIDs(t, base, "categories"))

	status, _, _ = do(t, http.MethodDelete, base+"/categories/9", nil)
	require.Equal(t, http.StatusNoContent, status, "a record referencing itself")
	assert.Equal(t, nums(6), allIDs(t, base, "categories"))
	status, _, _ = do(t, http.MethodDelete, base+"/categories/9", nil)
	assert.Equal(t, http.StatusNotFound, status)
}

func TestSelfReferenceDeepChain(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, categoriesSpec(t, "cascade"))
	cats := pretendo.Collection[map[string]any](srv, "categories")
	parent := 6.0
	for i := range 2000 {
		rec, err := cats.Create(t.Context(), map[string]any{"name": fmt.Sprint("deep", i), "parentId": parent})
		require.NoError(t, err)
		parent = rec["id"].(float64)
	}
	status, _, _ := do(t, http.MethodDelete, base+"/categories/6", nil)
	require.Equal(t, http.StatusNoContent, status)
	page, err := cats.List(t.Context(), pretendo.Query{})
	require.NoError(t, err)
	assert.Equal(t, 9, page.Total, "the whole chain of 2000 went")
}

func TestSelfReferenceNullifyAndRestrict(t *testing.T) {
	t.Parallel()
	_, base := serve(t, categoriesSpec(t, "nullify"))
	status, _, _ := do(t, http.MethodDelete, base+"/categories/1", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, nums(2, 3, 4, 5, 6, 7, 8, 9, 10), allIDs(t, base, "categories"))
	assert.Nil(t, data(t, get(t, base+"/categories/2"))["parentId"])
	assert.Equal(t, 2.0, data(t, get(t, base+"/categories/4"))["parentId"])
	status, _, _ = do(t, http.MethodDelete, base+"/categories/7", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Nil(t, data(t, get(t, base+"/categories/8"))["parentId"])
	status, _, _ = do(t, http.MethodDelete, base+"/categories/9", nil)
	require.Equal(t, http.StatusNoContent, status)

	_, rbase := serve(t, categoriesSpec(t, "restrict"))
	for _, id := range []string{"1", "7", "8"} {
		status, _, body := do(t, http.MethodDelete, rbase+"/categories/"+id, nil)
		assert.Equal(t, http.StatusConflict, status, id)
		assert.Equal(t, "CONFLICT", errCode(body))
	}
	status, _, _ = do(t, http.MethodDelete, rbase+"/categories/5", nil)
	assert.Equal(t, http.StatusNoContent, status, "a leaf has no dependants")
	status, _, _ = do(t, http.MethodDelete, rbase+"/categories/9", nil)
	assert.Equal(t, http.StatusNoContent, status, "a record that references only itself")
	assert.Equal(t, nums(1, 2, 3, 4, 6, 7, 8, 10), allIDs(t, rbase, "categories"))
}

func TestNullifyRequiredIsRefused(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, `
resources:
  - name: owners
    fields: [ { name: id, type: number } ]
  - name: pets
    fields:
      - { name: id, type: number }
      - { name: ownerId, type: number, required: true, references: { resource: owners, onDelete: nullify } }
data:
  owners: [ { id: 1 } ]
  pets: [ { id: 1, ownerId: 1 } ]
`)
	_, base := serve(t, spec)
	status, _, body := do(t, http.MethodDelete, base+"/owners/1", nil)
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, map[string][]string{"ownerId": {"required"}}, detailCodes(body))
	assert.Equal(t, nums(1), allIDs(t, base, "owners"))
	assert.Equal(t, 1.0, data(t, get(t, base+"/pets/1"))["ownerId"])
}

func TestOpenRejectsBadData(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		change   func(s *pretendo.Spec)
		sentinel error
		mentions []string
	}{
		{name: "required missing", sentinel: pretendo.ErrValidation, mentions: []string{"data.users[1]", "name is required"},
			change: func(s *pretendo.Spec) { delete(s.Data["users"][1], "name") }},
		{name: "wrong type", sentinel: pretendo.ErrValidation, mentions: []string{"data.users[2]", "age must be an integer"},
			change: func(s *pretendo.Spec) { s.Data["users"][2]["age"] = "old" }},
		{name: "enum", sentinel: pretendo.ErrValidation, mentions: []string{"data.users[0]", "role must be one of"},
			change: func(s *pretendo.Spec) { s.Data["users"][0]["role"] = "root" }},
		{name: "pattern", sentinel: pretendo.ErrValidation, mentions: []string{"data.users[0]", "email must match"},
			change: func(s *pretendo.Spec) { s.Data["users"][0]["email"] = "nope" }},
		{name: "broken reference", sentinel: pretendo.ErrValidation, mentions: []string{"posts[2]", "userId 99 references no users record"},
			change: func(s *pretendo.Spec) { s.Data["posts"][2]["userId"] = 99 }},
		{name: "broken join reference", sentinel: pretendo.ErrValidation, mentions: []string{"postTags[1]", "tagId"},
			change: func(s *pretendo.Spec) { s.Data["postTags"][1]["tagId"] = 7 }},
		{name: "duplicate id", sentinel: pretendo.ErrConflict, mentions: []string{"data.users[1]", "id 1 is already taken"},
			change: func(s *pretendo.Spec) { s.Data["users"][1]["id"] = 1 }},
		{name: "duplicate unique", sentinel: pretendo.ErrConflict, mentions: []string{"data.users[2]", "email ada@example.com is already taken"},
			change: func(s *pretendo.Spec) { s.Data["users"][2]["email"] = "ada@example.com" }},
		{name: "bad key", sentinel: pretendo.ErrValidation, mentions: []string{"data.users[0]", "id"},
			change: func(s *pretendo.Spec) { s.Data["users"][0]["id"] = 1.5 }},
		{name: "undeclared field under strict", sentinel: pretendo.ErrValidation, mentions: []string{"data.users[0]", "nickname is not a declared field"},
			change: func(s *pretendo.Spec) {
				s.Options.StrictValidation = true
				s.Data["users"][0]["nickname"] = "A"
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spec := blogSpec(t)
			tt.change(spec)
			srv, err := pretendo.Open(spec)
			require.Error(t, err)
			assert.Nil(t, srv)
			assert.ErrorIs(t, err, tt.sentinel)
			assert.False(t, errors.Is(err, pretendo.ErrInvalidSpec), "the spec itself is fine: %v", err)
			for _, m := range tt.mentions {
				assert.Contains(t, err.Error(), m)
			}
			assert.Panics(t, func() { pretendo.New(spec) })
		})
	}
}

func TestStrictValidation(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	spec.Options.StrictValidation = true
	_, base := serve(t, spec)
	tests := []struct {
		method, path string
		body         map[string]any
		fields       map[string][]string
	}{
		{http.MethodPost, "/users", map[string]any{"email": "s@x.y", "name": "S", "nickname": "s"}, map[string][]string{"nickname": {"unknown"}}},
		{http.MethodPost, "/users", map[string]any{"email": "s@x.y", "name": "S", "b": 1, "a": 2}, map[string][]string{"a": {"unknown"}, "b": {"unknown"}}},
		{http.MethodPost, "/users", map[string]any{"name": "S", "Email": "s@x.y"}, map[string][]string{"email": {"required"}, "Email": {"unknown"}}},
		{http.MethodPut, "/users/1", map[string]any{"email": "s@x.y", "name": "S", "nickname": "s"}, map[string][]string{"nickname": {"unknown"}}},
		{http.MethodPatch, "/users/1", map[string]any{"nickname": "s"}, map[string][]string{"nickname": {"unknown"}}},
		{http.MethodPost, "/users/1/posts", map[string]any{"title": "T", "extra": true}, map[string][]string{"extra": {"unknown"}}},
	}
	for _, tt := range tests {
		status, _, body := do(t, tt.method, base+tt.path, tt.body)
		assert.Equal(t, http.StatusUnprocessableEntity, status, "%s %s: %v", tt.method, tt.path, body)
		assert.Equal(t, "VALIDATION_FAILED", errCode(body))
		assert.Equal(t, tt.fields, detailCodes(body))
	}
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "users"))
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "posts"))
	assert.Equal(t, "Ada", data(t, get(t, base+"/users/1"))["name"])

	status, _, body := do(t, http.MethodPost, base+"/users", map[string]any{"email": "s@x.y", "name": "S", "age": 3})
	assert.Equal(t, http.StatusCreated, status, "declared fields only: %v", body)
	status, _, body = do(t, http.MethodPatch, base+"/users/1", map[string]any{"age": nil})
	assert.Equal(t, http.StatusOK, status, "removing a field: %v", body)
	assert.False(t, strings.Contains(fmt.Sprint(data(t, body)), "age:"))
}

func TestReferencedValueCannotChange(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: email, type: string, unique: true }
      - { name: team, type: string }
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: authorEmail, type: string, references: { resource: users, field: email, onDelete: cascade } }
      - { name: teamName, type: string, references: { resource: users, field: team, onDelete: nullify } }
data:
  users: [ { id: 1, email: a@x, team: red }, { id: 2, email: b@x, team: red }, { id: 3, email: c@x, team: blue } ]
  posts: [ { id: 1, authorEmail: a@x, teamName: blue } ]
`)
	_, base := serve(t, spec)
	for _, tt := range []struct {
		method string
		body   map[string]any
		field  string
	}{
		{http.MethodPatch, map[string]any{"email": "z@x"}, "email"},
		{http.MethodPatch, map[string]any{"email": nil}, "email"},
		{http.MethodPut, map[string]any{"email": "y@x", "team": "red"}, "email"},
	} {
		status, _, body := do(t, tt.method, base+"/users/1", tt.body)
		assert.Equal(t, http.StatusConflict, status, "%s %v: %v", tt.method, tt.body, body)
		assert.Equal(t, map[string][]string{tt.field: {"restrict"}}, detailCodes(body))
	}
	status, _, body := do(t, http.MethodPatch, base+"/users/3", map[string]any{"team": "green"})
	assert.Equal(t, http.StatusConflict, status, "the only blue team: %v", body)
	assert.Equal(t, map[string][]string{"team": {"restrict"}}, detailCodes(body))
	assert.Equal(t, "a@x", data(t, get(t, base+"/users/1"))["email"])
	assert.Equal(t, "blue", data(t, get(t, base+"/users/3"))["team"])

	// Changes that orphan nothing go through.
	for _, tt := range []struct {
		path string
		body map[string]any
	}{
		{"/users/1", map[string]any{"email": "a@x", "team": "red"}}, // same value
		{"/users/1", map[string]any{"team": "green"}},               // user 2 is still red
		{"/users/2", map[string]any{"email": "b2@x"}},               // nobody references b@x
	} {
		status, _, body := do(t, http.MethodPatch, base+tt.path, tt.body)
		assert.Equal(t, http.StatusOK, status, "%s %v: %v", tt.path, tt.body, body)
	}
	status, _, _ = do(t, http.MethodDelete, base+"/posts/1", nil)
	require.Equal(t, http.StatusNoContent, status)
	status, _, body = do(t, http.MethodPatch, base+"/users/1", map[string]any{"email": "z@x"})
	assert.Equal(t, http.StatusOK, status, "no longer referenced: %v", body)

	// Deleting the target acts on the dependants by value.
	status, _, body = do(t, http.MethodPost, base+"/posts", map[string]any{"authorEmail": "z@x"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, _, _ = do(t, http.MethodDelete, base+"/users/1", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, []any{}, allIDs(t, base, "posts"), "cascade by email")
}

func TestOpenRejectsUnencodableSpec(t *testing.T) {
	t.Parallel()
	for name, v := range map[string]any{"NaN": math.NaN(), "Inf": math.Inf(1), "chan": make(chan int), "func": func() {}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			spec := blogSpec(t)
			spec.Data["users"][0]["x"] = v
			var err error
			assert.NotPanics(t, func() { _, err = pretendo.Open(spec) }, "Open with %s in data", name)
			assert.Error(t, err)
			spec = blogSpec(t)
			spec.Resources[0].Fields[5].DefaultValue = v
			assert.NotPanics(t, func() { _, err = pretendo.Open(spec) }, "Open with %s as a default", name)
			assert.Error(t, err)
		})
	}
}
