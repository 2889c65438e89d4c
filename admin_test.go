package pretendo_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

func TestAdminSaveLoadStats(t *testing.T) {
	t.Parallel()
	_, base := newServer(t, pretendo.WithClock(func() time.Time { return t0 }))
	for _, path := range []string{"/admin/save", "/admin/load"} {
		status, _, body := do(t, http.MethodPost, base+path, nil)
		require.Equal(t, http.StatusOK, status, "%s: %v", path, body)
		d := data(t, body)
		assert.Equal(t, map[string]any{"users": 3.0, "posts": 3.0, "comments": 3.0, "tags": 2.0, "postTags": 3.0, "profiles": 1.0, "pages": 2.0}, d["counts"])
	}
	status, _, body := do(t, http.MethodPost, base+"/admin/save", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, false, data(t, body)["saved"], "the memory adapter keeps no file")

	status, _, body = do(t, http.MethodGet, base+"/admin/stats", nil)
	require.Equal(t, http.StatusOK, status)
	stats := data(t, body)
	assert.Len(t, stats, 7)
	users, ok := stats["users"].(map[string]any)
	require.True(t, ok, "%v", stats)
	assert.Equal(t, 3.0, users["count"])
	assert.Equal(t, "2025-01-01T00:00:00Z", users["lastModified"])
	assert.Equal(t, 2.0, stats["pages"].(map[string]any)["count"])

	do(t, http.MethodDelete, base+"/users/1", nil)
	stats = data(t, get(t, base+"/admin/stats"))
	assert.Equal(t, 2.0, stats["users"].(map[string]any)["count"])
	assert.Equal(t, 1.0, stats["posts"].(map[string]any)["count"], "cascade counted")

	for _, tt := range []struct{ method, path, allow string }{
		{http.MethodGet, "/admin/save", "POST, OPTIONS"},
		{http.MethodGet, "/admin/reset", "POST, OPTIONS"},
		{http.MethodPost, "/admin/stats", "GET, HEAD, OPTIONS"},
		{http.MethodPut, "/admin/snapshots", "GET, HEAD, POST, OPTIONS"},
	} {
		status, h, body := do(t, tt.method, base+tt.path, nil)
		assert.Equal(t, http.StatusMethodNotAllowed, status, tt.path)
		assert.Equal(t, tt.allow, h.Get("Allow"), tt.path)
		assert.Equal(t, "METHOD_NOT_ALLOWED", errCode(body))
	}
	for _, path := range []string{"/admin", "/admin/", "/admin/nope", "/admin/snapshots/a/b"} {
		status, _, body := do(t, http.MethodGet, base+path, nil)
		assert.Equal(t, http.StatusNotFound, status, path)
		assert.Equal(t, "ROUTE_NOT_FOUND", errCode(body), path)
	}
}

func TestAdminReset(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	initial := everything(t, base)
	do(t, http.MethodDelete, base+"/users/1", nil)
	status, _, _ := do(t, http.MethodPost, base+"/users", map[string]any{"email": "n@x.y", "name": "N"})
	require.Equal(t, http.StatusCreated, status)
	require.NotEqual(t, initial, everything(t, base))

	status, _, body := do(t, http.MethodPost, base+"/admin/reset", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, true, data(t, body)["reset"])
	assert.Equal(t, 3.0, data(t, body)["counts"].(map[string]any)["users"])
	assert.Equal(t, initial, everything(t, base))
	assert.Equal(t, "Ada", data(t, get(t, base+"/users/1"))["name"])

	status, h, _ := do(t, http.MethodPost, base+"/users", map[string]any{"email": "n@x.y", "name": "N"})
	require.Equal(t, http.StatusCreated, status)
	assert.Equal(t, "/users/4", h.Get("Location"), "id counters reset too")
}

