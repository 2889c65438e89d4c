package schema_test

import (
	"fmt"

	"github.com/pretendo-go/pretendo/schema"
)

func ExampleDecode() {
	spec, err := schema.Decode([]byte(`{
		"resources": [
			{"name": "users", "fields": [{"name": "id", "type": "number"}, {"name": "email", "type": "string", "required": true}]}
		],
		"data": {"users": [{"id": 1, "email": "admin@example.com"}]}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	users := spec.Resource("users")
	fmt.Println(users.Name, users.Key(), users.Field("email").Required, len(spec.Data["users"]))
	// Output: users id true 1
}

func ExampleDecode_problems() {
	_, err := schema.Decode([]byte(`{
		"resources": [
			{"name": "users", "fieldz": [], "fields": [{"name": "id", "type": "strng"}]}
		],
		"options": {"port": "3000"},
		"data": {"usres": []}
	}`))
	fmt.Println(err)
	// Output:
	// resources[0].fieldz: unknown key (did you mean "fields"?)
	// resources[0].fields[0].type: unknown type "strng" (want one of string, number, integer, boolean, date, object, array, uuid)
	// options.port: want a number, got string
	// data.usres: unknown resource (did you mean "users"?)
}

func ExampleSpec_Validate() {
	spec := &schema.Spec{Resources: []schema.Resource{{
		Name:   "posts",
		Fields: []schema.Field{{Name: "id", Type: schema.TypeUUID}, {Name: "userId", Type: schema.TypeNumber, References: &schema.Reference{Resource: "users"}}},
	}}}
	fmt.Println(spec.Validate())
	// Output: resources[0].fields[1].references.resource: unknown resource "users"
}

func ExampleCheckGenerate() {
	field := &schema.Field{Name: "role", Type: schema.TypeString}
	rule := &schema.Generate{Type: schema.RulePickOne, Options: map[string]any{
		"values":  []any{"admin", "editor", "user"},
		"weights": []any{1.0, 4.0},
	}}
	for _, p := range schema.CheckGenerate(rule, field) {
		fmt.Println(p)
	}
	// Output: options.weights: 2 weights for 3 values
}
