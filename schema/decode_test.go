package schema_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/pretendo-go/pretendo/schema"
)

// fixture returns an upstream example spec converted to JSON, as the root
// package's ParseSpec does.
func fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	y, err := os.ReadFile(filepath.Join("testdata", "upstream", name))
	require.NoError(tb, err)
	j, err := yaml.YAMLToJSON(y)
	require.NoError(tb, err)
	return j
}

// problems decodes data and returns its problems, failing the test if
// Decode succeeds or returns anything but an *Error.
func problems(tb testing.TB, data string) []schema.Problem {
	tb.Helper()
	s, err := schema.Decode([]byte(data))
	require.Error(tb, err)
	assert.Nil(tb, s)
	var e *schema.Error
	require.True(tb, errors.As(err, &e), "error %T is not a *schema.Error", err)
	require.NotEmpty(tb, e.Problems)
	return e.Problems
}

// users is a valid resource for building test specs.
const users = `{"name":"users","fields":[{"name":"id","type":"number"},{"name":"email","type":"string"}]}`

// doc returns a spec with the given resources and further top-level members.
func doc(resources string, rest ...string) string {
	s := `{"resources":[` + resources + `]`
	for _, r := range rest {
		s += "," + r
	}
	return s + "}"
}

func TestDecodeBlogFixture(t *testing.T) {
	s, err := schema.Decode(fixture(t, "blog-api.yml"))
	require.NoError(t, err)
	require.NotNil(t, s)

	require.Len(t, s.Resources, 5)
	names := make([]string, len(s.Resources))
	for i, r := range s.Resources {
		names[i] = r.Name
	}
	assert.Equal(t, []string{"users", "posts", "comments", "categories", "postCategories"}, names)

	users := s.Resource("users")
	require.NotNil(t, users)
	assert.Equal(t, "id", users.Key())
	require.NotNil(t, users.KeyField())
	assert.Equal(t, schema.TypeNumber, users.KeyField().Type)
	assert.Equal(t, "user", users.Field("role").DefaultValue)
	assert.Equal(t, "id", users.OwnedBy)
	require.NotNil(t, users.Access)
	assert.Equal(t, []string{"admin", "*"}, users.Access.Get)
	assert.Equal(t, []string{"admin", "owner"}, users.Access.Update)
	assert.Equal(t, []schema.Relationship{
		{Type: schema.HasMany, Resource: "posts", ForeignKey: "authorId"},
		{Type: schema.HasMany, Resource: "comments", ForeignKey: "authorId"},
	}, users.Relationships)

	posts := s.Resource("posts")
	require.NotNil(t, posts)
	assert.Equal(t, false, posts.Field("published").DefaultValue)
	assert.Equal(t, "authorId", posts.OwnedBy)
	m2m := posts.Relationship("categories")
	require.NotNil(t, m2m)
	assert.Equal(t, schema.Relationship{Type: schema.ManyToMany, Resource: "categories", ForeignKey: "postId", TargetKey: "categoryId", Through: "postCategories"}, *m2m)
	author := posts.Relationship("users")
	require.NotNil(t, author)
	assert.Equal(t, schema.BelongsTo, author.Type)

	o := s.Options
	assert.Equal(t, 3000, o.Port)
	assert.True(t, o.CORS())
	assert.Equal(t, 10, o.DefaultPageSize)
	assert.Equal(t, 100, o.MaxPageSize)
	assert.True(t, o.Auth.Enabled)
	assert.Equal(t, 3600, o.Auth.TokenExpiration)
	assert.Equal(t, "users", o.Auth.UserResource)
	assert.Equal(t, "password", o.Auth.PasswordField)
	assert.Equal(t, []schema.AuthUser{
		{Username: "admin", Password: "password", Role: "admin"},
		{Username: "user", Password: "password", Role: "user"},
	}, o.Auth.Users)
	assert.Equal(t, schema.Latency{Enabled: true, Min: 100, Max: 500}, o.Latency)
	assert.True(t, o.Docs.On())
	assert.NotNil(t, o.Docs.Enabled)

	require.Len(t, s.Data["posts"], 3)
	assert.Equal(t, "Draft Post", s.Data["posts"][2]["title"])
	assert.Equal(t, float64(1), s.Data["posts"][2]["authorId"])
	assert.Len(t, s.Data["postCategories"], 3)
	assert.Empty(t, s.Routes)
}

