package pretendo_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/jsonfile"
)

// TestLazyLoadFailureIsUnavailable checks that a json-file whose background
// load (optimizations.lazyLoading) fails answers every request that needs
// records with a 503 STORE_UNAVAILABLE naming the file, the place and the
// way out, and that the file is left alone.
func TestLazyLoadFailureIsUnavailable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// The start of the file is fine; the record on line 3 repeats an id.
	content := "{\"docs\": [\n  {\"id\": 1, \"title\": \"a\"},\n  {\"id\": 1, \"title\": \"b\"}\n], \"notes\": []}"
	db := filepath.Join(dir, "db.json")
	require.NoError(t, os.WriteFile(db, []byte(content), 0o644))
	srv, url := serve(t, docsSpec(t, dir, "    optimizations: { lazyLoading: true }\n"))

	status, _, _ := do(t, http.MethodGet, url+"/", nil)
	assert.Equal(t, http.StatusOK, status, "what needs no records is served")

	for _, tc := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/docs", nil},
		{http.MethodGet, "/docs/1", nil},
		{http.MethodGet, "/docs/1/notes", nil},
		{http.MethodPost, "/docs", map[string]any{"title": "c"}},
		{http.MethodPut, "/docs/1", map[string]any{"title": "c"}},
		{http.MethodPatch, "/docs/1", map[string]any{"title": "c"}},
		{http.MethodDelete, "/docs/1", nil},
		{http.MethodGet, "/admin/stats", nil},
		{http.MethodPost, "/admin/save", nil},
		{http.MethodPost, "/admin/load", nil},
		{http.MethodPost, "/admin/reset", nil},
		{http.MethodPost, "/admin/snapshots", map[string]any{"name": "s"}},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			body := doUnavailable(t, tc.method, url+tc.path, tc.body)
			assert.Equal(t, "STORE_UNAVAILABLE", errCode(body))
			msg := errMessage(body)
			assert.Contains(t, msg, db+":3:")
			assert.Contains(t, msg, "--reset")
			assert.Contains(t, msg, "--db")
			assert.NotContains(t, msg, "pretendo:")
		})
	}

	_, err := srv.Stats(t.Context())
	assert.ErrorIs(t, err, pretendo.ErrUnavailable)
	require.NoError(t, srv.Close())
	raw, err := os.ReadFile(db)
	require.NoError(t, err)
	assert.Equal(t, content, string(raw), "the broken file is left alone")
}

// TestLoadOfABrokenFileChangesNothing checks that POST /admin/load of a
// file broken while the server runs is a 422 naming the place in the file,
// and that the server keeps serving the state it had.
func TestLoadOfABrokenFileChangesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv, url := serve(t, docsSpec(t, dir, ""))
	status, _, _ := do(t, http.MethodPost, url+"/docs", map[string]any{"title": "kept"})
	require.Equal(t, http.StatusCreated, status)
	db := filepath.Join(dir, "db.json")
	require.NoError(t, os.WriteFile(db, []byte("{\"docs\": [\n  {\"title\": \"no id\"}\n]}"), 0o644))

	status, _, body := do(t, http.MethodPost, url+"/admin/load", nil)
	require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
	assert.Equal(t, "VALIDATION_FAILED", errCode(body))
	assert.Contains(t, errMessage(body), db+":2:")
	assert.Contains(t, errMessage(body), "nothing changed")
	_, err := srv.Load(t.Context())
	assert.ErrorIs(t, err, jsonfile.ErrLoad)
	assert.NotErrorIs(t, err, pretendo.ErrUnavailable)
	assert.Equal(t, strs("kept"), pluck(list(t, get(t, url+"/docs")), "title"))
}
