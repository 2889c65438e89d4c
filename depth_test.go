package pretendo_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/jsonfile"
	"github.com/pretendo-go/pretendo/seed"
)

// docsSpec is a spec with one resource, docs, kept in a json-file store
// under dir that saves on every write, with snapshots in dir/snapshots.
// extra is appended to its options.
func docsSpec(t *testing.T, dir, extra string) *pretendo.Spec {
	t.Helper()
	return parseSpec(t, fmt.Sprintf(`
resources:
  - name: docs
    fields:
      - { name: id, type: number }
      - { name: title, type: string }
    relationships:
      - { type: hasMany, resource: notes, foreignKey: docId }
  - name: notes
    fields:
      - { name: id, type: number }
      - { name: docId, type: number }
options:
  database:
    adapter: json-file
    dbPath: %q
    saveInterval: 0
    snapshots: { enabled: true, directory: %q }
%s`, filepath.Join(dir, "db.json"), filepath.Join(dir, "snapshots"), extra))
}

// nestedArrays returns a JSON value of levels nested arrays around a
// string: nestedArrays(2) is [["x"]].
func nestedArrays(levels int) string {
	return strings.Repeat("[", levels) + `"x"` + strings.Repeat("]", levels)
}

// nestedValue is nestedArrays as a Go value.
func nestedValue(levels int) any {
	var v any = "x"
	for range levels {
		v = []any{v}
	}
	return v
}

// bodyOfDepth returns a docs body that nests depth levels of objects and
// arrays, the body itself being the first: its field x holds depth-1.
func bodyOfDepth(depth int) string {
	return `{"title":"deep","x":` + nestedArrays(depth-1) + `}`
}

// requireDepthRefused checks a 422 that names field x, the maxDepth rule
// and its limit.
func requireDepthRefused(t *testing.T, status int, body map[string]any, limit int) {
	t.Helper()
	require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
	assert.Equal(t, "VALIDATION_FAILED", errCode(body))
	assert.Equal(t, map[string][]string{"x": {"maxDepth"}}, detailCodes(body))
	details, _ := body["details"].([]any)
	require.Len(t, details, 1)
	msg, _ := details[0].(map[string]any)["message"].(string)
	assert.Contains(t, msg, fmt.Sprintf("%d levels", limit))
	assert.Contains(t, msg, "options.maxDepth")
}

func TestMaxDepthOverHTTP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		extra string
		limit int
	}{
		{"default", "", pretendo.DefaultMaxDepth},
		{"raised", "  maxDepth: 40\n", 40},
		{"lowered", "  maxDepth: 3\n", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			_, base := serve(t, docsSpec(t, dir, tt.extra))
			status, _, body := do(t, http.MethodPost, base+"/docs", bodyOfDepth(tt.limit))
			require.Equal(t, http.StatusCreated, status, "at the limit: %v", body)
			id := data(t, body)["id"]
			path := fmt.Sprintf("%s/docs/%v", base, id)

			targets := []struct{ method, url string }{
				{http.MethodPost, base + "/docs"},
				{http.MethodPut, path},
				{http.MethodPatch, path},
				{http.MethodPost, path + "/notes"},
			}
			for _, tg := range targets {
				for _, depth := range []int{tt.limit + 1, 9999, 100_000} {
					status, _, body := do(t, tg.method, tg.url, bodyOfDepth(depth))
					requireDepthRefused(t, status, body, tt.limit)
				}
				// An object nested as deep is refused as well.
				deepObject := `{"x":` + strings.Repeat(`{"a":`, tt.limit) + "1" + strings.Repeat("}", tt.limit) + `}`
				status, _, body := do(t, tg.method, tg.url, deepObject)
				requireDepthRefused(t, status, body, tt.limit)
			}
			// The refused writes changed nothing, and saving still works.
			assert.Len(t, list(t, get(t, base+"/docs")), 1)
			assert.Empty(t, list(t, get(t, base+"/notes")))
			status, _, body = do(t, http.MethodPost, base+"/admin/save", nil)
			assert.Equal(t, http.StatusOK, status, "%v", body)
		})
	}
}

