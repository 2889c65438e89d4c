package pretendo_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// typedUser is the typed form of a blog user.
type typedUser struct {
	ID        int       `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role,omitempty"`
	Age       *int      `json:"age,omitempty"`
	Active    *bool     `json:"active,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	CreatedAt time.Time `json:"createdAt,omitzero"`
}

// typedPost is the typed form of a blog post.
type typedPost struct {
	ID     int    `json:"id"`
	Title  string `json:"title"`
	UserID int    `json:"userId"`
	Views  int    `json:"views"`
}

func newCollectionServer(t *testing.T) *pretendo.Server {
	t.Helper()
	srv, err := pretendo.Open(blogSpec(t), pretendo.WithClock(func() time.Time { return t0 }))
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func TestCollectionGet(t *testing.T) {
	t.Parallel()
	srv := newCollectionServer(t)
	users := pretendo.Collection[typedUser](srv, "users")
	ctx := t.Context()
	age := 36
	active := true
	want := typedUser{ID: 1, Email: "ada@example.com", Name: "Ada", Role: "admin", Age: &age, Active: &active,
		Tags: []string{"math", "go"}, CreatedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, id := range []any{1, int8(1), int64(1), uint(1), uint64(1), 1.0, float32(1), "1"} {
		got, err := users.Get(ctx, id)
		require.NoError(t, err, "id %T", id)
		assert.Equal(t, want, got, "id %T", id)
	}
	for _, id := range []any{99, -1, 0, 1.5, "abc", "", "1.0", nil, true, []int{1}, struct{}{}, math.NaN(), math.Inf(1),
		uint64(math.MaxUint64), int64(math.MaxInt64), 1e300, "99999999999999999999", "名前"} {
		got, err := users.Get(ctx, id)
		assert.ErrorIs(t, err, pretendo.ErrNotFound, "id %#v", id)
		assert.Zero(t, got)
	}
	var nf *pretendo.NotFoundError
	_, err := users.Get(ctx, 42)
	require.ErrorAs(t, err, &nf)
	assert.Equal(t, "users", nf.Resource)

	pages := pretendo.Collection[map[string]any](srv, "pages")
	p, err := pages.Get(ctx, "about")
	require.NoError(t, err)
	assert.Equal(t, "About", p["title"])
	for _, id := range []any{1, "", "../about", "ABOUT"} {
		_, err = pages.Get(ctx, id)
		assert.ErrorIs(t, err, pretendo.ErrNotFound, "id %#v", id)
	}
}

func TestCollectionList(t *testing.T) {
	t.Parallel()
	srv := newCollectionServer(t)
	users := pretendo.Collection[typedUser](srv, "users")
	ctx := t.Context()
	userIDs := func(p pretendo.Page[typedUser]) []int {
		out := make([]int, len(p.Items))
		for i, u := range p.Items {
			out[i] = u.ID
		}
		return out
	}
	tests := []struct {
		name    string
		q       pretendo.Query
		want    []int
		total   int
		perPage int
	}{
		{name: "everything", q: pretendo.Query{}, want: []int{1, 2, 3}, total: 3},
		{name: "filter", q: pretendo.Query{Filters: []pretendo.Filter{{Field: "role", Op: pretendo.OpEq, Values: []any{"admin"}}}}, want: []int{1}, total: 1},
		{name: "filter with Go int", q: pretendo.Query{Filters: []pretendo.Filter{{Field: "age", Op: pretendo.OpGte, Values: []any{25}}}}, want: []int{1, 2}, total: 2},
		{name: "filter with wrong type matches nothing", q: pretendo.Query{Filters: []pretendo.Filter{{Field: "age", Op: pretendo.OpEq, Values: []any{"36"}}}}, want: []int{}, total: 0},
		{name: "filter date", q: pretendo.Query{Filters: []pretendo.Filter{{Field: "createdAt", Op: pretendo.OpLt, Values: []any{"2024-02-01T00:00:00+00:00"}}}}, want: []int{1}, total: 1},
		{name: "fold", q: pretendo.Query{Filters: []pretendo.Filter{{Field: "name", Op: pretendo.OpEq, Values: []any{"BOB"}, Fold: true}}}, want: []int{2}, total: 1},
		{name: "search", q: pretendo.Query{Search: "CY@"}, want: []int{3}, total: 1},
		{name: "sort", q: pretendo.Query{Sort: []pretendo.SortKey{{Field: "age", Desc: true}}}, want: []int{1, 2, 3}, total: 3},
		{name: "page", q: pretendo.Query{Page: 2, PerPage: 2}, want: []int{3}, total: 3, perPage: 2},
		{name: "page zero is the first", q: pretendo.Query{Page: 0, PerPage: 2}, want: []int{1, 2}, total: 3, perPage: 2},
		{name: "negative page is the first", q: pretendo.Query{Page: -5, PerPage: 1}, want: []int{1}, total: 3, perPage: 1},
		{name: "page past the end", q: pretendo.Query{Page: math.MaxInt, PerPage: 2}, want: []int{}, total: 3, perPage: 2},
		{name: "huge perPage", q: pretendo.Query{PerPage: math.MaxInt}, want: []int{1, 2, 3}, total: 3, perPage: math.MaxInt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page, err := users.List(ctx, tt.q)
			require.NoError(t, err)
			assert.Equal(t, tt.want, userIDs(page))
			assert.Equal(t, tt.total, page.Total)
			assert.Equal(t, tt.perPage, page.PerPage)
		})
	}
	for _, q := range []pretendo.Query{
		{Filters: []pretendo.Filter{{Field: "", Op: pretendo.OpEq}}},
		{Filters: []pretendo.Filter{{Field: "a\x00b", Op: pretendo.OpEq, Values: []any{1}}}},
		{Sort: []pretendo.SortKey{{Field: ""}}},
		{Expand: []string{"nope"}},
	} {
		_, err := users.List(ctx, q)
		assert.ErrorIs(t, err, pretendo.ErrInvalidQuery, "%+v", q)
	}

	// The caller's query is not modified.
	q := pretendo.Query{Filters: []pretendo.Filter{{Field: "age", Op: pretendo.OpGt, Values: []any{1}}}, Sort: []pretendo.SortKey{{Field: "name"}}}
	_, err := users.List(ctx, q)
	require.NoError(t, err)
	assert.Empty(t, q.Filters[0].Type)
	assert.Empty(t, q.Sort[0].Type)

	// Expand and fields through a map collection.
	posts := pretendo.Collection[map[string]any](srv, "posts")
	page, err := posts.List(ctx, pretendo.Query{Expand: []string{"author"}, Fields: []string{"title", "author"}, PerPage: 1})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "Hello", page.Items[0]["title"])
	assert.Equal(t, "Ada", page.Items[0]["author"].(map[string]any)["name"])
	assert.NotContains(t, page.Items[0], "userId")
}

func TestCollectionFind(t *testing.T) {
	t.Parallel()
	srv := newCollectionServer(t)
	users := pretendo.Collection[typedUser](srv, "users")
	ctx := t.Context()
	page, err := users.Find(ctx, "role=admin&role=editor&sortBy=-id")
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, 2, page.Items[0].ID)
	assert.Equal(t, 1, page.Items[1].ID)
	assert.Equal(t, 2, page.Total)
	assert.Equal(t, 1, page.Page)
	assert.Equal(t, 10, page.PerPage, "paging defaults apply")

	page, err = users.Find(ctx, "perPage=1000")
	require.NoError(t, err)
	assert.Equal(t, 50, page.PerPage, "clamped like HTTP")

	page, err = users.Find(ctx, "")
	require.NoError(t, err)
	assert.Len(t, page.Items, 3)

	// A field the resource does not declare is queried as stored.
	page, err = users.Find(ctx, "nope=1&sortBy=nope")
	require.NoError(t, err)
	assert.Empty(t, page.Items)

	for _, raw := range []string{"age=abc", "sortBy=", "page=0", "age=%zz", "a=1;b=2", "expand=posts.comments.post.author", "\x00=1"} {
		_, err := users.Find(ctx, raw)
		assert.ErrorIs(t, err, pretendo.ErrInvalidQuery, "%q", raw)
	}
}

func TestCollectionCreate(t *testing.T) {
	t.Parallel()
	srv := newCollectionServer(t)
	ts := serveExisting(t, srv)
	users := pretendo.Collection[typedUser](srv, "users")
	ctx := t.Context()

	u, err := users.Create(ctx, typedUser{Email: "dee@example.com", Name: "Dee"})
	require.NoError(t, err)
	assert.Equal(t, 4, u.ID, "a zero id is generated")
	assert.Equal(t, "user", u.Role)
	require.NotNil(t, u.Active)
	assert.True(t, *u.Active)
	assert.Equal(t, t0, u.CreatedAt)
	got, err := users.Get(ctx, 4)
	require.NoError(t, err)
	assert.Equal(t, u, got)
	assert.Equal(t, "Dee", data(t, get(t, ts+"/users/4"))["name"], "visible over HTTP")

	u, err = users.Create(ctx, typedUser{ID: 50, Email: "e@example.com", Name: "E"})
	require.NoError(t, err)
	assert.Equal(t, 50, u.ID)

	_, err = users.Create(ctx, typedUser{ID: 1, Email: "f@example.com", Name: "F"})
	assert.ErrorIs(t, err, pretendo.ErrConflict)
	_, err = users.Create(ctx, typedUser{Email: "ada@example.com", Name: "Dup"})
	var ce *pretendo.ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "email", ce.Violations[0].Field)

	_, err = users.Create(ctx, typedUser{Email: "bad", Name: ""})
	var ve *pretendo.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.ErrorIs(t, err, pretendo.ErrValidation)
	fields := map[string]string{}
	for _, v := range ve.Violations {
		fields[v.Field] = v.Code
	}
	assert.Equal(t, map[string]string{"email": "pattern", "name": "minLength"}, fields)

	posts := pretendo.Collection[typedPost](srv, "posts")
	_, err = posts.Create(ctx, typedPost{Title: "Orphan", UserID: 999})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "reference", ve.Violations[0].Code)
	p, err := posts.Create(ctx, typedPost{Title: "Mine", UserID: 50})
	require.NoError(t, err)
	assert.Equal(t, 4, p.ID, "failed creates consumed no id")

	// Values JSON cannot carry are validation errors, not panics.
	raw := pretendo.Collection[map[string]any](srv, "users")
	for _, bad := range []map[string]any{
		{"email": "n@x.y", "name": "N", "score": math.NaN()},
		{"email": "n@x.y", "name": "N", "c": make(chan int)},
		{"email": "n@x.y", "name": "N", "f": func() {}},
	} {
		_, err := raw.Create(ctx, bad)
		assert.ErrorIs(t, err, pretendo.ErrValidation)
	}
	_, err = pretendo.Collection[[]int](srv, "users").Create(ctx, []int{1})
	assert.ErrorIs(t, err, pretendo.ErrValidation, "a record must be an object")
	_, err = pretendo.Collection[string](srv, "users").Create(ctx, "x")
	assert.ErrorIs(t, err, pretendo.ErrValidation)

	profiles := pretendo.Collection[map[string]any](srv, "profiles")
	prof, err := profiles.Create(ctx, map[string]any{"id": "", "bio": "generated"})
	require.NoError(t, err)
	assert.Regexp(t, uuidV4, prof["id"])

	all, err := users.List(ctx, pretendo.Query{})
	require.NoError(t, err)
	assert.Equal(t, 5, all.Total)
}

// serveExisting serves srv over a network server closed at the end of the test.
func serveExisting(t *testing.T, srv *pretendo.Server) string {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestCollectionUpdatePatchDelete(t *testing.T) {
	t.Parallel()
	srv := newCollectionServer(t)
	users := pretendo.Collection[typedUser](srv, "users")
	ctx := t.Context()

	u, err := users.Update(ctx, 2, typedUser{ID: 9, Email: "bobby@example.com", Name: "Bobby"})
	require.NoError(t, err)
	assert.Equal(t, 2, u.ID, "the argument's id wins")
	assert.Equal(t, "user", u.Role, "defaults re-applied")
	assert.Nil(t, u.Age)
	_, err = users.Get(ctx, 9)
	assert.ErrorIs(t, err, pretendo.ErrNotFound)
	_, err = users.Update(ctx, 77, typedUser{Email: "x@y.z", Name: "X"})
	assert.ErrorIs(t, err, pretendo.ErrNotFound)
	_, err = users.Update(ctx, 2, typedUser{Email: "ada@example.com", Name: "Bobby"})
	assert.ErrorIs(t, err, pretendo.ErrConflict)
	_, err = users.Update(ctx, "two", typedUser{Email: "x@y.z", Name: "X"})
	assert.ErrorIs(t, err, pretendo.ErrNotFound)

	u, err = users.Patch(ctx, 1, map[string]any{"age": nil, "name": "Ada L."})
	require.NoError(t, err)
	assert.Nil(t, u.Age)
	assert.Equal(t, "Ada L.", u.Name)
	assert.Equal(t, "admin", u.Role)
	_, err = users.Patch(ctx, 1, map[string]any{"id": 5})
	assert.ErrorIs(t, err, pretendo.ErrValidation)
	_, err = users.Patch(ctx, 1, map[string]any{"age": "old"})
	assert.ErrorIs(t, err, pretendo.ErrValidation)
	_, err = users.Patch(ctx, 1, map[string]any{"x": math.Inf(1)})
	assert.ErrorIs(t, err, pretendo.ErrValidation)
	_, err = users.Patch(ctx, 404, map[string]any{"name": "X"})
	assert.ErrorIs(t, err, pretendo.ErrNotFound)
	u, err = users.Patch(ctx, 1, nil)
	require.NoError(t, err, "a nil patch changes nothing")
	assert.Equal(t, "Ada L.", u.Name)

	tags := pretendo.Collection[map[string]any](srv, "tags")
	err = tags.Delete(ctx, 1)
	assert.ErrorIs(t, err, pretendo.ErrConflict, "restricted by postTags")
	var ce *pretendo.ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "restrict", ce.Violations[0].Code)

	require.NoError(t, users.Delete(ctx, 1))
	_, err = users.Get(ctx, 1)
	assert.ErrorIs(t, err, pretendo.ErrNotFound)
	assert.ErrorIs(t, users.Delete(ctx, 1), pretendo.ErrNotFound)
	assert.ErrorIs(t, users.Delete(ctx, nil), pretendo.ErrNotFound)
	posts, err := pretendo.Collection[typedPost](srv, "posts").List(ctx, pretendo.Query{})
	require.NoError(t, err)
	require.Len(t, posts.Items, 1, "cascade through typed access")
	assert.Equal(t, 3, posts.Items[0].ID)
}

func TestCollectionErrors(t *testing.T) {
	t.Parallel()
	srv := newCollectionServer(t)
	for _, name := range []string{"nope", "", "Users", "users ", "名前", "../users"} {
		assert.PanicsWithValue(t, `pretendo: Collection: unknown resource "`+name+`"`, func() {
			pretendo.Collection[typedUser](srv, name)
		})
	}

	// A T that cannot hold the record is an error, not a panic.
	type wrong struct {
		Age string `json:"age"`
	}
	_, err := pretendo.Collection[wrong](srv, "users").Get(t.Context(), 1)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "decoding record")
	_, err = pretendo.Collection[wrong](srv, "users").List(t.Context(), pretendo.Query{})
	require.Error(t, err)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = pretendo.Collection[typedUser](srv, "users").Get(ctx, 1)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = pretendo.Collection[typedUser](srv, "users").Create(ctx, typedUser{Email: "c@x.y", Name: "C"})
	assert.ErrorIs(t, err, context.Canceled)
	page, err := pretendo.Collection[typedUser](srv, "users").List(t.Context(), pretendo.Query{})
	require.NoError(t, err)
	assert.Equal(t, 3, page.Total, "a cancelled create stored nothing")

	closed := pretendo.New(blogSpec(t))
	users := pretendo.Collection[typedUser](closed, "users")
	require.NoError(t, closed.Close())
	require.NoError(t, closed.Close(), "Close is idempotent")
	_, err = users.Get(t.Context(), 1)
	assert.ErrorIs(t, err, pretendo.ErrClosed)
	_, err = users.Create(t.Context(), typedUser{Email: "c@x.y", Name: "C"})
	assert.ErrorIs(t, err, pretendo.ErrClosed)
	rec := httptest.NewRecorder()
	closed.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/users", nil))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code, "a closed server refuses requests: %s", rec.Body)
	assert.Equal(t, "Pretendo", rec.Header().Get("X-Powered-By"))
	assert.False(t, errors.Is(err, pretendo.ErrNotFound))
}