func TestAdminSnapshots(t *testing.T) {
	t.Parallel()
	_, base := newServer(t, pretendo.WithClock(func() time.Time { return t0 }))
	status, _, body := do(t, http.MethodGet, base+"/admin/snapshots", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, []any{}, body["data"])

	status, _, body = do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": "three-users", "description": "the start"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	meta := data(t, body)
	assert.Equal(t, "three-users", meta["name"])
	assert.Equal(t, "the start", meta["description"])
	assert.Equal(t, "2025-01-01T00:00:00Z", meta["createdAt"])
	assert.Equal(t, 3.0, meta["counts"].(map[string]any)["users"])

	status, _, body = do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": "three-users"})
	assert.Equal(t, http.StatusConflict, status)
	assert.Equal(t, "CONFLICT", errCode(body))

	// Change things, then restore: data and id counters come back.
	do(t, http.MethodDelete, base+"/users/1", nil)
	status, _, _ = do(t, http.MethodPost, base+"/users", map[string]any{"email": "n@x.y", "name": "N"})
	require.Equal(t, http.StatusCreated, status)
	status, _, body = do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": "after.change_1"})
	require.Equal(t, http.StatusCreated, status, "%v", body)

	status, _, body = do(t, http.MethodPost, base+"/admin/snapshots/restore", map[string]any{"name": "three-users"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, "three-users", data(t, body)["name"])
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "users"))
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "posts"))
	status, h, _ := do(t, http.MethodPost, base+"/users", map[string]any{"email": "m@x.y", "name": "M"})
	require.Equal(t, http.StatusCreated, status)
	assert.Equal(t, "/users/4", h.Get("Location"), "the counter is the snapshot's")

	status, _, _ = do(t, http.MethodPost, base+"/admin/snapshots/restore", map[string]any{"name": "after.change_1"})
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, nums(2, 3, 4), allIDs(t, base, "users"))
	assert.Equal(t, "N", data(t, get(t, base+"/users/4"))["name"])

	list := toRecs(t, get(t, base+"/admin/snapshots")["data"])
	assert.Equal(t, strs("after.change_1", "three-users"), pluck(list, "name"))
	assert.Equal(t, 3.0, list[0]["counts"].(map[string]any)["users"])

	status, _, body = do(t, http.MethodPost, base+"/admin/snapshots/restore", map[string]any{"name": "nope"})
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "SNAPSHOT_NOT_FOUND", errCode(body))

	status, _, body = do(t, http.MethodDelete, base+"/admin/snapshots/three-users", nil)
	require.Equal(t, http.StatusNoContent, status, "%v", body)
	status, _, body = do(t, http.MethodDelete, base+"/admin/snapshots/three-users", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "SNAPSHOT_NOT_FOUND", errCode(body))
	status, _, body = do(t, http.MethodPost, base+"/admin/snapshots/restore", map[string]any{"name": "three-users"})
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "SNAPSHOT_NOT_FOUND", errCode(body))
	assert.Equal(t, strs("after.change_1"), pluck(toRecs(t, get(t, base+"/admin/snapshots")["data"]), "name"))
}

func TestAdminMessagesCarryNoGoPrefix(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := blogSpec(t)
	spec.Options.Database.Snapshots.Enabled = true
	spec.Options.Database.Snapshots.Directory = dir
	_, base := serve(t, spec)
	status, _, _ := do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": "taken"})
	require.Equal(t, http.StatusCreated, status)
	tests := []struct {
		name, method, path string
		body               any
		status             int
		code, message      string
	}{
		{"restore unknown", http.MethodPost, "/admin/snapshots/restore", map[string]any{"name": "nope"}, http.StatusNotFound, "SNAPSHOT_NOT_FOUND", `snapshot not found: "nope"`},
		{"delete unknown", http.MethodDelete, "/admin/snapshots/nope", nil, http.StatusNotFound, "SNAPSHOT_NOT_FOUND", `snapshot not found: "nope"`},
		{"create taken", http.MethodPost, "/admin/snapshots", map[string]any{"name": "taken"}, http.StatusConflict, "CONFLICT", `snapshot already exists: "taken"`},
		{"bad name", http.MethodPost, "/admin/snapshots", map[string]any{"name": ".hidden"}, http.StatusBadRequest, "INVALID_NAME", ""},
		{"empty name", http.MethodPost, "/admin/snapshots", map[string]any{"name": ""}, http.StatusBadRequest, "INVALID_NAME", ""},
		{"name differing in case", http.MethodPost, "/admin/snapshots", map[string]any{"name": "TAKEN"}, http.StatusBadRequest, "INVALID_NAME", ""},
		{"unknown field", http.MethodPost, "/admin/snapshots", map[string]any{"name": "x", "colour": "red"}, http.StatusBadRequest, "INVALID_JSON", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := do(t, tt.method, base+tt.path, tt.body)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, tt.code, errCode(body))
			msg := errMessage(body)
			assert.NotContains(t, msg, "pretendo:")
			if tt.message != "" {
				assert.True(t, strings.HasPrefix(msg, tt.message), msg)
			}
		})
	}
}

// badSnapshotNames are names the admin API must refuse without touching a file.
var badSnapshotNames = []string{
	"", ".hidden", ".", "..", "../x", "a/b", `a\b`, "a b", "名前", "a\x00b", "a:b", "a*b",
	strings.Repeat("n", 65), "%2e%2e", "CON/x", "~root",
}

