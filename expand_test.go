package pretendo_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/seed"
)

// fanOutSpec has users with posts, and tags linked to posts through a join
// resource: expand can fan out through all of them.
const fanOutSpec = `
resources:
  - name: users
    fields: [ { name: id, type: number }, { name: name, type: string } ]
    relationships: [ { type: hasMany, resource: posts, foreignKey: userId } ]
  - name: posts
    fields: [ { name: id, type: number }, { name: userId, type: number } ]
    relationships:
      - { type: belongsTo, resource: users, foreignKey: userId, as: author }
      - { type: manyToMany, resource: tags, through: postTags, foreignKey: postId, targetKey: tagId }
  - name: tags
    fields: [ { name: id, type: number } ]
    relationships:
      - { type: manyToMany, resource: posts, through: postTags, foreignKey: tagId, targetKey: postId }
  - name: postTags
    fields: [ { name: id, type: number }, { name: postId, type: number }, { name: tagId, type: number } ]
`

// fanOut seeds users users with perUser posts each, and tags tags each
// linked to every post.
func fanOut(users, perUser, tags int) pretendo.Option {
	return pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) {
		d := seed.Data{}
		for u := 1; u <= users; u++ {
			d["users"] = append(d["users"], map[string]any{"id": float64(u), "name": fmt.Sprint("u", u)})
			for p := 0; p < perUser; p++ {
				d["posts"] = append(d["posts"], map[string]any{"userId": float64(u)})
			}
		}
		for tg := 1; tg <= tags; tg++ {
			d["tags"] = append(d["tags"], map[string]any{"id": float64(tg)})
			for p := 1; p <= users*perUser; p++ {
				d["postTags"] = append(d["postTags"], map[string]any{"postId": float64(p), "tagId": float64(tg)})
			}
		}
		return d, nil
	})
}

func TestExpandBudget(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, fanOutSpec+"options: { maxExpandRecords: 100 }\n")
	srv, base := serve(t, spec, fanOut(20, 20, 3)) // 400 posts, 1200 links
	tests := []struct {
		path   string
		status int
	}{
		{"/users?perPage=5&expand=posts", http.StatusOK},         // 100 posts: exactly the budget
		{"/users?perPage=6&expand=posts", http.StatusBadRequest}, // 120
		{"/posts?perPage=100&expand=author", http.StatusOK},      // 100 authors
		{"/posts?perPage=100&expand=author,tags", http.StatusBadRequest},
		{"/posts?perPage=4&expand=author.posts", http.StatusOK}, // 4 + 80
		{"/posts?perPage=5&expand=author.posts", http.StatusBadRequest},
		{"/tags?perPage=1&expand=posts", http.StatusBadRequest}, // 400 through the join
		{"/tags?perPage=1&expand=posts.author.posts", http.StatusBadRequest},
		{"/users/1?expand=posts.author", http.StatusOK},               // 20 + 20
		{"/users/1?expand=posts.author.posts", http.StatusBadRequest}, // 20 + 20 + 400
		{"/users/1/posts?perPage=5&expand=author.posts", http.StatusBadRequest},
		{"/posts/1/author?expand=posts.author", http.StatusOK},
		{"/posts/1/author?expand=posts.author.posts", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			status, _, body := do(t, http.MethodGet, base+tt.path, nil)
			require.Equal(t, tt.status, status, "%v", errMessage(body))
			if tt.status == http.StatusBadRequest {
				assert.Equal(t, "INVALID_QUERY", errCode(body))
				assert.Contains(t, errMessage(body), "expand")
				assert.Contains(t, errMessage(body), "100")
				assert.Contains(t, errMessage(body), "maxExpandRecords")
			}
		})
	}
	t.Run("typed access", func(t *testing.T) {
		t.Parallel()
		users := pretendo.Collection[map[string]any](srv, "users")
		_, err := users.Find(t.Context(), "perPage=6&expand=posts")
		assert.ErrorIs(t, err, pretendo.ErrInvalidQuery)
		page, err := users.Find(t.Context(), "perPage=5&expand=posts")
		require.NoError(t, err)
		assert.Len(t, page.Items, 5)
	})
}

func TestExpandBudgetDefault(t *testing.T) {
	t.Parallel()
	_, base := serve(t, parseSpec(t, fanOutSpec), fanOut(1, 10_001, 0))
	status, _, body := do(t, http.MethodGet, base+"/users?expand=posts", nil)
	require.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, errMessage(body), "10000")

	status, _, body = do(t, http.MethodGet, base+"/posts?perPage=100&expand=author", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)

	_, err := pretendo.ParseSpec([]byte(fanOutSpec + "options: { maxExpandRecords: -1 }\n"))
	assert.ErrorIs(t, err, pretendo.ErrInvalidSpec)
	assert.ErrorContains(t, err, "options.maxExpandRecords")
}

// countingAdapter counts the records its transactions' List calls return.
type countingAdapter struct {
	adapter.DatabaseAdapter
	listed atomic.Int64
}

func (c *countingAdapter) View(ctx context.Context, fn func(adapter.Tx) error) error {
	return c.DatabaseAdapter.View(ctx, func(tx adapter.Tx) error { return fn(countingTx{tx, c}) })
}

type countingTx struct {
	adapter.Tx
	c *countingAdapter
}

func (t countingTx) List(resource string, q *adapter.Query) (adapter.Page, error) {
	p, err := t.Tx.List(resource, q)
	t.c.listed.Add(int64(len(p.Records)))
	return p, err
}

// TestExpandStopsEarly checks that a request over the budget is refused
// before the records it asks for are read: the work is proportional to
// the budget, not to the data.
func TestExpandStopsEarly(t *testing.T) {
	t.Parallel()
	db := &countingAdapter{DatabaseAdapter: memory.New()}
	spec := parseSpec(t, fanOutSpec+"options: { maxExpandRecords: 50 }\n")
	_, base := serve(t, spec, pretendo.WithAdapter(db), fanOut(100, 25, 2)) // 2,500 posts, 5,000 links
	for _, path := range []string{
		"/tags?perPage=100&expand=posts.author.posts",
		"/users?perPage=100&expand=posts",
		"/posts?perPage=100&expand=author",
	} {
		before := db.listed.Load()
		status, _, body := do(t, http.MethodGet, base+path, nil)
		require.Equal(t, http.StatusBadRequest, status, "%s: %v", path, body)
		// The page itself, then at most the budget and one more per step.
		assert.LessOrEqual(t, db.listed.Load()-before, int64(100+3*51), path)
	}
}
