package postgres_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/postgres"
)

const serverSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: email, type: string, required: true, unique: true }
  - name: posts
    fields:
      - { name: id, type: number }
      - name: userId
        type: number
        required: true
        references: { resource: users, field: id, onDelete: cascade }
data:
  users: [ { id: 1, email: "ada@example.com" } ]
`

// startServer runs a pretendo server on prefix, as one process of several
// would.
func startServer(t *testing.T, prefix string) *httptest.Server {
	t.Helper()
	spec, err := pretendo.ParseSpec([]byte(serverSpec))
	require.NoError(t, err)
	db, err := postgres.Open(context.Background(), dsn(t), postgres.WithPrefix(prefix))
	require.NoError(t, err)
	srv, err := pretendo.Open(spec, pretendo.WithAdapter(db))
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	return ts
}

func call(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out map[string]any
	if len(b) > 0 {
		require.NoError(t, json.Unmarshal(b, &out), "%s", b)
	}
	return resp.StatusCode, out
}

func TestServersShareOneDatabase(t *testing.T) {
	prefix := newPrefix(t)
	a, b := startServer(t, prefix), startServer(t, prefix)

	status, body := call(t, http.MethodPost, a.URL+"/users", `{"email":"bob@example.com"}`)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, 2.0, body["data"].(map[string]any)["id"])

	status, body = call(t, http.MethodGet, b.URL+"/users/2", "")
	require.Equal(t, http.StatusOK, status, "b sees a's write: %v", body)
	assert.Equal(t, "bob@example.com", body["data"].(map[string]any)["email"])

	status, _ = call(t, http.MethodPost, b.URL+"/users", `{"email":"bob@example.com"}`)
	assert.Equal(t, http.StatusConflict, status, "a unique value taken through a")
	status, body = call(t, http.MethodPost, b.URL+"/users", `{"email":"cy@example.com"}`)
	require.Equal(t, http.StatusCreated, status)
	assert.Equal(t, 3.0, body["data"].(map[string]any)["id"], "ids continue from the shared counter")

	status, _ = call(t, http.MethodPost, b.URL+"/posts", `{"userId":2}`)
	require.Equal(t, http.StatusCreated, status)
	status, _ = call(t, http.MethodDelete, a.URL+"/users/2", "")
	require.Equal(t, http.StatusNoContent, status)
	status, body = call(t, http.MethodGet, b.URL+"/posts", "")
	require.Equal(t, http.StatusOK, status)
	assert.Empty(t, body["data"], "the post cascaded")
	status, _ = call(t, http.MethodPost, a.URL+"/posts", `{"userId":2}`)
	assert.Equal(t, http.StatusUnprocessableEntity, status, "a reference to a deleted user")
}

// shopSpec is a second spec, with resources of its own, served under the
// same prefix as serverSpec.
const shopSpec = `
resources:
  - name: products
    fields:
      - { name: id, type: number }
      - { name: title, type: string }
data:
  products: [ { id: 1, title: Mug }, { id: 2, title: Pen } ]
`

// startSpec serves src on prefix with opts.
func startSpec(t *testing.T, src, prefix string, opts ...pretendo.Option) *httptest.Server {
	t.Helper()
	spec, err := pretendo.ParseSpec([]byte(src))
	require.NoError(t, err)
	db, err := postgres.Open(context.Background(), dsn(t), postgres.WithPrefix(prefix))
	require.NoError(t, err)
	srv, err := pretendo.Open(spec, append(opts, pretendo.WithAdapter(db))...)
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	return ts
}

func TestSecondSpecUnderOnePrefixLoadsItsData(t *testing.T) {
	prefix := newPrefix(t)
	blog := startServer(t, prefix)
	status, _ := call(t, http.MethodPost, blog.URL+"/users", `{"email":"bob@example.com"}`)
	require.Equal(t, http.StatusCreated, status)

	shop := startSpec(t, shopSpec, prefix)
	status, body := call(t, http.MethodGet, shop.URL+"/products", "")
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, body["data"], 2, "the shop's data loads although the blog's counters are not zero")

	// Admin answers name the adapter.
	status, body = call(t, http.MethodPost, shop.URL+"/admin/save", "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "postgres", body["data"].(map[string]any)["adapter"])

	// WithReset starts a server on stored data from its initial state.
	status, _ = call(t, http.MethodDelete, shop.URL+"/products/1", "")
	require.Equal(t, http.StatusNoContent, status)
	fresh := startSpec(t, shopSpec, prefix, pretendo.WithReset(true))
	status, body = call(t, http.MethodGet, fresh.URL+"/products", "")
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, body["data"], 2)
	status, body = call(t, http.MethodGet, blog.URL+"/users", "")
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, body["data"], 2, "resetting the shop leaves the blog alone")
}

// TestServerKeepsBigIntegers: integers beyond 2^53 in undeclared fields
// are stored and answered digit for digit, by another server too.
func TestServerKeepsBigIntegers(t *testing.T) {
	prefix := newPrefix(t)
	a, b := startServer(t, prefix), startServer(t, prefix)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, a.URL+"/users",
		strings.NewReader(`{"email":"big@example.com","big":9007199254740993,"o":{"n":[-123456789012345678901234567890]}}`))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	created, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", created)
	for _, body := range []string{string(created), rawGet(t, b.URL+"/users/2"), rawGet(t, b.URL+"/users")} {
		assert.Contains(t, body, `"big":9007199254740993`)
		assert.Contains(t, body, `"o":{"n":[-123456789012345678901234567890]}`)
	}
}

// rawGet returns the body of a GET that must answer 200.
func rawGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	return string(body)
}
