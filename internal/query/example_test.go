package query_test

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/schema"
)

func ExampleParse() {
	spec := &schema.Spec{Resources: []schema.Resource{{
		Name: "users",
		Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "role", Type: schema.TypeString},
			{Name: "age", Type: schema.TypeInteger},
		},
	}}}
	values, _ := url.ParseQuery("role=admin&role=editor&age[gte]=18&sortBy=-age&page=2&perPage=500")

	q, err := query.Parse(values, spec, spec.Resource("users"), query.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range q.Filters {
		fmt.Println(f.Field, f.Op, f.Values)
	}
	fmt.Printf("sort %s desc=%t, page %d of %d\n", q.Sort[0].Field, q.Sort[0].Desc, q.Page, q.PerPage)
	// Output:
	// age gte [18]
	// role eq [admin editor]
	// sort age desc=true, page 2 of 100
}

func ExampleError() {
	spec := &schema.Spec{Resources: []schema.Resource{{
		Name:   "users",
		Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}},
	}}}
	values, _ := url.ParseQuery("sortBy=nope")

	_, err := query.Parse(values, spec, spec.Resource("users"), query.Options{})
	var qe *query.Error
	if errors.As(err, &qe) {
		fmt.Println(qe.Param)
		fmt.Println(err)
	}
	// Output:
	// sortBy
	// invalid query parameter "sortBy": unknown field "nope"
}

func ExampleParseExpand() {
	spec := &schema.Spec{Resources: []schema.Resource{
		{
			Name:          "posts",
			Fields:        []schema.Field{{Name: "id", Type: schema.TypeNumber}, {Name: "userId", Type: schema.TypeNumber}},
			Relationships: []schema.Relationship{{Type: schema.BelongsTo, Resource: "users", ForeignKey: "userId", As: "author"}},
		},
		{Name: "users", Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}}},
	}}
	paths, err := query.ParseExpand("author,author", spec, spec.Resource("posts"))
	fmt.Println(paths, err)
	_, err = query.ParseExpand("author.posts", spec, spec.Resource("posts"))
	fmt.Println(err)
	// Output:
	// [author] <nil>
	// invalid query parameter "expand": unknown relationship "posts" of "users"
}
