package pretendo_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/seed"
)

// dataFile writes a data file for a test and returns its path.
func dataFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

func TestWithSeedFile(t *testing.T) {
	t.Parallel()
	path := dataFile(t, "seed.yml", "users:\n  - { id: 10, email: dee@example.com, name: NO }\nposts:\n  - { title: Seeded, userId: 10 }\n")
	srv, url := serve(t, blogSpec(t), pretendo.WithSeedFile(path))

	status, _, body := do(t, http.MethodGet, url+"/users/10/posts", nil)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, body["data"], 1)
	status, _, body = do(t, http.MethodGet, url+"/users/10", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "NO", data(t, body)["name"], "read as YAML 1.2")

	// Reset replays the file's records.
	status, _, _ = do(t, http.MethodDelete, url+"/users/10", nil)
	require.Equal(t, http.StatusNoContent, status)
	require.NoError(t, srv.Reset(t.Context()))
	status, _, _ = do(t, http.MethodGet, url+"/users/10", nil)
	assert.Equal(t, http.StatusOK, status)
}

func TestWithSeedFileErrorsNameTheFileAndIndex(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, content string
		opts          []pretendo.Option
		want          string
		err           error
	}{
		{"rule", "posts:\n  - { title: Fine, userId: 1 }\n  - { userId: 1 }\n", nil, "seed.yml: posts[1]: ", pretendo.ErrValidation},
		// The spec's data holds three posts and the callback one: the index
		// still counts in the file.
		{"reference", "posts:\n  - { title: Orphan, userId: 99 }\n", []pretendo.Option{pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) {
			return seed.Data{"posts": {{"title": "From Go", "userId": float64(1)}}}, nil
		})}, "seed.yml: posts[0]: ", pretendo.ErrValidation},
		{"duplicate id", "users:\n  - { id: 1, email: again@example.com, name: Ada }\n", nil, "seed.yml: users[0]: ", pretendo.ErrConflict},
		{"unknown resource", "ghosts:\n  - { id: 1 }\n", nil, "seed.yml", pretendo.ErrValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := dataFile(t, "seed.yml", tt.content)
			_, err := pretendo.Open(blogSpec(t), append(tt.opts, pretendo.WithSeedFile(path))...)
			require.ErrorIs(t, err, tt.err)
			assert.Contains(t, err.Error(), path)
			if tt.want != "seed.yml" {
				assert.Contains(t, err.Error(), filepath.Base(path)+tt.want[len("seed.yml"):])
			}
		})
	}

	t.Run("missing file", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "nope.yml")
		_, err := pretendo.Open(blogSpec(t), pretendo.WithSeedFile(path))
		require.ErrorIs(t, err, os.ErrNotExist)
		assert.Contains(t, err.Error(), path)
	})

	t.Run("seed callback references keep their own index", func(t *testing.T) {
		t.Parallel()
		_, err := pretendo.Open(blogSpec(t), pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) {
			return seed.Data{"posts": {{"title": "Fine", "userId": float64(1)}, {"title": "Orphan", "userId": float64(99)}}}, nil
		}))
		require.ErrorIs(t, err, pretendo.ErrValidation)
		assert.Contains(t, err.Error(), "seed.posts[1]: ", "not posts[4], its place among all posts")
	})
}
