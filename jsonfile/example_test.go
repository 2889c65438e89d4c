package jsonfile_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/jsonfile"
	"github.com/pretendo-go/pretendo/schema"
)

func Example() {
	dir, err := os.MkdirTemp("", "jsonfile-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "data", "db.json")

	spec := &schema.Spec{Resources: []schema.Resource{{
		Name:   "users",
		Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}, {Name: "name", Type: schema.TypeString}},
	}}}
	initial := adapter.NewState(adapter.Dataset{"users": {{"id": 1.0, "name": "Ada"}}}, nil)

	// Save every change before Update returns.
	store, err := jsonfile.Open(path, jsonfile.WithSaveInterval(0))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	if err := store.Initialize(ctx, spec, initial); err != nil {
		fmt.Println(err)
		return
	}
	err = store.Update(ctx, func(tx adapter.WriteTx) error {
		return tx.Insert("users", adapter.Record{"id": float64(tx.Counter("users") + 1), "name": "Grace"})
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := store.Close(); err != nil {
		fmt.Println(err)
		return
	}

	content, err := os.ReadFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(content))
	// Output:
	// {
	//   "users": [
	//     {
	//       "id": 1,
	//       "name": "Ada"
	//     },
	//     {
	//       "id": 2,
	//       "name": "Grace"
	//     }
	//   ]
	// }
}

func ExampleOpen_locked() {
	dir, err := os.MkdirTemp("", "jsonfile-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "db.json")

	first, err := jsonfile.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer first.Close()
	_, err = jsonfile.Open(path)
	fmt.Println(errors.Is(err, jsonfile.ErrLocked))
	// Output: true
}
