package seed_test

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/seed"
)

// Seed 50 users and 200 posts; the same seed always gives the same data.
func ExampleGenerate() {
	min18 := 18.0
	spec := &schema.Spec{Resources: []schema.Resource{
		{Name: "users", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "firstName", Type: schema.TypeString},
			{Name: "lastName", Type: schema.TypeString},
			{Name: "email", Type: schema.TypeString, Required: true, Unique: true},
			{Name: "age", Type: schema.TypeInteger, Min: &min18},
			{Name: "role", Type: schema.TypeString, Generate: &schema.Generate{
				Type:    schema.RulePickOne,
				Options: map[string]any{"values": []any{"admin", "editor", "user"}, "weights": []any{1, 4, 15}},
			}},
			{Name: "createdAt", Type: schema.TypeDate},
		}},
		{Name: "posts", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "userId", Type: schema.TypeNumber, Required: true, References: &schema.Reference{Resource: "users"}},
			{Name: "title", Type: schema.TypeString},
		}},
	}}
	data, err := seed.Generate(spec, seed.Options{Seed: 42, Counts: map[string]int{"users": 50, "posts": 200}})
	if err != nil {
		log.Fatal(err)
	}
	user, _ := json.MarshalIndent(data["users"][0], "", "  ")
	fmt.Println(len(data["users"]), "users,", len(data["posts"]), "posts")
	fmt.Println(string(user))
	// Output:
	// 50 users, 200 posts
	// {
	//   "age": 33,
	//   "createdAt": "2024-12-10T06:41:01.000Z",
	//   "email": "melyna.hermann25@example.com",
	//   "firstName": "Melyna",
	//   "id": 1,
	//   "lastName": "Hermann",
	//   "role": "editor"
	// }
}

// A Go seed callback builds its records with the Faker it is given.
func ExampleFunc() {
	var fn seed.Func = func(f *seed.Faker) (seed.Data, error) {
		var users []map[string]any
		for i := range 3 {
			users = append(users, map[string]any{
				"id":    float64(i + 1),
				"name":  f.Name(),
				"email": f.Email("example.org"),
			})
		}
		return seed.Data{"users": users}, nil
	}
	data, err := fn(seed.NewFaker(7))
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range data["users"] {
		fmt.Println(u["id"], u["name"], u["email"])
	}
	// Output:
	// 1 Avery Hegmann cristina.mills@example.org
	// 2 Amara McKenzie dayton.oconnell@example.org
	// 3 Dayana Hilll juliet.walker76@example.org
}

func ExampleFaker_Match() {
	f := seed.NewFaker(1)
	s, err := f.Match(`^[A-Z]{3}-\d{4}$`)
	fmt.Println(len(s), err)
	// Output: 8 <nil>
}
