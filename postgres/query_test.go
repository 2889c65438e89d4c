package postgres_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/postgres"
	"github.com/pretendo-go/pretendo/schema"
)

// The query tests compare what PostgreSQL answers with what the Go
// reference (adapter.Query.Match, adapter.SortRecords, Query.Bounds) says
// on the same records, for many random queries over values of every type,
// including values of the wrong type, missing ones and nulls.

func itemsSpec() *schema.Spec {
	return &schema.Spec{Resources: []schema.Resource{{
		Name: "items",
		Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "name", Type: schema.TypeString},
			{Name: "qty", Type: schema.TypeInteger},
			{Name: "price", Type: schema.TypeNumber},
			{Name: "active", Type: schema.TypeBoolean},
			{Name: "born", Type: schema.TypeDate},
			{Name: "tags", Type: schema.TypeArray},
			{Name: "meta", Type: schema.TypeObject},
		},
	}}}
}

// indexedItemsSpec is itemsSpec with every field indexed, which lets List
// read pages sorted on a typed field in the order of its index.
func indexedItemsSpec() *schema.Spec {
	s := itemsSpec()
	s.Options.Database.Optimizations.IndexedFields = []string{"name", "qty", "price", "active", "born", "tags", "meta"}
	return s
}

// itemSpecs are the layouts every query test runs on.
var itemSpecs = map[string]func() *schema.Spec{"plain": itemsSpec, "indexed": indexedItemsSpec}

// pools of values: each field's own type first, then wrong types.
var (
	poolStrings = []any{"alpha", "Alpha", "ALPHA", "beta", "Zoë", "zoë", "ZOË", "", "a b", "ünï", "x_y", "100", "10", "9", "b"}
	poolInts    = []any{-3.0, -1.0, 0.0, 1.0, 2.0, 3.0, 1e15, float64(adapter.MaxSafeInteger)}
	poolFloats  = []any{-1.5, 0.0, 2.25, 1e300, -1e-300, 7.0, 2.0}
	poolBools   = []any{true, false}
	poolDates   = []any{"2024-01-02", "2024-01-02T00:00:00Z", "2024-01-02T01:00:00+01:00", "2024-01-01T23:59:59.999999999Z",
		"2024-01-01T23:59:59.999999998Z", "2023-12-31T10:00", "2024-06-01T12:00:00.5Z", "2024-06-01T12:00:00.500Z", "yesterday", "2024-13-01"}
	poolWrong = []any{"7", 2.5, true, "true", 20240102.0, -0.5}
)

func pick(r *rand.Rand, pool []any) any { return pool[r.IntN(len(pool))] }

// fieldValue returns a random value for field, or false for "absent".
func fieldValue(r *rand.Rand, field string) (any, bool) {
	switch p := r.IntN(100); {
	case p < 12:
		return nil, false
	case p < 20:
		return nil, true
	case p < 30:
		if field == "born" {
			return pick(r, []any{20240102.0, true, 1.0}), true
		}
		return pick(r, poolWrong), true
	}
	switch field {
	case "name":
		return pick(r, poolStrings), true
	case "qty":
		return pick(r, poolInts), true
	case "price":
		return pick(r, poolFloats), true
	case "active":
		return pick(r, poolBools), true
	case "born":
		return pick(r, poolDates), true
	case "tags":
		n := r.IntN(4)
		tags := make([]any, n)
		for i := range tags {
			tags[i] = pick(r, append(append([]any{nil}, poolStrings[:6]...), 1.0, true))
		}
		return tags, true
	case "meta":
		return map[string]any{"k": pick(r, poolStrings)}, true
	case "when": // undeclared, mostly dates
		return pick(r, poolMixed), true
	default: // extra, undeclared
		return pick(r, append(append([]any{}, poolStrings...), 1.0, 2.5, false, []any{"alpha"})), true
	}
}

