package adaptertest

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

func queryCases() []testCase {
	return []testCase{
		{name: "Operators", run: testOperators},
		{name: "Fold", run: testFold},
		{name: "Search", run: testSearch},
		{name: "Sort", run: testSort},
		{name: "Page", run: testPage},
		{name: "FilterSortPage", run: testFilterSortPage},
		{name: "QueryAfterWrites", run: testQueryAfterWrites},
		{name: "Undeclared", raw: true, run: testUndeclared},
	}
}

// filter builds a one-filter query on users.
func filter(field, typ string, op adapter.Op, values ...any) *adapter.Query {
	return &adapter.Query{Filters: []adapter.Filter{{Field: field, Type: typ, Op: op, Values: values}}}
}

func fold(q *adapter.Query) *adapter.Query {
	for i := range q.Filters {
		q.Filters[i].Fold = true
	}
	return q
}

const (
	num  = schema.TypeNumber
	str  = schema.TypeString
	date = schema.TypeDate
	boo  = schema.TypeBoolean
	arr  = schema.TypeArray
)

type queryCase struct {
	name string
	q    *adapter.Query
	want []any // user ids
}

// operatorCases covers every operator of adapter.Ops, on the users of the
// fixture.
func operatorCases() map[adapter.Op][]queryCase {
	return map[adapter.Op][]queryCase{
		adapter.OpEq: {
			{"number", filter("age", num, adapter.OpEq, 25.0), nums(2, 4)},
			{"any of several", filter("name", str, adapter.OpEq, "Ada", "Bob", "nobody"), nums(1, 2)},
			{"date as instant", filter("createdAt", date, adapter.OpEq, "2024-01-02T00:00:00Z"), nums(3)},
			{"date with offset", filter("createdAt", date, adapter.OpEq, "2024-01-02T10:00:00Z"), nums(5)},
			{"boolean", filter("active", boo, adapter.OpEq, true), nums(1, 3, 4)},
			{"unicode", filter("name", str, adapter.OpEq, "Zoë"), nums(3)},
			{"case sensitive", filter("name", str, adapter.OpEq, "ada"), nums()},
			{"primary key", filter("id", num, adapter.OpEq, 4.0), nums(4)},
			{"undeclared field", filter("nickname", "", adapter.OpEq, "danny"), nums(5)},
			{"null never equals", filter("age", num, adapter.OpEq, nil), nums()},
			{"wrong type matches nothing", filter("age", num, adapter.OpEq, "25"), nums()},
			{"no values", filter("age", num, adapter.OpEq), nums()},
		},
		adapter.OpNe: {
			{"missing matches", filter("age", num, adapter.OpNe, 25.0), nums(1, 3, 5)},
			{"several", filter("name", str, adapter.OpNe, "Ada", "Bob"), nums(3, 4, 5)},
			{"date missing matches", filter("createdAt", date, adapter.OpNe, "2024-01-02"), nums(1, 2, 4, 5)},
		},
		adapter.OpGt: {
			{"number", filter("age", num, adapter.OpGt, 30.0), nums(1, 5)},
			{"date", filter("createdAt", date, adapter.OpGt, "2024-01-02T05:00:00Z"), nums(1, 5)},
			{"string", filter("name", str, adapter.OpGt, "C"), nums(3, 4, 5)},
			{"huge bound", filter("age", num, adapter.OpGt, math.MaxFloat64), nums()},
		},
		adapter.OpGte: {
			{"number", filter("age", num, adapter.OpGte, 36.0), nums(1, 5)},
			{"date", filter("createdAt", date, adapter.OpGte, "2024-01-02"), nums(1, 3, 5)},
			{"tiny bound", filter("age", num, adapter.OpGte, -math.MaxFloat64), nums(1, 2, 4, 5)},
		},
		adapter.OpLt: {
			{"number", filter("age", num, adapter.OpLt, 36.0), nums(2, 4)},
			{"date", filter("createdAt", date, adapter.OpLt, "2024-01-02T10:00:00+00:00"), nums(2, 3)},
		},
		adapter.OpLte: {
			{"number", filter("age", num, adapter.OpLte, 36.0), nums(1, 2, 4)},
			{"date", filter("createdAt", date, adapter.OpLte, "2024-01-02T12:00:00+02:00"), nums(2, 3, 5)},
		},
		adapter.OpIn: {
			{"ids", filter("id", num, adapter.OpIn, 1.0, 3.0, 99.0), nums(1, 3)},
			{"strings", filter("email", str, adapter.OpIn, "bob@example.com", "zoë@example.com"), nums(2, 3)},
			{"none", filter("id", num, adapter.OpIn), nums()},
		},
		adapter.OpNin: {
			{"ids", filter("id", num, adapter.OpNin, 1.0, 3.0), nums(2, 4, 5)},
			{"missing matches", filter("age", num, adapter.OpNin, 25.0, 36.0), nums(3, 5)},
		},
		adapter.OpContains: {
			{"array membership", filter("tags", arr, adapter.OpContains, "dev"), nums(2, 4)},
			{"substring", filter("name", str, adapter.OpContains, "o"), nums(2, 3, 4)},
			{"unicode substring", filter("email", str, adapter.OpContains, "ë@"), nums(3)},
			{"any of several, never an empty array", filter("tags", arr, adapter.OpContains, "admin", "ops"), nums(1, 4, 5)},
		},
		adapter.OpStartsWith: {
			{"prefix", filter("email", str, adapter.OpStartsWith, "b"), nums(2)},
			{"empty prefix", filter("name", str, adapter.OpStartsWith, ""), nums(1, 2, 3, 4, 5)},
			{"not a string", filter("age", num, adapter.OpStartsWith, "2"), nums()},
		},
		adapter.OpEndsWith: {
			{"suffix", filter("email", str, adapter.OpEndsWith, "example.com"), nums(1, 2, 3, 4, 5)},
			{"unicode suffix", filter("name", str, adapter.OpEndsWith, "oë"), nums(3)},
		},
		adapter.OpExists: {
			{"true", filter("age", num, adapter.OpExists, true), nums(1, 2, 4, 5)},
			{"false: null", filter("age", num, adapter.OpExists, false), nums(3)},
			{"false: absent", filter("createdAt", date, adapter.OpExists, false), nums(4)},
			{"undeclared", filter("nickname", "", adapter.OpExists, true), nums(5)},
		},
	}
}

