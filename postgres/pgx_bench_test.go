package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// The benchmarks of this file set the adapter next to plain pgx on the same
// tables, in one run: BenchmarkVsPgx/get/pgx and BenchmarkVsPgx/get/adapter
// and so on. The data is the shape of bench/gendata's: users, and posts
// that reference them, with userId and createdAt indexed.
//
//	source .ci/postgres.sh && go test ./postgres -run '^$' -bench VsPgx

// Sizes of the benchmark data set.
const (
	vsUsers = 1000
	vsPosts = 100_000
)

func vsSpec() *schema.Spec {
	return &schema.Spec{Resources: []schema.Resource{
		{Name: "users", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "username", Type: schema.TypeString},
			{Name: "email", Type: schema.TypeString},
		}},
		{Name: "posts", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "title", Type: schema.TypeString},
			{Name: "body", Type: schema.TypeString},
			{Name: "userId", Type: schema.TypeNumber, References: &schema.Reference{Resource: "users", Field: "id"}},
			{Name: "createdAt", Type: schema.TypeDate},
		}},
	}, Options: schema.Options{Database: schema.Database{Optimizations: schema.Optimizations{IndexedFields: []string{"userId", "createdAt"}}}}}
}

// vsPost returns post i (from 1) of the data set.
func vsPost(i int) adapter.Record {
	return adapter.Record{
		"id":        float64(i),
		"title":     fmt.Sprintf("Post number %d", i),
		"body":      "Some text of a typical length for a post body, long enough to be realistic.",
		"userId":    float64((i*7919)%vsUsers + 1),
		"createdAt": fmt.Sprintf("2025-%02d-%02dT%02d:%02d:%02dZ", i%12+1, i%28+1, i%24, i%60, (i/60)%60),
	}
}

// vsState returns vsUsers users and n posts.
func vsState(n int) adapter.State {
	users := make([]adapter.Record, vsUsers)
	for i := range users {
		users[i] = adapter.Record{"id": float64(i + 1), "username": fmt.Sprintf("user%d", i+1), "email": fmt.Sprintf("user%d@example.com", i+1)}
	}
	posts := make([]adapter.Record, n)
	for i := range posts {
		posts[i] = vsPost(i + 1)
	}
	return adapter.NewState(adapter.Dataset{"users": users, "posts": posts}, nil)
}

// vsPage is the filtered, sorted page both sides answer: the newest ten
// posts of user 5 (100 posts), with the number of matches.
var vsPage = &adapter.Query{
	Filters: []adapter.Filter{{Field: "userId", Type: schema.TypeNumber, Op: adapter.OpEq, Values: []any{5.0}}},
	Sort:    []adapter.SortKey{{Field: "createdAt", Type: schema.TypeDate, Desc: true}},
	Page:    1, PerPage: 10,
}

// vsRow is what a bare pgx program keeps of a post.
type vsRow struct {
	ID        int64
	Title     string
	Body      string
	UserID    int64
	CreatedAt string
}

// pair runs bare and adapter once each per iteration, in alternating
// order, so that both see the same load on a shared machine, and reports
// the median time of each and the ratio of the adapter's median to bare
// pgx's: medians, because a stall of the machine hits whichever side runs
// at the time, and would move a mean by far more than the difference.
func pair(b *testing.B, bare, adapter func() error) {
	b.Helper()
	var tBare, tAdapter []time.Duration
	i := 0
	for b.Loop() {
		fns := [2]func() error{bare, adapter}
		times := [2]*[]time.Duration{&tBare, &tAdapter}
		if i%2 == 1 {
			fns[0], fns[1] = fns[1], fns[0]
			times[0], times[1] = times[1], times[0]
		}
		for k := range fns {
			t0 := time.Now()
			if err := fns[k](); err != nil {
				b.Fatal(err)
			}
			*times[k] = append(*times[k], time.Since(t0))
		}
		i++
	}
	mBare, mAdapter := median(tBare), median(tAdapter)
	b.ReportMetric(float64(mBare.Nanoseconds())/1e3, "pgx-us")
	b.ReportMetric(float64(mAdapter.Nanoseconds())/1e3, "adapter-us")
	b.ReportMetric(float64(mAdapter)/float64(mBare), "adapter/pgx")
}