func TestAdminSnapshotNames(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := blogSpec(t)
	spec.Options.Database.Snapshots = pretendo.Options{}.Database.Snapshots
	spec.Options.Database.Snapshots.Enabled = true
	spec.Options.Database.Snapshots.Directory = dir
	_, base := serve(t, spec)

	for _, name := range []string{"a", "A-b_c.1", strings.Repeat("n", 64), "x.json"} {
		status, _, body := do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": name})
		assert.Equal(t, http.StatusCreated, status, "%q: %v", name, body)
	}
	files := dirNames(t, dir)
	require.Len(t, files, 4)

	for _, name := range badSnapshotNames {
		status, _, body := do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": name})
		assert.Equal(t, http.StatusBadRequest, status, "create %q: %v", name, body)
		assert.Equal(t, "INVALID_NAME", errCode(body), "create %q", name)
		status, _, body = do(t, http.MethodPost, base+"/admin/snapshots/restore", map[string]any{"name": name})
		assert.Equal(t, http.StatusBadRequest, status, "restore %q: %v", name, body)
		assert.Equal(t, "INVALID_NAME", errCode(body), "restore %q", name)
	}
	for _, seg := range []string{"%2e%2e", "..%2Fx", ".hidden", "a%2Fb", "%E5%90%8D", "a%00b", strings.Repeat("n", 65), "%2E"} {
		status, _, body := do(t, http.MethodDelete, base+"/admin/snapshots/"+seg, nil)
		assert.Equal(t, http.StatusBadRequest, status, "delete %q: %v", seg, body)
		assert.Equal(t, "INVALID_NAME", errCode(body), "delete %q", seg)
	}
	assert.Equal(t, files, dirNames(t, dir), "no bad name touched a file")
	assert.Len(t, toRecs(t, get(t, base+"/admin/snapshots")["data"]), 4)

	for _, body := range []any{`{"nam":"x"}`, `[]`, `"x"`, ``, `{"name":5}`, `{"name":"x"} {}`} {
		status, _, got := do(t, http.MethodPost, base+"/admin/snapshots", body)
		assert.Equal(t, http.StatusBadRequest, status, "%v: %v", body, got)
		assert.Equal(t, "INVALID_JSON", errCode(got), "%v", body)
	}
	status, _, body := do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": "A"})
	assert.Equal(t, http.StatusBadRequest, status, "names differing only in case clash: %v", body)
	assert.Equal(t, "INVALID_NAME", errCode(body))
	assert.Equal(t, files, dirNames(t, dir))
}

