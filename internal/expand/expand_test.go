package expand_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/expand"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

// blog has users with posts, posts with an author, comments and tags
// (manyToMany through postTags), and comments with a user.
func blog(t *testing.T) (*schema.Spec, adapter.DatabaseAdapter) {
	t.Helper()
	num := func(name string) schema.Field { return schema.Field{Name: name, Type: "number"} }
	sp := &schema.Spec{Resources: []schema.Resource{
		{Name: "users", Fields: []schema.Field{num("id")},
			Relationships: []schema.Relationship{{Type: "hasMany", Resource: "posts", ForeignKey: "userId"}}},
		{Name: "posts", Fields: []schema.Field{num("id"), num("userId")},
			Relationships: []schema.Relationship{
				{Type: "belongsTo", Resource: "users", ForeignKey: "userId", As: "author"},
				{Type: "hasMany", Resource: "comments", ForeignKey: "postId"},
				{Type: "manyToMany", Resource: "tags", Through: "postTags", ForeignKey: "postId", TargetKey: "tagId"},
			}},
		{Name: "comments", Fields: []schema.Field{num("id"), num("postId"), num("userId")},
			Relationships: []schema.Relationship{{Type: "belongsTo", Resource: "users", ForeignKey: "userId", As: "user"}}},
		{Name: "tags", Fields: []schema.Field{num("id")}},
		{Name: "postTags", Fields: []schema.Field{num("id"), num("postId"), num("tagId")}},
	}}
	data := adapter.Dataset{
		"users":    {{"id": 1.0}, {"id": 2.0}},
		"posts":    {{"id": 1.0, "userId": 1.0}, {"id": 2.0, "userId": 2.0}},
		"comments": {{"id": 1.0, "postId": 1.0, "userId": 2.0}, {"id": 2.0, "postId": 1.0, "userId": 1.0}},
		"tags":     {{"id": 1.0}, {"id": 2.0}},
		"postTags": {{"id": 1.0, "postId": 1.0, "tagId": 1.0}, {"id": 2.0, "postId": 1.0, "tagId": 2.0}, {"id": 3.0, "postId": 2.0, "tagId": 1.0}},
	}
	db := memory.New()
	require.NoError(t, db.Initialize(context.Background(), sp, adapter.NewState(data, nil)))
	t.Cleanup(func() { _ = db.Close() })
	return sp, db
}

func TestPlan(t *testing.T) {
	t.Parallel()
	sp, _ := blog(t)
	posts := sp.Resource("posts")
	p, err := expand.New(sp, posts, []string{"comments.user", "author", "comments"})
	require.NoError(t, err)
	require.Len(t, p.Paths(), 3)
	assert.Equal(t, "comments.user", p.Paths()[0].Text)
	require.Len(t, p.Paths()[0].Steps, 2)
	assert.Same(t, p.Paths()[0].Steps[0], p.Paths()[2].Steps[0], "one step per relationship")
	assert.Equal(t, "users", p.Paths()[0].Steps[1].Target.Name)

	for _, bad := range [][]string{{"nope"}, {"comments.nope"}, {"author..user"}, {""}} {
		_, err := expand.New(sp, posts, bad)
		assert.ErrorIs(t, err, adapter.ErrInvalidQuery, "%q", bad)
	}
	empty, err := expand.New(sp, posts, nil)
	require.NoError(t, err)
	assert.True(t, empty.Empty())
}

func TestEmbed(t *testing.T) {
	t.Parallel()
	sp, db := blog(t)
	posts := sp.Resource("posts")
	p, err := expand.New(sp, posts, []string{"author", "comments.user", "tags"})
	require.NoError(t, err)
	var recs []adapter.Record
	require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
		page, err := tx.List("posts", &adapter.Query{})
		if err != nil {
			return err
		}
		recs = page.Records
		return expand.Embed(tx, sp, posts, recs, p, expand.NewBudget(0))
	}))
	require.Len(t, recs, 2)
	assert.Equal(t, 1.0, recs[0]["author"].(adapter.Record)["id"])
	comments := recs[0]["comments"].([]any)
	require.Len(t, comments, 2)
	assert.Equal(t, 2.0, comments[0].(adapter.Record)["user"].(adapter.Record)["id"])
	assert.Len(t, recs[0]["tags"].([]any), 2)
	assert.Len(t, recs[1]["tags"].([]any), 1)
	assert.Empty(t, recs[1]["comments"].([]any))

	// Each visits every level, grouped by resource.
	seen := map[string]int{}
	p.Each(posts, recs, func(res *schema.Resource, recs []adapter.Record) { seen[res.Name] += len(recs) })
	assert.Equal(t, map[string]int{"posts": 2, "users": 4, "comments": 2, "tags": 3}, seen)
}

func TestBudget(t *testing.T) {
	t.Parallel()
	sp, db := blog(t)
	posts := sp.Resource("posts")
	p, err := expand.New(sp, posts, []string{"tags"})
	require.NoError(t, err)
	for limit, ok := range map[int]bool{3: true, 2: false, 1: false} {
		err := db.View(t.Context(), func(tx adapter.Tx) error {
			page, err := tx.List("posts", &adapter.Query{})
			if err != nil {
				return err
			}
			return expand.Embed(tx, sp, posts, page.Records, p, expand.NewBudget(limit))
		})
		if ok {
			assert.NoError(t, err, "limit %d", limit)
		} else {
			assert.ErrorIs(t, err, adapter.ErrInvalidQuery, "limit %d", limit)
		}
	}
}
