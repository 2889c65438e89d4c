package memory_test

import (
	"context"
	"fmt"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

func Example() {
	ctx := context.Background()
	spec := &schema.Spec{Resources: []schema.Resource{{
		Name:   "users",
		Fields: []schema.Field{{Name: "id", Type: "number"}, {Name: "name", Type: "string"}, {Name: "age", Type: "number"}},
	}}}
	spec.Options.Database.Optimizations.IndexedFields = []string{"age"}

	db := memory.New()
	defer db.Close()
	initial := adapter.NewState(adapter.Dataset{"users": {
		{"id": 1.0, "name": "Ada", "age": 36.0},
		{"id": 2.0, "name": "Bob", "age": 25.0},
	}}, map[string]int64{"users": 2})
	if err := db.Initialize(ctx, spec, initial); err != nil {
		fmt.Println(err)
		return
	}

	// Backup is O(1): it returns the current immutable state.
	before, _ := db.Backup(ctx)

	err := db.Update(ctx, func(tx adapter.WriteTx) error {
		id := float64(tx.Counter("users") + 1)
		return tx.Insert("users", adapter.Record{"id": id, "name": "Cy", "age": 30.0})
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	list := func() {
		_ = db.View(ctx, func(tx adapter.Tx) error {
			page, err := tx.List("users", &adapter.Query{Sort: []adapter.SortKey{{Field: "age", Type: "number", Desc: true}}})
			if err != nil {
				return err
			}
			for _, u := range page.Records {
				fmt.Print(u["name"], " ")
			}
			fmt.Println("total", page.Total)
			return nil
		})
	}
	list()

	// Restoring a Backup of this DB is O(1) too.
	if err := db.Restore(ctx, before); err != nil {
		fmt.Println(err)
		return
	}
	list()
	// Output:
	// Ada Cy Bob total 3
	// Ada Bob total 2
}

func ExampleWithClock() {
	ctx := context.Background()
	spec := &schema.Spec{Resources: []schema.Resource{{Name: "posts", Fields: []schema.Field{{Name: "id", Type: "number"}}}}}
	db := memory.New(memory.WithClock(func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC) }))
	if err := db.Initialize(ctx, spec, nil); err != nil {
		fmt.Println(err)
		return
	}
	stats, _ := db.Stats(ctx)
	fmt.Println(stats["posts"].Count, stats["posts"].LastModified.Format(time.RFC3339))
	// Output: 0 2024-05-01T12:00:00Z
}
