package constraints_test

import (
	"fmt"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/schema"
)

// Validate reports every rule a record breaks, field by field.
func ExampleSet_Validate() {
	min := 0.0
	spec := &schema.Spec{Resources: []schema.Resource{{Name: "users", Fields: []schema.Field{
		{Name: "id", Type: schema.TypeNumber},
		{Name: "email", Type: schema.TypeString, Required: true, Pattern: "^[^@]+@[^@]+$"},
		{Name: "age", Type: schema.TypeInteger, Min: &min},
	}}}}
	set, err := constraints.New(spec, constraints.Options{})
	if err != nil {
		panic(err)
	}
	for _, v := range set.Validate("users", adapter.Record{"email": "nope", "age": -1.0}) {
		fmt.Println(v.Field, v.Code)
	}
	// Output:
	// email pattern
	// age min
}
