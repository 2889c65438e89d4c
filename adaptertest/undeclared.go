package adaptertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// undeclaredSpec has the shape of the upstream persistence guide's
// example: notes declare only id and userId, and their records carry
// title, createdAt and views besides. indexedFields names createdAt, which
// no resource declares, so an adapter that indexes may index it.
func undeclaredSpec() *schema.Spec {
	return &schema.Spec{
		Resources: []schema.Resource{{
			Name:   "notes",
			Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}, {Name: "userId", Type: schema.TypeNumber}},
		}},
		Options: schema.Options{Database: schema.Database{Optimizations: schema.Optimizations{IndexedFields: []string{"userId", "createdAt"}}}},
	}
}

// undeclaredData returns the notes, in insertion order:
//
//	id title     createdAt (instant)            views  tags
//	1  "Hello"   2024-01-01T10:00:00Z           10     [go, 1]
//	2  "hello"   2024-01-01T12:00:00.5+02:00    "10"
//	             (10:00:00.5Z)
//	3  42        "2024-01-01T10:00:00.000Z"     true   [Go]
//	4  "World"   "soon"                         null
//	5  (missing) (missing)                      9.5
func undeclaredData() adapter.Dataset {
	return adapter.Dataset{"notes": {
		{"id": 1.0, "userId": 1.0, "title": "Hello", "createdAt": "2024-01-01T10:00:00Z", "views": 10.0, "tags": []any{"go", 1.0}},
		{"id": 2.0, "userId": 1.0, "title": "hello", "createdAt": "2024-01-01T12:00:00.5+02:00", "views": "10"},
		{"id": 3.0, "userId": 2.0, "title": 42.0, "createdAt": "2024-01-01T10:00:00.000Z", "views": true, "tags": []any{"Go"}},
		{"id": 4.0, "userId": 2.0, "title": "World", "createdAt": "soon", "views": nil},
		{"id": 5.0, "userId": 2.0, "views": 9.5},
	}}
}

// testUndeclared checks queries on fields the spec does not declare
// (Filter.Type ""): values read per record (adapter.Untyped) by the stored
// value's JSON type, dates as instants for the ordering operators and for
// sorting, missing values, case folding and an indexed undeclared field.
func testUndeclared(t *testing.T, a adapter.DatabaseAdapter) {
	require.NoError(t, a.Initialize(t.Context(), undeclaredSpec(), adapter.NewState(undeclaredData(), nil)))
	u := func(texts ...string) []any {
		out := make([]any, len(texts))
		for i, s := range texts {
			out[i] = adapter.NewUntyped(s)
		}
		return out
	}
	f := func(field string, op adapter.Op, values ...any) *adapter.Query {
		return &adapter.Query{Filters: []adapter.Filter{{Field: field, Op: op, Values: values}}}
	}
	cases := []queryCase{
		{"text", f("title", adapter.OpEq, u("Hello")...), nums(1)},
		{"a number stored among text", f("title", adapter.OpEq, u("42")...), nums(3)},
		{"number and text alike", f("views", adapter.OpEq, u("10")...), nums(1, 2)},
		{"a boolean", f("views", adapter.OpEq, u("true")...), nums(3)},
		{"a Go value as given", f("views", adapter.OpEq, 10.0), nums(1)},
		{"in", f("views", adapter.OpIn, u("9.5", "true")...), nums(3, 5)},
		{"ne keeps missing and null", f("title", adapter.OpNe, u("Hello")...), nums(2, 3, 4, 5)},
		{"nin", f("views", adapter.OpNin, u("10", "9.5")...), nums(3, 4)},
		{"gt reads numbers as numbers, text as text", f("views", adapter.OpGt, u("09")...), nums(1, 2, 5)},
		{"exists false: missing and null", f("views", adapter.OpExists, false), nums(4)},
		{"exists true", f("title", adapter.OpExists, true), nums(1, 2, 3, 4)},
		{"contains text and members", f("tags", adapter.OpContains, u("1")...), nums(1)},
		{"contains in text", f("title", adapter.OpContains, u("orl")...), nums(4)},
		{"startsWith", f("title", adapter.OpStartsWith, u("He")...), nums(1)},
		{"endsWith", f("title", adapter.OpEndsWith, u("llo")...), nums(1, 2)},
		{"dates as instants", f("createdAt", adapter.OpGt, u("2024-01-01T10:00:00Z")...), nums(2, 4)},
		{"equal instants", f("createdAt", adapter.OpLte, u("2024-01-01T11:00:00+01:00")...), nums(1, 3)},
		{"a plain date bound", f("createdAt", adapter.OpGte, u("2024-01-01")...), nums(1, 2, 3, 4)},
		{"other text after dates", f("createdAt", adapter.OpLt, u("a")...), nums(1, 2, 3)},
		{"equality stays textual", f("createdAt", adapter.OpEq, u("2024-01-01T10:00:00Z")...), nums(1)},
		{"a missing field of every record", f("nope", adapter.OpNe, u("x")...), nums(1, 2, 3, 4, 5)},
	}
	folded := []queryCase{
		{"fold eq", f("title", adapter.OpEq, u("HELLO")...), nums(1, 2)},
		{"fold in", f("title", adapter.OpIn, u("world", "42")...), nums(3, 4)},
		{"fold contains a member", f("tags", adapter.OpContains, u("GO")...), nums(1, 3)},
		{"fold leaves numbers alone", f("views", adapter.OpEq, u("10")...), nums(1, 2)},
	}
	for _, c := range folded {
		c.q.Filters[0].Fold = true
		cases = append(cases, c)
	}
	sorted := func(field string, desc bool, perPage int) *adapter.Query {
		return &adapter.Query{Sort: []adapter.SortKey{{Field: field, Desc: desc}}, Page: 1, PerPage: perPage}
	}
	cases = append(cases,
		queryCase{"sort by kind, dates by instant, missing last", sorted("createdAt", false, 0), nums(1, 3, 2, 4, 5)},
		queryCase{"sort descending, missing still last", sorted("createdAt", true, 0), nums(4, 2, 1, 3, 5)},
		queryCase{"a first page", sorted("createdAt", true, 2), nums(4, 2)},
		queryCase{"sort mixed kinds", sorted("views", false, 0), nums(3, 5, 1, 2, 4)},
		queryCase{"sort text bytewise", sorted("title", true, 0), nums(2, 4, 1, 3, 5)},
	)
	for _, c := range cases {
		page := list(t, a, "notes", c.q)
		assert.Equal(t, c.want, keys(page.Records, "id"), c.name)
	}
	// Filter, sort and page together, counting every match.
	q := &adapter.Query{
		Filters: []adapter.Filter{{Field: "createdAt", Op: adapter.OpExists, Values: []any{true}}},
		Sort:    []adapter.SortKey{{Field: "createdAt", Desc: true}},
		Page:    2, PerPage: 2,
	}
	page := list(t, a, "notes", q)
	assert.Equal(t, nums(1, 3), keys(page.Records, "id"))
	assert.Equal(t, 4, page.Total)
	// Writes keep the indexed undeclared field in order.
	update(t, a, func(tx adapter.WriteTx) error {
		if err := tx.Insert("notes", adapter.Record{"id": 6.0, "createdAt": "2023-12-31T23:00:00-02:00"}); err != nil {
			return err
		}
		return tx.Delete("notes", 4.0)
	})
	assert.Equal(t, nums(6, 1, 3, 2, 5), keys(list(t, a, "notes", sorted("createdAt", false, 0)).Records, "id"))
}
