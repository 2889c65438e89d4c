package adaptertest_test

import (
	"fmt"
	"testing"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/adaptertest"
	"github.com/pretendo-go/pretendo/memory"
)

// An adapter's package runs the kit from one test, TestConformance here;
// Fixture shows what every subtest starts from.
func ExampleRun() {
	TestConformance := func(t *testing.T) {
		adaptertest.Run(t, func(t *testing.T) adapter.DatabaseAdapter { return memory.New() })
	}
	_ = TestConformance

	spec, initial := adaptertest.Fixture()
	for _, r := range spec.Resources {
		fmt.Printf("%s: %d records, counter %d\n", r.Name, initial.Len(r.Name), initial.Counter(r.Name))
	}
	// Output:
	// users: 5 records, counter 7
	// posts: 3 records, counter 3
	// sessions: 2 records, counter 0
}
