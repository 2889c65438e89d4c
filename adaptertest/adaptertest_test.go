package adaptertest_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/adaptertest"
	"github.com/pretendo-go/pretendo/memory"
)

func TestRunPassesMemory(t *testing.T) {
	adaptertest.Run(t, func(t *testing.T) adapter.DatabaseAdapter { return memory.New() })
}

func TestFixture(t *testing.T) {
	spec, st := adaptertest.Fixture()
	require.NotNil(t, spec)
	require.NotNil(t, st)
	names := []string{}
	for _, r := range spec.Resources {
		names = append(names, r.Name)
	}
	assert.Equal(t, []string{"users", "posts", "sessions"}, names)
	assert.Equal(t, "token", spec.Resources[2].Key())
	assert.Equal(t, []string{"createdAt", "publishedAt", "age"}, spec.Options.Database.Optimizations.IndexedFields)
	assert.ElementsMatch(t, []string{"users", "posts", "sessions"}, st.Resources())
	for name, n := range map[string]int{"users": 5, "posts": 3, "sessions": 2} {
		assert.Equal(t, n, st.Len(name), name)
	}
	assert.Equal(t, int64(7), st.Counter("users"))

	// Each call builds fresh values.
	spec.Resources[0].Name = "mutated"
	st.Scan("users", func(r adapter.Record) bool { r["id"] = "mutated"; return true })
	spec2, st2 := adaptertest.Fixture()
	assert.Equal(t, "users", spec2.Resources[0].Name)
	st2.Scan("users", func(r adapter.Record) bool {
		assert.IsType(t, 0.0, r["id"])
		return true
	})
}

// brokenAdapter breaks one promise of the contract; the kit must fail it
// with want in its output.
type brokenAdapter struct {
	make func() adapter.DatabaseAdapter
	want string
}

func brokenAdapters() map[string]brokenAdapter {
	return map[string]brokenAdapter{
		"commitsFailedUpdates": {func() adapter.DatabaseAdapter { return committer{memory.New()} }, "--- FAIL: TestBrokenAdapterChild/CRUD/Rollback"},
		"ignoresDesc":          {func() adapter.DatabaseAdapter { return noDesc{memory.New()} }, "--- FAIL: TestBrokenAdapterChild/Query/Sort"},
		"sharesRecords":        {func() adapter.DatabaseAdapter { return &sharer{DB: memory.New()} }, "--- FAIL: TestBrokenAdapterChild/CRUD/CopyOnGet"},
		"countsRecords":        {func() adapter.DatabaseAdapter { return counter{memory.New()} }, "--- FAIL: TestBrokenAdapterChild/CRUD/CounterNeverDecreases"},
		"neverCloses":          {func() adapter.DatabaseAdapter { return unclosable{memory.New()} }, "--- FAIL: TestBrokenAdapterChild/Lifecycle/Closed"},
		"ignoresContext":       {func() adapter.DatabaseAdapter { return ctxless{memory.New()} }, "--- FAIL: TestBrokenAdapterChild/Lifecycle/CancelledContext"},
		"liveBackup":           {func() adapter.DatabaseAdapter { return live{memory.New()} }, "--- FAIL: TestBrokenAdapterChild/State/BackupImmutable"},
		"existsAlways":         {func() adapter.DatabaseAdapter { return existsAlways{memory.New()} }, "--- FAIL: TestBrokenAdapterChild/CRUD/Exists"},
		"unescapedText":        {func() adapter.DatabaseAdapter { return unescaped{memory.New()} }, "--- FAIL: TestBrokenAdapterChild/CRUD/JSONReader"},
		"nilAdapter":           {func() adapter.DatabaseAdapter { return nil }, "newAdapter returned nil"},
		"nilConstructor":       {nil, "Run needs a constructor"},
	}
}

// TestBrokenAdapterChild runs the kit against one broken adapter; it is
// run in a child process by TestKitCatchesBrokenAdapters.
func TestBrokenAdapterChild(t *testing.T) {
	name := os.Getenv("ADAPTERTEST_BROKEN")
	if name == "" {
		t.Skip("run by TestKitCatchesBrokenAdapters")
	}
	b, ok := brokenAdapters()[name]
	require.True(t, ok, name)
	if b.make == nil {
		adaptertest.Run(t, nil)
		return
	}
	adaptertest.Run(t, func(*testing.T) adapter.DatabaseAdapter { return b.make() })
}

func TestKitCatchesBrokenAdapters(t *testing.T) {
	if os.Getenv("ADAPTERTEST_BROKEN") != "" {
		t.Skip("in a child process")
	}
	for name, b := range brokenAdapters() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestBrokenAdapterChild$", "-test.v")
			cmd.Env = append(os.Environ(), "ADAPTERTEST_BROKEN="+name)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "the kit passed a broken adapter:\n%s", out)
			assert.Contains(t, string(out), b.want)
		})
	}
}

// committer commits an Update whatever fn returns.
type committer struct{ *memory.DB }

