package snapshot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/snapshot"
)

func TestOpenDir(t *testing.T) {
	t.Run("creates nested folders", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a", "b", "snaps")
		d := mustOpenDir(t, dir)
		info, err := os.Stat(dir)
		require.NoError(t, err)
		assert.True(t, info.IsDir())
		assert.Equal(t, dir, d.Path())
	})
	t.Run("relative path is made absolute", func(t *testing.T) {
		root := t.TempDir()
		t.Chdir(root)
		d := mustOpenDir(t, "snaps")
		assert.Equal(t, filepath.Join(root, "snaps"), d.Path())
	})
	t.Run("empty path", func(t *testing.T) {
		_, err := snapshot.OpenDir("")
		assert.Error(t, err)
	})
	t.Run("path is a file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "f")
		require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
		_, err := snapshot.OpenDir(file)
		assert.Error(t, err)
	})
	t.Run("NUL in path", func(t *testing.T) {
		_, err := snapshot.OpenDir(filepath.Join(t.TempDir(), "a\x00b"))
		assert.Error(t, err)
	})
}

func TestDirSurvivesRestart(t *testing.T) {
	ctx := t.Context()
	dir := filepath.Join(t.TempDir(), "snaps")
	first := mustOpenDir(t, dir)
	st := usersState(4)
	require.NoError(t, first.Put(ctx, snapshot.Meta{Name: "fixture", Description: "four users", CreatedAt: created}, st, false))
	require.NoError(t, first.Put(ctx, snapshot.Meta{Name: "Other"}, usersState(1), false))

	again := mustOpenDir(t, dir)
	m, got, err := again.Get(ctx, "fixture")
	require.NoError(t, err)
	assert.Equal(t, snapshot.Meta{Name: "fixture", Description: "four users", CreatedAt: created,
		Counts: map[string]int{"users": 4, "posts": 0, "comments": 0}}, m)
	wantData, wantCounters := plain(st)
	gotData, gotCounters := plain(got)
	assert.Equal(t, wantData, gotData)
	assert.Equal(t, map[string]int64{"users": 9, "posts": 3, "comments": 7}, gotCounters)
	assert.Equal(t, wantCounters, gotCounters)

	err = again.Put(ctx, snapshot.Meta{Name: "fixture"}, usersState(0), false)
	assert.ErrorIs(t, err, snapshot.ErrExists, "the restarted store knows the name")
	err = again.Put(ctx, snapshot.Meta{Name: "other"}, usersState(0), false)
	assert.ErrorIs(t, err, snapshot.ErrInvalidName, "and the case of the names")
	assert.Equal(t, []string{"Other.json", "fixture.json"}, entries(t, dir))
}

func TestDirFileFormat(t *testing.T) {
	ctx := t.Context()
	d := mustOpenDir(t, t.TempDir())
	st := adapter.NewState(adapter.Dataset{
		"users": {
			{"id": 1.0, "role": "admin", "tags": []any{"a", "<b>"}},
			{"id": 2.0, "role": "editor", "profile": map[string]any{"age": 30.0}},
		},
		"posts": {},
	}, map[string]int64{"users": 2, "posts": 0})
	require.NoError(t, d.Put(ctx, snapshot.Meta{Name: "two-users", Description: "an admin & an editor", CreatedAt: created}, st, false))

	got, err := os.ReadFile(filepath.Join(d.Path(), "two-users.json"))
	require.NoError(t, err)
	want := `{
  "name": "two-users",
  "description": "an admin & an editor",
  "createdAt": "2024-05-01T10:00:00Z",
  "counters": {
    "posts": 0,
    "users": 2
  },
  "data": {
    "posts": [],
    "users": [
      {
        "id": 1,
        "role": "admin",
        "tags": [
          "a",
          "<b>"
        ]
      },
      {
        "id": 2,
        "profile": {
          "age": 30
        },
        "role": "editor"
      }
    ]
  }
}
`
	assert.Equal(t, want, string(got))
	info, err := os.Stat(filepath.Join(d.Path(), "two-users.json"))
	require.NoError(t, err)
	assert.False(t, info.Mode()&0o044 == 0, "readable by group and others")
}

// fileValue is the whole snapshot file as one value, for comparing the
// streaming writer with encoding/json.
type fileValue struct {
	Name        string           `json:"name"`
	Description string           `json:"description"`
	CreatedAt   string           `json:"createdAt"`
	Counters    map[string]int64 `json:"counters"`
	Data        adapter.Dataset  `json:"data"`
}

