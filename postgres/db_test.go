package postgres_test

import (
	"context"
	"math"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/postgres"
	"github.com/pretendo-go/pretendo/schema"
)

func TestOpenRejects(t *testing.T) {
	cases := []struct {
		name   string
		dsn    string
		prefix string
		want   string
	}{
		{"space in prefix", "postgres://u@127.0.0.1:1/db", "a b", "invalid table prefix"},
		{"dash in prefix", "postgres://u@127.0.0.1:1/db", "a-b", "invalid table prefix"},
		{"quote in prefix", "postgres://u@127.0.0.1:1/db", `a"b`, "invalid table prefix"},
		{"unicode prefix", "postgres://u@127.0.0.1:1/db", "ü_", "invalid table prefix"},
		{"NUL in prefix", "postgres://u@127.0.0.1:1/db", "a\x00", "invalid table prefix"},
		{"long prefix", "postgres://u@127.0.0.1:1/db", strings.Repeat("p", 41), "invalid table prefix"},
		{"unparseable DSN", "postgres://u@127.0.0.1:notaport/db", "p_", "reading the DSN"},
		{"bad port in key=value DSN", "host=127.0.0.1 port=notaport", "p_", "reading the DSN"},
		{"nobody listening", "postgres://u@127.0.0.1:1/db?connect_timeout=2", "p_", "connecting"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, err := postgres.Open(t.Context(), c.dsn, postgres.WithPrefix(c.prefix))
			require.Error(t, err)
			assert.Nil(t, db)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	t.Run("password not echoed", func(t *testing.T) {
		_, err := postgres.Open(t.Context(), "postgres://u:s3cret@127.0.0.1:notaport/db")
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "s3cret")
	})
	t.Run("nil context", func(t *testing.T) {
		var ctx context.Context
		_, err := postgres.Open(ctx, "postgres://u@127.0.0.1:1/db")
		assert.ErrorContains(t, err, "nil context")
	})
}

// blogSpec has one reference of each onDelete kind, and names PostgreSQL
// would mangle: a dash, mixed case, and a field name too long to keep.
func blogSpec() *schema.Spec {
	long := "a" + strings.Repeat("x", 80)
	return &schema.Spec{Resources: []schema.Resource{
		{Name: "users", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "email", Type: schema.TypeString, Unique: true},
			{Name: "Email", Type: schema.TypeString},
			{Name: long + "1", Type: schema.TypeString},
			{Name: long + "2", Type: schema.TypeString},
		}},
		{Name: "blog-posts", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeInteger},
			{Name: "userId", Type: schema.TypeNumber, References: &schema.Reference{Resource: "users", OnDelete: schema.Cascade}},
		}},
		{Name: "comments", PrimaryKey: "key", Fields: []schema.Field{
			{Name: "key", Type: schema.TypeUUID},
			{Name: "postId", Type: schema.TypeInteger, References: &schema.Reference{Resource: "blog-posts", OnDelete: schema.Restrict}},
		}},
		{Name: "likes", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "userEmail", Type: schema.TypeString, References: &schema.Reference{Resource: "users", Field: "email", OnDelete: schema.Nullify}},
		}},
	}}
}

func blogData() adapter.State {
	long := "a" + strings.Repeat("x", 80)
	return adapter.NewState(adapter.Dataset{
		"users": {
			{"id": 1.0, "email": "ada@example.com", "Email": "shadow", long + "1": "one", long + "2": "two"},
			{"id": 2.0, "email": "bob@example.com"},
		},
		"blog-posts": {{"id": 1.0, "userId": 1.0}, {"id": 2.0, "userId": 2.0}},
		"comments":   {{"key": "c1", "postId": 2.0}},
		"likes":      {{"id": 1.0, "userEmail": "ada@example.com"}, {"id": 2.0, "userEmail": "bob@example.com"}},
	}, map[string]int64{"users": 2, "blog-posts": 2, "likes": 2})
}

func initBlog(t *testing.T, db *postgres.DB) {
	t.Helper()
	require.NoError(t, db.Initialize(t.Context(), blogSpec(), blogData()))
}

