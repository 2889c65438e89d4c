package cache_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/cache"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

func TestServesWhileTheStateStays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := memory.New()
	sp := &schema.Spec{Resources: []schema.Resource{{Name: "users", Fields: []schema.Field{{Name: "id", Type: "number"}}}}}
	require.NoError(t, db.Initialize(ctx, sp, adapter.NewState(nil, nil)))
	var calls atomic.Int32
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("X-Path", r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/missing") {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(`{"n":1}`))
	})
	skip := func(r *http.Request) bool { return r.URL.Path == "/live" }
	h := cache.New(2, db, skip)(next)
	get := func(method, target, auth string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(method, target, nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		h.ServeHTTP(rec, r)
		return rec
	}
	steps := []struct {
		method, target, auth string
		calls                int32 // calls of next so far
	}{
		{http.MethodGet, "/users", "", 1},
		{http.MethodGet, "/users", "", 1},         // from the cache
		{http.MethodGet, "/users", "Bearer a", 2}, // other credentials
		{http.MethodHead, "/users", "", 3},        // GET only
		{http.MethodGet, "/live", "", 4},          // skipped
		{http.MethodGet, "/live", "", 5},          // skipped
		{http.MethodGet, "/users/missing", "", 6}, // not a 200
		{http.MethodGet, "/users/missing", "", 7}, // not kept
		{http.MethodGet, "/users?page=2", "", 8},  // evicts /users
		{http.MethodGet, "/users", "", 9},         // evicted by size
		{http.MethodGet, "/users", "", 9},         // kept again
	}
	for i, st := range steps {
		rec := get(st.method, st.target, st.auth)
		assert.Equal(t, st.calls, calls.Load(), "step %d: %s %s", i, st.method, st.target)
		if rec.Code == http.StatusOK && st.method == http.MethodGet {
			assert.Equal(t, `{"n":1}`, rec.Body.String(), "step %d", i)
			assert.NotEmpty(t, rec.Header().Get("X-Path"), "step %d: headers replayed", i)
		}
	}
	// A write changes the state: the kept answer is stale.
	require.NoError(t, db.Update(ctx, func(tx adapter.WriteTx) error {
		return tx.Insert("users", adapter.Record{"id": 1.0})
	}))
	get(http.MethodGet, "/users", "")
	assert.Equal(t, int32(10), calls.Load())
}

func TestOffPassesEverythingOn(t *testing.T) {
	t.Parallel()
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := cache.New(0, memory.New(), nil)(next)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, http.StatusTeapot, rec.Code)
}
