package pretendo_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

func TestValidationListsEveryFailingField(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	status, _, body := do(t, http.MethodPost, base+"/users", map[string]any{})
	require.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, "VALIDATION_FAILED", errCode(body))
	assert.Equal(t, map[string][]string{"email": {"required"}, "name": {"required"}}, detailCodes(body))

	status, _, body = do(t, http.MethodPost, base+"/users", map[string]any{
		"email": "not-an-email", "name": "", "role": "boss", "age": 200, "active": "yes",
		"tags": "go", "profile": []any{}, "createdAt": "yesterday", "updatedAt": 5,
	})
	require.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, "VALIDATION_FAILED", errCode(body))
	assert.Equal(t, map[string][]string{
		"email": {"pattern"}, "name": {"minLength"}, "role": {"enum"}, "age": {"max"}, "active": {"type"},
		"tags": {"type"}, "profile": {"type"}, "createdAt": {"type"}, "updatedAt": {"type"},
	}, detailCodes(body))
	details := body["details"].([]any)
	assert.Equal(t, "email", details[0].(map[string]any)["field"], "details in field declaration order")
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "users"), "nothing stored")

	status, _, body = do(t, http.MethodPost, base+"/users", map[string]any{
		"email": "x@y.z", "name": strings.Repeat("n", 51), "age": -1,
	})
	require.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, map[string][]string{"name": {"maxLength"}, "age": {"min"}}, detailCodes(body))

	// Length counts characters, not bytes.
	status, _, body = do(t, http.MethodPost, base+"/users", map[string]any{"email": "u@y.z", "name": strings.Repeat("é", 50)})
	assert.Equal(t, http.StatusCreated, status, "%v", body)
}

func TestWrongTypesForEveryFieldType(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	valid := map[string]map[string]any{
		"users":    {"email": "w@x.y", "name": "W"},
		"posts":    {"title": "T", "userId": 1},
		"profiles": {"bio": "B"},
	}
	tests := []struct {
		resource, field, typ string
		values               []any
	}{
		{"users", "name", "string", []any{5, true, []any{"a"}, map[string]any{"a": 1}}},
		{"posts", "userId", "number", []any{"1", true, []any{1}, map[string]any{}}},
		{"users", "age", "integer", []any{1.5, "1", true, 9007199254740993.0, 1e300}},
		{"users", "active", "boolean", []any{"true", 1, 0, []any{}, "false"}},
		{"users", "createdAt", "date", []any{"2024-13-01", "", 1704067200, "now", "01/02/2024", true}},
		{"users", "profile", "object", []any{"x", []any{}, 1, true}},
		{"users", "tags", "array", []any{"x", map[string]any{}, 1, false}},
		{"profiles", "id", "uuid", []any{"xyz", 123, "6ba7b810-9dad-11d1-80b4-00c04fd430c", "6ba7b810x9dad-11d1-80b4-00c04fd430c8", "6ba7b810-9dad-11d1-80b4-00c04fd430cg"}},
	}
	for _, tt := range tests {
		for _, v := range tt.values {
			t.Run(fmt.Sprintf("%s %s %v", tt.typ, tt.field, v), func(t *testing.T) {
				t.Parallel()
				body := map[string]any{}
				for k, x := range valid[tt.resource] {
					body[k] = x
				}
				body[tt.field] = v
				status, _, got := do(t, http.MethodPost, base+"/"+tt.resource, body)
				assert.Equal(t, http.StatusUnprocessableEntity, status, "%v", got)
				assert.Equal(t, "VALIDATION_FAILED", errCode(got))
				assert.Equal(t, map[string][]string{tt.field: {"type"}}, detailCodes(got))
			})
		}
	}
}

func TestNullIsAbsent(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	status, _, body := do(t, http.MethodPost, base+"/users", map[string]any{"email": "n@x.y", "name": "N", "age": nil, "role": nil})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	rec := data(t, body)
	assert.Equal(t, "user", rec["role"], "null gets the default")
	assert.Nil(t, rec["age"])
	status, _, body = do(t, http.MethodPost, base+"/users", map[string]any{"email": nil, "name": "N"})
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, map[string][]string{"email": {"required"}}, detailCodes(body))
}

func TestBodyErrors(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	bodies := map[string]string{
		"malformed":        `{"email":`,
		"array":            `[{"email":"a@b.c","name":"A"}]`,
		"string":           `"hello"`,
		"number":           `42`,
		"null":             `null`,
		"boolean":          `true`,
		"trailing object":  `{"name":"A"} {"name":"B"}`,
		"trailing garbage": `{"name":"A"}x`,
		"trailing comma":   `{"name":"A",}`,
		"empty":            ``,
		"whitespace":       " \n\t ",
		"single quotes":    `{'name':'A'}`,
		"unquoted key":     `{name:"A"}`,
		"comment":          `{"name":"A"} // hi`,
		"NUL byte":         "{\"name\":\"A\"}\x00",
		"BOM":              "\ufeff{\"name\":\"A\"}",
		"huge number":      `{"email":"h@x.y","name":"H","age":1e400}`,
		"huge negative":    `{"email":"h@x.y","name":"H","age":-1e400}`,
		"deep and broken":  `{"a":` + strings.Repeat("[", 20) + "}",
		"invalid escape":   `{"name":"\x"}`,
		"raw control char": "{\"name\":\"a\nb\"}",
	}
	targets := []struct{ method, path string }{
		{http.MethodPost, "/users"},
		{http.MethodPut, "/users/1"},
		{http.MethodPatch, "/users/1"},
		{http.MethodPost, "/users/1/posts"},
	}
	before := list(t, get(t, base+"/users"))
	for name, b := range bodies {
		for _, tg := range targets {
			t.Run(name+" "+tg.method+" "+tg.path, func(t *testing.T) {
				t.Parallel()
				status, _, body := do(t, tg.method, base+tg.path, b)
				assert.Equal(t, http.StatusBadRequest, status, "%v", body)
				assert.Equal(t, "INVALID_JSON", errCode(body))
			})
		}
	}
	t.Cleanup(func() {
		assert.Equal(t, before, list(t, get(t, base+"/users")), "no bad body changed anything")
		assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "posts"))
	})
}

