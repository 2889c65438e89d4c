package jsondb_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/jsondb"
	"github.com/pretendo-go/pretendo/schema"
)

func TestRecognize(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]bool{
		`{"posts":[]}`:                      true,
		"\ufeff {\"posts\":[{\"id\":1}]}\n": true,
		`{"posts":[],"profile":{}}`:         true,
		`{"resources":[]}`:                  false,
		`{"posts":[],"resources":[]}`:       false,
		`{"posts":1}`:                       false,
		`{}`:                                false,
		`[]`:                                false,
		`{"posts":[]} {}`:                   false,
		`{"posts":[],"posts":[]}`:           false,
		"resources:\n  - name: a\n":         false,
		`{"posts":[`:                        false,
		``:                                  false,
	} {
		assert.Equal(t, want, jsondb.Recognize([]byte(text)), text)
	}
}

func TestInfer(t *testing.T) {
	t.Parallel()
	spec, err := jsondb.Infer([]byte(`{
		"categories": [{"id": "c1", "name": "Go"}],
		"people": [{"id": 1, "name": "Ada", "score": 1.5, "tags": ["a"], "meta": {"x": 1}, "misc": 1},
		           {"id": 2, "name": "Bob", "score": 2, "misc": "two", "note": null}],
		"posts": [{"id": 1, "personId": 1, "categoryId": "c1", "ghostId": 3, "editorId": null}]
	}`), jsondb.Options{Path: "db.json"})
	require.NoError(t, err)
	require.NoError(t, spec.Validate())
	assert.Equal(t, []string{"categories", "people", "posts"}, []string{spec.Resources[0].Name, spec.Resources[1].Name, spec.Resources[2].Name})
	people := spec.Resource("people")
	types := map[string]string{}
	for _, f := range people.Fields {
		types[f.Name] = f.Type
	}
	assert.Equal(t, map[string]string{"id": "integer", "name": "string", "score": "number", "tags": "array", "meta": "object"}, types, "misc mixes types, note is only null: undeclared")
	assert.Equal(t, "string", spec.Resource("categories").KeyField().Type)
	posts := spec.Resource("posts")
	assert.Equal(t, &schema.Reference{Resource: "people", OnDelete: schema.Cascade}, posts.Field("personId").References)
	assert.Equal(t, &schema.Reference{Resource: "categories", OnDelete: schema.Cascade}, posts.Field("categoryId").References)
	assert.Nil(t, posts.Field("ghostId").References, "no ghosts")
	assert.Nil(t, posts.Field("editorId"), "no editors: an undeclared field")
	assert.NotNil(t, posts.Relationship("person"))
	assert.NotNil(t, posts.Relationship("category"))
	assert.Equal(t, schema.HasMany, people.Relationship("posts").Type)
	assert.Equal(t, "json-file", spec.Options.Database.Adapter)
	assert.Equal(t, "db.json", spec.Options.Database.DBPath)
	assert.Equal(t, 0, *spec.Options.Database.SaveInterval)
	assert.Equal(t, schema.DialectJSONServer, spec.Options.Dialect)
	assert.Equal(t, 1.5, spec.Data["people"][0]["score"])

	spec, err = jsondb.Infer([]byte(`{"authors":[{"_id":"a"}],"books":[{"_id":"b","author_id":"a"}]}`), jsondb.Options{ID: "_id", ForeignKeySuffix: "_id"})
	require.NoError(t, err)
	assert.Equal(t, "_id", spec.Resource("books").Key())
	assert.NotNil(t, spec.Resource("books").Field("author_id").References)
	assert.Empty(t, spec.Options.Database.Adapter, "no file: the data is the spec's")

	for text, path := range map[string]string{
		`{"posts":[{"id":1},{"id":"x"}]}`:  "posts",
		`{"posts":[{"id":1},{"title":1}]}`: "posts[1]",
		`{"posts":[{"id":1},2]}`:           "posts[1]",
		`{"profile":{"name":"x"}}`:         "profile",
		`{"bad name":[{"id":1}]}`:          "resources[0].name",
	} {
		_, err := jsondb.Infer([]byte(text), jsondb.Options{})
		var se *schema.Error
		require.True(t, errors.As(err, &se), "%s: %v", text, err)
		assert.Equal(t, path, se.Problems[0].Path, text)
	}
	_, err = jsondb.Infer([]byte(`{"resources":[]}`), jsondb.Options{})
	assert.ErrorIs(t, err, jsondb.ErrNotDatabase)
}

// FuzzInfer reads any text as a database: Recognize and Infer agree, and
// a spec Infer returns is valid.
func FuzzInfer(f *testing.F) {
	for _, seed := range []string{
		`{"posts":[{"id":1,"userId":2}],"users":[{"id":2}]}`,
		`{"a":[{"id":"x","bId":"y"}],"bs":[{"id":"y"}]}`,
		`{"posts":[{"id":1.5}]}`, `{"p":[{"id":99999999999999999999}]}`, `{"x":{}}`, `{"resources":1}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ok := jsondb.Recognize([]byte(text))
		spec, err := jsondb.Infer([]byte(text), jsondb.Options{})
		if !ok {
			if !errors.Is(err, jsondb.ErrNotDatabase) {
				t.Fatalf("Infer(%q) = %v for no database", text, err)
			}
			return
		}
		if err != nil {
			var se *schema.Error
			if !errors.As(err, &se) {
				t.Fatalf("Infer(%q) = %v, want a *schema.Error", text, err)
			}
			return
		}
		if err := spec.Validate(); err != nil {
			t.Fatalf("Infer(%q) gave an invalid spec: %v", text, err)
		}
	})
}