// TestDeepBodyNeverWedgesSaves is the scenario of a body nested 9,999 deep,
// which the store once accepted but could not save, failing every later
// save and write.
func TestDeepBodyNeverWedgesSaves(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv, ts := serve(t, docsSpec(t, dir, ""))

	status, _, body := do(t, http.MethodPost, ts+"/docs", bodyOfDepth(9999))
	requireDepthRefused(t, status, body, pretendo.DefaultMaxDepth)
	status, _, body = do(t, http.MethodPost, ts+"/docs", `{"title":"after"}`)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, _, body = do(t, http.MethodPost, ts+"/admin/save", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	require.NoError(t, srv.Close())

	file, err := os.ReadFile(filepath.Join(dir, "db.json"))
	require.NoError(t, err)
	assert.Contains(t, string(file), `"after"`)
	assert.Less(t, len(file), 1024, "%s", file)
}

func TestMaxDepthOnGoAndFilePaths(t *testing.T) {
	t.Parallel()
	limit := pretendo.DefaultMaxDepth
	deepRecord := func() map[string]any { return map[string]any{"title": "deep", "x": nestedValue(limit)} }
	okRecord := func() map[string]any { return map[string]any{"title": "ok", "x": nestedValue(limit - 1)} }

	checkViolation := func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, pretendo.ErrValidation)
		var ve *pretendo.ValidationError
		require.True(t, errors.As(err, &ve), "%v", err)
		require.Len(t, ve.Violations, 1, "%v", err)
		assert.Equal(t, "x", ve.Violations[0].Field)
		assert.Equal(t, "maxDepth", ve.Violations[0].Code)
		assert.Contains(t, ve.Violations[0].Message, fmt.Sprintf("%d levels", limit))
	}

	t.Run("typed access", func(t *testing.T) {
		t.Parallel()
		srv, _ := serve(t, docsSpec(t, t.TempDir(), ""))
		docs := pretendo.Collection[map[string]any](srv, "docs")
		ctx := context.Background()
		created, err := docs.Create(ctx, okRecord())
		require.NoError(t, err)
		_, err = docs.Create(ctx, deepRecord())
		checkViolation(t, err)
		_, err = docs.Update(ctx, created["id"], deepRecord())
		checkViolation(t, err)
		_, err = docs.Patch(ctx, created["id"], map[string]any{"x": nestedValue(limit)})
		checkViolation(t, err)
		page, err := docs.List(ctx, pretendo.Query{})
		require.NoError(t, err)
		assert.Equal(t, 1, page.Total)
	})
	t.Run("seed callback", func(t *testing.T) {
		t.Parallel()
		_, err := pretendo.Open(docsSpec(t, t.TempDir(), ""), pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) {
			return seed.Data{"docs": {deepRecord()}}, nil
		}))
		checkViolation(t, err)
	})
	t.Run("spec data", func(t *testing.T) {
		t.Parallel()
		spec := docsSpec(t, t.TempDir(), "")
		spec.Data = map[string][]map[string]any{"docs": {deepRecord()}}
		_, err := pretendo.Open(spec)
		checkViolation(t, err)
	})
	t.Run("the store's own file", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		db := `{"docs": [{"id": 1, "x": ` + nestedArrays(limit) + `}], "notes": []}`
		require.NoError(t, os.WriteFile(filepath.Join(dir, "db.json"), []byte(db), 0o644))
		_, err := pretendo.Open(docsSpec(t, dir, ""))
		require.ErrorIs(t, err, jsonfile.ErrLoad)
		assert.Contains(t, err.Error(), fmt.Sprintf("%d levels", limit))
		assert.Contains(t, err.Error(), "options.maxDepth")

		// At the limit the file loads.
		db = `{"docs": [{"id": 1, "x": ` + nestedArrays(limit-1) + `}], "notes": []}`
		require.NoError(t, os.WriteFile(filepath.Join(dir, "db.json"), []byte(db), 0o644))
		srv, err := pretendo.Open(docsSpec(t, dir, ""))
		require.NoError(t, err)
		require.NoError(t, srv.Close())
	})
	t.Run("snapshot file", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		srv, base := serve(t, docsSpec(t, dir, ""))
		require.NoError(t, srv.Snapshot(context.Background(), "deep"))
		path := filepath.Join(dir, "snapshots", "deep.json")
		content, err := os.ReadFile(path)
		require.NoError(t, err)
		edited := strings.Replace(string(content), `"docs": []`, `"docs": [{"id": 1, "x": `+nestedArrays(limit)+`}]`, 1)
		require.NotEqual(t, string(content), edited)
		require.NoError(t, os.WriteFile(path, []byte(edited), 0o644))

		err = srv.Restore(context.Background(), "deep")
		require.Error(t, err)
		assert.Contains(t, err.Error(), fmt.Sprintf("%d levels", limit))
		assert.Contains(t, err.Error(), "options.maxDepth")
		status, _, body := do(t, http.MethodPost, base+"/admin/snapshots/restore", map[string]any{"name": "deep"})
		assert.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
		assert.Contains(t, errMessage(body), "options.maxDepth")
		assert.Empty(t, list(t, get(t, base+"/docs")))
	})
}

func TestMaxDepthOption(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"-1", "513", "100000"} {
		_, err := pretendo.ParseSpec([]byte("resources:\n  - name: docs\n    fields: [{ name: id, type: number }]\noptions:\n  maxDepth: " + v + "\n"))
		require.ErrorIs(t, err, pretendo.ErrInvalidSpec, v)
		assert.Contains(t, err.Error(), "options.maxDepth", v)
	}
}

// TestNestedValuesKeepFilesSmall checks that the indentation of the
// database file and of snapshot files cannot grow with the square of the
// nesting: a record nested as deep as options.maxDepth allows takes a few
// times its compact size, not hundreds.
func TestNestedValuesKeepFilesSmall(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv, base := serve(t, docsSpec(t, dir, "  maxDepth: 512\n"))
	dbPath := filepath.Join(dir, "db.json")
	before, err := os.Stat(dbPath)
	require.NoError(t, err)

	body := bodyOfDepth(512)
	status, _, resp := do(t, http.MethodPost, base+"/docs", body)
	require.Equal(t, http.StatusCreated, status, "%v", resp)
	after, err := os.Stat(dbPath)
	require.NoError(t, err)
	growth := after.Size() - before.Size()
	t.Logf("a %d-byte body nested 512 deep grew db.json by %d bytes", len(body), growth)
	assert.Less(t, growth, int64(2*len(body)), "db.json grew by %d bytes for a %d-byte body", growth, len(body))

	require.NoError(t, srv.Snapshot(context.Background(), "deep"))
	snap, err := os.Stat(filepath.Join(dir, "snapshots", "deep.json"))
	require.NoError(t, err)
	t.Logf("its snapshot file takes %d bytes", snap.Size())
	assert.Less(t, snap.Size(), int64(2*len(body)+512), "snapshot of %d bytes", snap.Size())

	// Both files read back to the same record.
	require.NoError(t, srv.Restore(context.Background(), "deep"))
	docs := list(t, get(t, base+"/docs"))
	require.Len(t, docs, 1)
	assert.Equal(t, nestedValue(511), docs[0]["x"])
}
