package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "library_gen.go")
	require.NoError(t, run(out))
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	want, err := os.ReadFile(generated)
	require.NoError(t, err)
	assertSameLines(t, got, want)
}

func TestRunReportsAnUnwritableFile(t *testing.T) {
	t.Parallel()
	err := run(filepath.Join(t.TempDir(), "missing", "library_gen.go"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestFindModuleOfUnknownPath(t *testing.T) {
	t.Parallel()
	_, err := findModule("example.com/not/required")
	assert.Error(t, err)
}