func TestDecodeUUIDFixture(t *testing.T) {
	s, err := schema.Decode(fixture(t, "uuid-api.yml"))
	require.NoError(t, err)
	require.NotNil(t, s)

	require.Len(t, s.Resources, 3)
	comments := s.Resource("comments")
	require.NotNil(t, comments)
	assert.Equal(t, schema.TypeUUID, comments.KeyField().Type)
	assert.True(t, comments.Field("postId").Required)
	assert.Equal(t, schema.DefaultNow, comments.Field("createdAt").DefaultValue)
	assert.Equal(t, []schema.Relationship{
		{Type: schema.BelongsTo, Resource: "posts", ForeignKey: "postId"},
		{Type: schema.BelongsTo, Resource: "users", ForeignKey: "userId"},
	}, comments.Relationships)

	assert.False(t, s.Options.Auth.Enabled)
	assert.Equal(t, 50, s.Options.MaxPageSize)

	require.Len(t, s.Routes, 2)
	assert.Equal(t, "/status", s.Routes[0].Path)
	assert.Equal(t, "get", s.Routes[0].Method)
	assert.Equal(t, "json", s.Routes[0].Type)
	assert.Equal(t, map[string]any{"status": "online", "version": "1.0.0", "apiName": "UUID API Example"}, s.Routes[0].Response)
	assert.Equal(t, "/users/:id/profile", s.Routes[1].Path)
	profile, ok := s.Routes[1].Response.(map[string]any)
	require.True(t, ok)
	assert.Equal(t, "{id}", profile["userId"])
	assert.Equal(t, "User profile information", s.Routes[1].Description)

	require.Len(t, s.Data["users"], 2)
	assert.Equal(t, "f47ac10b-58cc-4372-a567-0e02b2c3d479", s.Data["users"][0]["id"])
}