// poolMixed holds values of every JSON type for an undeclared field:
// dates of several forms (some of the same instant), numbers and booleans
// also written as text.
var poolMixed = []any{
	"2024-01-02T00:00:00Z", "2024-01-02T01:00:00+01:00", "2024-01-02", "2024-01-01T23:59:59.999999999Z",
	"2024-06-01T12:00:00.5Z", "2024-06-01T12:00:00.500Z", "1969-12-31T23:59:59.25Z", "2024-01-02t00:00:00z",
	"-999-01-01", "yesterday", "Yesterday", "10", 10.0, 9.5, "true", true, false, "", []any{"2024-01-02", 10.0, true},
	map[string]any{"k": "v"},
}

// poolTexts are query values for undeclared fields, as a URL gives them.
var poolTexts = []string{
	"2024-01-02", "2024-01-02T00:00:00Z", "2024-01-01T23:59:59.999999999Z", "2024-06-01T12:00:00.5Z", "1970-01-01",
	"yesterday", "YESTERDAY", "10", "10.0", "9.5", "true", "false", "", "alpha", "100", "zoë", "-999-01-01",
}

var itemFields = []string{"id", "name", "qty", "price", "active", "born", "tags", "meta", "extra", "when"}

func fieldType(field string) string {
	if f := itemsSpec().Resources[0].Field(field); f != nil {
		return f.Type
	}
	return ""
}

func randomItems(r *rand.Rand, n int) []adapter.Record {
	recs := make([]adapter.Record, 0, n)
	for i := range n {
		rec := adapter.Record{"id": float64(i + 1)}
		for _, f := range itemFields[1:] {
			if v, ok := fieldValue(r, f); ok {
				rec[f] = v
			}
		}
		recs = append(recs, rec)
	}
	return recs
}

// filterValue returns a random filter value for field (any type).
func filterValue(r *rand.Rand, field string) any {
	if r.IntN(5) == 0 {
		return pick(r, poolWrong)
	}
	switch field {
	case "id", "qty":
		return pick(r, append(append([]any{}, poolInts...), 2.5, -0.5, math.Inf(1), math.NaN()))
	case "price":
		return pick(r, append(append([]any{}, poolFloats...), math.NaN(), math.Inf(-1)))
	case "active":
		return pick(r, poolBools)
	case "born":
		return pick(r, poolDates)
	case "when":
		return pick(r, poolMixed)
	default:
		return pick(r, poolStrings)
	}
}

// queryType is the type a random query reads field by: mostly its own, and
// sometimes "", the type of undeclared fields, even for a declared one.
func queryType(r *rand.Rand, field string) string {
	if r.IntN(6) == 0 {
		return ""
	}
	return fieldType(field)
}

func randomQuery(r *rand.Rand) *adapter.Query {
	q := &adapter.Query{}
	for range r.IntN(3) {
		field := itemFields[r.IntN(len(itemFields))]
		op := adapter.Ops[r.IntN(len(adapter.Ops))]
		f := adapter.Filter{Field: field, Type: queryType(r, field), Op: op, Fold: r.IntN(3) == 0}
		if op == adapter.OpExists {
			f.Values = []any{pick(r, []any{true, false, "yes"})}
		} else {
			for range r.IntN(4) {
				if f.Type == "" && r.IntN(3) > 0 {
					// The parser reads values of undeclared fields per record.
					f.Values = append(f.Values, adapter.NewUntyped(poolTexts[r.IntN(len(poolTexts))]))
					continue
				}
				f.Values = append(f.Values, filterValue(r, field))
			}
		}
		q.Filters = append(q.Filters, f)
	}
	if r.IntN(4) == 0 {
		q.Search = pick(r, poolStrings).(string)
	}
	sortable := []string{"id", "name", "qty", "price", "active", "born", "extra", "when", "nope"}
	for range r.IntN(3) {
		field := sortable[r.IntN(len(sortable))]
		q.Sort = append(q.Sort, adapter.SortKey{Field: field, Type: queryType(r, field), Desc: r.IntN(2) == 0})
	}
	if r.IntN(2) == 0 {
		q.Page, q.PerPage = r.IntN(5), r.IntN(5)
	}
	return q
}

