package atomicfile_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/atomicfile"
)

// writeString returns a write function that writes s.
func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// names lists the entries of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteFileWritesContent(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		content string
	}{
		{name: "plain", file: "db.json", content: `{"users": []}`},
		{name: "empty content", file: "empty.json", content: ""},
		{name: "unicode name and content", file: "données-ü-名前.json", content: "héllo \u2028 世界 \x00"},
		{name: "name with spaces", file: "my file", content: "x"},
		{name: "large", file: "big.bin", content: strings.Repeat("0123456789abcdef", 1<<16)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.file)
			require.NoError(t, atomicfile.WriteFile(path, 0o644, writeString(tc.content)))

			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, tc.content, string(got))
			assert.Equal(t, []string{tc.file}, names(t, dir), "no temporary file left behind")
		})
	}
}

func TestWriteFileReplacesOldContent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "db.json")
	require.NoError(t, os.WriteFile(path, []byte("old content that is longer than the new"), 0o600))

	require.NoError(t, atomicfile.WriteFile(path, 0o644, writeString("new")))

	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	assert.Equal(t, []string{"db.json"}, names(t, dir))
}

func TestWriteFileSetsPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	for _, perm := range []fs.FileMode{0o600, 0o644, 0o640, 0o444} {
		t.Run(perm.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f")
			require.NoError(t, atomicfile.WriteFile(path, perm, writeString("x")))
			info, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, perm, info.Mode().Perm())
		})
	}
}

func TestWriteFileFailureKeepsOldFile(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name  string
		write func(io.Writer) error
	}{
		{name: "error before writing", write: func(io.Writer) error { return errBoom }},
		{name: "error after a partial write", write: func(w io.Writer) error {
			_, _ = io.WriteString(w, "half a reco")
			return errBoom
		}},
		{name: "error after more than a buffer", write: func(w io.Writer) error {
			_, _ = w.Write(bytes.Repeat([]byte{'z'}, 1<<20))
			return fmt.Errorf("encoding record 7: %w", errBoom)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "db.json")
			require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))

			err := atomicfile.WriteFile(path, 0o644, tc.write)
			require.Error(t, err)
			assert.ErrorIs(t, err, errBoom)
			assert.Contains(t, err.Error(), path)

			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, "old", string(got))
			assert.Equal(t, []string{"db.json"}, names(t, dir), "temporary file removed")
		})
	}
}

func TestWriteFilePanicRemovesTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "db.json")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))

	assert.PanicsWithValue(t, "write exploded", func() {
		_ = atomicfile.WriteFile(path, 0o644, func(w io.Writer) error {
			_, _ = io.WriteString(w, "partial")
			panic("write exploded")
		})
	})

	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(got))
	assert.Equal(t, []string{"db.json"}, names(t, dir))
}

func TestWriteFileBadPaths(t *testing.T) {
	root := t.TempDir()
	existingDir := filepath.Join(root, "adir")
	require.NoError(t, os.Mkdir(existingDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(existingDir, "keep"), []byte("k"), 0o644))

	tests := []struct {
		name string
		path string
	}{
		{name: "empty", path: ""},
		{name: "missing folder", path: filepath.Join(root, "missing", "db.json")},
		{name: "trailing separator", path: existingDir + string(filepath.Separator)},
		{name: "existing non-empty folder", path: existingDir},
		{name: "dot", path: filepath.Join(root, ".") + string(filepath.Separator) + "."},
		{name: "dot dot", path: filepath.Join(existingDir, "..") + string(filepath.Separator) + ".."},
		{name: "NUL byte", path: filepath.Join(root, "a\x00b")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			called := false
			err := atomicfile.WriteFile(tc.path, 0o644, func(w io.Writer) error {
				called = true
				_, err := io.WriteString(w, "x")
				return err
			})
			require.Error(t, err)
			if tc.path == "" || strings.HasSuffix(tc.path, string(filepath.Separator)) || strings.HasSuffix(tc.path, ".") {
				assert.False(t, called, "write must not run for a path without a file name")
			}
			assert.Equal(t, []string{"adir"}, names(t, root), "nothing created next to the folder")
			assert.Equal(t, []string{"keep"}, names(t, existingDir), "folder content untouched")
		})
	}
}

func TestWriteFileNilWrite(t *testing.T) {
	dir := t.TempDir()
	err := atomicfile.WriteFile(filepath.Join(dir, "f"), 0o644, nil)
	require.Error(t, err)
	assert.Empty(t, names(t, dir))
}

func TestWriteFileConcurrentWritersLeaveOneCompleteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "db.json")
	const writers = 16
	const size = 256 << 10

	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := byte('a' + i)
			errs[i] = atomicfile.WriteFile(path, 0o644, func(w io.Writer) error {
				chunk := bytes.Repeat([]byte{b}, 4096)
				for written := 0; written < size; written += len(chunk) {
					if _, err := w.Write(chunk); err != nil {
						return err
					}
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		assert.NoError(t, err, "writer %d", i)
	}

	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Len(t, got, size)
	assert.Equal(t, bytes.Repeat(got[:1], size), got, "the file is one writer's complete content")
	assert.GreaterOrEqual(t, got[0], byte('a'))
	assert.Less(t, got[0], byte('a'+writers))
	assert.Equal(t, []string{"db.json"}, names(t, dir), "no temporary file left behind")
}

func TestWriteFileRelativePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	require.NoError(t, atomicfile.WriteFile("rel.json", 0o644, writeString("rel")))
	got, err := os.ReadFile(filepath.Join(dir, "rel.json"))
	require.NoError(t, err)
	assert.Equal(t, "rel", string(got))
	assert.Equal(t, []string{"rel.json"}, names(t, dir))
}

func BenchmarkWriteFile30MB(b *testing.B) {
	const size = 30 << 20
	chunk := bytes.Repeat([]byte(`{"id": 1, "name": "x"},`+"\n"), 2048)
	path := filepath.Join(b.TempDir(), "big.json")
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		err := atomicfile.WriteFile(path, 0o644, func(w io.Writer) error {
			for written := 0; written < size; {
				n := min(len(chunk), size-written)
				if _, err := w.Write(chunk[:n]); err != nil {
					return err
				}
				written += n
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
