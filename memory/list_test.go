package memory_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

// TestListEdgeValues checks indexed lists against a brute-force scan on
// tables built from values that adapter.Compare orders in surprising ways,
// a few at a time so that each oddity is alone in its index.
func TestListEdgeValues(t *testing.T) {
	tables := map[string][]any{
		"comma fraction":      {"2024-01-02T00:00:00.5Z", "2024-01-02T00:00:00,5Z", "2024-01-02T00:00:00.4Z", "2024-01-02T00:00:00,6Z"},
		"long fraction":       {"2024-01-02T00:00:00.5000000009Z", "2024-01-02T00:00:00.5000000001Z", "2024-01-02T00:00:00.5Z"},
		"same instant":        {"2024-01-02T00:00:00Z", "2024-01-02", "2024-01-02T01:00:00+01:00", "2024-01-02T00:00"},
		"unparseable":         {"2024-01-02T00:00:00Z", "garbage", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00Z"},
		"ints and floats":     {1.0, 2, int64(3), 2.0, 1.5},
		"NaN":                 {1.0, math.NaN(), 0.0, math.NaN()},
		"negative zero":       {0.0, math.Copysign(0, -1), -1.0},
		"infinities":          {math.Inf(1), 1.0, math.Inf(-1)},
		"mixed kinds":         {"b", 1.0, true, []any{"x"}, map[string]any{"a": 1.0}, false, "a", nil},
		"arrays":              {[]any{"b"}, []any{"a", "b"}, []any{}, []any{"a"}},
		"other go types":      {float32(1), []string{"a"}, map[string]string{"k": "v"}},
		"all missing or null": {nil, nil},
		"unicode":             {"é", "e\u0301", "z", "É", ""},
		"text and numbers":    {"10", 10.0, "9", 9.0, "1e1", true, "true"},
		"dates and text":      {"2024-01-01T01:00:00+01:00", "2024-01-01T00:00:00Z", "2024-01-01", "b", "2024-01-01T00:00:00.000Z", "A", "2023-12-31T23:59:59.999999999Z"},
		"dates of odd forms":  {"-999-01-01", "2024-01-01t00:00:00z", "2024-01-01T00:00:00,5Z", "2024-01-01T00:00:00.5Z", "2024-01-01T00:00"},
	}
	types := []string{schema.TypeDate, schema.TypeNumber, schema.TypeString, ""}
	// undeclared leaves v out of the spec; indexedFields names it, so it is
	// indexed as an undeclared field.
	const undeclared = "undeclared"
	texts := []string{"10", "10.0", "true", "2024-01-01", "2024-01-01T00:00:00Z", "a", "B", "", "-999-01-01"}
	for name, values := range tables {
		for _, typ := range append(types, undeclared) {
			for _, loaded := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/loaded=%v", name, typ, loaded), func(t *testing.T) {
					spec := &schema.Spec{Resources: []schema.Resource{{
						Name:   "items",
						Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}, {Name: "v", Type: typ, Unique: true}},
					}}}
					if typ == undeclared {
						spec.Resources[0].Fields = spec.Resources[0].Fields[:1]
						spec.Options.Database.Optimizations.IndexedFields = []string{"v"}
					}
					db := memory.New()
					m := &model{}
					for i, v := range values {
						// Each value twice, and once absent, to make ties and missing values.
						for j, rec := range []adapter.Record{{"v": v}, {"v": v}, {}} {
							rec["id"] = float64(i*3 + j)
							m.recs = append(m.recs, rec)
						}
					}
					// Inserted one by one, or loaded at once (the trees built
					// from sorted rows).
					if loaded {
						// Handed over as the json-file adapter does, so
						// kept as they are (NaN too): Go values in their
						// normalized form, as a decoder gives them.
						recs := make([]adapter.Record, len(m.recs))
						for i, r := range m.recs {
							if n, err := adapter.NormalizeRecord(r); err == nil {
								m.recs[i] = n
							}
							recs[i] = adapter.Clone(m.recs[i])
						}
						require.NoError(t, db.Initialize(t.Context(), spec, adapter.HandOver(adapter.Dataset{"items": recs}, nil)))
					} else {
						require.NoError(t, db.Initialize(t.Context(), spec, nil))
						for _, rec := range m.recs {
							require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Insert("items", adapter.Clone(rec)) }))
						}
					}
					var queries []*adapter.Query
					for _, qt := range types {
						for _, desc := range []bool{false, true} {
							queries = append(queries, &adapter.Query{Sort: []adapter.SortKey{{Field: "v", Type: qt, Desc: desc}}})
							queries = append(queries, &adapter.Query{Sort: []adapter.SortKey{{Field: "v", Type: qt, Desc: desc}}, Page: 2, PerPage: 2})
						}
						for _, w := range values {
							queries = append(queries, &adapter.Query{Filters: []adapter.Filter{{Field: "v", Type: qt, Op: adapter.OpEq, Values: []any{w}}}})
							queries = append(queries, &adapter.Query{Filters: []adapter.Filter{{Field: "v", Type: qt, Op: adapter.OpIn, Values: []any{w, "2024-01-02T00:00:00.5000000001Z", 2}}},
								Sort: []adapter.SortKey{{Field: "v", Type: qt, Desc: true}}})
						}
						// Values read per record, as the parser gives them for
						// undeclared fields.
						for _, text := range texts {
							u := adapter.NewUntyped(text)
							for _, op := range []adapter.Op{adapter.OpEq, adapter.OpNe, adapter.OpGt, adapter.OpLte, adapter.OpContains} {
								for _, fold := range []bool{false, true} {
									queries = append(queries, &adapter.Query{Filters: []adapter.Filter{{Field: "v", Type: qt, Op: op, Values: []any{u}, Fold: fold}}})
									queries = append(queries, &adapter.Query{Filters: []adapter.Filter{{Field: "v", Type: qt, Op: op, Values: []any{u}, Fold: fold}}, Page: 2, PerPage: 2})
								}
							}
							queries = append(queries, &adapter.Query{Filters: []adapter.Filter{{Field: "v", Type: qt, Op: adapter.OpIn, Values: []any{u, adapter.NewUntyped("9")}}},
								Sort: []adapter.SortKey{{Field: "v", Type: qt}}, Page: 1, PerPage: 3})
						}
					}
					for _, q := range queries {
						var got adapter.Page
						require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
							var err error
							got, err = tx.List("items", q)
							return err
						}))
						assert.Equal(t, fmt.Sprint(m.list(q)), fmt.Sprint(got), "query %+v", *q)
					}
				})
			}
		}
	}
}

// TestListNilQuery checks that a nil query lists everything in insertion
// order, as copies.
func TestListNilQuery(t *testing.T) {
	db := memory.New()
	require.NoError(t, db.Initialize(t.Context(), scenarioSpec(), adapter.NewState(adapter.Dataset{
		"items": {{"id": 3.0, "tags": []any{"x"}}, {"id": 1.0}, {"id": 2.0}},
	}, nil)))
	var page adapter.Page
	require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
		var err error
		page, err = tx.List("items", nil)
		return err
	}))
	assert.Equal(t, []adapter.Record{{"id": 3.0, "tags": []any{"x"}}, {"id": 1.0}, {"id": 2.0}}, page.Records)
	assert.Equal(t, 3, page.Total)
	page.Records[0]["tags"].([]any)[0] = "mutated"
	require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
		rec, err := tx.Get("items", 3.0)
		assert.Equal(t, adapter.Record{"id": 3.0, "tags": []any{"x"}}, rec)
		return err
	}))
}
