package pretendo_test

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

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/schema"
)

// jsDo sends a request with a raw body to a json-server dialect server and
// returns the status, headers and body text.
func jsDo(t *testing.T, method, url, body string, header ...string) (int, http.Header, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	text, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, res.Header, string(text)
}

// jsValue decodes a JSON answer.
func jsValue(t *testing.T, text string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(text), &v), text)
	return v
}

// TestJSONServerWrites is json-server 0.17's plural.js for writes: POST
// 201 with the record and its full URL as Location, PUT replacing and
// keeping the id, PATCH merging, DELETE 200 {} removing dependants, and
// 404 {} for records that are not there.
func TestJSONServerWrites(t *testing.T) {
	t.Parallel()
	t.Run("POST /posts", func(t *testing.T) {
		t.Parallel()
		_, base, _ := jsonServerDB(t)
		status, h, body := jsDo(t, http.MethodPost, base+"/posts", `{"title":"new","extra":{"x":1}}`)
		require.Equal(t, http.StatusCreated, status, body)
		assert.JSONEq(t, `{"id":6,"title":"new","extra":{"x":1}}`, body)
		assert.Equal(t, base+"/posts/6", h.Get("Location"))
		assert.Equal(t, "Location", h.Get("Access-Control-Expose-Headers"))
		assert.True(t, strings.HasPrefix(body, "{\n  \""), "indented by two spaces: %q", body)
	})
	t.Run("PUT /posts/1 replaces and keeps the id", func(t *testing.T) {
		t.Parallel()
		_, base, _ := jsonServerDB(t)
		status, _, body := jsDo(t, http.MethodPut, base+"/posts/1", `{"title":"put","id":9}`)
		require.Equal(t, http.StatusOK, status, body)
		assert.JSONEq(t, `{"id":1,"title":"put"}`, body)
	})
	t.Run("PATCH /posts/2 merges", func(t *testing.T) {
		t.Parallel()
		_, base, _ := jsonServerDB(t)
		status, _, body := jsDo(t, http.MethodPatch, base+"/posts/2", `{"views":1}`)
		require.Equal(t, http.StatusOK, status, body)
		assert.JSONEq(t, `{"author":{"name":"Ada"},"id":2,"published":false,"tags":["go"],"title":"Pretendo in Go","views":1}`, body)
	})
	t.Run("DELETE /posts/1 removes its comments", func(t *testing.T) {
		t.Parallel()
		_, base, _ := jsonServerDB(t)
		status, _, body := jsDo(t, http.MethodDelete, base+"/posts/1", "")
		require.Equal(t, http.StatusOK, status)
		assert.Equal(t, "{}", body)
		_, _, body = jsDo(t, http.MethodGet, base+"/comments?_sort=id", "")
		var ids []float64
		for _, c := range jsValue(t, body).([]any) {
			ids = append(ids, c.(map[string]any)["id"].(float64))
		}
		assert.Equal(t, []float64{3, 4, 5}, ids)
	})
	t.Run("POST /posts/2/comments sets postId", func(t *testing.T) {
		t.Parallel()
		_, base, _ := jsonServerDB(t)
		status, h, body := jsDo(t, http.MethodPost, base+"/posts/2/comments", `{"body":"nested"}`)
		require.Equal(t, http.StatusCreated, status, body)
		assert.JSONEq(t, `{"id":6,"body":"nested","postId":2}`, body)
		assert.Equal(t, base+"/posts/2/comments/6", h.Get("Location"), "json-server's full URL of the request, then the id")
		_, _, body = jsDo(t, http.MethodGet, base+"/posts/2/comments", "")
		assert.Len(t, jsValue(t, body), 2)
	})
	for _, c := range []struct{ method, path, body string }{
		{http.MethodPut, "/posts/99", `{"title":"x"}`},
		{http.MethodPatch, "/posts/99", `{"title":"x"}`},
		{http.MethodDelete, "/posts/99", ""},
		{http.MethodGet, "/posts/99", ""},
		{http.MethodGet, "/posts/abc", ""},
		{http.MethodGet, "/nope", ""},
		{http.MethodDelete, "/posts", ""},
		{http.MethodPut, "/posts", `{"a":1}`},
	} {
		t.Run(c.method+" "+c.path+" is 404 {}", func(t *testing.T) {
			t.Parallel()
			_, base, _ := jsonServerDB(t)
			status, h, body := jsDo(t, c.method, base+c.path, c.body)
			assert.Equal(t, http.StatusNotFound, status)
			assert.Equal(t, "{}", body)
			assert.Empty(t, h.Get("Allow"))
		})
	}
}

