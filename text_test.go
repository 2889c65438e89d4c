package pretendo_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
)

// withoutText is a memory store whose transactions do not offer
// adapter.JSONReader, so the server answers from records.
type withoutText struct{ *memory.DB }

type plainTx struct{ adapter.Tx }

func (d withoutText) View(ctx context.Context, fn func(adapter.Tx) error) error {
	return d.DB.View(ctx, func(tx adapter.Tx) error { return fn(plainTx{tx}) })
}

// TestTextAnswersMatchRecordAnswers checks that answers built from the
// stored JSON text of records are byte for byte those built from the
// records, for GETs that take the text path and GETs that cannot.
func TestTextAnswersMatchRecordAnswers(t *testing.T) {
	t.Parallel()
	clock := pretendo.WithClock(func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) })
	_, withText := newServer(t, clock)
	_, fromRecords := newServer(t, clock, pretendo.WithAdapter(withoutText{memory.New()}))
	paths := []string{
		"/users", "/users/1", "/users/2", "/users/999", "/users/abc",
		"/users?sortBy=-age", "/users?role=admin", "/users?perPage=1&page=2", "/users?perPage=1&page=9",
		"/users?q=bob", "/users?fields=email", "/users/1?fields=name", "/users?age_gte=30",
		"/posts?userId=1", "/posts?expand=user", "/posts/1?expand=user", "/posts?sortBy=createdAt&perPage=2",
		"/users/1/posts", "/users/1/posts?sortBy=-views&perPage=1", "/users/1/posts?expand=author", "/users/1/posts?fields=title",
		"/users/999/posts", "/posts/1/comments", "/pages", "/comments?postId=1",
	}
	get := func(base, path string) (int, string) {
		resp, err := http.Get(base + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	for _, path := range paths {
		ws, wb := get(withText, path)
		rs, rb := get(fromRecords, path)
		assert.Equal(t, rs, ws, path)
		assert.Equal(t, rb, wb, path)
	}
	// After writes, the texts follow.
	for _, base := range []string{withText, fromRecords} {
		status, _, _ := do(t, http.MethodPatch, base+"/users/1", map[string]any{"name": "Ada <L.>"})
		require.Equal(t, http.StatusOK, status)
		status, _, _ = do(t, http.MethodDelete, base+"/posts/2", nil)
		require.Equal(t, http.StatusNoContent, status)
	}
	for _, path := range []string{"/users/1", "/users", "/posts", "/posts/2"} {
		ws, wb := get(withText, path)
		rs, rb := get(fromRecords, path)
		assert.Equal(t, rs, ws, path)
		assert.Equal(t, rb, wb, path)
	}
	_, body := get(withText, "/users/1")
	assert.Contains(t, body, `Ada \u003cL.\u003e`)
}
