package examples_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// TestPlaywrightSpecLoads checks the spec the Playwright example serves;
// the example itself runs with npx playwright test.
func TestPlaywrightSpecLoads(t *testing.T) {
	t.Parallel()
	spec, err := pretendo.LoadSpec("playwright/api.yml")
	require.NoError(t, err)
	srv, err := pretendo.Open(spec)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	stats, err := srv.Stats(t.Context())
	require.NoError(t, err)
	require.Equal(t, 2, stats["todos"].Count)
}