// dirNames lists the entries of dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func TestAdminToken(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	spec.Options.Admin.Token = "s3cret"
	_, base := serve(t, spec)
	for _, auth := range []string{"", "s3cret", "Bearer", "Bearer ", "Bearer s3cre", "Bearer s3cret2", "Basic czNjcmV0", "Bearers3cret", "Bearer s3cret x", "Token s3cret"} {
		for _, tt := range []struct{ method, path string }{
			{http.MethodGet, "/admin/stats"}, {http.MethodPost, "/admin/reset"}, {http.MethodGet, "/admin/snapshots"},
			{http.MethodDelete, "/admin/snapshots/x"}, {http.MethodGet, "/admin/nope"},
		} {
			req, err := http.NewRequest(tt.method, base+tt.path, nil)
			require.NoError(t, err)
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			status, h, body := send(t, req)
			assert.Equal(t, http.StatusUnauthorized, status, "%q %s", auth, tt.path)
			assert.Equal(t, "UNAUTHORIZED", errCode(body))
			assert.Contains(t, h.Get("WWW-Authenticate"), "Bearer")
		}
	}
	// The scheme is case-insensitive (RFC 9110), as it is for user tokens.
	for _, auth := range []string{"Bearer s3cret", "bearer s3cret", "BEARER s3cret", "bEaReR s3cret", "Bearer  s3cret"} {
		req, err := http.NewRequest(http.MethodGet, base+"/admin/stats", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", auth)
		status, _, body := send(t, req)
		require.Equal(t, http.StatusOK, status, "%q: %v", auth, body)
		assert.Equal(t, 3.0, data(t, body)["users"].(map[string]any)["count"])
	}

	req, err := http.NewRequest(http.MethodPost, base+"/admin/snapshots", strings.NewReader(`{"name":"ok"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer s3cret")
	status, _, body := send(t, req)
	assert.Equal(t, http.StatusCreated, status, "%v", body)

	status, _, _ = do(t, http.MethodGet, base+"/users", nil)
	assert.Equal(t, http.StatusOK, status, "the token guards the admin API only")
}

func TestAdminDisabled(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	off := false
	spec.Options.Admin.Enabled = &off
	_, base := serve(t, spec)
	for _, tt := range []struct{ method, path string }{
		{http.MethodPost, "/admin/reset"}, {http.MethodPost, "/admin/save"}, {http.MethodGet, "/admin/stats"},
		{http.MethodGet, "/admin/snapshots"}, {http.MethodPost, "/admin/snapshots"}, {http.MethodDelete, "/admin/snapshots/x"},
		{http.MethodGet, "/admin"}, {http.MethodGet, "/admin/"},
	} {
		status, _, body := do(t, tt.method, base+tt.path, map[string]any{"name": "x"})
		assert.Equal(t, http.StatusNotFound, status, "%s %s", tt.method, tt.path)
		assert.Equal(t, "ROUTE_NOT_FOUND", errCode(body), "%s %s", tt.method, tt.path)
	}
	do(t, http.MethodDelete, base+"/users/1", nil)
	do(t, http.MethodPost, base+"/admin/reset", nil)
	assert.Equal(t, nums(2, 3), allIDs(t, base, "users"), "reset did not run")
}

func TestAdminPathDoesNotShadowResources(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	spec.Resources = append(spec.Resources, pretendo.Resource{Name: "administrators", Fields: []pretendo.Field{{Name: "id", Type: "number"}}})
	spec.Data["administrators"] = []map[string]any{{"id": 1}}
	spec.Options.Admin.Token = "t"
	_, base := serve(t, spec)
	status, _, body := do(t, http.MethodGet, base+"/administrators/1", nil)
	assert.Equal(t, http.StatusOK, status, "%v", body)
	status, _, body = do(t, http.MethodGet, base+"/adminx", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "RESOURCE_NOT_FOUND", errCode(body))

	custom := blogSpec(t)
	custom.Options.Admin.Path = "/_admin"
	_, cbase := serve(t, custom)
	assert.Equal(t, 3.0, data(t, get(t, cbase+"/_admin/stats"))["users"].(map[string]any)["count"])
	status, _, body = do(t, http.MethodGet, cbase+"/admin/stats", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "RESOURCE_NOT_FOUND", errCode(body), "/admin is an ordinary path then")
}

func TestSnapshotGoAPI(t *testing.T) {
	t.Parallel()
	srv, base := newServer(t)
	ctx := t.Context()
	require.NoError(t, srv.Snapshot(ctx, "start"))
	assert.ErrorIs(t, srv.Snapshot(ctx, "start"), pretendo.ErrSnapshotExists)
	for _, name := range badSnapshotNames {
		assert.ErrorIs(t, srv.Snapshot(ctx, name), pretendo.ErrInvalidName, "%q", name)
		assert.ErrorIs(t, srv.Restore(ctx, name), pretendo.ErrInvalidName, "%q", name)
		assert.ErrorIs(t, srv.DeleteSnapshot(ctx, name), pretendo.ErrInvalidName, "%q", name)
	}
	assert.ErrorIs(t, srv.Restore(ctx, "never"), pretendo.ErrSnapshotNotFound)

	fork := srv.Fork()
	t.Cleanup(func() { _ = fork.Close() })
	fts := httptest.NewServer(fork)
	t.Cleanup(fts.Close)

	status, _, _ := do(t, http.MethodDelete, base+"/users/1", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, nums(1, 2, 3), allIDs(t, fts.URL, "users"), "the fork does not see the parent's writes")
	status, h, _ := do(t, http.MethodPost, fts.URL+"/users", map[string]any{"email": "f@x.y", "name": "F"})
	require.Equal(t, http.StatusCreated, status)
	assert.Equal(t, "/users/4", h.Get("Location"))
	assert.Equal(t, nums(2, 3), allIDs(t, base, "users"), "the parent does not see the fork's writes")

	snaps, err := fork.Snapshots(ctx)
	require.NoError(t, err)
	require.Len(t, snaps, 1, "the fork starts with the parent's snapshots")
	require.NoError(t, fork.Restore(ctx, "start"))
	assert.Equal(t, nums(1, 2, 3), allIDs(t, fts.URL, "users"))
	require.NoError(t, fork.Snapshot(ctx, "fork-only"))
	snaps, err = srv.Snapshots(ctx)
	require.NoError(t, err)
	assert.Len(t, snaps, 1, "the parent does not see the fork's snapshots")

	require.NoError(t, srv.Restore(ctx, "start"))
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "users"))
	do(t, http.MethodDelete, base+"/users/2", nil)
	require.NoError(t, srv.Reset(ctx))
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "users"))
	require.NoError(t, srv.DeleteSnapshot(ctx, "start"))
	assert.ErrorIs(t, srv.DeleteSnapshot(ctx, "start"), pretendo.ErrSnapshotNotFound)

	stats, err := srv.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, stats["users"].Count)
}

func TestServersShareNothing(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	_, a := serve(t, spec)
	_, b := serve(t, spec)
	spec.Resources[0].Name = "changed"
	spec.Data["users"][0]["name"] = "Changed"
	status, _, _ := do(t, http.MethodDelete, a+"/users/1", nil)
	require.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, nums(1, 2, 3), allIDs(t, b, "users"))
	assert.Equal(t, "Ada", data(t, get(t, b+"/users/1"))["name"], "the server keeps its own copy of the spec")
	assert.Equal(t, http.StatusNotFound, status404(t, b+"/changed"))
}
