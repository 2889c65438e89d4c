package adapter_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
)

// postgresImport is the line a program adds to register "postgres".
const postgresImport = `import _ "github.com/pretendo-go/pretendo/postgres"`

func TestRegisterRefusesMisuse(t *testing.T) {
	t.Parallel()
	open := func(context.Context, adapter.Config) (adapter.DatabaseAdapter, error) { return memory.New(), nil }
	adapter.Register("registry-test-twice", open)
	tests := []struct {
		name, adapter string
		open          adapter.Opener
	}{
		{"empty name", "", open},
		{"nil opener", "registry-test-nil", nil},
		{"registered twice", "registry-test-twice", open},
		{"a built-in name", "memory", open},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Panics(t, func() { adapter.Register(tt.adapter, tt.open) })
		})
	}
	assert.NotContains(t, adapter.Drivers(), "registry-test-nil", "a refused registration leaves nothing behind")
}

func TestOpenHandsTheConfigToTheOpener(t *testing.T) {
	t.Parallel()
	var got adapter.Config
	opened := memory.New()
	adapter.Register("registry-test-config", func(ctx context.Context, c adapter.Config) (adapter.DatabaseAdapter, error) {
		got = c
		return opened, ctx.Err()
	})
	assert.Contains(t, adapter.Drivers(), "registry-test-config")

	on, every := false, 250*time.Millisecond
	now := func() time.Time { return time.Unix(0, 0) }
	want := adapter.Config{Path: "db.json", DSN: "postgres://db", AutoSave: &on, SaveInterval: &every, LazyLoading: true, Reset: true, Clock: now}
	db, err := adapter.Open(t.Context(), "registry-test-config", want)
	require.NoError(t, err)
	assert.Same(t, opened, db)
	assert.Equal(t, want.Path, got.Path)
	assert.Equal(t, want.DSN, got.DSN)
	assert.Same(t, want.AutoSave, got.AutoSave)
	assert.Same(t, want.SaveInterval, got.SaveInterval)
	assert.True(t, got.LazyLoading)
	assert.True(t, got.Reset)
	assert.Equal(t, now(), got.Clock())

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = adapter.Open(ctx, "registry-test-config", want)
	assert.ErrorIs(t, err, context.Canceled, "the Opener's error comes back as it is")
}

func TestOpenNamesWhatToImport(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, adapter, importPath string
		says                      []string
	}{
		{"an adapter pretendo ships", "postgres", "github.com/pretendo-go/pretendo/postgres", []string{postgresImport}},
		{"an unknown adapter", "sqlite", "", []string{"memory", "json-file", "pretendo.WithAdapter"}},
		{"an empty name", "", "", []string{"pretendo.WithAdapter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db, err := adapter.Open(t.Context(), tt.adapter, adapter.Config{})
			assert.Nil(t, db)
			var nr *adapter.NotRegisteredError
			require.ErrorAs(t, err, &nr)
			assert.Equal(t, tt.adapter, nr.Name)
			assert.Equal(t, tt.importPath, nr.Import)
			assert.Subset(t, nr.Registered, []string{"json-file", "memory"}, "the root package registers its built-in adapters")
			assert.IsIncreasing(t, nr.Registered)
			for _, s := range tt.says {
				assert.Contains(t, err.Error(), s)
			}
		})
	}
}

// This test binary does not import the postgres package, so a spec that
// names it fails to open, saying which import to add.
func TestSpecNamingAnAdapterNotLinked(t *testing.T) {
	t.Parallel()
	spec, err := pretendo.ParseSpec([]byte(`
resources:
  - name: users
    fields:
      - { name: id, type: number }
options:
  database: { adapter: postgres, dsn: "postgres://nobody@127.0.0.1:1/none" }
`))
	require.NoError(t, err)
	srv, err := pretendo.Open(spec)
	require.Nil(t, srv)
	require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
	var se *pretendo.SpecError
	require.True(t, errors.As(err, &se))
	require.Len(t, se.Problems, 1)
	assert.Equal(t, "options.database.adapter", se.Problems[0].Path)
	assert.Contains(t, se.Problems[0].Message, postgresImport)
}