func (c committer) Update(ctx context.Context, fn func(adapter.WriteTx) error) error {
	var ferr error
	if err := c.DB.Update(ctx, func(tx adapter.WriteTx) error { ferr = fn(tx); return nil }); err != nil {
		return err
	}
	return ferr
}

// noDesc ignores the direction of sort keys.
type noDesc struct{ *memory.DB }

type ascTx struct{ adapter.Tx }

func (tx ascTx) List(resource string, q *adapter.Query) (adapter.Page, error) {
	if q != nil {
		c := *q
		c.Sort = nil
		for _, k := range q.Sort {
			k.Desc = false
			c.Sort = append(c.Sort, k)
		}
		q = &c
	}
	return tx.Tx.List(resource, q)
}

func (a noDesc) View(ctx context.Context, fn func(adapter.Tx) error) error {
	return a.DB.View(ctx, func(tx adapter.Tx) error { return fn(ascTx{tx}) })
}

// sharer hands out the same record on every Get of an id.
type sharer struct {
	*memory.DB
	mu    sync.Mutex
	cache map[string]adapter.Record
}

type sharingTx struct {
	adapter.Tx
	s *sharer
}

func (tx sharingTx) Get(resource string, id any) (adapter.Record, error) {
	k, ok := adapter.Key(id)
	if !ok || resource != "users" {
		return tx.Tx.Get(resource, id)
	}
	tx.s.mu.Lock()
	defer tx.s.mu.Unlock()
	if r, ok := tx.s.cache[k]; ok {
		return r, nil
	}
	r, err := tx.Tx.Get(resource, id)
	if err == nil {
		if tx.s.cache == nil {
			tx.s.cache = map[string]adapter.Record{}
		}
		tx.s.cache[k] = r
	}
	return r, err
}

func (s *sharer) View(ctx context.Context, fn func(adapter.Tx) error) error {
	return s.DB.View(ctx, func(tx adapter.Tx) error { return fn(sharingTx{tx, s}) })
}

// counter reports the number of records as the counter.
type counter struct{ *memory.DB }

type countingTx struct{ adapter.Tx }

func (tx countingTx) Counter(resource string) int64 {
	page, err := tx.List(resource, nil)
	if err != nil {
		return 0
	}
	return int64(page.Total)
}

func (c counter) View(ctx context.Context, fn func(adapter.Tx) error) error {
	return c.DB.View(ctx, func(tx adapter.Tx) error { return fn(countingTx{tx}) })
}

// existsAlways answers Exists with true for every id.
type existsAlways struct{ *memory.DB }

type alwaysTx struct{ adapter.Tx }

func (alwaysTx) Exists(string, any) (bool, error) { return true, nil }

func (e existsAlways) View(ctx context.Context, fn func(adapter.Tx) error) error {
	return e.DB.View(ctx, func(tx adapter.Tx) error { return fn(alwaysTx{tx}) })
}

// unclosable ignores Close.
type unclosable struct{ *memory.DB }

func (unclosable) Close() error { return nil }

// ctxless ignores its contexts.
type ctxless struct{ *memory.DB }

func (c ctxless) View(_ context.Context, fn func(adapter.Tx) error) error {
	return c.DB.View(context.Background(), fn)
}

func (c ctxless) Update(_ context.Context, fn func(adapter.WriteTx) error) error {
	return c.DB.Update(context.Background(), fn)
}

// live returns a Backup that reads the current state.
type live struct{ *memory.DB }

type liveState struct{ db *memory.DB }

func (s liveState) current() adapter.State {
	st, err := s.db.Backup(context.Background())
	if err != nil {
		panic(errors.Join(errors.New("liveState"), err))
	}
	return st
}

func (s liveState) Resources() []string           { return s.current().Resources() }
func (s liveState) Len(resource string) int       { return s.current().Len(resource) }
func (s liveState) Counter(resource string) int64 { return s.current().Counter(resource) }
func (s liveState) Scan(resource string, fn func(adapter.Record) bool) {
	s.current().Scan(resource, fn)
}

func (l live) Backup(ctx context.Context) (adapter.State, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return liveState{l.DB}, nil
}

// unescaped hands out record texts without encoding/json's HTML escapes.
type unescaped struct{ *memory.DB }

type unescapedTx struct{ adapter.Tx }

func (tx unescapedTx) GetJSON(resource string, id any) ([]byte, error) {
	return tx.Tx.(adapter.JSONReader).GetJSON(resource, id)
}

func (tx unescapedTx) ListJSON(resource string, q *adapter.Query) (adapter.JSONPage, error) {
	page, err := tx.Tx.(adapter.JSONReader).ListJSON(resource, q)
	for i, text := range page.Records {
		page.Records[i] = bytes.ReplaceAll(text, []byte(`\u0026`), []byte("&"))
	}
	return page, err
}

func (u unescaped) View(ctx context.Context, fn func(adapter.Tx) error) error {
	return u.DB.View(ctx, func(tx adapter.Tx) error { return fn(unescapedTx{tx}) })
}
