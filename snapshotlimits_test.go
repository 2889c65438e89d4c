package pretendo_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// snapshotServer serves the blog spec with its snapshots in a folder
// (dir set) or in memory, keeping at most max of them (0: the default).
func snapshotServer(t *testing.T, dir string, max int) (*pretendo.Server, string) {
	t.Helper()
	spec := blogSpec(t)
	spec.Options.Database.Snapshots.Enabled = dir != ""
	spec.Options.Database.Snapshots.Directory = dir
	spec.Options.Database.Snapshots.Max = max
	return serve(t, spec)
}

func TestSnapshotNamesReservedOnWindows(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "snaps")
	srv, base := snapshotServer(t, dir, 0)
	for _, name := range []string{"CON", "con", "Prn", "aux", "NUL", "nul.json", "Nul.backup", "COM1", "com9.txt", "LPT1", "lpt5.x.y", "COM0"} {
		t.Run(name, func(t *testing.T) {
			for _, tt := range []struct {
				method, path string
				body         any
			}{
				{http.MethodPost, "/admin/snapshots", map[string]any{"name": name}},
				{http.MethodPost, "/admin/snapshots", map[string]any{"name": name, "overwrite": true}},
				{http.MethodPost, "/admin/snapshots/restore", map[string]any{"name": name}},
				{http.MethodDelete, "/admin/snapshots/" + url.PathEscape(name), nil},
			} {
				status, _, body := do(t, tt.method, base+tt.path, tt.body)
				assert.Equal(t, http.StatusBadRequest, status, "%s %s: %v", tt.method, tt.path, body)
				assert.Equal(t, "INVALID_NAME", errCode(body))
				assert.Contains(t, errMessage(body), "Windows")
			}
			assert.ErrorIs(t, srv.Snapshot(t.Context(), name), pretendo.ErrInvalidName)
			assert.ErrorIs(t, srv.Restore(t.Context(), name), pretendo.ErrInvalidName)
		})
	}
	t.Cleanup(func() { assert.Empty(t, dirNames(t, dir), "no file written") })
	// Names that merely contain a device name are fine.
	for _, name := range []string{"console", "com10", "nul-data", "my.con"} {
		status, _, body := do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": name})
		assert.Equal(t, http.StatusCreated, status, "%s: %v", name, body)
		require.NoError(t, srv.DeleteSnapshot(t.Context(), name))
	}
}

func TestSnapshotLimit(t *testing.T) {
	t.Parallel()
	for kind, dir := range map[string]string{"memory": "", "dir": filepath.Join(t.TempDir(), "snaps")} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			srv, base := snapshotServer(t, dir, 3)
			for _, name := range []string{"a", "b", "c"} {
				status, _, body := do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": name})
				require.Equal(t, http.StatusCreated, status, "%v", body)
			}
			status, _, body := do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": "d"})
			require.Equal(t, http.StatusConflict, status, "%v", body)
			assert.Equal(t, "CONFLICT", errCode(body))
			assert.Contains(t, errMessage(body), "3")
			assert.ErrorIs(t, srv.Snapshot(t.Context(), "d"), pretendo.ErrTooManySnapshots)

			status, _, body = do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": "c", "overwrite": true})
			assert.Equal(t, http.StatusCreated, status, "replacing one works at the limit: %v", body)
			status, _, _ = do(t, http.MethodDelete, base+"/admin/snapshots/a", nil)
			require.Equal(t, http.StatusNoContent, status)
			status, _, body = do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": "d"})
			assert.Equal(t, http.StatusCreated, status, "%v", body)
			list, err := srv.Snapshots(t.Context())
			require.NoError(t, err)
			assert.Len(t, list, 3)
		})
	}
	t.Run("default", func(t *testing.T) {
		t.Parallel()
		srv, _ := snapshotServer(t, "", 0)
		for i := range 100 {
			require.NoError(t, srv.Snapshot(t.Context(), fmt.Sprint("s", i)))
		}
		assert.ErrorIs(t, srv.Snapshot(t.Context(), "one-more"), pretendo.ErrTooManySnapshots)
		fork := srv.Fork()
		defer fork.Close()
		list, err := fork.Snapshots(t.Context())
		require.NoError(t, err)
		assert.Len(t, list, 100)
	})
	_, err := pretendo.ParseSpec([]byte("resources: [{name: a, fields: [{name: id, type: number}]}]\noptions: {database: {snapshots: {max: -1}}}\n"))
	assert.ErrorIs(t, err, pretendo.ErrInvalidSpec)
}

// BenchmarkAdminListSnapshots lists, through the admin API, a folder
// holding as many snapshots as a server keeps by default (100), each of
// 1,000 users and 1,000 posts, after the first listing (which reads every
// file once; later ones read only the files that changed).
func BenchmarkAdminListSnapshots(b *testing.B) {
	spec := benchSpec(benchSize{users: 1000, posts: 1000})
	spec.Options.Database.Snapshots.Enabled = true
	spec.Options.Database.Snapshots.Directory = filepath.Join(b.TempDir(), "snaps")
	srv, err := pretendo.Open(spec)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	for i := range 100 {
		if err := srv.Snapshot(b.Context(), fmt.Sprintf("snap-%03d", i)); err != nil {
			b.Fatal(err)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/admin/snapshots", nil)
	if _, err := srv.Snapshots(b.Context()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body)
		}
	}
}
