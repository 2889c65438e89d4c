package memory

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

func planTable(t *testing.T) *table {
	t.Helper()
	spec := &schema.Spec{
		Resources: []schema.Resource{
			{Name: "users", Fields: []schema.Field{{Name: "id", Type: "number"}, {Name: "email", Type: "string", Unique: true}}},
			{Name: "posts", Fields: []schema.Field{
				{Name: "id", Type: "number"},
				{Name: "userId", Type: "number"},
				{Name: "authorId", Type: "number", References: &schema.Reference{Resource: "users"}},
				{Name: "at", Type: "date"},
				{Name: "title", Type: "string"},
			}},
			{Name: "tags", Fields: []schema.Field{{Name: "id", Type: "number"}}},
			{Name: "postTags", Fields: []schema.Field{{Name: "id", Type: "number"}, {Name: "postId", Type: "number"}, {Name: "tagId", Type: "number"}}},
		},
		Options: schema.Options{Database: schema.Database{Optimizations: schema.Optimizations{IndexedFields: []string{"at", "nope"}}}},
	}
	spec.Resources[0].Relationships = []schema.Relationship{{Type: schema.HasMany, Resource: "posts", ForeignKey: "userId"}}
	spec.Resources[1].Relationships = []schema.Relationship{{Type: schema.ManyToMany, Resource: "tags", Through: "postTags", ForeignKey: "postId", TargetKey: "tagId"}}
	l, err := newLayout(spec)
	require.NoError(t, err)
	// "nope" is declared nowhere: every resource indexes it as undeclared.
	assert.Equal(t, []indexSpec{{"email", "string"}, {"nope", ""}}, l.resources["users"].indexes)
	assert.Equal(t, []indexSpec{{"at", "date"}, {"authorId", "number"}, {"nope", ""}, {"userId", "number"}}, l.resources["posts"].indexes)
	assert.Equal(t, []indexSpec{{"nope", ""}}, l.resources["tags"].indexes)
	assert.Equal(t, []indexSpec{{"nope", ""}, {"postId", "number"}, {"tagId", "number"}}, l.resources["postTags"].indexes)

	tbl := newTable(l.resources["posts"], time.Time{})
	for i := range 1000 {
		rec := adapter.Record{"id": float64(i + 1), "userId": float64(i % 100), "at": fmt.Sprintf("2024-01-01T00:00:%02dZ", i%60)}
		// The undeclared field holds numbers in the first half, text in the second.
		if i < 500 {
			rec["nope"] = float64(i % 10)
		} else {
			rec["nope"] = fmt.Sprint(i % 10)
		}
		k, _ := adapter.Key(rec["id"])
		tbl.insert(k, rec)
	}
	return tbl
}

// TestPlans checks which queries the trees answer without a scan.
func TestPlans(t *testing.T) {
	tbl := planTable(t)
	eq := func(field, typ string, fold bool, values ...any) *adapter.Query {
		return &adapter.Query{Filters: []adapter.Filter{{Field: field, Type: typ, Op: adapter.OpEq, Values: values, Fold: fold}}}
	}
	cases := []struct {
		name  string
		q     *adapter.Query
		plan  bool
		count int
	}{
		{"eq on a foreign key", eq("userId", "number", false, 7.0), true, 10},
		{"in on a foreign key", eq("userId", "number", false, 7.0, 8.0, 7.0), true, 20},
		{"eq on the primary key", eq("id", "number", false, 7.0, 1e300, "x"), true, 1},
		{"eq on a date", eq("at", "date", false, "2024-01-01T00:00:01+00:00"), true, 17},
		{"date-ness mismatch", eq("at", "string", false, "2024-01-01T00:00:01Z"), false, 0},
		{"folded", eq("userId", "number", true, 7.0), false, 0},
		{"unindexed", eq("title", "string", false, "x"), false, 0},
		{"undeclared: text and number", eq("nope", "", false, adapter.NewUntyped("3")), true, 100},
		{"undeclared: a Go number", eq("nope", "", false, 3.0), true, 50},
		{"undeclared: text only", eq("nope", "", false, adapter.NewUntyped("x"), "3"), true, 50},
		{"undeclared primary key", eq("id", "", false, adapter.NewUntyped("7"), adapter.NewUntyped("8.0")), true, 2},
		{"gt", &adapter.Query{Filters: []adapter.Filter{{Field: "userId", Type: "number", Op: adapter.OpGt, Values: []any{1.0}}}}, false, 0},
	}
	for _, c := range cases {
		rows, ok := tbl.candidates(c.q)
		assert.Equal(t, c.plan, ok, c.name)
		assert.Len(t, rows, c.count, c.name)
		for i := 1; i < len(rows); i++ {
			assert.Less(t, rows[i-1].seq, rows[i].seq, "%s: candidates in insertion order", c.name)
		}
	}
	assert.True(t, tbl.index("at").ordered("date"))
	assert.False(t, tbl.index("at").ordered("string"))
	assert.Nil(t, tbl.index("title"))
	assert.True(t, tbl.index("nope").ordered(""))
	assert.False(t, tbl.index("nope").ordered("string"), "strings of undeclared fields may be dates")
	assert.False(t, tbl.index("userId").ordered(""))

	// A sorted first page walks only as far as the page.
	visited := 0
	tbl.index("at").each(true, func(*row) bool { visited++; return visited < 10 })
	assert.Equal(t, 10, visited)
}
