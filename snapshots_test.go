package pretendo_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/seed"
)

// Snapshots kept in a directory survive a restart and restore the id
// counters with the data.
func TestSnapshotDirectorySurvivesRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "snapshots")
	open := func() *pretendo.Server {
		spec, err := pretendo.LoadSpec("testdata/blog.yml")
		require.NoError(t, err)
		spec.Options.Database.Snapshots.Enabled = true
		spec.Options.Database.Snapshots.Directory = dir
		srv, err := pretendo.Open(spec)
		require.NoError(t, err)
		return srv
	}
	ctx := context.Background()
	srv := open()
	tags := pretendo.Collection[map[string]any](srv, "tags")
	_, err := tags.Create(ctx, map[string]any{"label": "third"}) // id 3
	require.NoError(t, err)
	require.NoError(t, tags.Delete(ctx, 3)) // the counter stays at 3
	_, err = srv.SnapshotWithDescription(ctx, "after-delete", "two tags, counter 3", false)
	require.NoError(t, err)
	require.NoError(t, srv.Close())

	data, err := os.ReadFile(filepath.Join(dir, "after-delete.json"))
	require.NoError(t, err)
	var file map[string]any
	require.NoError(t, json.Unmarshal(data, &file))
	assert.Equal(t, "two tags, counter 3", file["description"])
	assert.Len(t, file["data"].(map[string]any)["tags"], 2)

	srv = open()
	defer srv.Close()
	list, err := srv.Snapshots(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, 2, list[0].Counts["tags"])

	tags = pretendo.Collection[map[string]any](srv, "tags")
	_, err = tags.Create(ctx, map[string]any{"label": "x"})
	require.NoError(t, err)
	require.NoError(t, srv.Restore(ctx, "after-delete"))
	page, err := tags.List(ctx, pretendo.Query{})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Total, "restore replaces the data")
	next, err := tags.Create(ctx, map[string]any{"label": "fourth"})
	require.NoError(t, err)
	assert.Equal(t, 4.0, next["id"], "the restored counter never reuses id 3")
}

// Reset replays the spec's data, the generated data and the seed callback:
// the same seed gives the same bytes.
func TestResetReplaysGeneratedAndSeededData(t *testing.T) {
	spec, err := pretendo.ParseSpec([]byte(`
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: email, type: string, unique: true, required: true }
      - { name: name, type: string }
data:
  users: [ { id: 1, email: first@example.com } ]
options:
  generateData: { enabled: true, seed: 9, counts: { users: 20 } }
`))
	require.NoError(t, err)
	seedFn := func(f *seed.Faker) (seed.Data, error) {
		return seed.Data{"users": {{"email": "seeded-" + f.Word() + "@example.com"}}}, nil
	}
	dump := func(srv *pretendo.Server) string {
		page, err := pretendo.Collection[map[string]any](srv, "users").List(context.Background(), pretendo.Query{})
		require.NoError(t, err)
		b, err := json.Marshal(page.Items)
		require.NoError(t, err)
		return string(b)
	}
	a := pretendo.New(spec, pretendo.WithRandSeed(3), pretendo.WithSeed(seedFn))
	defer a.Close()
	b := pretendo.New(spec, pretendo.WithRandSeed(3), pretendo.WithSeed(seedFn))
	defer b.Close()
	initial := dump(a)
	assert.Equal(t, initial, dump(b), "same spec and seeds, same data")
	assert.Contains(t, initial, "first@example.com")
	assert.Contains(t, initial, "seeded-")

	users := pretendo.Collection[map[string]any](a, "users")
	require.NoError(t, users.Delete(context.Background(), 1))
	_, err = users.Create(context.Background(), map[string]any{"email": "late@example.com"})
	require.NoError(t, err)
	require.NotEqual(t, initial, dump(a))
	require.NoError(t, a.Reset(context.Background()))
	assert.Equal(t, initial, dump(a), "reset replays all three sources")
	page, err := users.List(context.Background(), pretendo.Query{})
	require.NoError(t, err)
	assert.Equal(t, 22, page.Total, "1 from data, 20 generated, 1 seeded")
}

// A taken snapshot name is refused with the way to replace it, in the
// words of the API that was called; the way it names works.
func TestSnapshotTakenSaysHowToOverwrite(t *testing.T) {
	t.Parallel()
	srv, base := newServer(t)
	ctx := t.Context()
	require.NoError(t, srv.Snapshot(ctx, "start"))

	err := srv.Snapshot(ctx, "start")
	require.ErrorIs(t, err, pretendo.ErrSnapshotExists)
	assert.Contains(t, err.Error(), `SnapshotWithDescription(ctx, "start", description, true)`)
	assert.Equal(t, 1, strings.Count(err.Error(), "pretendo:"), err.Error())
	_, err = srv.SnapshotWithDescription(ctx, "start", "again", false)
	require.ErrorIs(t, err, pretendo.ErrSnapshotExists)
	assert.Contains(t, err.Error(), `SnapshotWithDescription(ctx, "start", description, true)`)
	info, err := srv.SnapshotWithDescription(ctx, "start", "again", true)
	require.NoError(t, err)
	assert.Equal(t, "again", info.Description)

	status, _, body := do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": "start"})
	assert.Equal(t, http.StatusConflict, status)
	assert.Equal(t, pretendo.CodeConflict, errCode(body))
	assert.Contains(t, errMessage(body), `send "overwrite": true to replace it`)
	assert.NotContains(t, errMessage(body), "SnapshotWithDescription")
	status, _, body = do(t, http.MethodPost, base+"/admin/snapshots", map[string]any{"name": "start", "overwrite": true})
	assert.Equal(t, http.StatusCreated, status, "%v", body)
}