// reference answers q over recs in Go.
func reference(recs []adapter.Record, q *adapter.Query) ([]any, int) {
	var matched []adapter.Record
	for _, rec := range recs {
		if q.Match(rec) {
			matched = append(matched, rec)
		}
	}
	adapter.SortRecords(matched, q.Sort)
	start, end := q.Bounds(len(matched))
	ids := []any{}
	for _, rec := range matched[start:end] {
		ids = append(ids, rec["id"])
	}
	return ids, len(matched)
}

func ids(recs []adapter.Record) []any {
	out := []any{}
	for _, rec := range recs {
		out = append(out, rec["id"])
	}
	return out
}

// openItems returns an initialized DB of spec holding recs.
func openItems(tb testing.TB, spec *schema.Spec, recs []adapter.Record) *postgres.DB {
	tb.Helper()
	db := open(tb)
	require.NoError(tb, db.Initialize(tb.Context(), spec, adapter.NewState(adapter.Dataset{"items": recs}, nil)))
	return db
}

// listItems runs q through db.
func listItems(tb testing.TB, db *postgres.DB, q *adapter.Query) adapter.Page {
	tb.Helper()
	var page adapter.Page
	require.NoError(tb, db.View(tb.Context(), func(tx adapter.Tx) error {
		var err error
		page, err = tx.List("items", q)
		return err
	}), "query %s", describe(q))
	return page
}

func describe(q *adapter.Query) string {
	return fmt.Sprintf("filters=%v search=%q sort=%v page=%d/%d", q.Filters, q.Search, q.Sort, q.Page, q.PerPage)
}

func TestListMatchesGo(t *testing.T) {
	for name, spec := range itemSpecs {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			recs := randomItems(r, 60)
			db := openItems(t, spec(), recs)
			back, err := db.Backup(t.Context())
			require.NoError(t, err)
			got, _ := adapter.Snapshot(back)
			require.Equal(t, recs, got["items"], "every record round-trips exactly")
			for i := range 600 {
				q := randomQuery(r)
				want, total := reference(recs, q)
				page := listItems(t, db, q)
				if !assert.Equal(t, want, ids(page.Records), "query %d: %s", i, describe(q)) {
					continue
				}
				assert.Equal(t, total, page.Total, "query %d: %s", i, describe(q))
			}
		})
	}
}

// TestSortedPagesMatchGo pages through records sorted by each typed field,
// which an indexed layout reads in the order of the field's index, merged
// with the records whose value the column does not hold.
func TestSortedPagesMatchGo(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	recs := randomItems(r, 80)
	db := openItems(t, indexedItemsSpec(), recs)
	for _, field := range []string{"name", "qty", "price", "active", "born"} {
		for _, desc := range []bool{false, true} {
			for perPage := 1; perPage <= 30; perPage += 7 {
				for page := 1; (page-1)*perPage <= len(recs); page++ {
					q := &adapter.Query{Sort: []adapter.SortKey{{Field: field, Type: fieldType(field), Desc: desc}}, Page: page, PerPage: perPage}
					if r.IntN(3) == 0 {
						q.Filters = randomQuery(r).Filters
					}
					want, total := reference(recs, q)
					got := listItems(t, db, q)
					require.Equal(t, want, ids(got.Records), describe(q))
					require.Equal(t, total, got.Total, describe(q))
				}
			}
		}
	}
}

