package pretendotest_test

import (
	"context"
	"fmt"

	"github.com/pretendo-go/pretendo"
)

const todoSpec = `
resources:
  - name: todos
    fields:
      - { name: id, type: number }
      - { name: title, type: string, required: true }
data:
  todos: [ { id: 1, title: write tests } ]
`

// A suite seeds one server in TestMain and gives every parallel test its
// own fork with pretendotest.Fork(t, base); what a fork changes never
// reaches the base or the other forks.
func Example_forkPerParallelTest() {
	spec, _ := pretendo.ParseSpec([]byte(todoSpec))
	base := pretendo.New(spec)
	defer base.Close()

	fork := base.Fork() // pretendotest.Fork(t, base) in a test
	defer fork.Close()
	_ = pretendo.Collection[map[string]any](fork, "todos").Delete(context.Background(), 1)

	page, _ := pretendo.Collection[map[string]any](base, "todos").List(context.Background(), pretendo.Query{})
	fmt.Println(page.Total)
	// Output: 1
}