// TestJSONServerKeepsTheFile checks that the data lives in db.json itself,
// written on every change.
func TestJSONServerKeepsTheFile(t *testing.T) {
	t.Parallel()
	_, base, path := jsonServerDB(t)
	status, _, body := jsDo(t, http.MethodPost, base+"/users", `{"name":"Ada"}`)
	require.Equal(t, http.StatusCreated, status, body)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var db map[string][]map[string]any
	require.NoError(t, json.Unmarshal(data, &db))
	require.Len(t, db["users"], 3)
	assert.Equal(t, "Ada", db["users"][2]["name"])
	assert.Len(t, db["posts"], 5)
}

// TestJSONServerETag checks Express's weak ETags and 304 answers.
func TestJSONServerETag(t *testing.T) {
	t.Parallel()
	_, base, _ := jsonServerDB(t)
	status, h, body := jsDo(t, http.MethodGet, base+"/posts/1", "")
	require.Equal(t, http.StatusOK, status)
	tag := h.Get("ETag")
	require.Regexp(t, `^W/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$`, tag)

	status, h, body2 := jsDo(t, http.MethodGet, base+"/posts/1", "", "If-None-Match", tag)
	assert.Equal(t, http.StatusNotModified, status)
	assert.Empty(t, body2)
	assert.Empty(t, h.Get("Content-Type"))

	status, _, _ = jsDo(t, http.MethodGet, base+"/posts/1", "", "If-None-Match", strings.TrimPrefix(tag, "W/"))
	assert.Equal(t, http.StatusNotModified, status, "weak comparison")
	status, _, _ = jsDo(t, http.MethodGet, base+"/posts/1", "", "If-None-Match", tag, "Cache-Control", "no-cache")
	assert.Equal(t, http.StatusOK, status, "no-cache asks for the body")
	status, _, _ = jsDo(t, http.MethodGet, base+"/posts/2", "", "If-None-Match", tag)
	assert.Equal(t, http.StatusOK, status, "another record, another tag")

	jsDo(t, http.MethodPatch, base+"/posts/1", `{"views":101}`)
	status, _, body3 := jsDo(t, http.MethodGet, base+"/posts/1", "", "If-None-Match", tag)
	assert.Equal(t, http.StatusOK, status, "a change changes the tag")
	assert.NotEqual(t, body, body3)

	status, h, _ = jsDo(t, http.MethodGet, base+"/posts/99", "", "If-None-Match", `W/"2-vyGp6PvFo4RvsFtPoIWeCReyIC8"`)
	assert.Equal(t, http.StatusNotFound, status, "only 2xx answers are fresh")
	assert.Equal(t, `W/"2-vyGp6PvFo4RvsFtPoIWeCReyIC8"`, h.Get("ETag"), "Express's tag of {}")
}