func TestListCases(t *testing.T) {
	recs := []adapter.Record{
		{"id": 1.0, "name": "Zoë", "qty": 3.0, "born": "2024-01-02T01:00:00+01:00", "tags": []any{"a", nil}, "when": "2024-01-02T01:00:00+01:00"},
		{"id": 2.0, "name": "zoë", "qty": "3", "born": "2024-01-02", "tags": "a", "when": "2024-01-02"},
		{"id": 3.0, "name": 7.0, "qty": 2.5, "born": "2024-01-01T23:59:59.999999999Z", "extra": "ZOË", "when": 10.0},
		{"id": 4.0, "qty": float64(adapter.MaxSafeInteger), "born": nil, "tags": []any{}, "when": "yesterday"},
		{"id": 5.0, "name": "", "qty": -0.0, "extra": 7.0},
	}
	dbs := map[string]*postgres.DB{}
	for name, spec := range itemSpecs {
		dbs[name] = openItems(t, spec(), recs)
	}
	f := func(field string, op adapter.Op, fold bool, values ...any) *adapter.Query {
		return &adapter.Query{Filters: []adapter.Filter{{Field: field, Type: fieldType(field), Op: op, Values: values, Fold: fold}}}
	}
	sortBy := func(field string, desc bool) *adapter.Query {
		return &adapter.Query{Sort: []adapter.SortKey{{Field: field, Type: fieldType(field), Desc: desc}}}
	}
	cases := []struct {
		name string
		q    *adapter.Query
		want []any
	}{
		{"fold matches unicode", f("name", adapter.OpEq, true, "ZOË"), []any{1.0, 2.0}},
		{"case sensitive", f("name", adapter.OpEq, false, "zoë"), []any{2.0}},
		{"number in a string field is not a string", f("name", adapter.OpEq, false, "7"), []any{}},
		{"number in a string field equals a number", f("name", adapter.OpEq, false, 7.0), []any{3.0}},
		{"integer column and overflow", f("qty", adapter.OpGt, false, 2.0), []any{1.0, 3.0, 4.0}},
		{"integer bound between integers", f("qty", adapter.OpGte, false, 2.5), []any{1.0, 3.0, 4.0}},
		{"string in an integer field", f("qty", adapter.OpEq, false, "3"), []any{2.0}},
		{"negative zero equals zero", f("qty", adapter.OpEq, false, 0.0), []any{5.0}},
		{"NaN gte holds for numbers", f("qty", adapter.OpGte, false, math.NaN()), []any{1.0, 3.0, 4.0, 5.0}},
		{"NaN eq never holds", f("qty", adapter.OpEq, false, math.NaN()), []any{}},
		{"instants with offsets", f("born", adapter.OpEq, false, "2024-01-02T00:00:00Z"), []any{1.0, 2.0}},
		{"nanoseconds count", f("born", adapter.OpGt, false, "2024-01-01T23:59:59.999999998Z"), []any{1.0, 2.0, 3.0}},
		{"contains null in an array", f("tags", adapter.OpContains, false, nil), []any{1.0}},
		{"contains on a string", f("tags", adapter.OpContains, false, "a"), []any{1.0, 2.0}},
		{"exists false: null and absent", f("born", adapter.OpExists, false, false), []any{4.0, 5.0}},
		{"ne keeps missing", f("name", adapter.OpNe, false, "Zoë"), []any{2.0, 3.0, 4.0, 5.0}},
		{"undeclared", f("extra", adapter.OpGte, false, 7.0), []any{5.0}},
		{"empty string startsWith", f("name", adapter.OpStartsWith, false, ""), []any{1.0, 2.0, 5.0}},
		{"search undeclared", &adapter.Query{Search: "zoë"}, []any{1.0, 2.0, 3.0}},
		{"sort kinds: number before string, missing last", sortBy("name", false), []any{3.0, 5.0, 1.0, 2.0, 4.0}},
		{"sort desc flips kinds, missing still last", sortBy("name", true), []any{2.0, 1.0, 5.0, 3.0, 4.0}},
		{"sort dates by instant", sortBy("born", false), []any{3.0, 1.0, 2.0, 4.0, 5.0}},
		{"undeclared: other strings order after dates", f("when", adapter.OpGt, false, adapter.NewUntyped("2024-01-01")), []any{1.0, 2.0, 4.0}},
		{"undeclared: equal instants", f("when", adapter.OpLte, false, adapter.NewUntyped("2024-01-02T00:00:00Z")), []any{1.0, 2.0}},
		{"undeclared: text before dates is none", f("when", adapter.OpLt, false, adapter.NewUntyped("aaa")), []any{1.0, 2.0}},
		{"undeclared: equality is textual", f("when", adapter.OpEq, false, adapter.NewUntyped("2024-01-02T00:00:00Z")), []any{}},
		{"undeclared: number read as a number", f("when", adapter.OpEq, false, adapter.NewUntyped("10")), []any{3.0}},
		{"undeclared: fold", f("when", adapter.OpIn, true, adapter.NewUntyped("YESTERDAY"), adapter.NewUntyped("9")), []any{4.0}},
		{"undeclared: sort by kind, dates by instant", sortBy("when", false), []any{3.0, 1.0, 2.0, 4.0, 5.0}},
		{"undeclared: sort descending", sortBy("when", true), []any{4.0, 1.0, 2.0, 3.0, 5.0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, total := reference(recs, c.q)
			require.Equal(t, c.want, want, "the case agrees with the Go reference")
			for name, db := range dbs {
				page := listItems(t, db, c.q)
				assert.Equal(t, c.want, ids(page.Records), name)
				assert.Equal(t, total, page.Total, name)
				paged := *c.q
				paged.Page, paged.PerPage = 2, 2
				want, total := reference(recs, &paged)
				page = listItems(t, db, &paged)
				assert.Equal(t, want, ids(page.Records), "%s, second page of 2", name)
				assert.Equal(t, total, page.Total, "%s, second page of 2", name)
			}
		})
	}
}

