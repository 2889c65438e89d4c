package adapter_test

import (
	"fmt"

	"github.com/pretendo-go/pretendo/adapter"
)

// A Query matches and orders records the same way in every adapter; a
// store that cannot query may call these directly.
func ExampleQuery_Match() {
	q := &adapter.Query{
		Filters: []adapter.Filter{{Field: "age", Type: "number", Op: adapter.OpGte, Values: []any{18.0}}},
		Search:  "ada",
		Sort:    []adapter.SortKey{{Field: "age", Type: "number", Desc: true}},
	}
	recs := []adapter.Record{
		{"name": "Ada", "age": 36.0},
		{"name": "Adam", "age": 12.0},
		{"name": "Adaline", "age": 41.0},
		{"name": "Bob", "age": 50.0},
	}
	var hits []adapter.Record
	for _, r := range recs {
		if q.Match(r) {
			hits = append(hits, r)
		}
	}
	adapter.SortRecords(hits, q.Sort)
	for _, r := range hits {
		fmt.Println(r["name"], r["age"])
	}
	// Output:
	// Adaline 41
	// Ada 36
}