// TestJSONServerBadInput keeps pretendo's rules in json-server's dialect:
// clear 400s, never a 5xx.
func TestJSONServerBadInput(t *testing.T) {
	t.Parallel()
	_, base, _ := jsonServerDB(t)
	for _, c := range []struct {
		name, method, path, body string
		status                   int
	}{
		{"invalid regexp", http.MethodGet, "/posts?title_like=%5B", "", http.StatusBadRequest},
		{"huge regexp", http.MethodGet, "/posts?title_like=" + strings.Repeat("a", 2000), "", http.StatusBadRequest},
		{"bad escape", http.MethodGet, "/posts?title=%zz", "", http.StatusBadRequest},
		{"broken JSON", http.MethodPost, "/posts", `{"title":`, http.StatusBadRequest},
		{"array body", http.MethodPost, "/posts", `[1,2]`, http.StatusBadRequest},
		{"not JSON", http.MethodPatch, "/posts/1", `not json`, http.StatusBadRequest},
		{"huge page", http.MethodGet, "/posts?_page=99999999999999999999999&_limit=1e400", "", http.StatusOK},
		{"huge negative slice", http.MethodGet, "/posts?_start=-99999999999999999999&_end=99999999999999999999999", "", http.StatusOK},
		{"nonsense numbers", http.MethodGet, "/posts?_page=-1&_limit=-5&_start=x", "", http.StatusOK},
		{"deep path", http.MethodGet, "/posts?" + strings.Repeat("a.", 500) + "b=1", "", http.StatusOK},
		{"sort on nothing", http.MethodGet, "/posts?_sort=,,,nope&_order=desc,,up", "", http.StatusOK},
		{"string id on integer key", http.MethodPost, "/posts", `{"id":"x7"}`, http.StatusUnprocessableEntity},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, _, body := jsDo(t, c.method, base+c.path, c.body)
			assert.Equal(t, c.status, status, body)
			if status >= 400 {
				var p map[string]any
				require.NoError(t, json.Unmarshal([]byte(body), &p), body)
				assert.NotEmpty(t, p["message"])
			}
		})
	}
}

// TestJSONServerInference checks the spec LoadSpec infers from a db.json.
func TestJSONServerInference(t *testing.T) {
	t.Parallel()
	path := filepath.Join("testdata", "jsonserver", "db.json")
	spec, err := pretendo.LoadSpec(path)
	require.NoError(t, err)
	assert.Equal(t, schema.DialectJSONServer, spec.Options.Dialect)
	assert.Equal(t, "json-file", spec.Options.Database.Adapter)
	assert.Equal(t, path, spec.Options.Database.DBPath)
	require.Len(t, spec.Resources, 3)
	posts, comments := spec.Resource("posts"), spec.Resource("comments")
	require.NotNil(t, posts)
	require.NotNil(t, comments)
	assert.Equal(t, schema.TypeInteger, posts.KeyField().Type)
	types := map[string]string{}
	for _, f := range posts.Fields {
		types[f.Name] = f.Type
		assert.False(t, f.Required)
	}
	assert.Equal(t, map[string]string{"id": "integer", "author": "object", "published": "boolean", "tags": "array", "title": "string", "views": "integer"}, types)
	ref := comments.Field("postId").References
	require.NotNil(t, ref)
	assert.Equal(t, schema.Reference{Resource: "posts", OnDelete: schema.Cascade}, *ref)
	assert.NotNil(t, comments.Relationship("post"))
	assert.NotNil(t, comments.Relationship("user"))
	assert.Equal(t, "hasMany", posts.Relationship("comments").Type)
	assert.Len(t, spec.Data["posts"], 5)

	for _, c := range []struct{ name, text string }{
		{"a spec", `{"resources":[{"name":"a","fields":[{"name":"id","type":"integer"}]}]}`},
		{"a scalar value", `{"posts":[],"count":1}`},
		{"no keys", `{}`},
	} {
		t.Run(c.name+" is no database", func(t *testing.T) {
			_, err := pretendo.ParseSpec([]byte(c.text))
			if c.name == "a spec" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, pretendo.ErrInvalidSpec)
		})
	}
	_, err = pretendo.ParseSpec([]byte(`{"posts":[1]}`))
	assert.ErrorIs(t, err, pretendo.ErrInvalidSpec, "a record that is no object")
	_, err = pretendo.ParseSpec([]byte(`{"posts":[{"id":1},{"id":"a"}]}`))
	assert.ErrorIs(t, err, pretendo.ErrInvalidSpec, "ids that mix types")
	_, err = pretendo.ParseSpec([]byte(`{"posts":[{"id":1},{"title":"no id"}]}`))
	assert.ErrorIs(t, err, pretendo.ErrInvalidSpec, "a record without an id")
	assert.ErrorContains(t, err, "posts[1]")
	_, err = pretendo.ParseSpec([]byte(`{"profile":{"name":"typicode"}}`))
	assert.ErrorIs(t, err, pretendo.ErrInvalidSpec, "singular resources")
}