func testOperators(t *testing.T, a adapter.DatabaseAdapter) {
	cases := operatorCases()
	for _, op := range adapter.Ops {
		t.Run(string(op), func(t *testing.T) {
			if !assert.NotEmpty(t, cases[op], "the kit has no case for operator %q", op) {
				return
			}
			for _, c := range cases[op] {
				page := list(t, a, "users", c.q)
				assert.Equal(t, c.want, keys(page.Records, "id"), c.name)
				assert.Equal(t, len(c.want), page.Total, c.name)
			}
		})
	}
	// Several filters must all match.
	q := &adapter.Query{Filters: []adapter.Filter{
		{Field: "active", Type: boo, Op: adapter.OpEq, Values: []any{true}},
		{Field: "age", Type: num, Op: adapter.OpLt, Values: []any{30.0}},
	}}
	assert.Equal(t, nums(4), keys(list(t, a, "users", q).Records, "id"), "filters combine with and")
	// References on another resource.
	posts := list(t, a, "posts", filter("userId", num, adapter.OpEq, 1.0))
	assert.Equal(t, nums(1, 2), keys(posts.Records, "id"))
	sessions := list(t, a, "sessions", filter("token", schema.TypeUUID, adapter.OpEq, token2))
	assert.Equal(t, []any{token2}, keys(sessions.Records, "token"))
}

func testFold(t *testing.T, a adapter.DatabaseAdapter) {
	cases := []queryCase{
		{"eq", fold(filter("email", str, adapter.OpEq, "carol@EXAMPLE.com")), nums(4)},
		{"eq unicode", fold(filter("name", str, adapter.OpEq, "ZOË")), nums(3)},
		{"in", fold(filter("name", str, adapter.OpIn, "ada", "BOB")), nums(1, 2)},
		{"ne", fold(filter("name", str, adapter.OpNe, "ADA", "CAROL")), nums(2, 3, 5)},
		{"nin", fold(filter("name", str, adapter.OpNin, "zoË")), nums(1, 2, 4, 5)},
		{"contains", fold(filter("name", str, adapter.OpContains, "AROL")), nums(4)},
		{"contains in array", fold(filter("tags", arr, adapter.OpContains, "DEV")), nums(2, 4)},
		{"startsWith", fold(filter("name", str, adapter.OpStartsWith, "ZO")), nums(3)},
		{"endsWith", fold(filter("email", str, adapter.OpEndsWith, "@EXAMPLE.COM")), nums(1, 2, 3, 4, 5)},
		{"numbers unaffected", fold(filter("age", num, adapter.OpEq, 25.0)), nums(2, 4)},
	}
	for _, c := range cases {
		page := list(t, a, "users", c.q)
		assert.Equal(t, c.want, keys(page.Records, "id"), c.name)
		assert.Equal(t, len(c.want), page.Total, c.name)
	}
}