func getRec(t *testing.T, db *postgres.DB, resource string, id any) (adapter.Record, error) {
	t.Helper()
	var rec adapter.Record
	err := db.View(t.Context(), func(tx adapter.Tx) error {
		var err error
		rec, err = tx.Get(resource, id)
		return err
	})
	return rec, err
}

func count(t *testing.T, db *postgres.DB, resource string) int {
	t.Helper()
	var n int
	require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
		page, err := tx.List(resource, nil)
		n = page.Total
		return err
	}))
	return n
}

func TestForeignKeys(t *testing.T) {
	t.Run("a reference to no record is refused, and the transaction goes on", func(t *testing.T) {
		db := open(t)
		initBlog(t, db)
		err := db.Update(t.Context(), func(tx adapter.WriteTx) error {
			err := tx.Insert("blog-posts", adapter.Record{"id": 3.0, "userId": 99.0})
			assert.ErrorIs(t, err, adapter.ErrConflict)
			var pe *pgconn.PgError
			if assert.ErrorAs(t, err, &pe) {
				assert.Equal(t, "23503", pe.Code)
			}
			return tx.Insert("blog-posts", adapter.Record{"id": 3.0, "userId": 2.0})
		})
		require.NoError(t, err)
		rec, err := getRec(t, db, "blog-posts", 3.0)
		require.NoError(t, err)
		assert.Equal(t, adapter.Record{"id": 3.0, "userId": 2.0}, rec)
	})
	t.Run("raw SQL cannot insert an orphan", func(t *testing.T) {
		prefix := newPrefix(t)
		db := openPrefix(t, prefix)
		initBlog(t, db)
		conn, err := pgx.Connect(t.Context(), dsn(t))
		require.NoError(t, err)
		defer conn.Close(context.Background())
		table := pgx.Identifier{prefix + "blog-posts"}.Sanitize()
		_, err = conn.Exec(t.Context(), "INSERT INTO "+table+` (id, "userId") VALUES (7, 42)`)
		var pe *pgconn.PgError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "23503", pe.Code)
		_, err = conn.Exec(t.Context(), "INSERT INTO "+table+` (id, "userId") VALUES (7, 1)`)
		require.NoError(t, err, "a valid row goes in")
		rec, err := getRec(t, db, "blog-posts", 7.0)
		require.NoError(t, err)
		assert.Equal(t, adapter.Record{"id": 7.0, "userId": 1.0}, rec, "a row written by SQL reads as a record")
	})
	t.Run("cascade, restrict and nullify act in the database", func(t *testing.T) {
		db := open(t)
		initBlog(t, db)
		err := db.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Delete("blog-posts", 2.0) })
		assert.ErrorIs(t, err, adapter.ErrConflict, "comment c1 restricts post 2")
		assert.Equal(t, 2, count(t, db, "blog-posts"))

		require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Delete("users", 1.0) }))
		_, err = getRec(t, db, "blog-posts", 1.0)
		assert.ErrorIs(t, err, adapter.ErrNotFound, "post 1 cascaded")
		like, err := getRec(t, db, "likes", 1.0)
		require.NoError(t, err)
		assert.Equal(t, adapter.Record{"id": 1.0, "userEmail": nil}, like, "like 1 nullified, the field present as null")
		like, err = getRec(t, db, "likes", 2.0)
		require.NoError(t, err)
		assert.Equal(t, "bob@example.com", like["userEmail"])
	})
	t.Run("a restore with an orphan fails whole", func(t *testing.T) {
		db := open(t)
		initBlog(t, db)
		before, err := db.Backup(t.Context())
		require.NoError(t, err)
		bad := adapter.NewState(adapter.Dataset{"blog-posts": {{"id": 1.0, "userId": 5.0}}}, nil)
		assert.ErrorIs(t, db.Restore(t.Context(), bad), adapter.ErrConflict)
		after, err := db.Backup(t.Context())
		require.NoError(t, err)
		assert.Equal(t, snapshot(before), snapshot(after))
	})
	t.Run("unique values across the table", func(t *testing.T) {
		db := open(t)
		initBlog(t, db)
		err := db.Update(t.Context(), func(tx adapter.WriteTx) error {
			return tx.Insert("users", adapter.Record{"id": 3.0, "email": "ada@example.com"})
		})
		assert.ErrorIs(t, err, adapter.ErrConflict)
		err = db.Update(t.Context(), func(tx adapter.WriteTx) error {
			return tx.Replace("users", adapter.Record{"id": 2.0, "email": "ada@example.com"})
		})
		assert.ErrorIs(t, err, adapter.ErrConflict)
		rec, err := getRec(t, db, "users", 2.0)
		require.NoError(t, err)
		assert.Equal(t, "bob@example.com", rec["email"])
	})
}