// TestJSONServerDialectOption serves a YAML spec in json-server's dialect.
func TestJSONServerDialectOption(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, `
resources:
  - name: authors
    fields: [{name: id, type: integer}, {name: name, type: string}]
    relationships: [{type: hasMany, resource: books, foreignKey: authorId}]
  - name: books
    fields: [{name: id, type: integer}, {name: title, type: string}, {name: authorId, type: integer}]
    relationships: [{type: belongsTo, resource: authors, foreignKey: authorId}]
data:
  authors: [{id: 1, name: Le Guin}]
  books: [{id: 1, title: Earthsea, authorId: 1}, {id: 2, title: Lathe, authorId: 1}]
options:
  dialect: json-server
`)
	_, base := serve(t, spec)
	status, h, body := jsDo(t, http.MethodGet, base+"/books?title_like=^e&_expand=author", "")
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `[{"id":1,"title":"Earthsea","authorId":1,"authors":{"id":1,"name":"Le Guin"}}]`, body)
	assert.Empty(t, h.Get("X-Total-Count"))
	status, _, body = jsDo(t, http.MethodGet, base+"/authors/1?_embed=books", "")
	require.Equal(t, http.StatusOK, status, body)
	assert.Len(t, jsValue(t, body).(map[string]any)["books"], 2)

	_, err := pretendo.ParseSpec([]byte("resources: [{name: a, fields: [{name: id, type: integer}]}]\noptions: {dialect: graphql}"))
	assert.ErrorIs(t, err, pretendo.ErrInvalidSpec)
}

