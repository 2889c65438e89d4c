package query_test

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/pretendo-go/pretendo/adapter"
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
		Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}, {Name: "name", Type: schema.TypeString}},
	}}}
	values, _ := url.ParseQuery("sortBy=nmae")

	// Options.Strict refuses fields the resource does not declare.
	_, err := query.Parse(values, spec, spec.Resource("users"), query.Options{Strict: true})
	var qe *query.Error
	if errors.As(err, &qe) {
		fmt.Println(qe.Param)
		fmt.Println(err)
	}
	// Output:
	// sortBy
	// invalid query parameter "sortBy": unknown field "nmae" (did you mean "name"?)
}

func ExampleParse_undeclared() {
	spec := &schema.Spec{Resources: []schema.Resource{{
		Name:   "posts",
		Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}},
	}}}
	values, _ := url.ParseQuery("views[gt]=10&sortBy=-createdAt")

	// A field the resource does not declare is read by each record's value.
	q, _ := query.Parse(values, spec, spec.Resource("posts"), query.Options{})
	f := q.Filters[0]
	n, isNumber := f.Values[0].(adapter.Untyped).Number()
	fmt.Printf("%s %s %q (type %q), as a number %v %t\n", f.Field, f.Op, f.Values[0], f.Type, n, isNumber)
	fmt.Printf("sort %s desc=%t\n", q.Sort[0].Field, q.Sort[0].Desc)
	// Output:
	// views gt "10" (type ""), as a number 10 true
	// sort createdAt desc=true
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