func snapshot(st adapter.State) adapter.Dataset {
	d, _ := adapter.Snapshot(st)
	return d
}

func TestSharedPrefix(t *testing.T) {
	prefix := newPrefix(t)
	a, b := openPrefix(t, prefix), openPrefix(t, prefix)
	initBlog(t, a)
	other := adapter.NewState(adapter.Dataset{"users": {{"id": 9.0, "email": "nine@example.com"}}}, nil)
	require.NoError(t, b.Initialize(t.Context(), blogSpec(), other))
	assert.Equal(t, 2, count(t, b, "users"), "the second DB keeps the data the first loaded")

	require.NoError(t, a.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Insert("users", adapter.Record{"id": 10.0, "email": "ten@example.com"})
	}))
	rec, err := getRec(t, b, "users", 10.0)
	require.NoError(t, err, "b sees a's write")
	assert.Equal(t, "ten@example.com", rec["email"])
	require.NoError(t, b.View(t.Context(), func(tx adapter.Tx) error {
		assert.Equal(t, int64(10), tx.Counter("users"))
		return nil
	}))
	err = b.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Insert("users", adapter.Record{"id": 11.0, "email": "ten@example.com"})
	})
	assert.ErrorIs(t, err, adapter.ErrConflict, "unique values hold across DBs")

	// Writers on both DBs allocate ids from the shared counter.
	const perWriter = 15
	var wg sync.WaitGroup
	for w, db := range []*postgres.DB{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				err := db.Update(t.Context(), func(tx adapter.WriteTx) error {
					id := float64(tx.Counter("users") + 1)
					return tx.Insert("users", adapter.Record{"id": id, "email": strings.Repeat("w", w+1) + string(rune('a'+i)) + "@example.com"})
				})
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 3+4*perWriter, count(t, a, "users"))
	require.NoError(t, a.View(t.Context(), func(tx adapter.Tx) error {
		assert.Equal(t, int64(10+4*perWriter), tx.Counter("users"))
		return nil
	}))

	// Reset returns to the initial state of the DB that resets.
	require.NoError(t, b.Reset(t.Context()))
	got, err := a.Backup(t.Context())
	require.NoError(t, err)
	none := []adapter.Record{}
	assert.Equal(t, adapter.Dataset{"users": {{"id": 9.0, "email": "nine@example.com"}}, "blog-posts": none, "comments": none, "likes": none}, snapshot(got))
}

// TestSeparateProcess has a child process write through its own DB.
func TestSeparateProcess(t *testing.T) {
	if os.Getenv("PRETENDO_HELPER_PREFIX") != "" {
		t.Skip("running as the helper")
	}
	prefix := newPrefix(t)
	db := openPrefix(t, prefix)
	initBlog(t, db)
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PRETENDO_HELPER_PREFIX="+prefix)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "helper: %s", out)
	rec, err := getRec(t, db, "users", 3.0)
	require.NoError(t, err, "the other process's write is visible")
	assert.Equal(t, adapter.Record{"id": 3.0, "email": "child@example.com"}, rec)
	like, err := getRec(t, db, "likes", 2.0)
	require.NoError(t, err)
	assert.Nil(t, like["userEmail"], "the child deleted bob, the database nullified his like")
}

// TestHelperWriter is the child of TestSeparateProcess.
func TestHelperWriter(t *testing.T) {
	prefix := os.Getenv("PRETENDO_HELPER_PREFIX")
	if prefix == "" {
		t.Skip("only run as the child of TestSeparateProcess")
	}
	db, err := postgres.Open(t.Context(), dsn(t), postgres.WithPrefix(prefix))
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.Initialize(t.Context(), blogSpec(), nil))
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		if err := tx.Delete("comments", "c1"); err != nil {
			return err
		}
		if err := tx.Delete("users", 2.0); err != nil {
			return err
		}
		return tx.Insert("users", adapter.Record{"id": 3.0, "email": "child@example.com"})
	}))
}