// median returns the median of ds, which it sorts.
func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// BenchmarkVsPgx measures, in one run, the adapter against bare pgx on the
// same tables: get (one post by primary key: a View with one Get, against
// one prepared point query), page (the newest ten posts of one user, with
// the count of matches: a View with one List, against one prepared query
// ordered by the same indexed field) and insert (an Update reading the id
// counter and inserting one post, against an insert in a transaction).
func BenchmarkVsPgx(b *testing.B) {
	prefix := newPrefix(b)
	db := openPrefix(b, prefix)
	require.NoError(b, db.Initialize(b.Context(), vsSpec(), vsState(vsPosts)))
	pool, err := pgxpool.New(b.Context(), dsn(b))
	require.NoError(b, err)
	b.Cleanup(pool.Close)
	posts := pgx.Identifier{prefix + "posts"}.Sanitize()
	ctx := context.Background()

	var row vsRow
	b.Run("get", func(b *testing.B) {
		sql := `SELECT id, title, body, "userId", "createdAt" FROM ` + posts + ` WHERE id = $1`
		i, j := 0, 0
		pair(b, func() error {
			i++
			return pool.QueryRow(ctx, sql, int64(i%vsPosts+1)).Scan(&row.ID, &row.Title, &row.Body, &row.UserID, &row.CreatedAt)
		}, func() error {
			j++
			return db.View(ctx, func(tx adapter.Tx) error {
				_, err := tx.Get("posts", float64(j%vsPosts+1))
				return err
			})
		})
	})

	b.Run("page", func(b *testing.B) {
		sql := `SELECT id, title, body, "userId", "createdAt", count(*) OVER () FROM ` + posts +
			` WHERE "userId" = $1 ORDER BY "createdAt" DESC LIMIT 10`
		pair(b, func() error {
			rows, err := pool.Query(ctx, sql, int64(5))
			if err != nil {
				return err
			}
			var page []vsRow
			var total int64
			for rows.Next() {
				if err := rows.Scan(&row.ID, &row.Title, &row.Body, &row.UserID, &row.CreatedAt, &total); err != nil {
					return err
				}
				page = append(page, row)
			}
			if rows.Err() == nil && (len(page) != 10 || total != vsPosts/vsUsers) {
				return fmt.Errorf("page of %d rows of %d", len(page), total)
			}
			return rows.Err()
		}, func() error {
			return db.View(ctx, func(tx adapter.Tx) error {
				page, err := tx.List("posts", vsPage)
				if err == nil && (len(page.Records) != 10 || page.Total != vsPosts/vsUsers) {
					err = fmt.Errorf("page of %d records of %d", len(page.Records), page.Total)
				}
				return err
			})
		})
	})

	// Both sides write new posts to the same table, ids taken from one
	// counter.
	next := vsPosts
	b.Run("insert", func(b *testing.B) {
		sql := "INSERT INTO " + posts + ` (id, title, body, "userId", "createdAt") VALUES ($1, $2, $3, $4, $5)`
		pair(b, func() error {
			next++
			p := vsPost(next)
			tx, err := pool.Begin(ctx)
			if err != nil {
				return err
			}
			defer func() { _ = tx.Rollback(ctx) }()
			if _, err := tx.Exec(ctx, sql, int64(p["id"].(float64)), p["title"], p["body"], int64(p["userId"].(float64)), p["createdAt"]); err != nil {
				return err
			}
			return tx.Commit(ctx)
		}, func() error {
			next++
			p := vsPost(next)
			return db.Update(ctx, func(tx adapter.WriteTx) error {
				if tx.Counter("posts") < vsPosts {
					return fmt.Errorf("counter below %d", vsPosts)
				}
				return tx.Insert("posts", p)
			})
		})
	})
}
