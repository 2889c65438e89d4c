package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunWritesTheFile(t *testing.T) {
	tests := map[string]string{
		"plain":   "db.json",
		"unicode": "données-ü-数据.json",
		"spaces":  "my data set.json",
	}
	for name, file := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, file)
			var stdout, stderr bytes.Buffer
			args := []string{"-users", "4", "-posts", "9", "-seed", "5", "-o", path}
			require.NoError(t, run(args, &stdout, &stderr))
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, mustGenerate(t, config{users: 4, posts: 9, seed: 5}), got)
			assert.Zero(t, stdout.Len())
			assert.Zero(t, stderr.Len())

			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Len(t, entries, 1, "no temporary file is left behind")
			info, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
		})
	}
}

func TestRunTwiceGivesIdenticalFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	require.NoError(t, run([]string{"-o", a}, &bytes.Buffer{}, &bytes.Buffer{}))
	require.NoError(t, run([]string{"-o", b}, &bytes.Buffer{}, &bytes.Buffer{}))
	first, err := os.ReadFile(a)
	require.NoError(t, err)
	second, err := os.ReadFile(b)
	require.NoError(t, err)
	assert.Equal(t, first, second)
	assert.Len(t, first, 3619288, "the default data set (1,000 users, 10,000 posts, seed 42)")
}

func TestRunToStdout(t *testing.T) {
	var stdout bytes.Buffer
	require.NoError(t, run([]string{"-users=2", "-posts=3", "-seed=1", "-o", "-"}, &stdout, &bytes.Buffer{}))
	assert.Equal(t, mustGenerate(t, config{users: 2, posts: 3, seed: 1}), stdout.Bytes())
}

func TestRunRejectsBadArguments(t *testing.T) {
	tests := map[string][]string{
		"negative users":      {"-users", "-1"},
		"negative posts":      {"-posts", "-3"},
		"users not a number":  {"-users", "many"},
		"users overflow":      {"-users", "99999999999999999999999"},
		"seed overflow":       {"-seed", "9223372036854775808"},
		"seed not a number":   {"-seed", "4½"},
		"too many users":      {"-users", "1000001"},
		"posts without users": {"-users", "0", "-posts", "1"},
		"empty output":        {"-o", ""},
		"unknown flag":        {"-colour", "red"},
		"stray argument":      {"extra"},
		"missing directory":   {"-o", "/nonexistent-dir-for-gendata/db.json"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			var stdout, stderr bytes.Buffer
			err := run(args, &stdout, &stderr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "gendata")
			assert.Zero(t, stdout.Len())
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "a refused run writes no file")
		})
	}
}