func TestRoundTrip(t *testing.T) {
	db := open(t)
	initBlog(t, db)
	long := "a" + strings.Repeat("x", 80)
	negZero := math.Copysign(0, -1)
	recs := []adapter.Record{
		{"id": 20.0, "email": "nul\x00@example.com", "Email": "case differs", long + "1": "x", long + "2": "y"},
		{"id": 21.0, "email": 5.0, "Email": nil, "nested": map[string]any{"k\x00": []any{"\x00", negZero, 1e308, math.SmallestNonzeroFloat64}}},
		{"id": 22.0, "ключ": "значение 🚀", "": "empty key", "a\x00b": "nul key", "neg": negZero},
		{"id": 23.0, "email": "", "deep": []any{[]any{[]any{map[string]any{}}}}, "big": float64(adapter.MaxSafeInteger)},
	}
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		for _, rec := range recs {
			if err := tx.Insert("users", rec); err != nil {
				return err
			}
		}
		return nil
	}))
	for _, rec := range recs {
		got, err := getRec(t, db, "users", rec["id"])
		require.NoError(t, err)
		assert.Equal(t, rec, got)
	}
	got, err := getRec(t, db, "users", 22.0)
	require.NoError(t, err)
	if neg, ok := got["neg"].(float64); assert.True(t, ok) {
		assert.True(t, math.Signbit(neg), "negative zero keeps its sign")
	}
	st, err := db.Backup(t.Context())
	require.NoError(t, err)
	require.NoError(t, db.Restore(t.Context(), st))
	again, err := db.Backup(t.Context())
	require.NoError(t, err)
	assert.Equal(t, snapshot(st), snapshot(again), "a restore round-trips too")

	t.Run("keys", func(t *testing.T) {
		cases := []struct {
			name     string
			resource string
			rec      adapter.Record
			ok       bool
		}{
			{"digits as a number key", "users", adapter.Record{"id": "30"}, true},
			{"letters as a number key", "users", adapter.Record{"id": "abc"}, false},
			{"number as a string key", "comments", adapter.Record{"key": 31.0}, true},
			{"NUL in a string key", "comments", adapter.Record{"key": "a\x00"}, false},
			{"invalid UTF-8 key", "comments", adapter.Record{"key": "\xff"}, false},
			{"negative zero key", "users", adapter.Record{"id": math.Copysign(0, -1), "email": "zero@example.com"}, true},
			{"NaN in a field", "users", adapter.Record{"id": 32.0, "x": math.NaN()}, false},
			{"Go value in a field", "users", adapter.Record{"id": 33.0, "x": time.Now()}, false},
			{"nil record", "users", nil, false},
		}
		for _, c := range cases {
			err := db.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Insert(c.resource, c.rec) })
			if !c.ok {
				assert.Error(t, err, c.name)
				continue
			}
			require.NoError(t, err, c.name)
			key := c.rec["id"]
			if c.resource == "comments" {
				key = c.rec["key"]
			}
			got, err := getRec(t, db, c.resource, key)
			require.NoError(t, err, c.name)
			assert.Equal(t, c.rec, got, c.name)
		}
		_, err := getRec(t, db, "users", 30.0)
		assert.NoError(t, err, "id 30 and \"30\" are one key, as in the memory adapter")
		_, err = getRec(t, db, "comments", "31")
		assert.NoError(t, err)
	})
}

