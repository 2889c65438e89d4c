package postgres_test

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/postgres"
	"github.com/pretendo-go/pretendo/schema"
)

// logBuffer is a slog text log in memory, safe for concurrent use.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// openLogged opens a DB on prefix whose log goes to a buffer.
func openLogged(t *testing.T, prefix string) (*postgres.DB, *logBuffer) {
	t.Helper()
	var log logBuffer
	return openPrefix(t, prefix, postgres.WithLogger(slog.New(slog.NewTextHandler(&log, nil)))), &log
}

// specOf declares resources with a number id each.
func specOf(names ...string) *schema.Spec {
	s := &schema.Spec{}
	for _, n := range names {
		s.Resources = append(s.Resources, schema.Resource{Name: n, Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}}})
	}
	return s
}

// records returns a state of n records (ids 1..n) per resource.
func records(n int, names ...string) adapter.State {
	d := adapter.Dataset{}
	for _, name := range names {
		for i := 1; i <= n; i++ {
			d[name] = append(d[name], adapter.Record{"id": float64(i)})
		}
	}
	return adapter.NewState(d, nil)
}

func TestInitialDataPerResourceSet(t *testing.T) {
	prefix := newPrefix(t)

	// A blog spec loads its data under the prefix.
	blog, log := openLogged(t, prefix)
	require.NoError(t, blog.Initialize(t.Context(), specOf("users", "posts"), records(2, "users", "posts")))
	assert.Equal(t, 2, count(t, blog, "users"))
	assert.NotContains(t, log.String(), "kept")

	// A shop spec under the same prefix has resources of its own: its
	// tables are empty, so its data loads, whatever the blog's hold.
	shop, log := openLogged(t, prefix)
	require.NoError(t, shop.Initialize(t.Context(), specOf("products", "orders"), records(3, "products", "orders")))
	assert.Equal(t, 3, count(t, shop, "products"))
	assert.Equal(t, 3, count(t, shop, "orders"))
	assert.NotContains(t, log.String(), "kept")
	assert.Equal(t, 2, count(t, blog, "users"), "the blog's data is untouched")

	// A restart of the blog keeps what is stored, and says so.
	again, log := openLogged(t, prefix)
	require.NoError(t, again.Initialize(t.Context(), specOf("users", "posts"), records(5, "users", "posts")))
	assert.Equal(t, 2, count(t, again, "users"))
	assert.Contains(t, log.String(), "kept the data stored under the prefix")
	assert.Contains(t, log.String(), `resources="users, posts"`)
	assert.Contains(t, log.String(), "prefix="+prefix)

	// The decision is for the spec's resources as a set: one of them
	// holding data keeps them all, so no record points at a missing one.
	mixed, log := openLogged(t, prefix)
	require.NoError(t, mixed.Initialize(t.Context(), specOf("users", "tags"), records(4, "users", "tags")))
	assert.Equal(t, 2, count(t, mixed, "users"))
	assert.Equal(t, 0, count(t, mixed, "tags"))
	assert.Contains(t, log.String(), `resources=users`)

	// Ids used count as stored data, even once every record is deleted.
	require.NoError(t, shop.Update(t.Context(), func(tx adapter.WriteTx) error {
		for _, name := range []string{"products", "orders"} {
			for i := 1; i <= 3; i++ {
				if err := tx.Delete(name, float64(i)); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	emptied, log := openLogged(t, prefix)
	require.NoError(t, emptied.Initialize(t.Context(), specOf("products", "orders"), records(1, "products", "orders")))
	assert.Equal(t, 0, count(t, emptied, "products"))
	assert.Contains(t, log.String(), `resources="products, orders"`)
}

func TestName(t *testing.T) {
	assert.Equal(t, "postgres", open(t).Name())
}
