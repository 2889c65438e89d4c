package jsonfile_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/jsonfile"
	"github.com/pretendo-go/pretendo/schema"
)

func TestNameAndPath(t *testing.T) {
	path := dbPath(t)
	s := mustOpen(t, path)
	assert.Equal(t, "json-file", s.Name())
	assert.Equal(t, path, s.Path())

	// A relative path comes back absolute.
	t.Chdir(t.TempDir())
	rel := mustOpen(t, filepath.Join("data", "db.json"))
	wd, err := os.Getwd()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(wd, "data", "db.json"), rel.Path())
	assert.DirExists(t, filepath.Join(wd, "data"), "Open creates the parent folders")
}

func TestRoundTrip(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, testInitial(), jsonfile.WithAutoSave(false))
	require.NoError(t, s.Update(t.Context(), func(tx adapter.WriteTx) error {
		if err := tx.Insert("users", adapter.Record{"id": 7.0, "email": "zoë@example.com", "name": "Zoë ✓", "tags": []any{"x", 1.5}}); err != nil {
			return err
		}
		if err := tx.Replace("users", adapter.Record{"id": 1.0, "email": "ada@example.com", "name": "Ada L.", "profile": map[string]any{"city": "London"}}); err != nil {
			return err
		}
		return tx.Delete("users", 2.0)
	}))
	want := dump(t, s)
	require.NoError(t, s.Close())

	// A different initial state: the file wins.
	other := adapter.NewState(adapter.Dataset{"users": {{"id": 99.0, "email": "x@example.com"}}}, map[string]int64{"users": 500})
	s2 := mustInit(t, path, other)
	assert.Equal(t, want, dump(t, s2))
	assert.Equal(t, int64(7), counter(t, s2, "users"), "ids continue from the largest stored id")
	assert.Equal(t, int64(1), counter(t, s2, "posts"))
	// Reset goes back to the initial state given to Initialize, not the file.
	require.NoError(t, s2.Reset(t.Context()))
	assert.Equal(t, adapter.Dataset{"users": {{"id": 99.0, "email": "x@example.com"}}, "posts": {}}, dump(t, s2))
	assert.Equal(t, int64(500), counter(t, s2, "users"))
}

func TestMissingFileIsWrittenAtInitialize(t *testing.T) {
	for name, content := range map[string]*string{"missing": nil, "empty": ptr("")} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "deep", "er", "db.json")
			if content != nil {
				writeFile(t, path, *content)
			}
			s := mustOpen(t, path)
			if content == nil {
				assert.NoFileExists(t, path, "Open does not write the file")
			}
			require.NoError(t, s.Initialize(t.Context(), testSpec(), testInitial()))
			got := fileData(t, path)
			assert.Equal(t, []any{1.0, 2.0}, idsOf(got["users"]))
			assert.Equal(t, []any{1.0}, idsOf(got["posts"]))
			info, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, jsonfile.DefaultFileMode, info.Mode().Perm())
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestFileFormat(t *testing.T) {
	path := dbPath(t)
	mustInit(t, path, testInitial())
	want := `{
  "users": [
    {
      "email": "ada@example.com",
      "id": 1,
      "name": "Ada"
    },
    {
      "email": "bob@example.com",
      "id": 2,
      "name": "Bob"
    }
  ],
  "posts": [
    {
      "id": 1,
      "title": "Hello",
      "userId": 1
    }
  ]
}
`
	assert.Equal(t, want, string(fileBytes(t, path)), "resources in spec order, keys sorted, two-space indent")

	// An empty store.
	path = dbPath(t)
	mustInit(t, path, nil)
	assert.Equal(t, "{\n  \"users\": [],\n  \"posts\": []\n}\n", string(fileBytes(t, path)))
}

