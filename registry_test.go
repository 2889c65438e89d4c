package pretendo_test

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	_ "github.com/pretendo-go/pretendo/postgres" // registers "postgres" for the tests that name it
)

// The library links the adapters a program imports: without the postgres
// import, no pgx package (nor golang.org/x/text, which pgx brings) is built
// into a program that uses pretendo. Nor is the file watcher of the
// command's --watch (fsnotify). The OpenAPI validator the tests use
// (kin-openapi) is linked by no package: the library, the importer and the
// command describe and read documents with their own code.
func TestPackagesLinkOnlyWhatTheyImport(t *testing.T) {
	t.Parallel()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not installed")
	}
	validator := []string{"github.com/getkin/", "github.com/go-openapi/", "github.com/santhosh-tekuri/"}
	tests := []struct {
		pkg, has string
		banned   []string
	}{
		{"github.com/pretendo-go/pretendo", "github.com/pretendo-go/pretendo/adapter", append([]string{
			"github.com/jackc/", "golang.org/x/text/", "github.com/pretendo-go/pretendo/postgres",
			"github.com/fsnotify/", "github.com/pretendo-go/pretendo/openapi",
		}, validator...)},
		{"github.com/pretendo-go/pretendo/openapi", "github.com/pretendo-go/pretendo", append([]string{"github.com/fsnotify/"}, validator...)},
		{"github.com/pretendo-go/pretendo/cmd/pretendo", "github.com/pretendo-go/pretendo/openapi", validator},
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			t.Parallel()
			out, err := exec.Command(gobin, "list", "-deps", tt.pkg).Output()
			require.NoError(t, err)
			deps := strings.Fields(string(out))
			require.Contains(t, deps, tt.has, "go list listed the package's dependencies")
			for _, dep := range deps {
				for _, banned := range tt.banned {
					assert.False(t, dep == banned || strings.HasPrefix(dep, banned+"/") || strings.HasSuffix(banned, "/") && strings.HasPrefix(dep, banned), "%s links %s", tt.pkg, dep)
				}
			}
		})
	}
}

// A spec chooses a built-in adapter by its registered name, with the
// options it gives reaching the store.
func TestSpecChoosesARegisteredAdapter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, adapter, file string
	}{
		{"default", "", ""},
		{"memory", pretendo.AdapterMemory, ""},
		{"json-file", pretendo.AdapterJSONFile, "db.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spec := blogSpec(t)
			spec.Options.Database.Adapter = tt.adapter
			path := ""
			if tt.file != "" {
				path = filepath.Join(t.TempDir(), tt.file)
				spec.Options.Database.DBPath = path
				zero := 0
				spec.Options.Database.SaveInterval = &zero // every write durable before its answer
			}
			srv, url := serve(t, spec)
			want := tt.adapter
			if want == "" {
				want = pretendo.AdapterMemory
			}
			named, ok := srv.Adapter().(interface{ Name() string })
			require.True(t, ok, "the built-in adapters have a name")
			assert.Equal(t, want, named.Name())

			resp, err := http.Post(url+"/tags", "application/json", strings.NewReader(`{"label":"registered"}`))
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			require.Equal(t, http.StatusCreated, resp.StatusCode)
			if path == "" {
				return
			}
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			var file map[string][]map[string]any
			require.NoError(t, json.Unmarshal(b, &file))
			labels := make([]any, 0, len(file["tags"]))
			for _, tag := range file["tags"] {
				labels = append(labels, tag["label"])
			}
			assert.Contains(t, labels, "registered", "saveInterval 0 saved the write before the answer")
		})
	}
}

// An option the named adapter needs and the spec leaves out is a
// *SpecError at that option.
func TestAdapterOptionErrorIsASpecError(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	spec.Options.Database.Adapter = pretendo.AdapterPostgres
	spec.Options.Database.DSN = ""
	_, err := pretendo.Open(spec)
	require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
	var se *pretendo.SpecError
	require.ErrorAs(t, err, &se)
	require.Len(t, se.Problems, 1)
	assert.Equal(t, "options.database.dsn", se.Problems[0].Path)
}

// A spec that names postgres, opened with WithReset, starts from the
// spec's data whatever the tables kept; without it, the tables are kept.
func TestPostgresFromSpecResets(t *testing.T) {
	dsn := os.Getenv("PRETENDO_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("set PRETENDO_POSTGRES_DSN (see .ci/postgres.sh) to run the PostgreSQL tests")
	}
	// A resource name of its own keeps this test's tables apart from other
	// tests sharing the database and the default prefix.
	spec := parseSpec(t, `
resources:
  - name: registry_reset_notes
    fields:
      - { name: id, type: number }
      - { name: text, type: string }
data:
  registry_reset_notes:
    - { id: 1, text: first }
options:
  database: { adapter: postgres, dsn: "`+dsn+`" }
`)
	count := func(opts ...pretendo.Option) int {
		t.Helper()
		srv, err := pretendo.Open(spec, opts...)
		require.NoError(t, err)
		defer func() { require.NoError(t, srv.Close()) }()
		notes := pretendo.Collection[map[string]any](srv, "registry_reset_notes")
		page, err := notes.Find(t.Context(), "")
		require.NoError(t, err)
		_, err = notes.Create(t.Context(), map[string]any{"text": "more"})
		require.NoError(t, err)
		return page.Total
	}
	count(pretendo.WithReset(true))
	assert.Equal(t, 2, count(), "the tables keep what the last server wrote")
	assert.Equal(t, 1, count(pretendo.WithReset(true)), "a reset start loads the spec's data")
}