func TestDecodeStructure(t *testing.T) {
	tests := []struct {
		name string
		json string
		path string
		msg  string
	}{
		{"empty input", "", "", "empty spec"},
		{"only whitespace", " \n\t ", "", "empty spec"},
		{"broken JSON", `{"resources": [}`, "", "invalid JSON at offset 15"},
		{"truncated JSON", `{"resources": [`, "", "invalid JSON at offset 15: unexpected end of input"},
		{"trailing data", doc(users) + ` {}`, "", "unexpected data after the top-level value"},
		{"trailing garbage", doc(users) + `x`, "", "invalid JSON"},
		{"raw NUL byte", "{\"resources\":\x00[]}", "", "invalid JSON at offset 12: invalid character '\\x00'"},
		{"top-level array", `[` + users + `]`, "", "want a JSON object at the top level, got array"},
		{"top-level string", `"resources"`, "", "got string"},
		{"top-level number", `42`, "", "got number"},
		{"top-level null", `null`, "", "got null"},
		{"unknown resource key", doc(`{"name":"users","fieldz":[],"fields":[{"name":"id","type":"number"}]}`), "resources[0].fieldz", `unknown key (did you mean "fields"?)`},
		{"key in wrong case", doc(`{"name":"users","Fields":[],"fields":[{"name":"id","type":"number"}]}`), "resources[0].Fields", `did you mean "fields"`},
		{"unknown field key", doc(`{"name":"users","fields":[{"name":"id","type":"number","requried":true}]}`), "resources[0].fields[0].requried", `unknown key (did you mean "required"?)`},
		{"unknown option", doc(users, `"options":{"colour":"red"}`), "options.colour", "unknown key"},
		{"string for a number", doc(users, `"options":{"port":"3000"}`), "options.port", "want a number, got string"},
		{"fraction for an integer", doc(users, `"options":{"port":3000.5}`), "options.port", "want an integer, got 3000.5"},
		{"exponent for an integer", doc(users, `"options":{"maxBodyBytes":1e6}`), "options.maxBodyBytes", "want an integer, got 1e6"},
		{"integer overflow", doc(users, `"options":{"seed":99999999999999999999}`), "options.seed", "number 99999999999999999999 out of range"},
		{"float overflow", doc(`{"name":"users","fields":[{"name":"id","type":"number","max":1e400}]}`), "resources[0].fields[0].max", "number 1e400 out of range"},
		{"string for a boolean", doc(users, `"options":{"corsEnabled":"yes"}`), "options.corsEnabled", "want a boolean, got string"},
		{"object for an array", doc(`{"name":"users","fields":{"id":"number"}}`), "resources[0].fields", "want an array, got object"},
		{"array for an object", doc(users, `"options":[]`), "options", "want an object, got array"},
		{"number for a string", doc(`{"name":"users","fields":[{"name":"id","type":5}]}`), "resources[0].fields[0].type", "want a string, got number"},
		{"null array element", doc(`{"name":"users","fields":[{"name":"id","type":"number"},null]}`), "resources[0].fields[1]", "want an object, got null"},
		{"null in a string list", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"access":{"list":[null]}}`), "resources[0].access.list[0]", "want a string, got null"},
		{"duplicate key", doc(`{"name":"users","name":"people","fields":[{"name":"id","type":"number"}]}`), "resources[0].name", "duplicate key"},
		{"duplicate key in a record", doc(users, `"data":{"users":[{"id":1,"id":2}]}`), "data.users[0].id", "duplicate key"},
		{"data is not an object", doc(users, `"data":[]`), "data", "want an object, got array"},
		{"data resource is not a list", doc(users, `"data":{"users":{"id":1}}`), "data.users", "want an array, got object"},
		{"record is not an object", doc(users, `"data":{"users":["bob"]}`), "data.users[0]", "want an object, got string"},
		{"record is null", doc(users, `"data":{"users":[null]}`), "data.users[0]", "want an object, got null"},
		{"number in a record out of range", doc(users, `"data":{"users":[{"id":1e999}]}`), "data.users[0].id", "number 1e999 out of range"},
		{"number deep in a response out of range", doc(users, `"routes":[{"path":"/x","method":"get","response":{"a":[1,{"b":-1e999}]}}]`), `routes[0].response.a[1].b`, "out of range"},
		{"header value not a string", doc(users, `"routes":[{"path":"/x","method":"get","headers":{"X-Version":2}}]`), "routes[0].headers.X-Version", "want a string, got number"},
		{"generate options not an object", doc(`{"name":"users","fields":[{"name":"id","type":"number","generate":{"type":"number","options":[1,2]}}]}`), "resources[0].fields[0].generate.options", "want an object, got array"},
		{"enum not a list", doc(`{"name":"users","fields":[{"name":"id","type":"number"},{"name":"role","type":"string","enum":"admin"}]}`), "resources[0].fields[1].enum", "want an array, got string"},
		{"count not a number", doc(users, `"options":{"generateData":{"counts":{"users":"ten"}}}`), "options.generateData.counts.users", "want a number, got string"},
		{"key that needs quoting", doc(users, `"data":{"my users":[]}`), `data["my users"]`, "unknown resource"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := problems(t, tt.json)
			require.Len(t, ps, 1, "problems: %v", ps)
			assert.Equal(t, tt.path, ps[0].Path)
			assert.Contains(t, ps[0].Message, tt.msg)
		})
	}
}

func TestDecodeNullMeansAbsent(t *testing.T) {
	s, err := schema.Decode([]byte(doc(`{"name":"users","description":null,"fields":[{"name":"id","type":"number","min":null,"enum":null}],"access":null}`, `"options":{"port":null,"admin":null}`, `"data":null`, `"routes":null`)))
	require.NoError(t, err)
	assert.Nil(t, s.Resources[0].Fields[0].Min)
	assert.Nil(t, s.Resources[0].Access)
	assert.Equal(t, 0, s.Options.Port)
	assert.Nil(t, s.Data)
}

func TestDecodeFreeFormValues(t *testing.T) {
	s, err := schema.Decode([]byte(doc(
		`{"name":"users","fields":[{"name":"id","type":"number"},{"name":"tags","type":"array","defaultValue":["a",{"b":[null,true]}]},{"name":"meta","type":"object","enum":[{"x":1},{"y":[2]}]}]}`,
		`"routes":[{"path":"/x","method":"get","response":[1,"two",{"three":[3]},null]}]`,
		`"data":{"users":[{"id":1,"anything":{"deep":[{"er":{}}]},"未知":"値"}]}`,
	)))
	require.NoError(t, err)
	assert.Equal(t, []any{"a", map[string]any{"b": []any{nil, true}}}, s.Resources[0].Fields[1].DefaultValue)
	assert.Equal(t, []any{float64(1), "two", map[string]any{"three": []any{float64(3)}}, nil}, s.Routes[0].Response)
	assert.Equal(t, "値", s.Data["users"][0]["未知"])
}

func TestDecodeSuppressesCascades(t *testing.T) {
	// A field whose type has the wrong JSON type is reported once, not also
	// as a missing type, and a reference to it is not reported as a
	// mismatch.
	ps := problems(t, doc(
		`{"name":"users","fields":[{"name":"id","type":7}]},`+
			`{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number","references":{"resource":"users"}}]}`,
	))
	assert.Equal(t, []schema.Problem{{Path: "resources[0].fields[0].type", Message: "want a string, got number", Line: 1, Column: 61}}, ps)
}

