package pretendo_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
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

func TestPostgresNeedsADSN(t *testing.T) {
	spec, err := pretendo.LoadSpec("testdata/blog.yml")
	require.NoError(t, err)
	spec.Options.Database.Adapter = "postgres"
	spec.Options.Database.DSN = ""
	_, err = pretendo.Open(spec)
	require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
	assert.Contains(t, err.Error(), "dsn")
}

func TestPostgresFromSpecOptions(t *testing.T) {
	dsn := os.Getenv("PRETENDO_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("set PRETENDO_POSTGRES_DSN (see .ci/postgres.sh) to run the PostgreSQL tests")
	}
	spec, err := pretendo.LoadSpec("testdata/blog.yml")
	require.NoError(t, err)
	spec.Options.Database.Adapter = "postgres"
	spec.Options.Database.DSN = dsn
	srv, err := pretendo.Open(spec)
	require.NoError(t, err)
	defer srv.Close()
	// Other tests may share the database; this one only reads what the spec loads.
	users, err := pretendo.Collection[map[string]any](srv, "users").Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, "ada@example.com", users["email"])
}

func TestWithResetStartsFromTheInitialState(t *testing.T) {
	t.Parallel()
	jsonFile := func(t *testing.T, content string) (*pretendo.Spec, string) {
		spec := blogSpec(t)
		path := filepath.Join(t.TempDir(), "db.json")
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
		spec.Options.Database.Adapter = "json-file"
		spec.Options.Database.DBPath = path
		return spec, path
	}
	tests := []struct{ name, content string }{
		{"broken file", `{"users": [`},
		{"another spec's file", `{"categories": [{"id": 1}]}`},
		{"this spec's file", `{"tags": [{"id": 40, "label": "stored"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spec, path := jsonFile(t, tt.content)
			if tt.name != "this spec's file" {
				_, err := pretendo.Open(spec)
				require.Error(t, err, "without WithReset the file is loaded")
			}
			srv, url := serve(t, spec, pretendo.WithReset(true))
			status, _, body := do(t, http.MethodGet, url+"/tags", nil)
			require.Equal(t, http.StatusOK, status)
			assert.Equal(t, float64(len(blogSpec(t).Data["tags"])), body["meta"].(map[string]any)["pagination"].(map[string]any)["totalItems"])
			require.NoError(t, srv.Close())
			raw, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.NotContains(t, string(raw), "stored")
			assert.NotContains(t, string(raw), "categories")
		})
	}
}
