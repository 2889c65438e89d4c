package postgres_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/postgres"
	"github.com/pretendo-go/pretendo/schema"
)

// benchDB returns a DB holding n users.
func benchDB(b *testing.B, n int) *postgres.DB {
	b.Helper()
	spec := &schema.Spec{Resources: []schema.Resource{{Name: "users", Fields: []schema.Field{
		{Name: "id", Type: schema.TypeNumber},
		{Name: "email", Type: schema.TypeString, Unique: true},
		{Name: "age", Type: schema.TypeInteger},
		{Name: "createdAt", Type: schema.TypeDate},
	}}}, Options: schema.Options{Database: schema.Database{Optimizations: schema.Optimizations{IndexedFields: []string{"age"}}}}}
	recs := make([]adapter.Record, n)
	for i := range recs {
		recs[i] = adapter.Record{"id": float64(i + 1), "email": fmt.Sprintf("user%d@example.com", i), "age": float64(i % 90),
			"createdAt": fmt.Sprintf("2024-01-%02dT10:00:00Z", i%28+1), "bio": "likes long walks"}
	}
	db := open(b)
	require.NoError(b, db.Initialize(b.Context(), spec, adapter.NewState(adapter.Dataset{"users": recs}, nil)))
	return db
}

func BenchmarkGet(b *testing.B) {
	db := benchDB(b, 10000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		err := db.View(b.Context(), func(tx adapter.Tx) error {
			_, err := tx.Get("users", float64(i%10000+1))
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkList(b *testing.B) {
	db := benchDB(b, 10000)
	queries := map[string]*adapter.Query{
		"page":                 {Page: 3, PerPage: 20},
		"filter+sort+page":     {Filters: []adapter.Filter{{Field: "age", Type: schema.TypeInteger, Op: adapter.OpGte, Values: []any{50.0}}}, Sort: []adapter.SortKey{{Field: "createdAt", Type: schema.TypeDate, Desc: true}}, Page: 2, PerPage: 20},
		"search+page":          {Search: "USER99", PerPage: 20},
		"fold startsWith+page": {Filters: []adapter.Filter{{Field: "email", Type: schema.TypeString, Op: adapter.OpStartsWith, Values: []any{"USER1"}, Fold: true}}, PerPage: 20},
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				err := db.View(b.Context(), func(tx adapter.Tx) error {
					page, err := tx.List("users", q)
					if err == nil && len(page.Records) == 0 {
						err = fmt.Errorf("empty page")
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