func TestDecodeReportsEveryProblemAtOnce(t *testing.T) {
	ps := problems(t, `{
		"options": {"port": "3000"},
		"resources": [
			{"name": "users", "fields": [{"name": "id", "type": "number"}, {"name": "email", "type": "strng"}]},
			{"name": "posts", "fields": [{"name": "id", "type": "number"}, {"name": "userId", "type": "number", "references": {"resource": "usres"}}], "colour": "red"}
		],
		"data": {"usres": []}
	}`)
	assert.Equal(t, []schema.Problem{
		{Path: "options.port", Message: "want a number, got string", Line: 2, Column: 23},
		{Path: "resources[0].fields[1].type", Message: `unknown type "strng" (want one of string, number, integer, boolean, date, object, array, uuid)`, Line: 4, Column: 93},
		{Path: "resources[1].fields[1].references.resource", Message: `unknown resource "usres" (did you mean "users"?)`, Line: 5, Column: 131},
		{Path: "resources[1].colour", Message: "unknown key", Line: 5, Column: 153},
		{Path: "data.usres", Message: `unknown resource (did you mean "users"?)`, Line: 7, Column: 21},
	}, ps)
}

func TestDecodeOrdersProblemsByDocument(t *testing.T) {
	// The same problems in two documents with different key orders come
	// out in the order of each document.
	a := problems(t, `{"options":{"port":-1},"resources":[{"name":"users","fields":[{"name":"id","type":"strng"}]}]}`)
	b := problems(t, `{"resources":[{"name":"users","fields":[{"name":"id","type":"strng"}]}],"options":{"port":-1}}`)
	require.Len(t, a, 2)
	require.Len(t, b, 2)
	assert.Equal(t, "options.port", a[0].Path)
	assert.Equal(t, "resources[0].fields[0].type", a[1].Path)
	assert.Equal(t, "resources[0].fields[0].type", b[0].Path)
	assert.Equal(t, "options.port", b[1].Path)
}

func TestDecodeHostileInput(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + strings.Repeat(close, n)
	}
	tests := []struct {
		name string
		data string
		path string
		msg  string
	}{
		{"deeply nested arrays", deep("[", "]", 100_000), "", "nested deeper than 1000 levels"},
		{"deeply nested objects", strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000), "", "nested deeper than 1000 levels"},
		{"deep nesting in a record", doc(users, `"data":{"users":[{"x":`+deep("[", "]", 5000)+`}]}`), "", "nested deeper than 1000 levels"},
		{"unclosed nesting", strings.Repeat("[", 1_000_000), "", "nested deeper than 1000 levels"},
		{"huge number", doc(users, `"options":{"port":`+strings.Repeat("9", 10_000)+`}`), "options.port", "out of range"},
		{"huge negative exponent is fine but not an integer", doc(users, `"options":{"port":1e-99999}`), "options.port", "want an integer"},
		{"NUL in a resource name", doc(`{"name":"us\u0000ers","fields":[{"name":"id","type":"number"}]}`), "resources[0].name", `invalid resource name "us\x00ers"`},
		{"unicode resource name", doc(`{"name":"ユーザー","fields":[{"name":"id","type":"number"}]}`), "resources[0].name", `invalid resource name "ユーザー"`},
		{"invalid UTF-8", "{\"resources\":[{\"name\":\"\xff\xfe\",\"fields\":[{\"name\":\"id\",\"type\":\"number\"}]}]}", "resources[0].name", "invalid resource name"},
		{"huge unknown key", doc(users, `"`+strings.Repeat("k", 100_000)+`":1`), `["` + strings.Repeat("k", 64) + `"...]`, "unknown key"},
		{"non-object top level true", "true", "", "want a JSON object at the top level, got boolean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := problems(t, tt.data)
			require.Len(t, ps, 1, "problems: %v", ps)
			assert.Equal(t, tt.path, ps[0].Path)
			assert.Contains(t, ps[0].Message, tt.msg)
			assert.Less(t, len(ps[0].Path)+len(ps[0].Message), 1000, "a problem must not echo huge input")
		})
	}
}

