package snapshot

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
)

// FuzzDecode reads arbitrary bytes as a snapshot file, as Dir.Get (records
// kept) and Dir.List (records counted) read one: both fail with a located
// *FileError or succeed, never panic; List's metadata is Get's; what Get
// reads, Put's encoding writes back to bytes that read the same.
//
// It works on bytes in memory, without the folder around them, whose
// handling does not depend on the content (dir_test.go covers it). Going
// through the disk made a run cost some 250 µs of system calls and two
// syncs, and the fuzzer, which minimizes every new interesting input (up
// to -fuzzminimizetime, 60 s by default, reporting no execs meanwhile)
// and cannot shrink one whose coverage depends on its length, showed
// 0 execs/s for most of a run.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"name":"x","description":"","createdAt":"2024-05-01T10:00:00Z","counters":{"users":2},"data":{"users":[{"id":1},{"id":2}]}}`))
	f.Add([]byte(`{"data":{}}`))
	f.Add([]byte(`{"data":{"users":[null]}}`))
	f.Add([]byte("{\n\"data\": {\"u\": [{\"a\": 1e999}]}}"))
	f.Add([]byte(`[`))
	f.Add([]byte(""))
	path := filepath.Join(f.TempDir(), "snaps", "in.json")
	depth := newConfig(nil).depth
	f.Fuzz(func(t *testing.T, data []byte) {
		// decode blanks a byte order mark in place, as Dir's own copy of
		// the file allows; the fuzzer's input stays as it is.
		c, err := decode(path, bytes.Clone(data), true, depth)
		listed, lerr := decode(path, bytes.Clone(data), false, depth)
		if err != nil {
			var fe *FileError
			require.True(t, errors.As(err, &fe), "%T: %v", err, err)
			assert.Equal(t, path, fe.Path)
			assert.GreaterOrEqual(t, fe.Line, 1)
			assert.LessOrEqual(t, fe.Line, strings.Count(string(data), "\n")+1)
			assert.GreaterOrEqual(t, fe.Column, 1)
			return
		}
		require.NoError(t, lerr, "List reads what Get reads")
		assert.Equal(t, c.meta, listed.meta)

		// Put normalizes what it writes, and Get names what it reads.
		m := c.meta
		m.Name = "in"
		st := adapter.NewState(c.data, c.counters)
		var file bytes.Buffer
		require.NoError(t, encode(t.Context(), &file, normalize(m, st), st))
		again, err := decode(path, file.Bytes(), true, depth)
		require.NoError(t, err, "a written file reads back:\n%s", file.Bytes())
		again.meta.Name = "in"
		assert.Equal(t, m, again.meta)
		data1, counters1 := adapter.Snapshot(st)
		data2, counters2 := adapter.Snapshot(adapter.NewState(again.data, again.counters))
		assert.Equal(t, data1, data2)
		assert.Equal(t, counters1, counters2)
	})
}
