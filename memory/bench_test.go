package memory_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

// benchSpec declares users and posts. With indexed set, posts.userId
// references users (an index), users.email is unique (an index) and
// posts.category and posts.createdAt are listed in indexedFields; without
// it nothing is indexed.
func benchSpec(indexed bool) *schema.Spec {
	s := &schema.Spec{Resources: []schema.Resource{
		{Name: "users", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "email", Type: schema.TypeString, Unique: indexed},
		}},
		{Name: "posts", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "userId", Type: schema.TypeNumber},
			{Name: "category", Type: schema.TypeString},
			{Name: "title", Type: schema.TypeString},
			{Name: "createdAt", Type: schema.TypeDate},
		}},
	}}
	if indexed {
		s.Resources[1].Fields[1].References = &schema.Reference{Resource: "users", Field: "id"}
		s.Options.Database.Optimizations.IndexedFields = []string{"category", "createdAt"}
	}
	return s
}

// benchDB returns a DB holding n users and n posts.
func benchDB(b *testing.B, n int, indexed bool) *memory.DB {
	b.Helper()
	users := make([]adapter.Record, n)
	posts := make([]adapter.Record, n)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		users[i] = adapter.Record{"id": float64(i + 1), "email": fmt.Sprintf("user%d@example.com", i+1)}
		posts[i] = adapter.Record{
			"id":        float64(i + 1),
			"userId":    float64(i%(n/10+1) + 1),
			"category":  fmt.Sprintf("c%d", i%10),
			"title":     fmt.Sprintf("post number %d", i+1),
			"createdAt": base.Add(time.Duration((i*7919)%n) * time.Minute).Format(time.RFC3339),
		}
	}
	db := memory.New()
	if err := db.Initialize(context.Background(), benchSpec(indexed), adapter.NewState(adapter.Dataset{"users": users, "posts": posts}, nil)); err != nil {
		b.Fatal(err)
	}
	return db
}

func benchList(b *testing.B, db *memory.DB, q *adapter.Query, wantTotal int) {
	b.Helper()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var page adapter.Page
		err := db.View(ctx, func(tx adapter.Tx) error {
			var err error
			page, err = tx.List("posts", q)
			return err
		})
		if err != nil || page.Total != wantTotal || len(page.Records) != 10 {
			b.Fatalf("List: %v, total %d, %d records", err, page.Total, len(page.Records))
		}
	}
}

