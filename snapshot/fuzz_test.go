package snapshot_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/snapshot"
)

var (
	validName     = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$`)
	windowsDevice = regexp.MustCompile(`^(?i:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\.|$)`)
)

func FuzzCheckName(f *testing.F) {
	for _, s := range []string{"users", "../x", "a/b", `a\b`, ".hidden", "", "a\x00b", "..", "名前", "a b", strings.Repeat("x", 65)} {
		f.Add(s)
	}
	dir := filepath.Join(f.TempDir(), "snaps")
	f.Add("com1.json")
	f.Add("Nul")
	f.Fuzz(func(t *testing.T, name string) {
		err := snapshot.CheckName(name)
		if !validName.MatchString(name) || windowsDevice.MatchString(name) {
			require.Error(t, err)
			assert.ErrorIs(t, err, snapshot.ErrInvalidName)
			return
		}
		require.NoError(t, err)
		// An accepted name is a plain file name directly inside the folder.
		p := filepath.Join(dir, name+".json")
		assert.Equal(t, dir, filepath.Dir(p))
		assert.Equal(t, name+".json", filepath.Base(p))
		assert.True(t, filepath.IsLocal(name+".json"))
	})
}

// FuzzDirGet reads arbitrary bytes as a snapshot file: Get and List fail
// with a located *FileError or succeed, never panic; what Get reads, Put
// writes back to a file that reads the same.
func FuzzDirGet(f *testing.F) {
	f.Add([]byte(`{"name":"x","description":"","createdAt":"2024-05-01T10:00:00Z","counters":{"users":2},"data":{"users":[{"id":1},{"id":2}]}}`))
	f.Add([]byte(`{"data":{}}`))
	f.Add([]byte(`{"data":{"users":[null]}}`))
	f.Add([]byte("{\n\"data\": {\"u\": [{\"a\": 1e999}]}}"))
	f.Add([]byte(`[`))
	f.Add([]byte(""))
	root := f.TempDir()
	d := mustOpenDir(f, filepath.Join(root, "snaps"))
	path := filepath.Join(d.Path(), "in.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := t.Context()
		require.NoError(t, os.WriteFile(path, data, 0o644))
		m, st, err := d.Get(ctx, "in")
		list, lerr := d.List(ctx)
		if err != nil {
			var fe *snapshot.FileError
			require.True(t, errors.As(err, &fe), "%T: %v", err, err)
			assert.Equal(t, path, fe.Path)
			assert.GreaterOrEqual(t, fe.Line, 1)
			assert.LessOrEqual(t, fe.Line, strings.Count(string(data), "\n")+1)
			assert.GreaterOrEqual(t, fe.Column, 1)
			return
		}
		require.NoError(t, lerr, "List reads what Get reads")
		require.Len(t, list, 1)
		assert.Equal(t, m, list[0])

		require.NoError(t, d.Put(ctx, m, st, true))
		defer os.Remove(path)
		m2, st2, err := d.Get(ctx, "in")
		require.NoError(t, err, "a written file reads back")
		assert.Equal(t, m, m2)
		data1, counters1 := plain(st)
		data2, counters2 := plain(st2)
		assert.Equal(t, data1, data2)
		assert.Equal(t, counters1, counters2)
	})
}
