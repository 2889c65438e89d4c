package pretendo_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

func TestJSONFileFromSpecOptions(t *testing.T) {
	dir := t.TempDir()
	spec, err := pretendo.LoadSpec("testdata/blog.yml")
	require.NoError(t, err)
	spec.Options.Database.Adapter = "json-file"
	spec.Options.Database.DBPath = filepath.Join(dir, "db.json")
	zero := 0
	spec.Options.Database.SaveInterval = &zero
	srv, err := pretendo.Open(spec)
	require.NoError(t, err)
	_, err = pretendo.Collection[map[string]any](srv, "tags").Create(context.Background(), map[string]any{"label": "fresh"})
	require.NoError(t, err)
	b, _ := os.ReadFile(filepath.Join(dir, "db.json"))
	require.Contains(t, string(b), "fresh")
	_, err = pretendo.Open(spec)
	require.Error(t, err)
	t.Log(err)
	require.NoError(t, srv.Close())
	srv2, err := pretendo.Open(spec)
	require.NoError(t, err)
	p, err := pretendo.Collection[map[string]any](srv2, "tags").Find(context.Background(), "label=fresh")
	require.NoError(t, err)
	require.Equal(t, 1, p.Total)
	require.NoError(t, srv2.Close())
}

func TestUnknownAdapterFailsOpen(t *testing.T) {
	spec, err := pretendo.LoadSpec("testdata/blog.yml")
	require.NoError(t, err)
	spec.Options.Database.Adapter = "postgres"
	spec.Options.Database.DSN = ""
	_, err = pretendo.Open(spec)
	require.Error(t, err)
}