func BenchmarkGet(b *testing.B) {
	const n = 10000
	db := benchDB(b, n, true)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for range b.N {
		i = (i + 7919) % n
		id := float64(i + 1)
		err := db.View(ctx, func(tx adapter.Tx) error {
			rec, err := tx.Get("posts", id)
			if err == nil && rec["id"] != id {
				b.Fatal("wrong record")
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkListPage(b *testing.B) {
	db := benchDB(b, 10000, true)
	benchList(b, db, &adapter.Query{Page: 1, PerPage: 10}, 10000)
}

func filterSortQuery() *adapter.Query {
	return &adapter.Query{
		Filters: []adapter.Filter{{Field: "category", Type: schema.TypeString, Op: adapter.OpEq, Values: []any{"c3"}}},
		Sort:    []adapter.SortKey{{Field: "createdAt", Type: schema.TypeDate, Desc: true}},
		Page:    1, PerPage: 10,
	}
}

func BenchmarkFilterSortPage(b *testing.B) {
	benchList(b, benchDB(b, 10000, true), filterSortQuery(), 1000)
}

func BenchmarkFilterSortPageUnindexed(b *testing.B) {
	benchList(b, benchDB(b, 10000, false), filterSortQuery(), 1000)
}

var sizes = []int{1000, 10000, 100000}

func BenchmarkBackup(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			db := benchDB(b, n, true)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := db.Backup(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRestore(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			db := benchDB(b, n, true)
			ctx := context.Background()
			st, err := db.Backup(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if err := db.Restore(ctx, st); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFirstWriteAfterBackup(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			db := benchDB(b, n, true)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if _, err := db.Backup(ctx); err != nil {
					b.Fatal(err)
				}
				id := float64(i%n + 1)
				err := db.Update(ctx, func(tx adapter.WriteTx) error {
					return tx.Replace("posts", adapter.Record{"id": id, "userId": 1.0, "category": "c1", "title": "t", "createdAt": "2024-06-01T00:00:00Z"})
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkInsert inserts a post per operation the way the server does:
// a unique-value lookup and a reference lookup, then the insert, in one
// Update. Every 100 operations the table is restored to its starting size
// (off the clock).
func BenchmarkInsert(b *testing.B) {
	for _, n := range []int{100, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			db := benchDB(b, n, true)
			ctx := context.Background()
			start, err := db.Backup(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if i%100 == 99 {
					b.StopTimer()
					if err := db.Restore(ctx, start); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				id := float64(n + 1 + i%100)
				userID := float64(i%n + 1)
				err := db.Update(ctx, func(tx adapter.WriteTx) error {
					taken, err := tx.List("users", &adapter.Query{Filters: []adapter.Filter{
						{Field: "email", Type: schema.TypeString, Op: adapter.OpEq, Values: []any{fmt.Sprintf("user%d@example.com", int(userID))}},
					}})
					if err != nil || taken.Total != 1 {
						b.Fatalf("unique lookup: %v, %d", err, taken.Total)
					}
					if _, err := tx.Get("users", userID); err != nil {
						return err
					}
					return tx.Insert("posts", adapter.Record{"id": id, "userId": userID, "category": "c1", "title": "new", "createdAt": "2024-06-01T00:00:00Z"})
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkInsertGrowing inserts new posts with the next id, as a stream
// of POSTs does, into a table that keeps growing from 10,000 records; with
// backups, a Backup is taken every 100,000 inserts, as a json-file save
// would.
func BenchmarkInsertGrowing(b *testing.B) {
	for _, backups := range []bool{false, true} {
		b.Run(fmt.Sprintf("backups=%v", backups), func(b *testing.B) {
			const n = 10000
			db := benchDB(b, n, true)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if backups && i%100000 == 0 {
					if _, err := db.Backup(ctx); err != nil {
						b.Fatal(err)
					}
				}
				rec := adapter.Record{"id": float64(n + 1 + i), "userId": 5.0, "category": "c1", "title": "new", "createdAt": "2026-01-01T12:00:00Z"}
				err := db.Update(ctx, func(tx adapter.WriteTx) error {
					return adapter.InsertOwned(tx, "posts", rec)
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUndeclaredFilter compares a filtered first page on a field the
// spec does not declare, through List, with a bare scan of the same records
// kept as maps that tests the field with a type assertion and copies the
// page: the cost of reading the query value per record by the stored type.
func BenchmarkUndeclaredFilter(b *testing.B) {
	const n = 10000
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	recs := make([]adapter.Record, n)
	for i := range n {
		recs[i] = adapter.Record{
			"id":        float64(i + 1),
			"kind":      fmt.Sprintf("c%d", i%10),
			"title":     fmt.Sprintf("post number %d", i+1),
			"createdAt": base.Add(time.Duration((i*7919)%n) * time.Minute).Format("2006-01-02T15:04:05.000Z"),
		}
	}
	spec := &schema.Spec{Resources: []schema.Resource{{Name: "posts", Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}}}}}
	db := memory.New()
	if err := db.Initialize(context.Background(), spec, adapter.NewState(adapter.Dataset{"posts": recs}, nil)); err != nil {
		b.Fatal(err)
	}
	since := base.Add(time.Duration(n/2) * time.Minute)
	for _, c := range []struct {
		name  string
		op    adapter.Op
		value string
		bare  func(r adapter.Record) bool
	}{
		{"eq", adapter.OpEq, "c3", func(r adapter.Record) bool { s, ok := r["kind"].(string); return ok && s == "c3" }},
		{"gt date", adapter.OpGt, since.Format(time.RFC3339), func(r adapter.Record) bool {
			s, ok := r["createdAt"].(string)
			if !ok {
				return false
			}
			t, err := time.Parse(time.RFC3339Nano, s)
			return err == nil && t.After(since)
		}},
	} {
		field := "kind"
		if c.op != adapter.OpEq {
			field = "createdAt"
		}
		q := &adapter.Query{Filters: []adapter.Filter{{Field: field, Op: c.op, Values: []any{adapter.NewUntyped(c.value)}}}, Page: 1, PerPage: 10}
		want := 0
		for _, r := range recs {
			if c.bare(r) {
				want++
			}
		}
		b.Run(c.name+"/list", func(b *testing.B) { benchList(b, db, q, want) })
		b.Run(c.name+"/bare-maps", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				total := 0
				var page []adapter.Record
				for _, r := range recs {
					if !c.bare(r) {
						continue
					}
					if total++; len(page) < 10 {
						page = append(page, adapter.Clone(r))
					}
				}
				if total != want || len(page) != 10 {
					b.Fatalf("total %d, %d records", total, len(page))
				}
			}
		})
	}
}