func testSearch(t *testing.T, a adapter.DatabaseAdapter) {
	cases := []struct {
		text string
		want []any
	}{
		{"EXAMPLE", nums(1, 2, 3, 4, 5)},
		{"zoë", nums(3)},
		{"ZOË", nums(3)},
		{"danny", nums(5)},  // an undeclared field
		{"London", nums()},  // nested values are not searched
		{"nothing", nums()}, // no match at all
		{"b", nums(2)},      // bob, Bob
		{"🚀", nums()},
	}
	for _, c := range cases {
		page := list(t, a, "users", &adapter.Query{Search: c.text})
		assert.Equal(t, c.want, keys(page.Records, "id"), "search %q", c.text)
		assert.Equal(t, len(c.want), page.Total, "search %q", c.text)
	}
	q := &adapter.Query{Search: "o", Filters: []adapter.Filter{{Field: "active", Type: boo, Op: adapter.OpEq, Values: []any{true}}}}
	assert.Equal(t, nums(1, 3, 4), keys(list(t, a, "users", q).Records, "id"), "search and filters combine")
	posts := list(t, a, "posts", &adapter.Query{Search: "ÜNÏ"})
	assert.Equal(t, nums(3), keys(posts.Records, "id"))
}

func sortBy(keys ...adapter.SortKey) *adapter.Query { return &adapter.Query{Sort: keys} }

func testSort(t *testing.T, a adapter.DatabaseAdapter) {
	cases := []queryCase{
		{"indexed date asc, missing last", sortBy(adapter.SortKey{Field: "createdAt", Type: date}), nums(2, 3, 5, 1, 4)},
		{"indexed date desc, missing last", sortBy(adapter.SortKey{Field: "createdAt", Type: date, Desc: true}), nums(1, 5, 3, 2, 4)},
		{"indexed number asc, ties stable, null last", sortBy(adapter.SortKey{Field: "age", Type: num}), nums(2, 4, 1, 5, 3)},
		{"indexed number desc, ties stable, null last", sortBy(adapter.SortKey{Field: "age", Type: num, Desc: true}), nums(5, 1, 2, 4, 3)},
		{"string bytewise", sortBy(adapter.SortKey{Field: "name", Type: str}), nums(1, 2, 5, 3, 4)},
		{"string desc", sortBy(adapter.SortKey{Field: "name", Type: str, Desc: true}), nums(4, 3, 5, 2, 1)},
		{"boolean asc, ties stable", sortBy(adapter.SortKey{Field: "active", Type: boo}), nums(2, 5, 1, 3, 4)},
		{"primary key desc", sortBy(adapter.SortKey{Field: "id", Type: num, Desc: true}), nums(5, 4, 3, 2, 1)},
		{"multi-key", sortBy(adapter.SortKey{Field: "active", Type: boo, Desc: true}, adapter.SortKey{Field: "age", Type: num}), nums(4, 1, 3, 2, 5)},
		{"multi-key desc, missing last", sortBy(adapter.SortKey{Field: "active", Type: boo}, adapter.SortKey{Field: "createdAt", Type: date, Desc: true}), nums(5, 2, 1, 3, 4)},
		{"undeclared field, missing last both ways", sortBy(adapter.SortKey{Field: "nickname", Desc: true}), nums(5, 1, 2, 3, 4)},
		{"unknown field keeps insertion order", sortBy(adapter.SortKey{Field: "nope", Type: str}), nums(1, 2, 3, 4, 5)},
	}
	for _, c := range cases {
		page := list(t, a, "users", c.q)
		assert.Equal(t, c.want, keys(page.Records, "id"), c.name)
		assert.Equal(t, 5, page.Total, c.name)
	}
	posts := list(t, a, "posts", sortBy(adapter.SortKey{Field: "publishedAt", Type: date, Desc: true}))
	assert.Equal(t, nums(2, 1, 3), keys(posts.Records, "id"), "null sorts last descending")
	posts = list(t, a, "posts", sortBy(adapter.SortKey{Field: "publishedAt", Type: date}))
	assert.Equal(t, nums(1, 2, 3), keys(posts.Records, "id"), "null sorts last ascending")
}