func TestInitialize(t *testing.T) {
	t.Run("invalid names", func(t *testing.T) {
		db := open(t)
		for name, spec := range map[string]*schema.Spec{
			"nil spec":       nil,
			"empty name":     {Resources: []schema.Resource{{Name: "", Fields: []schema.Field{{Name: "id", Type: "number"}}}}},
			"quote in name":  {Resources: []schema.Resource{{Name: `a"b`, Fields: []schema.Field{{Name: "id", Type: "number"}}}}},
			"underscore":     {Resources: []schema.Resource{{Name: "a", Fields: []schema.Field{{Name: "id", Type: "number"}, {Name: "_seq", Type: "number"}}}}},
			"no primary key": {Resources: []schema.Resource{{Name: "a", Fields: []schema.Field{{Name: "x", Type: "number"}}}}},
			"duplicate":      {Resources: []schema.Resource{{Name: "a", Fields: []schema.Field{{Name: "id"}}}, {Name: "a", Fields: []schema.Field{{Name: "id"}}}}},
		} {
			assert.Error(t, db.Initialize(t.Context(), spec, nil), name)
		}
		err := db.View(t.Context(), func(tx adapter.Tx) error {
			_, err := tx.List("a", nil)
			return err
		})
		assert.ErrorIs(t, err, adapter.ErrNotFound, "nothing was initialized")
		err = db.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Insert("a", adapter.Record{"id": 1.0}) })
		assert.ErrorIs(t, err, adapter.ErrNotFound, "nothing was initialized")
	})
	t.Run("the spec grows", func(t *testing.T) {
		prefix := newPrefix(t)
		v1 := &schema.Spec{Resources: []schema.Resource{{Name: "notes", Fields: []schema.Field{{Name: "id", Type: "number"}, {Name: "text", Type: "string"}}}}}
		db := openPrefix(t, prefix)
		require.NoError(t, db.Initialize(t.Context(), v1, adapter.NewState(adapter.Dataset{"notes": {{"id": 1.0, "text": "a", "when": "2024-01-01"}}}, nil)))
		v2 := &schema.Spec{Resources: []schema.Resource{
			{Name: "notes", Fields: []schema.Field{{Name: "id", Type: "number"}, {Name: "text", Type: "string"}, {Name: "when", Type: "date"}, {Name: "stars", Type: "integer"}}},
			{Name: "tags", Fields: []schema.Field{{Name: "id", Type: "number"}}},
		}}
		db2 := openPrefix(t, prefix)
		require.NoError(t, db2.Initialize(t.Context(), v2, nil))
		rec, err := getRec(t, db2, "notes", 1.0)
		require.NoError(t, err)
		assert.Equal(t, adapter.Record{"id": 1.0, "text": "a", "when": "2024-01-01"}, rec, "stars is absent, when was kept")
		assert.Equal(t, 0, count(t, db2, "tags"))
		var page adapter.Page
		require.NoError(t, db2.View(t.Context(), func(tx adapter.Tx) error {
			page, err = tx.List("notes", &adapter.Query{Filters: []adapter.Filter{{Field: "when", Type: "date", Op: adapter.OpEq, Values: []any{"2024-01-01T00:00:00Z"}}}})
			return err
		}))
		assert.Len(t, page.Records, 1, "a value kept in _extra is still found")

		v3 := &schema.Spec{Resources: []schema.Resource{{Name: "notes", Fields: []schema.Field{{Name: "id", Type: "number"}, {Name: "text", Type: "boolean"}}}}}
		err = openPrefix(t, prefix).Initialize(t.Context(), v3, nil)
		assert.ErrorContains(t, err, "spec now needs boolean")
	})
	t.Run("tables from before _inst get it filled", func(t *testing.T) {
		prefix := newPrefix(t)
		spec := &schema.Spec{Resources: []schema.Resource{{Name: "notes", Fields: []schema.Field{{Name: "id", Type: "number"}}}}}
		recs := []adapter.Record{
			{"id": 1.0, "when": "2024-01-02T00:00:00.5Z"},
			{"id": 2.0, "when": "2024-01-02T00:00:00Z"},
			{"id": 3.0, "when": "later"},
		}
		require.NoError(t, openPrefix(t, prefix).Initialize(t.Context(), spec, adapter.NewState(adapter.Dataset{"notes": recs}, nil)))
		conn, err := pgx.Connect(t.Context(), dsn(t))
		require.NoError(t, err)
		_, err = conn.Exec(t.Context(), "ALTER TABLE "+pgx.Identifier{prefix + "notes"}.Sanitize()+" DROP COLUMN _inst")
		require.NoError(t, err)
		require.NoError(t, conn.Close(t.Context()))

		db := openPrefix(t, prefix)
		require.NoError(t, db.Initialize(t.Context(), spec, nil))
		var page adapter.Page
		require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
			page, err = tx.List("notes", &adapter.Query{
				Filters: []adapter.Filter{{Field: "when", Op: adapter.OpGte, Values: []any{adapter.NewUntyped("2024-01-02")}}},
				Sort:    []adapter.SortKey{{Field: "when"}},
			})
			return err
		}))
		assert.Equal(t, []adapter.Record{recs[1], recs[0], recs[2]}, page.Records, "dates by instant, then other text; records unchanged")
	})
	t.Run("concurrent first starts load once", func(t *testing.T) {
		prefix := newPrefix(t)
		var wg sync.WaitGroup
		for range 4 {
			db := openPrefix(t, prefix)
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.NoError(t, db.Initialize(t.Context(), blogSpec(), blogData()))
			}()
		}
		wg.Wait()
		assert.Equal(t, 2, count(t, openPrefixInit(t, prefix), "users"))
	})
}