// TestJSONServerKeepsStrengths checks the admin API, snapshots, typed
// access and error simulation in json-server's dialect.
func TestJSONServerKeepsStrengths(t *testing.T) {
	t.Parallel()
	srv, base, _ := jsonServerDB(t)
	status, _, body := jsDo(t, http.MethodPost, base+"/admin/snapshots", `{"name":"start"}`)
	require.Equal(t, http.StatusCreated, status, body)
	jsDo(t, http.MethodDelete, base+"/posts/1", "")
	status, _, body = jsDo(t, http.MethodPost, base+"/admin/snapshots/restore", `{"name":"start"}`)
	require.Equal(t, http.StatusOK, status, body)
	status, _, _ = jsDo(t, http.MethodGet, base+"/posts/1", "")
	assert.Equal(t, http.StatusOK, status, "restored")

	type post struct {
		ID    int    `json:"id"`
		Title string `json:"title"`
		Views int    `json:"views"`
	}
	posts := pretendo.Collection[post](srv, "posts")
	page, err := posts.List(context.Background(), pretendo.Query{Page: 1, PerPage: 2})
	require.NoError(t, err)
	assert.Equal(t, 5, page.Total)
	require.Len(t, page.Items, 2)
	created, err := posts.Create(context.Background(), post{Title: "typed", Views: 1})
	require.NoError(t, err)
	status, _, body = jsDo(t, http.MethodGet, base+"/posts?title=typed", "")
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[{"id":`+jsNumberText(created.ID)+`,"title":"typed","views":1}]`, body)

	status, _, body = jsDo(t, http.MethodGet, base+"/admin/stats", "")
	assert.Equal(t, http.StatusOK, status, body)
}

func jsNumberText(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestJSONServerIDs checks json-server 0.17's ids: one more than the
// largest id there is (so a deleted largest id comes back), and 7
// characters of nanoid's alphabet for string ids.
func TestJSONServerIDs(t *testing.T) {
	t.Parallel()
	_, base, _ := jsonServerDB(t)
	status, _, _ := jsDo(t, http.MethodDelete, base+"/posts/5", "")
	require.Equal(t, http.StatusOK, status)
	status, _, body := jsDo(t, http.MethodPost, base+"/posts", `{"title":"again"}`)
	require.Equal(t, http.StatusCreated, status, body)
	assert.Equal(t, 5.0, jsValue(t, body).(map[string]any)["id"], "json-server gives the largest id there is, plus one")

	spec, err := pretendo.ParseSpec([]byte(`{"tags":[{"id":"a1","name":"go"}]}`))
	require.NoError(t, err)
	_, base = serve(t, spec)
	status, _, body = jsDo(t, http.MethodPost, base+"/tags", `{"name":"rest"}`)
	require.Equal(t, http.StatusCreated, status, body)
	assert.Regexp(t, `^[A-Za-z0-9_-]{7}$`, jsValue(t, body).(map[string]any)["id"])
}

// TestJSONServerAuth keeps auth's rules in json-server's dialect: owner
// rows, and no filter, sort or search on password hashes.
func TestJSONServerAuth(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, strings.Replace(authSpec, "options:\n", "options:\n  dialect: json-server\n", 1))
	_, base := serve(t, spec)
	bob := login(t, base, "bob", "bobpass")
	ada := login(t, base, "ada", "adapass")
	status, _, _ := jsAuth(t, base+"/posts", "")
	assert.Equal(t, http.StatusUnauthorized, status)
	status, _, body := jsAuth(t, base+"/posts?_sort=id&_order=desc", bob)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `[{"id":3,"title":"B2","authorId":2},{"id":2,"title":"B1","authorId":2}]`, body, "bob's own posts")
	for _, q := range []string{"password_like=.", "password=x", "_sort=password"} {
		status, _, body = jsAuth(t, base+"/users?"+q, ada)
		assert.Equal(t, http.StatusBadRequest, status, "%s: %s", q, body)
	}
	status, _, body = jsAuth(t, base+"/users?q=$2", ada)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, "[]", body, "q does not look into password hashes")
	status, _, body = jsAuth(t, base+"/users/1", ada)
	require.Equal(t, http.StatusOK, status, body)
	assert.NotContains(t, body, "password")
	status, _, _ = jsAuth(t, base+"/db", bob)
	assert.Equal(t, http.StatusForbidden, status, "bob may not list users")
	status, _, body = jsAuth(t, base+"/db", ada)
	require.Equal(t, http.StatusOK, status, body)
	assert.NotContains(t, body, "password")
}

// jsAuth is a GET with a bearer token ("" for none).
func jsAuth(t *testing.T, url, token string) (int, http.Header, string) {
	t.Helper()
	if token == "" {
		return jsDo(t, http.MethodGet, url, "")
	}
	return jsDo(t, http.MethodGet, url, "", "Authorization", "Bearer "+token)
}

// TestJSONServerCORS checks json-server's CORS: the request's origin
// allowed with credentials, so that fetch(..., {credentials: "include"})
// works.
func TestJSONServerCORS(t *testing.T) {
	t.Parallel()
	_, base, _ := jsonServerDB(t)
	status, h, _ := jsDo(t, http.MethodGet, base+"/posts/1", "", "Origin", "http://localhost:5173")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "http://localhost:5173", h.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "true", h.Get("Access-Control-Allow-Credentials"))
	assert.Contains(t, h.Values("Vary"), "Origin")
	_, h, _ = jsDo(t, http.MethodGet, base+"/posts/1", "")
	assert.Empty(t, h.Get("Access-Control-Allow-Origin"), "no Origin, no cross-origin request")
	status, h, _ = jsDo(t, http.MethodOptions, base+"/posts", "", "Origin", "http://a.test", "Access-Control-Request-Method", "POST")
	assert.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, "http://a.test", h.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "true", h.Get("Access-Control-Allow-Credentials"))

	_, pbase := newServer(t)
	_, h, _ = jsDo(t, http.MethodGet, pbase+"/users", "", "Origin", "http://a.test")
	assert.Equal(t, "*", h.Get("Access-Control-Allow-Origin"), "pretendo's dialect allows any origin, without credentials")
	assert.Empty(t, h.Get("Access-Control-Allow-Credentials"))
}
