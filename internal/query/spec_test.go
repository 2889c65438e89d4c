package query_test

import (
	"github.com/pretendo-go/pretendo/schema"
)

// testSpec returns the spec every test of the package parses against.
func testSpec() *schema.Spec {
	id := schema.Field{Name: "id", Type: schema.TypeNumber}
	return &schema.Spec{Resources: []schema.Resource{
		{
			Name: "users",
			Fields: []schema.Field{
				id,
				{Name: "email", Type: schema.TypeString},
				{Name: "role", Type: schema.TypeString},
				{Name: "age", Type: schema.TypeInteger},
				{Name: "score", Type: schema.TypeNumber},
				{Name: "active", Type: schema.TypeBoolean},
				{Name: "createdAt", Type: schema.TypeDate},
				{Name: "token", Type: schema.TypeUUID},
				{Name: "tags", Type: schema.TypeArray},
				{Name: "meta", Type: schema.TypeObject},
				{Name: "名前", Type: schema.TypeString},
				{Name: "page", Type: schema.TypeInteger},
				{Name: "a.b", Type: schema.TypeString},
			},
			Relationships: []schema.Relationship{
				{Type: schema.HasMany, Resource: "posts", ForeignKey: "userId"},
				{Type: schema.HasOne, Resource: "profiles", ForeignKey: "userId", As: "profile"},
				{Type: schema.ManyToMany, Resource: "groups", Through: "memberships", ForeignKey: "userId", TargetKey: "groupId"},
			},
		},
		{
			Name: "posts",
			Fields: []schema.Field{
				id,
				{Name: "userId", Type: schema.TypeNumber},
				{Name: "title", Type: schema.TypeString},
				{Name: "createdAt", Type: schema.TypeDate},
			},
			Relationships: []schema.Relationship{
				{Type: schema.BelongsTo, Resource: "users", ForeignKey: "userId", As: "author"},
				{Type: schema.HasMany, Resource: "comments", ForeignKey: "postId"},
			},
		},
		{
			Name: "comments",
			Fields: []schema.Field{
				id,
				{Name: "postId", Type: schema.TypeNumber},
				{Name: "userId", Type: schema.TypeNumber},
				{Name: "body", Type: schema.TypeString},
			},
			Relationships: []schema.Relationship{
				{Type: schema.BelongsTo, Resource: "users", ForeignKey: "userId", As: "user"},
				{Type: schema.BelongsTo, Resource: "posts", ForeignKey: "postId", As: "post"},
			},
		},
		{Name: "profiles", Fields: []schema.Field{id, {Name: "userId", Type: schema.TypeNumber}}},
		{Name: "groups", PrimaryKey: "slug", Fields: []schema.Field{{Name: "slug", Type: schema.TypeString}}},
		{Name: "memberships", Fields: []schema.Field{id, {Name: "userId", Type: schema.TypeNumber}, {Name: "groupId", Type: schema.TypeString}}},
		// loose leaves its primary key undeclared, as a hand-built spec may.
		{Name: "loose", PrimaryKey: "code", Fields: []schema.Field{{Name: "name", Type: schema.TypeString}}},
	}}
}