func TestBodyTooLarge(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	big := `{"email":"big@x.y","name":"B","pad":"` + strings.Repeat("x", 10<<20) + `"}`
	for _, tg := range []struct{ method, path string }{
		{http.MethodPost, "/users"}, {http.MethodPut, "/users/1"}, {http.MethodPatch, "/users/1"}, {http.MethodPost, "/users/1/posts"},
	} {
		status, _, body := do(t, tg.method, base+tg.path, big)
		assert.Equal(t, http.StatusRequestEntityTooLarge, status, "%s %s", tg.method, tg.path)
		assert.Equal(t, "BODY_TOO_LARGE", errCode(body))
	}
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "users"))
	assert.Equal(t, "Ada", data(t, get(t, base+"/users/1"))["name"])

	spec := blogSpec(t)
	spec.Options.MaxBodyBytes = 100
	_, small := serve(t, spec)
	fits := `{"email":"s@x.y","name":"S"}`
	status, _, body := do(t, http.MethodPost, small+"/users", fits+strings.Repeat(" ", 100-len(fits)))
	assert.Equal(t, http.StatusCreated, status, "exactly the limit: %v", body)
	status, _, body = do(t, http.MethodPost, small+"/users", fits+strings.Repeat(" ", 101-len(fits)))
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.Equal(t, "BODY_TOO_LARGE", errCode(body))
	assert.Contains(t, errMessage(body), "100")
}

// TestChunkedBodyLimit checks the size limit on bodies sent without a
// Content-Length, which the server cannot refuse before reading.
func TestChunkedBodyLimit(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	spec.Options.MaxBodyBytes = 100
	_, base := serve(t, spec)
	post := func(body string) (int, map[string]any) {
		// A reader of unknown length (ContentLength 0 with a body) makes the
		// client send the body chunked.
		req, err := http.NewRequest(http.MethodPost, base+"/users", io.MultiReader(strings.NewReader(body)))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		status, _, got := send(t, req)
		return status, got
	}
	fits := `{"email":"c@x.y","name":"C"}`
	status, body := post(fits + strings.Repeat(" ", 100-len(fits)))
	assert.Equal(t, http.StatusCreated, status, "exactly the limit: %v", body)
	assert.Equal(t, "c@x.y", data(t, body)["email"])
	status, body = post(`{"email":"d@x.y","name":"` + strings.Repeat("d", 1<<20) + `"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.Equal(t, "BODY_TOO_LARGE", errCode(body))
	assert.Equal(t, nums(1, 2, 3, 4), allIDs(t, base, "users"), "only the body within the limit was stored")
}

func TestUnusualButValidBodies(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, rec map[string]any)
	}{
		{name: "NUL in a value", body: `{"email":"n1@x.y","name":"a\u0000b"}`, check: func(t *testing.T, rec map[string]any) {
			assert.Equal(t, "a\x00b", rec["name"])
		}},
		{name: "NUL in a key", body: `{"email":"n2@x.y","name":"N","\u0000":1}`, check: func(t *testing.T, rec map[string]any) {
			assert.Equal(t, 1.0, rec["\x00"])
		}},
		{name: "unicode", body: `{"email":"名前@例え.jp","name":"名前 😀","note":"\u2028"}`, check: func(t *testing.T, rec map[string]any) {
			assert.Equal(t, "名前 😀", rec["name"])
			assert.Equal(t, "\u2028", rec["note"])
		}},
		{name: "invalid UTF-8 replaced", body: "{\"email\":\"u8@x.y\",\"name\":\"a\xffb\"}", check: func(t *testing.T, rec map[string]any) {
			assert.Equal(t, "a\ufffdb", rec["name"])
		}},
		{name: "duplicate keys keep the last", body: `{"email":"d@x.y","name":"First","name":"Last"}`, check: func(t *testing.T, rec map[string]any) {
			assert.Equal(t, "Last", rec["name"])
		}},
		{name: "large but finite numbers", body: `{"email":"l@x.y","name":"L","score":1e308,"tiny":-1e-320}`, check: func(t *testing.T, rec map[string]any) {
			assert.Equal(t, 1e308, rec["score"])
		}},
		{name: "deep but legal nesting", body: `{"email":"deep@x.y","name":"D","x":` + strings.Repeat(`[`, pretendo.DefaultMaxDepth-1) + strings.Repeat(`]`, pretendo.DefaultMaxDepth-1) + `}`, check: func(t *testing.T, rec map[string]any) {
			assert.IsType(t, []any{}, rec["x"])
		}},
		{name: "whitespace around", body: " \n{\"email\":\"ws@x.y\",\"name\":\"W\"}\n\t ", check: func(t *testing.T, rec map[string]any) {
			assert.Equal(t, "W", rec["name"])
		}},
		{name: "empty key", body: `{"email":"ek@x.y","name":"E","":"empty"}`, check: func(t *testing.T, rec map[string]any) {
			assert.Equal(t, "empty", rec[""])
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, h, body := do(t, http.MethodPost, base+"/users", tt.body)
			require.Equal(t, http.StatusCreated, status, "%v", body)
			tt.check(t, data(t, body))
			stored := get(t, base+h.Get("Location"))
			tt.check(t, data(t, stored))
		})
	}
}
