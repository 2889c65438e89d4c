package adaptertest

import (
	"fmt"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// Fixture returns the spec and initial state Run initializes every adapter
// with, freshly built on each call, so an adapter author can reproduce a
// failing subtest by hand.
//
// The spec declares three resources: users (number primary key "id", a
// unique email, a boolean, an array of tags, an object, and an indexed date
// and number), posts (number key, a reference to users, an indexed date) and
// sessions (a uuid primary key "token" and a reference to users). The state
// holds five users, three posts and two sessions, with id counters users=7
// (ids 6 and 7 were used and deleted), posts=3 and sessions=0.
func Fixture() (*schema.Spec, adapter.State) {
	d, counters := fixtureData()
	return fixtureSpec(), adapter.NewState(d, counters)
}

func fixtureSpec() *schema.Spec {
	return &schema.Spec{
		Resources: []schema.Resource{
			{
				Name: "users",
				Fields: []schema.Field{
					{Name: "id", Type: schema.TypeNumber},
					{Name: "email", Type: schema.TypeString, Required: true, Unique: true},
					{Name: "name", Type: schema.TypeString},
					{Name: "age", Type: schema.TypeNumber},
					{Name: "active", Type: schema.TypeBoolean},
					{Name: "tags", Type: schema.TypeArray},
					{Name: "profile", Type: schema.TypeObject},
					{Name: "createdAt", Type: schema.TypeDate},
				},
				Relationships: []schema.Relationship{
					{Type: schema.HasMany, Resource: "posts", ForeignKey: "userId"},
					{Type: schema.HasMany, Resource: "sessions", ForeignKey: "userId"},
				},
			},
			{
				Name: "posts",
				Fields: []schema.Field{
					{Name: "id", Type: schema.TypeNumber},
					{Name: "userId", Type: schema.TypeNumber, Required: true,
						References: &schema.Reference{Resource: "users", Field: "id", OnDelete: schema.Cascade}},
					{Name: "title", Type: schema.TypeString},
					{Name: "publishedAt", Type: schema.TypeDate},
				},
				Relationships: []schema.Relationship{
					{Type: schema.BelongsTo, Resource: "users", ForeignKey: "userId", As: "author"},
				},
			},
			{
				Name:       "sessions",
				PrimaryKey: "token",
				Fields: []schema.Field{
					{Name: "token", Type: schema.TypeUUID},
					{Name: "userId", Type: schema.TypeNumber,
						References: &schema.Reference{Resource: "users", OnDelete: schema.Restrict}},
					{Name: "note", Type: schema.TypeString},
				},
			},
		},
		Options: schema.Options{
			Database: schema.Database{
				Optimizations: schema.Optimizations{IndexedFields: []string{"createdAt", "publishedAt", "age"}},
			},
		},
	}
}

// The fixture's two session tokens.
const (
	token1 = "3f1c2a9e-8d4b-4c6e-9a1f-0b2c3d4e5f60"
	token2 = "b7e6d5c4-3a2b-4c1d-8e9f-a0b1c2d3e4f5"
)

// fixtureData returns the initial records. Users, in insertion order:
//
//	id name  age  active createdAt (instant)        tags
//	1  Ada   36   true   2024-01-03T10:00Z          admin, math
//	2  Bob   25   false  2024-01-01T09:00Z          dev
//	3  Zoë   null true   2024-01-02T00:00Z          (none)
//	4  carol 25   true   (missing)                  dev, ops
//	5  Dan   41   false  2024-01-02T10:00Z (+02:00) ops
//
// The records are written as Go code writes them (ints, not float64s) and
// go through adapter.NormalizeRecord, as every record Go code hands in does.
func fixtureData() (adapter.Dataset, map[string]int64) {
	d := map[string][]map[string]any{
		"users": {
			{"id": 1, "email": "ada@example.com", "name": "Ada", "age": 36, "active": true,
				"tags": []any{"admin", "math"}, "profile": map[string]any{"city": "London", "langs": []any{"en"}},
				"createdAt": "2024-01-03T10:00:00Z"},
			{"id": 2, "email": "bob@example.com", "name": "Bob", "age": 25, "active": false,
				"tags": []any{"dev"}, "createdAt": "2024-01-01T09:00:00Z"},
			{"id": 3, "email": "zoë@example.com", "name": "Zoë", "age": nil, "active": true,
				"tags": []any{}, "createdAt": "2024-01-02"},
			{"id": 4, "email": "CAROL@example.com", "name": "carol", "age": 25, "active": true,
				"tags": []any{"dev", "ops"}},
			{"id": 5, "email": "dan@example.com", "name": "Dan", "age": 41, "active": false,
				"tags": []any{"ops"}, "createdAt": "2024-01-02T12:00:00+02:00", "nickname": "danny"},
		},
		"posts": {
			{"id": 1, "userId": 1, "title": "Hello, world", "publishedAt": "2024-02-01T00:00:00Z"},
			{"id": 2, "userId": 1, "title": "Second", "publishedAt": "2024-02-03T00:00:00Z"},
			{"id": 3, "userId": 2, "title": "Ünïcödé ✓", "publishedAt": nil},
		},
		"sessions": {
			{"token": token1, "userId": 1, "note": "first"},
			{"token": token2, "userId": 2},
		},
	}
	out := make(adapter.Dataset, len(d))
	for name, recs := range d {
		for i, r := range recs {
			rec, err := adapter.NormalizeRecord(r)
			if err != nil {
				panic(fmt.Sprintf("adaptertest: fixture %s[%d]: %v", name, i, err))
			}
			out[name] = append(out[name], rec)
		}
	}
	return out, map[string]int64{"users": 7, "posts": 3, "sessions": 0}
}