// TestFileFormatMatchesEncodingJSON compares the file with what
// encoding/json writes for the same data, indented, without HTML escaping.
// The resources are named so that spec order is sorted order.
func TestFileFormatMatchesEncodingJSON(t *testing.T) {
	spec := &schema.Spec{Resources: []schema.Resource{
		{Name: "a", Fields: []schema.Field{{Name: "id", Type: schema.TypeString}}},
		{Name: "b", Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}}},
	}}
	data := adapter.Dataset{
		"a": {
			{"id": "ünï <b>&amp;</b> \"q\" \\ /", "ctl": "a\nb\tc\x01\x7f\u2028\u2029", "emoji": "😀", "bad": "x\xffy"},
			{"id": "", "nested": map[string]any{"z": []any{}, "y": map[string]any{}, "x": []any{1.0, []any{map[string]any{"k": nil}}}}},
		},
		"b": {
			{"id": 1.0, "f": 1.5, "big": 1e21, "small": 1e-6, "tiny": 1e-7, "neg": math.Copysign(0, -1), "max": math.MaxFloat64, "min": 5e-324, "t": true, "n": nil},
			{"id": -9007199254740991.0, "keys": map[string]any{"B": 1.0, "a": 2.0, "É": 3.0, "": 4.0}},
		},
	}
	path := dbPath(t)
	s := mustOpen(t, path)
	require.NoError(t, s.Initialize(t.Context(), spec, adapter.NewState(data, nil)))

	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(data))
	assert.Equal(t, want.String(), string(fileBytes(t, path)))

	// The file reads back to the same data, invalid UTF-8 aside.
	require.NoError(t, s.Close())
	s2 := mustOpen(t, path)
	require.NoError(t, s2.Initialize(t.Context(), spec, nil))
	got := dump(t, s2)
	assert.Equal(t, "x\uFFFDy", got["a"][0]["bad"])
	data["a"][0]["bad"] = "x\uFFFDy"
	assert.Equal(t, data, got)
	assert.True(t, math.Signbit(got["b"][0]["neg"].(float64)), "-0 keeps its sign")
}

func TestGoValuesInRecords(t *testing.T) {
	// Go callers may store values JSON decoding never produces.
	path := dbPath(t)
	s := mustInit(t, path, nil, jsonfile.WithSaveInterval(0))
	type point struct {
		X int `json:"x"`
	}
	require.NoError(t, insert(t, s, "users", adapter.Record{
		"id": 5, "i64": int64(-7), "u8": uint8(200), "f32": float32(0.1), "p": point{X: 3}, "ps": []point{{1}},
		"when": time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "num": json.Number("12.5"),
	}))
	got := fileData(t, path)["users"]
	require.Len(t, got, 1)
	assert.Equal(t, map[string]any{
		"id": 5.0, "i64": -7.0, "u8": 200.0, "f32": 0.1, "p": map[string]any{"x": 3.0}, "ps": []any{map[string]any{"x": 1.0}},
		"when": "2024-01-02T03:04:05Z", "num": 12.5,
	}, got[0])
}

func TestUnsavableValue(t *testing.T) {
	// NaN has no JSON form: the save fails, the file keeps its content, the
	// change is undone, and later saves of good state succeed.
	path := dbPath(t)
	s := mustInit(t, path, testInitial(), jsonfile.WithSaveInterval(0))
	before := fileBytes(t, path)
	err := insert(t, s, "users", adapter.Record{"id": 3.0, "email": "nan@example.com", "score": math.NaN()})
	require.ErrorIs(t, err, adapter.ErrNotSaved)
	assert.Contains(t, err.Error(), `users[2]: field "score": number NaN has no JSON form`)
	assert.Equal(t, before, fileBytes(t, path))
	assert.Len(t, dump(t, s)["users"], 2, "the change is undone")
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 3.0, "email": "ok@example.com"}))
	assert.Equal(t, []any{1.0, 2.0, 3.0}, idsOf(fileData(t, path)["users"]))
}