// FuzzList checks random queries against the Go reference on a fixed set
// of records.
func FuzzList(f *testing.F) {
	f.Add(uint8(0), uint8(0), "alpha", false, uint8(0), false, uint8(1), uint8(2))
	f.Add(uint8(3), uint8(6), "2024-01-02", true, uint8(5), true, uint8(0), uint8(0))
	f.Add(uint8(8), uint8(9), "zoË", true, uint8(1), false, uint8(2), uint8(3))
	f.Add(uint8(1), uint8(8), "", false, uint8(6), true, uint8(9), uint8(1))
	recs := randomItems(rand.New(rand.NewPCG(3, 4)), 40)
	plain, indexed := openItems(f, itemsSpec(), recs), openItems(f, indexedItemsSpec(), recs)
	f.Fuzz(func(t *testing.T, field, op uint8, value string, fold bool, sortField uint8, desc bool, page, perPage uint8) {
		name := itemFields[int(field)%len(itemFields)]
		filter := adapter.Filter{Field: name, Type: fieldType(name), Op: adapter.Ops[int(op)%len(adapter.Ops)], Fold: fold}
		switch filter.Type {
		case schema.TypeNumber, schema.TypeInteger:
			var n float64
			if _, err := fmt.Sscan(value, &n); err == nil {
				filter.Values = []any{n}
			} else {
				filter.Values = []any{value}
			}
		case schema.TypeBoolean:
			filter.Values = []any{value == "true"}
		default:
			filter.Values = []any{value}
		}
		if filter.Op == adapter.OpIn || filter.Op == adapter.OpNin {
			filter.Values = append(filter.Values, "alpha", 1.0)
		}
		sortable := []string{"id", "name", "qty", "price", "active", "born", "extra"}
		sf := sortable[int(sortField)%len(sortable)]
		q := &adapter.Query{
			Filters: []adapter.Filter{filter},
			Search:  value,
			Sort:    []adapter.SortKey{{Field: sf, Type: fieldType(sf), Desc: desc}},
			Page:    int(page) % 8, PerPage: int(perPage) % 8,
		}
		if len(value)%2 == 1 {
			q.Search = ""
		}
		want, total := reference(recs, q)
		for _, db := range []*postgres.DB{plain, indexed} {
			got := listItems(t, db, q)
			assert.Equal(t, want, ids(got.Records), describe(q))
			assert.Equal(t, total, got.Total, describe(q))
			assert.False(t, slices.ContainsFunc(got.Records, func(r adapter.Record) bool { return r == nil }))
		}
	})
}