func TestDirFileMatchesEncodingJSON(t *testing.T) {
	ctx := t.Context()
	d := mustOpenDir(t, t.TempDir())
	st := usersState(50)
	require.NoError(t, d.Put(ctx, snapshot.Meta{Name: "big", Description: "<fifty> & more", CreatedAt: created}, st, false))
	got, err := os.ReadFile(filepath.Join(d.Path(), "big.json"))
	require.NoError(t, err)

	data, counters := plain(st)
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(fileValue{Name: "big", Description: "<fifty> & more", CreatedAt: "2024-05-01T10:00:00Z", Counters: counters, Data: data}))
	assert.Equal(t, want.String(), string(got))

	// The data section is the json-file store format: resource to records.
	var parsed struct {
		Data adapter.Dataset `json:"data"`
	}
	require.NoError(t, json.Unmarshal(got, &parsed))
	assert.Equal(t, data, parsed.Data)
}

func TestDirReadsHandWrittenFixtures(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		meta     snapshot.Meta
		data     adapter.Dataset
		counters map[string]int64
	}{
		{
			name: "data only",
			file: `{"data": {"users": [{"id": 1}]}}`,
			meta: snapshot.Meta{Name: "fx", Counts: map[string]int{"users": 1}},
			data: adapter.Dataset{"users": {{"id": 1.0}}}, counters: map[string]int64{"users": 0},
		},
		{
			name: "keys in another order, file name wins over the name key",
			file: "{\"data\": {}, \"counters\": {\"users\": 12}, \"createdAt\": \"2024-05-01T12:00:00+02:00\", \"name\": \"stale\", \"description\": \"d\"}",
			meta: snapshot.Meta{Name: "fx", Description: "d", CreatedAt: created, Counts: map[string]int{"users": 0}},
			data: adapter.Dataset{"users": {}}, counters: map[string]int64{"users": 12},
		},
		{
			name: "byte order mark and CRLF",
			file: "\xef\xbb\xbf{\r\n  \"data\": {\r\n    \"users\": []\r\n  }\r\n}\r\n",
			meta: snapshot.Meta{Name: "fx", Counts: map[string]int{"users": 0}},
			data: adapter.Dataset{"users": {}}, counters: map[string]int64{"users": 0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			d := mustOpenDir(t, t.TempDir())
			require.NoError(t, os.WriteFile(filepath.Join(d.Path(), "fx.json"), []byte(tc.file), 0o644))

			m, st, err := d.Get(ctx, "fx")
			require.NoError(t, err)
			assert.Equal(t, tc.meta, m)
			data, counters := plain(st)
			assert.Equal(t, tc.data, data)
			assert.Equal(t, tc.counters, counters)

			list, err := d.List(ctx)
			require.NoError(t, err)
			assert.Equal(t, []snapshot.Meta{tc.meta}, list)
		})
	}
}

func TestDirReportsBrokenFiles(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		line   int
		column int
		msg    string
		// listOK marks problems inside record values, which List, reading
		// only the structure and metadata, does not see.
		listOK bool
	}{
		{name: "empty file", file: "", line: 1, column: 1, msg: "unexpected end of JSON input"},
		{name: "truncated", file: "{\n  \"data\": {\n    \"users\": [\n      {\"id\": 1", line: 4, column: 15, msg: "unexpected end"},
		{name: "trailing comma", file: "{\n  \"data\": {\n    \"users\": [\n      {\"id\": 1},\n    ]\n  }\n}", line: 5, column: 5, msg: "invalid character ']'"},
		{name: "missing colon", file: "{\n  \"data\" {}\n}", line: 2, column: 10, msg: "invalid character '{'"},
		{name: "garbage after unicode", file: "{\n  \"description\": \"héllo wörld\" x\n}", line: 2, column: 32, msg: "invalid character 'x'"},
		{name: "top-level array", file: "[]", line: 1, column: 1, msg: "must hold one JSON object"},
		{name: "record is null", file: "{\n  \"data\": {\n    \"users\": [\n      {\"id\": 1},\n      null\n    ]\n  }\n}", line: 5, column: 7, msg: `record 1 of "users" is not a JSON object`},
		{name: "record is a number", file: `{"data": {"users": [42]}}`, line: 1, column: 21, msg: "not a JSON object"},
		{name: "resource is an object", file: "{\"data\": {\n\"users\": {}}}", line: 2, column: 10, msg: `resource "users" must be an array`},
		{name: "data is null", file: `{"data": null}`, line: 1, column: 10, msg: `"data" must be an object`},
		{name: "unknown key", file: "{\n  \"dat\": {}\n}", line: 2, column: 3, msg: `unknown key "dat"`},
		{name: "duplicate key", file: "{\"data\": {},\n \"data\": {}}", line: 2, column: 2, msg: `duplicate key "data"`},
		{name: "duplicate resource", file: "{\"data\": {\"u\": [],\n\n   \"u\": []}}", line: 3, column: 4, msg: `duplicate resource "u"`},
		{name: "missing data", file: "{\"counters\": {}}\n", line: 2, column: 1, msg: `missing key "data"`},
		{name: "fractional counter", file: "{\"counters\": {\"users\": 3.5}, \"data\": {}}", line: 1, column: 24, msg: `counter of "users" must be a whole number`},
		{name: "negative counter", file: "{\"counters\": {\"users\": -1}, \"data\": {}}", line: 1, column: 24, msg: "not -1"},
		{name: "huge counter", file: "{\"counters\": {\"users\": 99999999999999999999}, \"data\": {}}", line: 1, column: 24, msg: "whole number"},
		{name: "string counter", file: "{\"counters\": {\"users\": \"3\"}, \"data\": {}}", line: 1, column: 24, msg: "whole number"},
		{name: "bad createdAt", file: "{\"createdAt\": \"yesterday\", \"data\": {}}", line: 1, column: 15, msg: "not an RFC 3339 time"},
		{name: "createdAt is a number", file: "{\"createdAt\": 12, \"data\": {}}", line: 1, column: 16, msg: "cannot unmarshal number"},
		{name: "number too large in a record", file: "{\"data\": {\"users\": [\n{\"id\": 1e999}]}}", line: 2, column: 8, msg: "1e999", listOK: true},
		{name: "data after the object", file: "{\"data\": {}}\n{\"data\": {}}", line: 2, column: 1, msg: "unexpected data after the snapshot object"},
		{name: "invalid UTF-8 ignored in strings, bad literal caught", file: "{\"data\": {\"users\": [{\"a\": tru}]}}", line: 1, column: 30, msg: "invalid character '}'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			d := mustOpenDir(t, t.TempDir())
			path := filepath.Join(d.Path(), "broken.json")
			require.NoError(t, os.WriteFile(path, []byte(tc.file), 0o644))

			_, st, err := d.Get(ctx, "broken")
			require.Error(t, err)
			assert.Nil(t, st)
			var fe *snapshot.FileError
			require.True(t, errors.As(err, &fe), "want a *FileError, got %T: %v", err, err)
			assert.Equal(t, path, fe.Path)
			assert.Equal(t, tc.line, fe.Line, "line: %v", err)
			assert.Equal(t, tc.column, fe.Column, "column: %v", err)
			assert.Contains(t, err.Error(), tc.msg)
			assert.Contains(t, err.Error(), path)
			assert.False(t, errors.Is(err, snapshot.ErrNotFound))

			_, err = d.List(ctx)
			if tc.listOK {
				assert.NoError(t, err)
			} else {
				assert.True(t, errors.As(err, &fe), "List reports the broken file too: %v", err)
			}
		})
	}
}

