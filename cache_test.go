package pretendo_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
)

// countingDB counts the reads that reach storage.
type countingDB struct {
	*memory.DB
	views atomic.Int32
}

func (c *countingDB) View(ctx context.Context, fn func(adapter.Tx) error) error {
	c.views.Add(1)
	return c.DB.View(ctx, fn)
}

func TestResponseCacheServesUntilTheStateChanges(t *testing.T) {
	spec, err := pretendo.LoadSpec("testdata/blog.yml")
	require.NoError(t, err)
	spec.Options.Database.Optimizations.CacheSize = 2
	db := &countingDB{DB: memory.New()}
	srv, err := pretendo.Open(spec, pretendo.WithAdapter(db))
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })

	get := func(path string, auth string) (int, string, http.Header) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		return w.Code, w.Body.String(), w.Header()
	}
	code, first, h1 := get("/users?sortBy=-id&perPage=1", "")
	require.Equal(t, http.StatusOK, code)
	reads := db.views.Load()
	_, again, h2 := get("/users?sortBy=-id&perPage=1", "")
	assert.Equal(t, reads, db.views.Load(), "the second GET is served from the cache")
	assert.Equal(t, first, again)
	_, _, _ = get("/users?sortBy=-id&perPage=1", "Bearer other")
	assert.Equal(t, reads+1, db.views.Load(), "other credentials are another cache entry")
	assert.Equal(t, h1.Get("X-Total-Count"), h2.Get("X-Total-Count"))
	assert.Equal(t, h1.Get("Link"), h2.Get("Link"))

	// A write changes the state: the cached page must not be served.
	req := httptest.NewRequest(http.MethodPost, "/users", strings.NewReader(`{"email":"new@example.com","name":"New"}`))
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	require.Equal(t, http.StatusCreated, w.Code)
	_, after, h3 := get("/users?sortBy=-id&perPage=1", "")
	assert.NotEqual(t, first, after)
	assert.Contains(t, after, "new@example.com")
	assert.Equal(t, "4", h3.Get("X-Total-Count"))

	// Errors are not cached; a restore invalidates too.
	code, _, _ = get("/users/999", "")
	assert.Equal(t, http.StatusNotFound, code)
	require.NoError(t, srv.Reset(t.Context()))
	_, reset, _ := get("/users?sortBy=-id&perPage=1", "")
	assert.Equal(t, first, reset)
}

func TestResponseCacheIsOffWithoutCacheSize(t *testing.T) {
	spec, err := pretendo.LoadSpec("testdata/blog.yml")
	require.NoError(t, err)
	srv := pretendo.New(spec)
	t.Cleanup(func() { srv.Close() })
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/users/1", nil))
	assert.Equal(t, http.StatusOK, w.Code)
}