func TestBadFiles(t *testing.T) {
	cases := []struct {
		name      string
		content   string
		line, col int
		msg       string
	}{
		{"array", `[{"id": 1}]`, 1, 1, "the file holds a JSON array"},
		{"string", `"users"`, 1, 1, "unexpected string, want a JSON object"},
		{"syntax", "{\n  \"users\": [\n    {\"id\": 1,}\n  ]\n}", 3, 14, "unexpected character '}', want a string key"},
		{"unicode column", "{\"users\": [{\"name\": \"Zoë ✓\" \"id\": 1}]}", 1, 29, "want ',' or '}'"},
		{"truncated", "{\n  \"users\": [\n    {\"id\": 1}", 3, 14, "unexpected end of file"},
		{"unclosed string", "{\"users\": [{\"id\": \"abc}]}", 1, 19, "string is never closed"},
		{"trailing data", "{\"users\": []}\n{}", 2, 1, "after the end of the top-level object"},
		{"unknown resource", "{\n  \"users\": [],\n  \"comments\": []\n}", 3, 3, `unknown resource "comments" (the spec declares users, posts)`},
		{"resource twice", `{"users": [], "users": []}`, 1, 15, `resource "users" appears twice (first at line 1, column 2)`},
		{"resource not array", `{"users": {"id": 1}}`, 1, 11, "unexpected object, want an array of users records"},
		{"resource null", `{"users": null}`, 1, 11, "unexpected null, want an array of users records"},
		{"record not object", `{"users": [{"id": 1}, 2]}`, 1, 23, "want a record (a JSON object) as users[1]"},
		{"record null", `{"users": [null]}`, 1, 12, "unexpected null"},
		{"missing key", "{\"users\": [\n  {\"id\": 1},\n  {\"email\": \"x@example.com\"}\n]}", 3, 3, `users[1]: primary key "id" missing or not a valid key`},
		{"fractional key", `{"posts": [{"id": 1.5}]}`, 1, 12, `posts[0]: primary key "id" missing`},
		{"bool key", `{"posts": [{"id": true}]}`, 1, 12, `posts[0]: primary key "id" missing`},
		{"huge key", `{"posts": [{"id": 9007199254740992}]}`, 1, 12, `posts[0]: primary key "id" missing`},
		{"duplicate ids", "{\"users\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 1.0}]}", 1, 34, `users[2]: primary key "id"=1 already used by users[0]`},
		{"number overflow", `{"users": [{"id": 1, "n": 1e400}]}`, 1, 27, "number 1e400 does not fit"},
		{"bad escape", `{"users": [{"id": "\x"}]}`, 1, 20, `invalid escape \x`},
		{"control character", "{\"users\": [{\"id\": \"a\tb\"}]}", 1, 21, "control character"},
		{"leading zero", `{"users": [{"id": 01}]}`, 1, 20, "unexpected number, want ',' or '}'"},
		{"bare word", `{"users": [{"id": nope}]}`, 1, 19, `invalid literal, want null`},
		{"cut literal", `{"users": [{"id": 1, "b": tru`, 1, 27, `invalid literal, want true`},
		{"nested too deep", `{"users": [{"id": 1, "x": ` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}]}`, 1, 58, "a record nests objects and arrays deeper than 32 levels (options.maxDepth)"},
		{"one level too deep", `{"users": [{"id": 1, "x": ` + strings.Repeat("[", 32) + strings.Repeat("]", 32) + `}]}`, 1, 58, "deeper than 32 levels"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := dbPath(t)
			writeFile(t, path, c.content)
			s := mustOpen(t, path, jsonfile.WithSaveInterval(0))
			err := s.Initialize(t.Context(), testSpec(), testInitial())
			require.Error(t, err)
			assert.ErrorIs(t, err, jsonfile.ErrLoad)
			var le *jsonfile.LoadError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, path, le.Path)
			assert.Equal(t, c.line, le.Line, "line")
			assert.Equal(t, c.col, le.Column, "column")
			assert.Contains(t, err.Error(), c.msg)
			assert.Contains(t, err.Error(), path, "the message names the file")

			// Every method reports the failed load; nothing writes the file.
			assert.ErrorIs(t, s.View(t.Context(), func(adapter.Tx) error { return nil }), jsonfile.ErrLoad)
			assert.ErrorIs(t, insert(t, s, "users", adapter.Record{"id": 50.0}), jsonfile.ErrLoad)
			assert.ErrorIs(t, s.Reset(t.Context()), jsonfile.ErrLoad)
			assert.ErrorIs(t, s.Save(t.Context()), jsonfile.ErrLoad)
			_, err = s.Backup(t.Context())
			assert.ErrorIs(t, err, jsonfile.ErrLoad)
			require.NoError(t, s.Close())
			assert.Equal(t, c.content, string(fileBytes(t, path)), "the broken file is left as it was")
		})
	}
}

func TestFixedFileLoadsAfterFailedInitialize(t *testing.T) {
	path := dbPath(t)
	writeFile(t, path, `{"users": [{"id": 1}, {"id": 1}]}`)
	s := mustOpen(t, path)
	require.ErrorIs(t, s.Initialize(t.Context(), testSpec(), nil), jsonfile.ErrLoad)
	writeFile(t, path, `{"users": [{"id": 1}, {"id": 2}]}`)
	require.NoError(t, s.Initialize(t.Context(), testSpec(), nil))
	assert.Equal(t, adapter.Dataset{"users": {{"id": 1.0}, {"id": 2.0}}, "posts": {}}, dump(t, s))
}

func TestFileEdgeCasesThatLoad(t *testing.T) {
	cases := map[string]struct {
		content string
		want    adapter.Dataset
	}{
		"empty object":     {"{}", adapter.Dataset{"users": {}, "posts": {}}},
		"white space only": {" \n\t{ } \n", adapter.Dataset{"users": {}, "posts": {}}},
		"byte order mark":  {"\xEF\xBB\xBF{\"users\": [{\"id\": 1}]}", adapter.Dataset{"users": {{"id": 1.0}}, "posts": {}}},
		"string ids and escapes": {`{"users": [{"id": "\u00e9\ud83d\ude00", "s": "\/\b\f\n\r\t\"\\"}]}`,
			adapter.Dataset{"users": {{"id": "é😀", "s": "/\b\f\n\r\t\"\\"}}, "posts": {}}},
		"lone surrogate":             {`{"users": [{"id": 1, "s": "\ud800x\udc00"}]}`, adapter.Dataset{"users": {{"id": 1.0, "s": "\uFFFDx\uFFFD"}}, "posts": {}}},
		"duplicate field, last wins": {`{"users": [{"id": 1, "a": 1, "a": 2}]}`, adapter.Dataset{"users": {{"id": 1.0, "a": 2.0}}, "posts": {}}},
		"numbers": {`{"users": [{"id": -3, "a": 0, "b": -0.5e+2, "c": 12345678901234567890, "d": 1E-400}]}`,
			adapter.Dataset{"users": {{"id": -3.0, "a": 0.0, "b": -50.0, "c": json.Number("12345678901234567890"), "d": 0.0}}, "posts": {}}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := dbPath(t)
			writeFile(t, path, c.content)
			s := mustInit(t, path, testInitial())
			assert.Equal(t, c.want, dump(t, s))
		})
	}
}

func TestOpenBadPaths(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain")
	writeFile(t, file, "x")
	cases := map[string]struct {
		path string
		opts []jsonfile.Option
		msg  string
	}{
		"empty":            {"", nil, "empty database path"},
		"folder":           {dir, nil, "is a folder"},
		"parent is a file": {filepath.Join(file, "db.json"), nil, "not a directory"},
		"negative interval": {filepath.Join(dir, "a.json"), []jsonfile.Option{jsonfile.WithSaveInterval(-time.Second)},
			"save interval -1s is negative"},
		"mode not writable": {filepath.Join(dir, "b.json"), []jsonfile.Option{jsonfile.WithFileMode(0o444)}, "does not let the owner read and write"},
		"mode with type":    {filepath.Join(dir, "c.json"), []jsonfile.Option{jsonfile.WithFileMode(fs.ModeDir | 0o644)}, "more than permission bits"},
		"nul byte":          {filepath.Join(dir, "d\x00.json"), nil, "invalid argument"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := jsonfile.Open(c.path, c.opts...)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.Contains(t, err.Error(), c.msg)
		})
	}
	t.Run("nil options are skipped", func(t *testing.T) {
		s, err := jsonfile.Open(filepath.Join(dir, "e.json"), nil, jsonfile.WithLogger(nil), jsonfile.WithClock(nil))
		require.NoError(t, err)
		require.NoError(t, s.Close())
	})
	t.Run("unicode and spaces", func(t *testing.T) {
		path := filepath.Join(dir, "dätä bäse", "日本 ✓.json")
		s := mustInit(t, path, testInitial())
		require.NoError(t, s.Close())
		assert.Equal(t, []any{1.0, 2.0}, idsOf(fileData(t, path)["users"]))
	})
}

func TestReadOnlyFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ro")
	require.NoError(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "db.json")
	writeFile(t, path, `{"users": [{"id": 1, "email": "a@example.com"}]}`)
	require.NoError(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	if f, err := os.Create(filepath.Join(dir, "probe")); err == nil {
		_ = f.Close()
		t.Skip("the folder stays writable (running as root); internal tests simulate unwritable folders instead")
	}
	_, err := jsonfile.Open(path)
	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrPermission)
	assert.Contains(t, err.Error(), "lock file")

	// A folder that turns read-only while the store runs: saves fail, the
	// old file stays, the store keeps serving, and a later save succeeds.
	require.NoError(t, os.Chmod(dir, 0o755))
	s := mustInit(t, path, nil, jsonfile.WithSaveInterval(0))
	before := fileBytes(t, path)
	require.NoError(t, os.Chmod(dir, 0o555))
	err = insert(t, s, "users", adapter.Record{"id": 2.0, "email": "b@example.com"})
	assert.ErrorIs(t, err, fs.ErrPermission)
	assert.Equal(t, before, fileBytes(t, path))
	assert.Len(t, dump(t, s)["users"], 2)
	require.NoError(t, os.Chmod(dir, 0o755))
	require.NoError(t, s.Save(t.Context()))
	assert.Equal(t, []any{1.0, 2.0}, idsOf(fileData(t, path)["users"]))
}

func TestLocked(t *testing.T) {
	path := dbPath(t)
	first := mustOpen(t, path)
	second, err := jsonfile.Open(path)
	require.ErrorIs(t, err, jsonfile.ErrLocked)
	assert.Nil(t, second)
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), path+".lock", "the message names the lock file")
	if runtime.GOOS == "linux" {
		assert.Contains(t, err.Error(), fmt.Sprintf("(process %d)", os.Getpid()), "and the process holding it")
	}

	// Another spelling of the same path is the same file.
	_, err = jsonfile.Open(filepath.Join(filepath.Dir(path), ".", "db.json"))
	assert.ErrorIs(t, err, jsonfile.ErrLocked)

	require.NoError(t, first.Close())
	third, err := jsonfile.Open(path)
	require.NoError(t, err, "the lock is free after Close")
	require.NoError(t, third.Close())
}

func TestAutoSaveInterval(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, testInitial(), jsonfile.WithSaveInterval(20*time.Millisecond))
	saves := jsonfile.NotifySaves(s)
	for i := range 5 {
		require.NoError(t, insert(t, s, "posts", adapter.Record{"id": float64(10 + i), "userId": 1.0}))
	}
	// The background saver writes the changes, in one save or more.
	for len(fileData(t, path)["posts"]) != 6 {
		select {
		case err := <-saves:
			require.NoError(t, err)
		case <-time.After(time.Minute): // a bound on failure, not a wait
			t.Fatal("the background saver did not write the changes")
		}
	}
	assert.Equal(t, []any{1.0, 10.0, 11.0, 12.0, 13.0, 14.0}, idsOf(fileData(t, path)["posts"]))
}

func TestSaveIntervalZero(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, testInitial(), jsonfile.WithSaveInterval(0))
	for i := range 20 {
		id := float64(100 + i)
		require.NoError(t, insert(t, s, "posts", adapter.Record{"id": id, "userId": 2.0}))
		assert.Contains(t, idsOf(fileData(t, path)["posts"]), id, "the file holds the write when Update returns")
	}
	require.NoError(t, s.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Delete("posts", 100.0) }))
	assert.NotContains(t, idsOf(fileData(t, path)["posts"]), 100.0)

	require.NoError(t, s.Reset(t.Context()))
	assert.Equal(t, []any{1.0}, idsOf(fileData(t, path)["posts"]), "Reset is saved")
	require.NoError(t, s.Restore(t.Context(), adapter.NewState(adapter.Dataset{"users": {{"id": 42.0}}}, nil)))
	got := fileData(t, path)
	assert.Equal(t, []any{42.0}, idsOf(got["users"]), "Restore is saved")
	assert.Empty(t, got["posts"])

	// A failed or read-only Update does not write the file.
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Error(t, insert(t, s, "users", adapter.Record{"id": 42.0}), "duplicate key")
	require.NoError(t, s.Update(t.Context(), func(tx adapter.WriteTx) error {
		_, err := tx.Get("users", 42.0)
		return err
	}))
	info2, err := os.Stat(path)
	require.NoError(t, err)
	assert.True(t, os.SameFile(info, info2), "no save without a change (a save renames a new file into place)")
}

func TestAutoSaveOff(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, testInitial(), jsonfile.WithAutoSave(false), jsonfile.WithSaveInterval(0))
	before := fileBytes(t, path)
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 3.0, "email": "c@example.com"}))
	assert.Equal(t, before, fileBytes(t, path), "no write without Save")
	require.NoError(t, s.Save(t.Context()))
	assert.Equal(t, []any{1.0, 2.0, 3.0}, idsOf(fileData(t, path)["users"]))
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 4.0, "email": "d@example.com"}))
	assert.Equal(t, []any{1.0, 2.0, 3.0}, idsOf(fileData(t, path)["users"]))
	require.NoError(t, s.Close())
	assert.Equal(t, []any{1.0, 2.0, 3.0, 4.0}, idsOf(fileData(t, path)["users"]), "Close saves")
}

func TestCloseSavesPendingChanges(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, testInitial(), jsonfile.WithSaveInterval(time.Hour))
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 3.0, "email": "c@example.com"}))
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 4.0, "email": "d@example.com"}))
	require.NoError(t, s.Close())
	assert.Equal(t, []any{1.0, 2.0, 3.0, 4.0}, idsOf(fileData(t, path)["users"]))
}

func TestCounterAfterReopen(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, testInitial(), jsonfile.WithSaveInterval(0))
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 10.0, "email": "ten@example.com"}))
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 11.0, "email": "eleven@example.com"}))
	require.NoError(t, s.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Delete("users", 11.0) }))
	assert.Equal(t, int64(11), counter(t, s, "users"))
	require.NoError(t, s.Close())
	s2 := mustInit(t, path, nil)
	assert.Equal(t, int64(10), counter(t, s2, "users"), "the file holds plain data: the counter is the largest stored id")
}

func TestLoad(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, testInitial(), jsonfile.WithSaveInterval(0))
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 3.0, "email": "c@example.com"}))

	writeFile(t, path, `{"users": [{"id": 20, "email": "edited@example.com"}]}`)
	require.NoError(t, s.Load(t.Context()))
	assert.Equal(t, adapter.Dataset{"users": {{"id": 20.0, "email": "edited@example.com"}}, "posts": {}}, dump(t, s))
	assert.Equal(t, int64(20), counter(t, s, "users"))

	broken := `{"users": [{"id": 20}, {"id": 20}]}`
	writeFile(t, path, broken)
	err := s.Load(t.Context())
	var le *jsonfile.LoadError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, 1, le.Line)
	assert.Equal(t, 24, le.Column)
	assert.Equal(t, adapter.Dataset{"users": {{"id": 20.0, "email": "edited@example.com"}}, "posts": {}}, dump(t, s), "a failed Load changes nothing")
	assert.Equal(t, broken, string(fileBytes(t, path)))

	require.NoError(t, os.Remove(path))
	assert.ErrorIs(t, s.Load(t.Context()), fs.ErrNotExist)
	writeFile(t, path, "")
	assert.ErrorIs(t, s.Load(t.Context()), fs.ErrNotExist, "an empty file counts as missing")

	// A store that was never initialized has nothing to load or save.
	fresh := mustOpen(t, dbPath(t))
	assert.Error(t, fresh.Load(t.Context()))
	assert.Error(t, fresh.Save(t.Context()))
}

func TestClosed(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, testInitial())
	require.NoError(t, s.Close())
	assert.NoError(t, s.Close(), "Close is idempotent")
	ctx := t.Context()
	assert.ErrorIs(t, s.Initialize(ctx, testSpec(), nil), adapter.ErrClosed)
	assert.ErrorIs(t, s.View(ctx, func(adapter.Tx) error { return nil }), adapter.ErrClosed)
	assert.ErrorIs(t, s.Update(ctx, func(adapter.WriteTx) error { return nil }), adapter.ErrClosed)
	assert.ErrorIs(t, s.Save(ctx), adapter.ErrClosed)
	assert.ErrorIs(t, s.Load(ctx), adapter.ErrClosed)
	assert.ErrorIs(t, s.Reset(ctx), adapter.ErrClosed)
	_, err := s.Stats(ctx)
	assert.ErrorIs(t, err, adapter.ErrClosed)
}

func TestNilArguments(t *testing.T) {
	s := mustInit(t, dbPath(t), testInitial())
	var nilCtx context.Context
	assert.Error(t, s.Initialize(nilCtx, testSpec(), nil))
	assert.Error(t, s.View(nilCtx, func(adapter.Tx) error { return nil }))
	assert.Error(t, s.Update(nilCtx, func(adapter.WriteTx) error { return nil }))
	assert.Error(t, s.Save(nilCtx))
	assert.Error(t, s.Update(t.Context(), nil))
	assert.Error(t, s.View(t.Context(), nil))
	assert.Error(t, s.Restore(t.Context(), nil))
	assert.Error(t, s.Initialize(t.Context(), nil, nil), "nil spec")
	assert.Len(t, dump(t, s)["users"], 2, "nothing changed")
}

func TestInitializeAgain(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, testInitial(), jsonfile.WithAutoSave(false))
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 3.0, "email": "c@example.com"}))
	// Pending changes are saved before starting over, so the file still wins.
	require.NoError(t, s.Initialize(t.Context(), testSpec(), nil))
	assert.Len(t, dump(t, s)["users"], 3)
}

func TestStaleTemporaryFilesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "db.json")
	stale := filepath.Join(dir, ".db.json.tmp-12345")
	other := filepath.Join(dir, ".other.json.tmp-1")
	writeFile(t, stale, `{"users": [`)
	writeFile(t, other, "keep")
	mustOpen(t, path)
	assert.NoFileExists(t, stale)
	assert.FileExists(t, other, "only this file's temporary files go")
}

func TestLazyLoading(t *testing.T) {
	t.Run("good file", func(t *testing.T) {
		path := dbPath(t)
		writeFile(t, path, `{"users": [{"id": 5, "email": "five@example.com"}]}`)
		s := mustInit(t, path, testInitial(), jsonfile.WithLazyLoading(true))
		assert.Equal(t, adapter.Dataset{"users": {{"id": 5.0, "email": "five@example.com"}}, "posts": {}}, dump(t, s))
		require.NoError(t, insert(t, s, "users", adapter.Record{"id": 6.0, "email": "six@example.com"}))
		require.NoError(t, s.Close())
		assert.Equal(t, []any{5.0, 6.0}, idsOf(fileData(t, path)["users"]))
	})
	t.Run("broken later in the file", func(t *testing.T) {
		path := dbPath(t)
		content := "{\"users\": [\n{\"id\": 5},\n{\"id\": 5}]}"
		writeFile(t, path, content)
		s := mustOpen(t, path, jsonfile.WithLazyLoading(true))
		require.NoError(t, s.Initialize(t.Context(), testSpec(), testInitial()), "the rest is checked on first use")
		err := s.View(t.Context(), func(adapter.Tx) error { return nil })
		var le *jsonfile.LoadError
		require.ErrorAs(t, err, &le)
		assert.Equal(t, 3, le.Line)
		assert.ErrorIs(t, insert(t, s, "users", adapter.Record{"id": 9.0}), jsonfile.ErrLoad)
		_, err = s.Stats(t.Context())
		assert.ErrorIs(t, err, jsonfile.ErrLoad, "every call reports it")
		assert.ErrorIs(t, err, adapter.ErrUnavailable, "the store serves nothing")
		assert.Equal(t, le.Error(), err.Error(), "with the load's own text")
		require.NoError(t, s.Close())
		assert.Equal(t, content, string(fileBytes(t, path)), "never overwritten")
	})
	t.Run("wrong start", func(t *testing.T) {
		path := dbPath(t)
		writeFile(t, path, "\n\n  [1]")
		s := mustOpen(t, path, jsonfile.WithLazyLoading(true))
		err := s.Initialize(t.Context(), testSpec(), nil)
		var le *jsonfile.LoadError
		require.ErrorAs(t, err, &le)
		assert.Equal(t, 3, le.Line)
		assert.Equal(t, 3, le.Column)
	})
	t.Run("missing file", func(t *testing.T) {
		path := dbPath(t)
		s := mustInit(t, path, testInitial(), jsonfile.WithLazyLoading(true))
		assert.Len(t, dump(t, s)["users"], 2)
		assert.Equal(t, []any{1.0, 2.0}, idsOf(fileData(t, path)["users"]))
	})
	t.Run("long white space before the object", func(t *testing.T) {
		path := dbPath(t)
		writeFile(t, path, strings.Repeat(" ", 100<<10)+`{"users": [{"id": 8}]}`)
		s := mustInit(t, path, nil, jsonfile.WithLazyLoading(true))
		assert.Equal(t, []any{8.0}, idsOf(dump(t, s)["users"]))
	})
	t.Run("waiting honours the context", func(t *testing.T) {
		path := dbPath(t)
		writeBigFile(t, path, 20_000)
		s := mustOpen(t, path, jsonfile.WithLazyLoading(true))
		require.NoError(t, s.Initialize(t.Context(), bigSpec(), nil))
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		err := s.View(ctx, func(adapter.Tx) error { return nil })
		assert.ErrorIs(t, err, context.Canceled)
		st, err := s.Backup(t.Context())
		require.NoError(t, err)
		assert.Equal(t, 20_000, st.Len("items"))
	})
}

func TestErrorsAreMatchable(t *testing.T) {
	le := &jsonfile.LoadError{Path: "/x/db.json", Line: 2, Column: 3, Err: fs.ErrPermission}
	assert.Equal(t, "jsonfile: loading /x/db.json:2:3: permission denied", le.Error())
	assert.ErrorIs(t, le, jsonfile.ErrLoad)
	assert.ErrorIs(t, le, fs.ErrPermission)
	assert.NotErrorIs(t, le, jsonfile.ErrLocked)
	le = &jsonfile.LoadError{Path: "/x/db.json", Err: errors.New("boom")}
	assert.Equal(t, "jsonfile: loading /x/db.json: boom", le.Error())
}

func TestPanicInUpdateLeavesStoreUsable(t *testing.T) {
	path := dbPath(t)
	s := mustInit(t, path, testInitial(), jsonfile.WithSaveInterval(0))
	assert.PanicsWithValue(t, "boom", func() {
		_ = s.Update(t.Context(), func(tx adapter.WriteTx) error {
			_ = tx.Insert("users", adapter.Record{"id": 3.0, "email": "c@example.com"})
			panic("boom")
		})
	})
	require.NoError(t, insert(t, s, "users", adapter.Record{"id": 4.0, "email": "d@example.com"}))
	assert.Equal(t, []any{1.0, 2.0, 4.0}, idsOf(fileData(t, path)["users"]), "the panicking write left no trace")
}

func TestResetReplacesAnyFile(t *testing.T) {
	cases := []struct{ name, content string }{
		{"broken", "{\n  \"users\": [\n    {\"id\": 1,}\n"},
		{"another spec's", `{"categories": [{"id": 1}], "products": []}`},
		{"same spec's", `{"users": [{"id": 7}], "posts": []}`},
		{"missing", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := dbPath(t)
			if c.content != "" {
				writeFile(t, path, c.content)
			}
			s := mustInit(t, path, testInitial(), jsonfile.WithReset(true), jsonfile.WithSaveInterval(0))
			want := dump(t, s)
			assert.Equal(t, testInitial().Len("users"), len(want["users"]), "the initial state")
			assert.Equal(t, idsOf(fileData(t, path)["users"]), idsOf(recordsOf(want["users"])), "the file holds the initial state")

			// Later writes are saved as usual, and a store without the
			// option then loads the file.
			require.NoError(t, insert(t, s, "users", adapter.Record{"id": 99.0}))
			require.NoError(t, s.Close())
			again := mustInit(t, path, nil)
			assert.Len(t, dump(t, again)["users"], len(want["users"])+1)
		})
	}
}

// recordsOf turns records into the maps fileData returns.
func recordsOf(recs []adapter.Record) []map[string]any {
	out := make([]map[string]any, len(recs))
	for i, r := range recs {
		out[i] = r
	}
	return out
}

// TestWrote checks that a store recognizes the contents its saves wrote,
// and no other.
func TestWrote(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "db.json")
	s, err := jsonfile.Open(path, jsonfile.WithSaveInterval(0))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Initialize(t.Context(), testSpec(), testInitial()))
	first, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, s.Wrote(first), "the file Initialize wrote")
	assert.False(t, s.Wrote([]byte(`{"users": []}`)), "other content")
	assert.False(t, s.Wrote(append(first, ' ')))
	require.NoError(t, os.WriteFile(path, []byte(`{"users":[{"id":1}]}`), 0o644))
	other, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.False(t, s.Wrote(other), "another writer's content")
}