func TestDirListIgnoresOtherFiles(t *testing.T) {
	ctx := t.Context()
	d := mustOpenDir(t, t.TempDir())
	require.NoError(t, d.Put(ctx, snapshot.Meta{Name: "real"}, usersState(1), false))
	for _, name := range []string{"README.md", ".hidden.json", ".real.json.tmp-123", "bad name.json", "notes.JSON.bak", "x.txt"} {
		require.NoError(t, os.WriteFile(filepath.Join(d.Path(), name), []byte("not json"), 0o644))
	}
	require.NoError(t, os.Mkdir(filepath.Join(d.Path(), "folder.json"), 0o755))

	list, err := d.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "real", list[0].Name)
	_, _, err = d.Get(ctx, "folder")
	assert.ErrorIs(t, err, snapshot.ErrNotFound)
}

func TestDirCaseClashWithHandPlacedFile(t *testing.T) {
	ctx := t.Context()
	d := mustOpenDir(t, t.TempDir())
	require.NoError(t, os.WriteFile(filepath.Join(d.Path(), "USERS.json"), []byte(`{"data": {}}`), 0o644))
	err := d.Put(ctx, snapshot.Meta{Name: "users"}, usersState(1), true)
	assert.ErrorIs(t, err, snapshot.ErrInvalidName)
	assert.Equal(t, []string{"USERS.json"}, entries(t, d.Path()))
}

// cancellingState cancels a context while its records are being scanned.
type cancellingState struct {
	adapter.State
	cancel context.CancelFunc
}

func (s cancellingState) Scan(resource string, fn func(adapter.Record) bool) {
	i := 0
	s.State.Scan(resource, func(r adapter.Record) bool {
		i++
		if i == 10 {
			s.cancel()
		}
		return fn(r)
	})
}

func TestDirPutCancelledMidWriteKeepsOldFile(t *testing.T) {
	d := mustOpenDir(t, t.TempDir())
	require.NoError(t, d.Put(t.Context(), snapshot.Meta{Name: "a", Description: "old"}, usersState(2), false))
	before, err := os.ReadFile(filepath.Join(d.Path(), "a.json"))
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	err = d.Put(ctx, snapshot.Meta{Name: "a", Description: "new"}, cancellingState{State: usersState(5000), cancel: cancel}, true)
	assert.ErrorIs(t, err, context.Canceled)

	after, err := os.ReadFile(filepath.Join(d.Path(), "a.json"))
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))
	assert.Equal(t, []string{"a.json"}, entries(t, d.Path()))
}