func TestDecodeUnicodeFieldNames(t *testing.T) {
	s, err := schema.Decode([]byte(doc(`{"name":"users","fields":[{"name":"id","type":"number"},{"name":"名前","type":"string"},{"name":"emoji😀","type":"string"}]}`)))
	require.NoError(t, err)
	require.NotNil(t, s.Resource("users").Field("名前"))
	assert.Equal(t, schema.TypeString, s.Resource("users").Field("emoji😀").Type)
}

// bigSpec returns a valid spec of at least size bytes, most of it data.
func bigSpec(size int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"resources":[` + users + `],"data":{"users":[`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":` + strconv.Itoa(i) + `,"email":"user` + strconv.Itoa(i) + `@example.com","bio":"` + strings.Repeat("x", 100) + `"}`)
	}
	b.WriteString(`]}}`)
	return b.Bytes()
}

func TestDecodeFiveMegabytes(t *testing.T) {
	valid := bigSpec(5 << 20)

	s, err := schema.Decode(valid)
	require.NoError(t, err)
	n := len(s.Data["users"])
	assert.Greater(t, n, 30_000)
	assert.Equal(t, float64(n-1), s.Data["users"][n-1]["id"])

	// The same size of garbage is one problem.
	garbage := bytes.Repeat([]byte{'{', '"', 0, '}'}, 5<<18)
	ps := problems(t, string(garbage))
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0].Message, "invalid JSON at offset 2")
}

func TestDecodeReturnsIndependentSpecs(t *testing.T) {
	data := fixture(t, "uuid-api.yml")
	a, err := schema.Decode(data)
	require.NoError(t, err)
	b, err := schema.Decode(data)
	require.NoError(t, err)
	a.Resources[0].Name = "changed"
	a.Data["users"][0]["name"] = "changed"
	assert.Equal(t, "users", b.Resources[0].Name)
	assert.Equal(t, "John Doe", b.Data["users"][0]["name"])
}

