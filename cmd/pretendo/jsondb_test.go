package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonServerDB is a json-server database with a singular-free layout.
const jsonServerDB = `{
  "posts": [ { "id": 1, "title": "json-server", "views": 10 }, { "id": 2, "title": "pretendo", "views": 3 } ],
  "comments": [ { "id": 1, "body": "hi", "postId": 1 } ]
}`

// TestStartJSONServerDB runs pretendo start db.json: json-server's dialect,
// the data kept in db.json itself.
func TestStartJSONServerDB(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "db.json", jsonServerDB)
	c := startCLI(t, path, "--port", "0", "--host", "127.0.0.1")
	assert.Contains(t, c.stdout.String(), "storage  json-file "+path)

	res, err := http.Get(c.url + "/posts?_sort=views&_embed=comments")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, string(body))
	assert.JSONEq(t, `[{"id":2,"title":"pretendo","views":3,"comments":[]},{"id":1,"title":"json-server","views":10,"comments":[{"id":1,"body":"hi","postId":1}]}]`, string(body))

	res, err = http.Post(c.url+"/posts/2/comments", "application/json", strings.NewReader(`{"body":"nested"}`))
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode)
	require.NoError(t, c.stop(t))

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var db map[string][]map[string]any
	require.NoError(t, json.Unmarshal(data, &db))
	require.Len(t, db["comments"], 2)
	assert.Equal(t, map[string]any{"id": 2.0, "body": "nested", "postId": 2.0}, db["comments"][1])
	_, err = os.Stat(filepath.Join(filepath.Dir(path), "data"))
	assert.ErrorIs(t, err, os.ErrNotExist, "no ./data/db.json beside it")
}

// TestStartJSONServerFlags checks --id and --foreignKeySuffix.
func TestStartJSONServerFlags(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "db.json", `{
  "authors": [ { "_id": "a1", "name": "Le Guin" } ],
  "books": [ { "_id": "b1", "title": "Earthsea", "author_id": "a1" } ]
}`)
	c := startCLI(t, path, "--id", "_id", "--fks=_id", "--port", "0", "--host", "127.0.0.1", "-q")
	res, err := http.Get(c.url + "/books/b1?_expand=author")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, string(body))
	assert.JSONEq(t, `{"_id":"b1","title":"Earthsea","author_id":"a1","author":{"_id":"a1","name":"Le Guin"}}`, string(body))

	res, err = http.Get(c.url + "/authors/a1/books")
	require.NoError(t, err)
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	assert.JSONEq(t, `[{"_id":"b1","title":"Earthsea","author_id":"a1"}]`, string(body))

	spec := writeFile(t, "api.yml", testSpec)
	err = runErr("start", spec, "--id", "_id")
	assert.Equal(t, exitUsage, exitCode(err))
	assert.ErrorContains(t, err, "--id applies to a json-server database")
	err = runErr("start", path, "--id", "a.b")
	assert.Equal(t, exitUsage, exitCode(err))
	assert.ErrorContains(t, err, "--id")
}

// runErr runs the command and returns its error.
func runErr(args ...string) error {
	return run(context.Background(), args, strings.NewReader(""), io.Discard, io.Discard)
}

// TestValidateJSONServerDB checks pretendo validate on a db.json, and
// --print-spec, whose output serves the same file.
func TestValidateJSONServerDB(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "db.json", jsonServerDB)
	out, errOut, code := runCmd(t, "", "validate", path)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, path+": ok (2 resources, 3 records)\n", out)

	out, errOut, code = runCmd(t, "", "validate", "--print-spec", path)
	require.Equal(t, exitOK, code, errOut)
	for _, want := range []string{"dialect: json-server", "dbPath: " + path, "name: comments", "onDelete: cascade", "as: post", "type: hasMany"} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "data:")
	printed := writeFile(t, "api.yml", out)
	out, errOut, code = runCmd(t, "", "validate", printed)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "ok (2 resources")

	err := runErr("validate", "--nope", path)
	assert.Equal(t, exitUsage, exitCode(err))
	assert.ErrorContains(t, err, "unknown flag --nope")
	err = runErr("validate", "-", "--fks")
	assert.Equal(t, exitUsage, exitCode(err))
	assert.ErrorContains(t, err, "needs a value")
	_, errOut, code = runCmd(t, `{"posts":[{"id":1},{"id":"x"}]}`, "validate", "-")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "posts: the id of its records mix types")
}
