package adapter_test

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
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

// Normalize turns Go values into the JSON values records hold, as they
// would have come in a JSON body.
func ExampleNormalize() {
	type profile struct {
		City    string `json:"city"`
		Zip     string `json:"zip,omitempty"`
		Private string `json:"-"`
	}
	rec, err := adapter.NormalizeRecord(map[string]any{
		"id":      int64(7),
		"born":    time.Date(1990, 5, 1, 14, 30, 0, 0, time.FixedZone("CEST", 2*3600)),
		"tags":    []string{"admin"},
		"profile": profile{City: "London", Private: "x"},
	})
	fmt.Println(rec, err)

	_, err = adapter.NormalizeRecord(map[string]any{"score": math.NaN()})
	fmt.Println(err)
	// Output:
	// map[born:1990-05-01T12:30:00Z id:7 profile:map[city:London] tags:[admin]] <nil>
	// pretendo: validation failed: score: NaN is not a JSON number
}

// A field the spec does not declare (Type "") may hold values of any JSON
// type; a query value given as text is read by each record's own.
func ExampleUntyped() {
	recs := []adapter.Record{
		{"id": 1.0, "views": 10.0, "at": "2024-01-01T10:00:00.5Z"},
		{"id": 2.0, "views": "10", "at": "2024-01-01T12:00:00+02:00"},
		{"id": 3.0, "views": true, "at": "soon"},
		{"id": 4.0},
	}
	views := adapter.Filter{Field: "views", Op: adapter.OpEq, Values: []any{adapter.NewUntyped("10")}}
	after := adapter.Filter{Field: "at", Op: adapter.OpGt, Values: []any{adapter.NewUntyped("2024-01-01T10:00:00Z")}}
	for _, r := range recs {
		fmt.Println(r["id"], views.Match(r), after.Match(r))
	}
	adapter.SortRecords(recs, []adapter.SortKey{{Field: "at"}})
	for _, r := range recs {
		fmt.Print(r["id"], " ")
	}
	fmt.Println()
	// Output:
	// 1 true true
	// 2 true false
	// 3 false true
	// 4 false false
	// 2 1 3 4
}

// A package that implements an adapter registers it from its init
// function, as database/sql drivers do; a spec then names it in
// options.database.adapter. A name no imported package registered fails to
// open, and the error says what to import.
func ExampleRegister() {
	adapter.Register("example-memory", func(ctx context.Context, c adapter.Config) (adapter.DatabaseAdapter, error) {
		return memory.New(memory.WithClock(c.Clock)), nil
	})
	db, err := adapter.Open(context.Background(), "example-memory", adapter.Config{})
	fmt.Println(db != nil, err)

	// This program does not import github.com/pretendo-go/pretendo/postgres.
	_, err = adapter.Open(context.Background(), "postgres", adapter.Config{DSN: "postgres://127.0.0.1/db"})
	fmt.Println(err)
	// Output:
	// true <nil>
	// adapter "postgres" is not registered: add import _ "github.com/pretendo-go/pretendo/postgres" to the program
}

// A decoder's fresh records, handed over: a store restoring the State may
// keep them instead of copying each one.
func ExampleHandOver() {
	st := adapter.HandOver(adapter.Dataset{"users": {{"id": 1.0, "name": "Ada"}}}, nil)
	fmt.Println(st.Len("users"), adapter.HandedOver(st))
	fmt.Println(adapter.HandedOver(adapter.NewState(adapter.Dataset{}, nil)))
	// Output:
	// 1 true
	// false
}
