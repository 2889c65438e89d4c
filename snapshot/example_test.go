package snapshot_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/snapshot"
)

func Example() {
	ctx := context.Background()
	store := snapshot.NewMemory()
	state := adapter.NewState(adapter.Dataset{
		"users": {{"id": 1.0, "role": "admin"}, {"id": 2.0, "role": "editor"}},
	}, map[string]int64{"users": 2})

	meta := snapshot.Meta{Name: "two-users", Description: "an admin and an editor", CreatedAt: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	if err := store.Put(ctx, meta, state, false); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(store.Put(ctx, meta, state, false))
	fmt.Println(store.Put(ctx, snapshot.Meta{Name: "../escape"}, state, false))

	list, _ := store.List(ctx)
	for _, m := range list {
		fmt.Println(m.Name, m.Counts["users"], m.CreatedAt.Format(time.RFC3339))
	}
	_, restored, _ := store.Get(ctx, "two-users")
	fmt.Println(restored.Len("users"), restored.Counter("users"))
	// Output:
	// pretendo: snapshot already exists: "two-users"
	// pretendo: invalid snapshot name "../escape": must not start with '.'
	// two-users 2 2024-05-01T10:00:00Z
	// 2 2
}

func ExampleOpenDir() {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "snapshot-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(tmp)

	store, err := snapshot.OpenDir(filepath.Join(tmp, "snapshots"))
	if err != nil {
		fmt.Println(err)
		return
	}
	state := adapter.NewState(adapter.Dataset{"users": {{"id": 1.0, "email": "admin@example.com"}}}, map[string]int64{"users": 3})
	meta := snapshot.Meta{Name: "one-user", Description: "fixture", CreatedAt: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	if err := store.Put(ctx, meta, state, false); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(filepath.Join(store.Path(), "one-user.json"))
	fmt.Print(string(b))
	// Output:
	// {
	//   "name": "one-user",
	//   "description": "fixture",
	//   "createdAt": "2024-05-01T10:00:00Z",
	//   "counters": {
	//     "users": 3
	//   },
	//   "data": {
	//     "users": [
	//       {
	//         "email": "admin@example.com",
	//         "id": 1
	//       }
	//     ]
	//   }
	// }
}