// FuzzDecode checks that Decode reports problems or returns a spec that
// Validate accepts and that survives a round trip. Its seeds are small:
// testdata/fuzz/FuzzDecode holds specs of 200 to 500 bytes for access
// rules, auth, every option, field rules, generators, relationships, data
// and routes. The upstream fixtures (3 and 5 KB of JSON, tested whole by
// TestDecodeBlogFixture and others) are no seeds: the fuzzer minimizes
// each input that finds new code with a number of runs that grows with the
// square of its length, at a few milliseconds a run for 5 KB, so their
// mutants took the whole budget (20 runs in 30 s, against some 300,000
// with these seeds).
func FuzzDecode(f *testing.F) {
	f.Add([]byte(doc(users)))
	f.Add([]byte(doc(users, `"data":{"users":[{"id":1}]}`, `"routes":[{"path":"/a/:id","method":"GET"}]`)))
	f.Add([]byte(`{"resources":[{"name":"a","fields":[{"name":"id","type":"string","generate":{"type":"pickOne","options":{"values":["x"],"weights":[1]}}}]}]}`))
	f.Add([]byte(`[[[[`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := schema.Decode(data)
		if err != nil {
			assert.Nil(t, s)
			var e *schema.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not a *schema.Error: %v", err, err)
			}
			if len(e.Problems) == 0 {
				t.Fatal("an *Error without problems")
			}
			for _, p := range e.Problems {
				if p.Message == "" {
					t.Fatalf("problem at %q has no message", p.Path)
				}
			}
			return
		}
		if s == nil {
			t.Fatal("nil spec without an error")
		}
		// What Decode accepts, Validate accepts, and it survives a round
		// trip through JSON.
		if err := s.Validate(); err != nil {
			t.Fatalf("Decode accepted a spec Validate rejects: %v", err)
		}
		again, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if _, err := schema.Decode(again); err != nil {
			t.Fatalf("re-decoding %s: %v", again, err)
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	data := fixture(b, "blog-api.yml")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schema.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeFiveMegabytes(b *testing.B) {
	data := bigSpec(5 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schema.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	s, err := schema.Decode(fixture(b, "blog-api.yml"))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestResourceNames(t *testing.T) {
	withKey := schema.Resource{Name: "pages", PrimaryKey: "slug", Fields: []schema.Field{
		{Name: "slug", Type: schema.TypeString}, {Name: "title", Type: schema.TypeString},
	}}
	assert.Equal(t, map[string]string{"slug": "slug", "title": "title"}, withKey.Names())
	undeclaredKey := schema.Resource{Name: "notes", Fields: []schema.Field{{Name: "body", Type: schema.TypeString}}}
	assert.Equal(t, map[string]string{"id": "id", "body": "body"}, undeclaredKey.Names(), "the default key is named too")
	assert.Equal(t, map[string]string{"id": "id"}, (&schema.Resource{Name: "empty"}).Names())
}

func TestDecodePlacesProblems(t *testing.T) {
	t.Run("broken JSON", func(t *testing.T) {
		_, err := schema.Decode([]byte("{\n  \"resources\": [\n    {\"name\": }\n  ]\n}"))
		var e *schema.Error
		require.ErrorAs(t, err, &e)
		require.Len(t, e.Problems, 1)
		assert.Equal(t, 3, e.Problems[0].Line)
		assert.Equal(t, 14, e.Problems[0].Column)
	})
	t.Run("mapped", func(t *testing.T) {
		// The position function gets the offset where the value starts.
		data := []byte(`{"resources":[{"name":"users","fields":[{"name":"id","type":"strng"}]}]}`)
		var got []int64
		_, err := schema.DecodeMapped(data, func(off int64) (int, int) {
			got = append(got, off)
			return 40, 2
		})
		var e *schema.Error
		require.ErrorAs(t, err, &e)
		require.Len(t, e.Problems, 1)
		assert.Equal(t, []int{40, 2}, []int{e.Problems[0].Line, e.Problems[0].Column})
		assert.Equal(t, []int64{int64(bytes.Index(data, []byte(`"strng"`)))}, got)
	})
	t.Run("absent key placed at its object", func(t *testing.T) {
		_, err := schema.Decode([]byte("{\"resources\": [\n  {\"name\": \"users\", \"fields\": [\n    {\"name\": \"id\"}]}]}"))
		var e *schema.Error
		require.ErrorAs(t, err, &e)
		require.Len(t, e.Problems, 1)
		assert.Equal(t, "resources[0].fields[0].type", e.Problems[0].Path)
		assert.Equal(t, []int{3, 5}, []int{e.Problems[0].Line, e.Problems[0].Column})
	})
}

func TestDecodeKeepsInexactIntegersInRecords(t *testing.T) {
	t.Parallel()
	s, err := schema.Decode([]byte(`{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}],
		"initialData":[{"id":1,"n":-9007199254740993}]}],
		"data":{"a":[{"id":2,"n":9007199254740993,"m":[1e400]}]},
		"routes":[{"path":"/x","method":"get","response":{"n":9007199254740993}}]}`))
	if err == nil {
		t.Fatal("1e400 is out of range")
	}
	s, err = schema.Decode([]byte(`{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}],
		"initialData":[{"id":1,"n":-9007199254740993}]}],
		"data":{"a":[{"id":2,"n":9007199254740993,"f":9007199254740992,"deep":{"l":[123456789012345678901]}},{"id":3,"n":1}]},
		"routes":[{"path":"/x","method":"get","response":{"n":9007199254740993}}]}`))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"id": 2.0, "n": json.Number("9007199254740993"), "f": 9007199254740992.0,
		"deep": map[string]any{"l": []any{json.Number("123456789012345678901")}}}, s.Data["a"][0])
	assert.Equal(t, map[string]any{"id": 3.0, "n": 1.0}, s.Data["a"][1])
	assert.Equal(t, json.Number("-9007199254740993"), s.Resources[0].InitialData[0]["n"])
	assert.Equal(t, map[string]any{"n": 9007199254740992.0}, s.Routes[0].Response, "other free-form values are as encoding/json reads them")
}