func openPrefixInit(t *testing.T, prefix string) *postgres.DB {
	t.Helper()
	db := openPrefix(t, prefix)
	require.NoError(t, db.Initialize(t.Context(), blogSpec(), nil))
	return db
}

func TestStatsClock(t *testing.T) {
	now := time.Date(2030, 5, 1, 12, 0, 0, 123456000, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	db := open(t, postgres.WithClock(clock))
	initBlog(t, db)
	stats, err := db.Stats(t.Context())
	require.NoError(t, err)
	assert.True(t, stats["users"].LastModified.Equal(now), "%v", stats["users"].LastModified)
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Delete("likes", 1.0) }))
	stats, err = db.Stats(t.Context())
	require.NoError(t, err)
	assert.True(t, stats["likes"].LastModified.Equal(now))
	assert.True(t, stats["users"].LastModified.Before(now), "untouched resources keep their time")
	assert.Equal(t, 1, stats["likes"].Count)
}

// TestUpdateStoresEveryCounter checks that one Update writing to several
// resources stores the counter and the modification time of each, and
// leaves the others as they were, as a second DB on the same tables reads
// them.
func TestUpdateStoresEveryCounter(t *testing.T) {
	now := time.Date(2030, 5, 1, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	prefix := newPrefix(t)
	db := openPrefix(t, prefix, postgres.WithClock(clock))
	require.NoError(t, db.Initialize(t.Context(), blogSpec(), blogData()))
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error {
		for _, w := range []struct {
			resource string
			rec      adapter.Record
		}{
			{"users", adapter.Record{"id": 9.0, "email": "cy@example.com"}},
			{"likes", adapter.Record{"id": 5.0, "userEmail": "cy@example.com"}},
			{"users", adapter.Record{"id": 7.0, "email": "di@example.com"}},
		} {
			if err := tx.Insert(w.resource, w.rec); err != nil {
				return err
			}
		}
		return nil
	}))

	other := openPrefix(t, prefix)
	require.NoError(t, other.Initialize(t.Context(), blogSpec(), nil))
	require.NoError(t, other.View(t.Context(), func(tx adapter.Tx) error {
		assert.Equal(t, int64(9), tx.Counter("users"))
		assert.Equal(t, int64(5), tx.Counter("likes"))
		assert.Equal(t, int64(2), tx.Counter("blog-posts"))
		return nil
	}))
	stats, err := other.Stats(t.Context())
	require.NoError(t, err)
	for resource, written := range map[string]bool{"users": true, "likes": true, "blog-posts": false, "comments": false} {
		assert.Equal(t, written, stats[resource].LastModified.Equal(now), "%s: %v", resource, stats[resource].LastModified)
	}
}

func TestReadOnlyView(t *testing.T) {
	db := open(t)
	initBlog(t, db)
	err := db.View(t.Context(), func(tx adapter.Tx) error {
		wtx, ok := tx.(adapter.WriteTx)
		require.True(t, ok, "the Tx type is shared")
		return wtx.Delete("users", 1.0)
	})
	assert.ErrorContains(t, err, "read-only")
	var leaked adapter.WriteTx
	require.NoError(t, db.Update(t.Context(), func(tx adapter.WriteTx) error { leaked = tx; return nil }))
	assert.ErrorContains(t, leaked.Delete("users", 1.0), "after its function returned")
	assert.Equal(t, 2, count(t, db, "users"))
	assert.NoError(t, db.Close())
	assert.ErrorIs(t, db.Close(), adapter.ErrClosed)
}