func testPage(t *testing.T, a adapter.DatabaseAdapter) {
	cases := []struct {
		name          string
		page, perPage int
		want          []any
	}{
		{"first", 1, 2, nums(1, 2)},
		{"middle", 2, 2, nums(3, 4)},
		{"last, short", 3, 2, nums(5)},
		{"past the end", 4, 2, nums()},
		{"far past the end", math.MaxInt, 2, nums()},
		{"page 0 reads as 1", 0, 2, nums(1, 2)},
		{"negative page reads as 1", -5, 2, nums(1, 2)},
		{"no paging", 3, 0, nums(1, 2, 3, 4, 5)},
		{"huge page size", 1, math.MaxInt, nums(1, 2, 3, 4, 5)},
		{"huge page and size", math.MaxInt, math.MaxInt, nums()},
		{"exact fit", 1, 5, nums(1, 2, 3, 4, 5)},
	}
	for _, c := range cases {
		page := list(t, a, "users", &adapter.Query{Page: c.page, PerPage: c.perPage})
		assert.Equal(t, c.want, keys(page.Records, "id"), c.name)
		assert.Equal(t, 5, page.Total, c.name)
	}
	sorted := &adapter.Query{Sort: []adapter.SortKey{{Field: "createdAt", Type: date, Desc: true}}, Page: 2, PerPage: 2}
	page := list(t, a, "users", sorted)
	assert.Equal(t, nums(3, 2), keys(page.Records, "id"), "paging applies after sorting")
	assert.Equal(t, 5, page.Total)
}

func testFilterSortPage(t *testing.T, a adapter.DatabaseAdapter) {
	q := &adapter.Query{
		Filters: []adapter.Filter{{Field: "active", Type: boo, Op: adapter.OpEq, Values: []any{true}}},
		Sort:    []adapter.SortKey{{Field: "name", Type: str, Desc: true}},
		Page:    1, PerPage: 2,
	}
	page := list(t, a, "users", q)
	assert.Equal(t, nums(4, 3), keys(page.Records, "id"))
	assert.Equal(t, 3, page.Total, "Total counts matches before paging")
	q.Page = 2
	page = list(t, a, "users", q)
	assert.Equal(t, nums(1), keys(page.Records, "id"))
	assert.Equal(t, 3, page.Total)
	q = &adapter.Query{
		Filters: []adapter.Filter{{Field: "userId", Type: num, Op: adapter.OpIn, Values: []any{1.0, 2.0}}},
		Sort:    []adapter.SortKey{{Field: "publishedAt", Type: date, Desc: true}},
		PerPage: 2,
	}
	page = list(t, a, "posts", q)
	assert.Equal(t, nums(2, 1), keys(page.Records, "id"))
	assert.Equal(t, 3, page.Total)
}

func testQueryAfterWrites(t *testing.T, a adapter.DatabaseAdapter) {
	update(t, a, func(tx adapter.WriteTx) error {
		if err := tx.Insert("users", adapter.Record{"id": 8.0, "email": "e@example.com", "age": 25.0, "createdAt": "2023-12-31T23:59:59Z"}); err != nil {
			return err
		}
		if err := tx.Replace("users", adapter.Record{"id": 2.0, "email": "bob@example.com", "age": 50.0}); err != nil {
			return err
		}
		return tx.Delete("users", 5.0)
	})
	cases := []queryCase{
		{"eq on an indexed field", filter("age", num, adapter.OpEq, 25.0), nums(4, 8)},
		{"replaced value", filter("age", num, adapter.OpEq, 50.0), nums(2)},
		{"sort on an indexed date", sortBy(adapter.SortKey{Field: "createdAt", Type: date, Desc: true}), nums(1, 3, 8, 2, 4)},
		{"sort on an indexed number", sortBy(adapter.SortKey{Field: "age", Type: num}), nums(4, 8, 1, 2, 3)},
		{"unique field", filter("email", str, adapter.OpEq, "e@example.com"), nums(8)},
	}
	for _, c := range cases {
		page := list(t, a, "users", c.q)
		assert.Equal(t, c.want, keys(page.Records, "id"), c.name)
		assert.Equal(t, len(c.want), page.Total, c.name)
	}
}
