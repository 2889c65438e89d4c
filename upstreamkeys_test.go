package pretendo_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// logBuffer collects a server's log lines; safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// lines returns the log's JSON lines, decoded.
func (l *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		out = append(out, m)
	}
	return out
}

// jsonLogger returns a logger writing JSON lines to a fresh buffer.
func jsonLogger() (*slog.Logger, *logBuffer) {
	var b logBuffer
	return slog.New(slog.NewJSONHandler(&b, nil)), &b
}

// tinySpec is a spec with one resource and the given options block.
func tinySpec(options string) string {
	return `
resources:
  - name: notes
    fields:
      - { name: id, type: number }
      - { name: text, type: string, maxLength: 20 }
data:
  notes: [ { id: 1, text: hello } ]
options:
` + options
}

func TestTokenHeader(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, parseSpec(t, tinySpec(`
  auth:
    enabled: true
    tokenHeader: x-auth-token
    users: [ { username: ada, password: secret, role: admin } ]
`)))
	token := login(t, base, "ada", "secret")
	tests := []struct {
		name   string
		header map[string]string
		status int
		code   string
	}{
		{"bare token", map[string]string{"X-Auth-Token": token}, 200, ""},
		{"bearer token", map[string]string{"X-Auth-Token": "Bearer " + token}, 200, ""},
		{"header name in any case", map[string]string{"x-auth-TOKEN": token}, 200, ""},
		{"authorization is not read", bearer(token), 401, "UNAUTHORIZED"},
		{"none", nil, 401, "UNAUTHORIZED"},
		{"unknown token", map[string]string{"X-Auth-Token": strings.Repeat("0", 64)}, 401, "INVALID_TOKEN"},
		{"huge token", map[string]string{"X-Auth-Token": strings.Repeat("a", 64<<10)}, 401, "INVALID_TOKEN"},
		{"other scheme", map[string]string{"X-Auth-Token": "Basic " + token}, 401, "UNAUTHORIZED"},
		{"tab inside", map[string]string{"X-Auth-Token": "ab\tcd"}, 401, "INVALID_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, body := callH(t, "GET", base+"/notes", tt.header, nil)
			require.Equal(t, tt.status, st, "%v", body)
			if tt.code != "" {
				assert.Equal(t, tt.code, errCode(body))
			}
		})
	}
	t.Run("control bytes", func(t *testing.T) {
		t.Parallel()
		for _, v := range []string{"\x00" + token, token + "\x7f", "Bearer \x01"} {
			req := httptest.NewRequest(http.MethodGet, "/notes", nil)
			req.Header.Set("X-Auth-Token", v)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			assert.Equal(t, http.StatusUnauthorized, rec.Code, "%q: %s", v, rec.Body)
		}
	})
	t.Run("sign-in hint names the header", func(t *testing.T) {
		t.Parallel()
		_, body := callH(t, "GET", base+"/notes", nil, nil)
		assert.Contains(t, errMessage(body), "X-Auth-Token")
	})
	t.Run("logout and me read it", func(t *testing.T) {
		t.Parallel()
		tok := login(t, base, "ada", "secret")
		h := map[string]string{"X-Auth-Token": tok}
		st, me := callH(t, "GET", base+"/auth/me", h, nil)
		require.Equal(t, 200, st, "%v", me)
		st, _ = callH(t, "POST", base+"/auth/logout", h, nil)
		require.Equal(t, 204, st)
		st, _ = callH(t, "GET", base+"/notes", h, nil)
		assert.Equal(t, 401, st)
	})
	t.Run("preflight allows it", func(t *testing.T) {
		t.Parallel()
		req, err := http.NewRequest(http.MethodOptions, base+"/notes", nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Contains(t, resp.Header.Get("Access-Control-Allow-Headers"), "X-Auth-Token")
	})
}

// ownedSpec has posts owned through authorId, which defaults to the
// signed-in user's id, and users declared with ids.
const ownedSpec = `
resources:
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: title, type: string, required: true }
      - { name: authorId, type: number, required: true, defaultValue: $userId }
      - { name: editorId, type: number, defaultValue: $userId }
    ownedBy: authorId
    access: { list: ["*"], get: ["*"], create: ["*"], update: [admin, owner], delete: [admin, owner] }
data:
  posts: [ { id: 1, title: by ada, authorId: 1 } ]
options:
  auth:
    enabled: true
    users:
      - { id: 1, username: ada, password: adapass, role: admin }
      - { id: 2, username: bob, password: bobpass, role: user }
      - { username: eve, password: evepass, role: user }
`

func TestDeclaredUserIDsAndUserIDDefault(t *testing.T) {
	t.Parallel()
	_, base := serve(t, parseSpec(t, ownedSpec))
	ada := bearer(login(t, base, "ada", "adapass"))
	bob := bearer(login(t, base, "bob", "bobpass"))
	eve := bearer(login(t, base, "eve", "evepass"))

	st, body := callH(t, "POST", base+"/auth/login", nil, map[string]any{"username": "bob", "password": "bobpass"})
	require.Equal(t, 200, st)
	assert.Equal(t, map[string]any{"id": float64(2), "username": "bob", "role": "user"}, body["user"])

	st, body = callH(t, "POST", base+"/posts", bob, map[string]any{"title": "by bob"})
	require.Equal(t, 201, st, "%v", body)
	post := data(t, body)
	assert.Equal(t, float64(2), post["authorId"], "$userId is the signed-in user's id")
	assert.Equal(t, float64(2), post["editorId"])

	st, body = callH(t, "POST", base+"/posts", bob, map[string]any{"title": "given", "authorId": 2, "editorId": 1})
	require.Equal(t, 201, st, "%v", body)
	assert.Equal(t, float64(1), data(t, body)["editorId"], "a value sent wins over $userId")

	st, body = callH(t, "POST", base+"/posts", eve, map[string]any{"title": "by eve"})
	assert.Equal(t, 422, st, "a user without an id leaves a required $userId field absent: %v", body)
	assert.Equal(t, []string{"required"}, detailCodes(body)["authorId"])

	st, _ = callH(t, "PATCH", base+"/posts/1", bob, map[string]any{"title": "x"})
	assert.Equal(t, 403, st, "owner rules compare declared ids")
	st, _ = callH(t, "PATCH", base+"/posts/2", bob, map[string]any{"title": "mine"})
	assert.Equal(t, 200, st)
	st, _ = callH(t, "PATCH", base+"/posts/2", eve, map[string]any{"title": "x"})
	assert.Equal(t, 403, st)
	st, body = callH(t, "PUT", base+"/posts/2", ada, map[string]any{"title": "put by ada", "authorId": 2})
	require.Equal(t, 200, st, "%v", body)
	assert.Equal(t, float64(1), data(t, body)["editorId"], "PUT applies the defaults again")
}

func TestUserIDDefaultWithoutUser(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, strings.Replace(ownedSpec, "enabled: true", "enabled: false", 1))
	srv, base := serve(t, spec)
	st, _, body := do(t, "POST", base+"/posts", map[string]any{"title": "anonymous", "authorId": 7})
	require.Equal(t, 201, st, "%v", body)
	assert.NotContains(t, data(t, body), "editorId", "no user, no $userId value")
	posts := pretendo.Collection[map[string]any](srv, "posts")
	_, err := posts.Create(t.Context(), map[string]any{"title": "typed"})
	assert.ErrorIs(t, err, pretendo.ErrValidation)
}

func TestHashDefault(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, `
resources:
  - name: keys
    fields:
      - { name: id, type: number }
      - { name: secret, type: string, defaultValue: $hash, minLength: 4, maxLength: 10, unique: true }
      - { name: label, type: string }
data:
  keys: [ { id: 1, secret: first } ]
`)
	srv, base := serve(t, spec)
	body := get(t, base+"/keys/1")
	assert.Equal(t, sha256Hex("first"), data(t, body)["secret"], "spec data is hashed too")

	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		secret any // the stored value afterwards; nil: not checked
	}{
		{"rules apply to the value sent", "POST", "/keys", map[string]any{"secret": "abc"}, 422, nil},
		{"a long digest is no length problem", "POST", "/keys", map[string]any{"id": 2, "secret": "second"}, 201, sha256Hex("second")},
		{"unique compares digests", "POST", "/keys", map[string]any{"secret": "second"}, 409, nil},
		{"wrong type", "POST", "/keys", map[string]any{"secret": 42}, 422, nil},
		{"patch without it keeps the digest", "PATCH", "/keys/2", map[string]any{"label": "x"}, 200, sha256Hex("second")},
		{"echoing the digest keeps it", "PUT", "/keys/2", map[string]any{"secret": sha256Hex("second"), "label": "y"}, 200, sha256Hex("second")},
		{"a new value is hashed", "PATCH", "/keys/2", map[string]any{"secret": "third"}, 200, sha256Hex("third")},
		{"null removes it", "PATCH", "/keys/2", map[string]any{"secret": nil}, 200, "absent"},
	}
	for _, tt := range tests {
		st, _, got := do(t, tt.method, base+tt.path, tt.body)
		require.Equal(t, tt.status, st, "%s: %v", tt.name, got)
		switch tt.secret {
		case nil:
		case "absent":
			assert.NotContains(t, data(t, got), "secret", tt.name)
		default:
			assert.Equal(t, tt.secret, data(t, got)["secret"], tt.name)
			stored, err := pretendo.Collection[map[string]any](srv, "keys").Get(t.Context(), 2)
			require.NoError(t, err)
			assert.Equal(t, tt.secret, stored["secret"], tt.name)
		}
	}
}

func TestSpecialDefaultsFitTheirTypes(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ typ, def string }{
		{"boolean", "$userId"},
		{"date", "$userId"},
		{"number", "$hash"},
		{"uuid", "$hash"},
	} {
		_, err := pretendo.ParseSpec([]byte(`{"resources":[{"name":"a","fields":[{"name":"id","type":"number"},{"name":"f","type":"` + tt.typ + `","defaultValue":"` + tt.def + `"}]}]}`))
		require.ErrorIs(t, err, pretendo.ErrInvalidSpec, "%s on %s", tt.def, tt.typ)
		assert.Contains(t, err.Error(), "resources[0].fields[1].defaultValue: "+tt.def+" applies only to")
	}
}

func TestUpstreamWarnings(t *testing.T) {
	t.Parallel()
	logger, logs := jsonLogger()
	spec := upstreamSpec(t, "special-fields-api.yml")
	srv, err := pretendo.Open(spec, pretendo.WithLogger(logger))
	require.NoError(t, err)
	defer srv.Close()
	var msgs []string
	for _, l := range logs.lines(t) {
		assert.Equal(t, "WARN", l["level"])
		msgs = append(msgs, l["msg"].(string))
	}
	assert.Equal(t, []string{
		"auth: tokens are opaque random strings, not JWTs; options.auth.secretKey and options.auth.jwt.secret sign nothing",
	}, msgs)

	logger, logs = jsonLogger()
	spec = parseSpec(t, tinySpec(`
  auth: { enabled: true, secretKey: s3cret, users: [ { username: a, password: b } ] }
  docs: { enabled: false }
`))
	srv2, err := pretendo.Open(spec, pretendo.WithLogger(logger))
	require.NoError(t, err)
	defer srv2.Close()
	require.Len(t, logs.lines(t), 1, logs.String())
	assert.Contains(t, logs.String(), "secretKey")
}

func TestDBPathAlias(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	legacy := filepath.Join(dir, "legacy.json")
	spec := parseSpec(t, tinySpec(`
  dbPath: `+strconv.Quote(legacy)+`
  database: { adapter: json-file }
`))
	srv, err := pretendo.Open(spec)
	require.NoError(t, err)
	require.NoError(t, srv.Close())
	raw, err := os.ReadFile(legacy)
	require.NoError(t, err, "the json-file store lives at options.dbPath")
	assert.Contains(t, string(raw), `"hello"`)

	t.Run("database.dbPath wins, with a warning", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		kept, lost := filepath.Join(dir, "kept.json"), filepath.Join(dir, "lost.json")
		logger, logs := jsonLogger()
		srv, err := pretendo.Open(parseSpec(t, tinySpec(`
  dbPath: `+strconv.Quote(lost)+`
  database: { adapter: json-file, dbPath: `+strconv.Quote(kept)+` }
`)), pretendo.WithLogger(logger))
		require.NoError(t, err)
		require.NoError(t, srv.Close())
		assert.FileExists(t, kept)
		assert.NoFileExists(t, lost)
		assert.Contains(t, logs.String(), "options.dbPath is ignored: options.database.dbPath is set")
	})
	t.Run("memory says it does not use it", func(t *testing.T) {
		t.Parallel()
		logger, logs := jsonLogger()
		srv, err := pretendo.Open(parseSpec(t, tinySpec(`
  dbPath: ./never-written.json
`)), pretendo.WithLogger(logger))
		require.NoError(t, err)
		require.NoError(t, srv.Close())
		assert.NoFileExists(t, "never-written.json")
		assert.Contains(t, logs.String(), "used by the json-file adapter only")
	})
}

func TestLogRequests(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		options string
		lines   int
	}{
		{"on", "  logRequests: true\n", 2},
		{"off", "  logRequests: false\n", 0},
		{"unset in the library", "  defaultPageSize: 5\n", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := jsonLogger()
			_, base := serve(t, parseSpec(t, tinySpec(tt.options)), pretendo.WithLogger(logger))
			get(t, base+"/notes?q=%0a%22x")
			st, _, _ := do(t, "GET", base+"/notes/99", nil)
			require.Equal(t, 404, st)
			lines := logs.lines(t)
			require.Len(t, lines, tt.lines, logs.String())
			if tt.lines == 0 {
				return
			}
			assert.Equal(t, "request", lines[0]["msg"])
			assert.Equal(t, "GET", lines[0]["method"])
			assert.Equal(t, "/notes?q=%0a%22x", lines[0]["path"])
			assert.Equal(t, float64(200), lines[0]["status"])
			assert.Equal(t, float64(404), lines[1]["status"])
			assert.GreaterOrEqual(t, lines[1]["duration"], float64(0))
		})
	}
}

func TestLogMaxEntries(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		options string
		opts    []pretendo.Option
		kept    int
	}{
		{"sizes the journal", "  logMaxEntries: 2\n", nil, 2},
		{"journal.size wins", "  logMaxEntries: 2\n  journal: { size: 3 }\n", nil, 3},
		{"WithJournal wins", "  logMaxEntries: 2\n", []pretendo.Option{pretendo.WithJournal(1)}, 1},
		{"0 is the default", "  logMaxEntries: 0\n", nil, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, base := serve(t, parseSpec(t, tinySpec(tt.options)), tt.opts...)
			for range 4 {
				get(t, base+"/notes")
			}
			assert.Len(t, srv.Requests(), tt.kept)
		})
	}
	_, err := pretendo.ParseSpec([]byte(tinySpec("  logMaxEntries: -1\n")))
	require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
	assert.Contains(t, err.Error(), "options.logMaxEntries: logMaxEntries must be 0 or more")
}

func TestAllowPartialResponses(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		options string
		status  int
	}{
		{"default", "  defaultPageSize: 5\n", 200},
		{"on", "  allowPartialResponses: true\n", 200},
		{"off", "  allowPartialResponses: false\n", 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, base := serve(t, parseSpec(t, tinySpec(tt.options)))
			for _, path := range []string{"/notes?fields=id", "/notes/1?fields=id", "/notes?fields=id&fields=text"} {
				st, _, body := do(t, "GET", base+path, nil)
				require.Equal(t, tt.status, st, "%s: %v", path, body)
				if st == 400 {
					assert.Equal(t, "INVALID_QUERY", errCode(body))
					assert.Contains(t, errMessage(body), "allowPartialResponses")
				}
			}
			// Everything else is served either way.
			get(t, base+"/notes?sortBy=-id")
			get(t, base+"/notes/1")
		})
	}
	t.Run("related lists", func(t *testing.T) {
		t.Parallel()
		_, base := serve(t, withOption(t, blogSpec(t), "allowPartialResponses", false))
		st, _, body := do(t, "GET", base+"/users/1/posts?fields=id", nil)
		require.Equal(t, 400, st, "%v", body)
		get(t, base+"/users/1/posts")
	})
}

func TestDatabaseStrictValidation(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		options string
		status  int
	}{
		{"database.strictValidation", "  database: { strictValidation: true }\n", 422},
		{"strictValidation", "  strictValidation: true\n", 422},
		{"neither", "  database: { strictValidation: false }\n", 201},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, base := serve(t, parseSpec(t, tinySpec(tt.options)))
			st, _, body := do(t, "POST", base+"/notes", map[string]any{"text": "x", "colour": "red"})
			require.Equal(t, tt.status, st, "%v", body)
			if st == 422 {
				assert.Equal(t, []string{"unknown"}, detailCodes(body)["colour"])
			}
		})
	}
}

func TestInitialData(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, `
resources:
  - name: tags
    fields:
      - { name: id, type: number }
      - { name: name, type: string, required: true }
    initialData:
      - { id: 1, name: go }
      - { id: 2, name: yaml }
  - name: notes
    fields:
      - { name: id, type: number }
      - { name: tagId, type: number, references: { resource: tags } }
data:
  tags: [ { id: 3, name: json } ]
  notes: [ { id: 1, tagId: 2 } ]
`)
	srv, base := serve(t, spec)
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "tags"), "initialData, then data")
	st, _, _ := do(t, "DELETE", base+"/tags/1", nil)
	require.Equal(t, 204, st)
	require.NoError(t, srv.Reset(t.Context()))
	assert.Equal(t, nums(1, 2, 3), allIDs(t, base, "tags"), "reset brings initialData back")

	t.Run("Go values", func(t *testing.T) {
		t.Parallel()
		spec := parseSpec(t, `
resources:
  - name: tags
    fields:
      - { name: id, type: number }
      - { name: name, type: string, required: true }
`)
		spec.Resources[0].InitialData = []map[string]any{{"id": 7, "name": "go", "at": time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}}
		_, base := serve(t, spec)
		tag := data(t, get(t, base+"/tags/7"))
		assert.Equal(t, float64(7), tag["id"])
		assert.Equal(t, "2025-01-02T03:04:05Z", tag["at"])

		spec.Resources[0].InitialData = append(spec.Resources[0].InitialData, map[string]any{"id": 8, "name": "x", "bad": make(chan int)})
		_, err := pretendo.Open(spec)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "resources[0].initialData[1]")
	})

	for _, tt := range []struct{ name, records, want string }{
		{"breaks a rule", "[ { id: 1, name: go }, { id: 2 } ]", "resources[0].initialData[1]"},
		{"duplicate of data", "[ { id: 3, name: go } ]", "data.tags[0]"},
		{"null", "[ null ]", "resources[0].initialData[0]: want an object, got null"},
	} {
		err := openSource(`
resources:
  - name: tags
    fields:
      - { name: id, type: number }
      - { name: name, type: string, required: true }
    initialData: ` + tt.records + `
data:
  tags: [ { id: 3, name: json } ]
`)
		require.Error(t, err, tt.name)
		assert.Contains(t, err.Error(), tt.want, tt.name)
	}
}

// withOption returns spec with options.<key> set to v, through its JSON
// form, as a spec file would set it.
func withOption(t *testing.T, spec *pretendo.Spec, key string, v any) *pretendo.Spec {
	t.Helper()
	raw, err := json.Marshal(spec)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	opts, _ := m["options"].(map[string]any)
	if opts == nil {
		opts = map[string]any{}
	}
	opts[key] = v
	m["options"] = opts
	raw, err = json.Marshal(m)
	require.NoError(t, err)
	out, err := pretendo.ParseSpec(raw)
	require.NoError(t, err)
	return out
}

// openSource parses and opens src, returning the first error.
func openSource(src string) error {
	spec, err := pretendo.ParseSpec([]byte(src))
	if err != nil {
		return err
	}
	srv, err := pretendo.Open(spec)
	if err != nil {
		return err
	}
	return srv.Close()
}

func TestWildcardRoutes(t *testing.T) {
	t.Parallel()
	_, base := serve(t, parseSpec(t, `
resources:
  - name: files
    fields: [ { name: id, type: number } ]
    initialData: [ { id: 1 } ]
routes:
  - { path: "/files/{*filePath}", method: get, response: { path: "{filePath}" } }
  - { path: "/files/docs/{*rest}", method: get, response: { docs: "{rest}" } }
  - { path: "/files/:id/meta", method: get, response: { meta: "{id}" } }
  - { path: "/assets/*", method: get, response: { literal: true } }
  - { path: "/static/*file", method: get, headers: { X-File: "{file}" }, response: { file: "{file}" } }
`))
	tests := []struct {
		path   string
		status int
		body   map[string]any
	}{
		{"/files/path/to/file.txt", 200, map[string]any{"path": "path/to/file.txt"}},
		{"/files/a%20b/c%2Fd", 200, map[string]any{"path": "a b/c/d"}},
		{"/files/..%2F..%2Fetc/passwd", 200, map[string]any{"path": "../../etc/passwd"}},
		{"/files/%00", 200, map[string]any{"path": "\x00"}},
		{"/files/docs/guide/intro.md", 200, map[string]any{"docs": "guide/intro.md"}},
		{"/files/7/meta", 200, map[string]any{"meta": "7"}},
		{"/files/1", 200, map[string]any{"path": "1"}}, // the custom route wins over the resource route
		{"/files", 200, nil}, // the resource list: the wildcard needs a segment
		{"/assets/*", 200, map[string]any{"literal": true}},
		{"/assets/%2A", 200, map[string]any{"literal": true}},
		{"/assets/logo.png", 404, nil},
		{"/static/css/site.css", 200, map[string]any{"file": "css/site.css"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			st, _, body := do(t, "GET", base+tt.path, nil)
			require.Equal(t, tt.status, st, "%v", body)
			if tt.body != nil {
				assert.Equal(t, tt.body, body)
			}
		})
	}
	t.Run("other methods", func(t *testing.T) {
		t.Parallel()
		st, h, _ := do(t, "DELETE", base+"/static/a/b", nil)
		assert.Equal(t, 405, st)
		assert.Equal(t, "GET, HEAD, OPTIONS", h.Get("Allow"))
	})
	t.Run("bad wildcards", func(t *testing.T) {
		t.Parallel()
		for _, p := range []string{"/{*rest}/edit", "/a/{*1}", "/a/:x/{*x}"} {
			_, err := pretendo.ParseSpec([]byte(`{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}]}],"routes":[{"path":"` + p + `","method":"get"}]}`))
			require.ErrorIs(t, err, pretendo.ErrInvalidSpec, p)
			assert.Contains(t, err.Error(), "routes[0].path: path", p)
		}
		_, err := pretendo.Open(blogSpec(t), pretendo.WithRoute("GET", "/x/{*a}/y", http.NotFoundHandler()))
		require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
	})
	t.Run("Go routes take wildcards", func(t *testing.T) {
		t.Parallel()
		_, base := serve(t, blogSpec(t), pretendo.WithRoute("GET", "/raw/{*p}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = json.NewEncoder(w).Encode(map[string]string{"p": pretendo.PathParam(r, "p")})
		})))
		st, body := callH(t, "GET", base+"/raw/x/y%2Fz", nil, nil)
		require.Equal(t, 200, st)
		assert.Equal(t, "x/y/z", body["p"])
	})
}

func TestCustomRouteUnderAdminPath(t *testing.T) {
	t.Parallel()
	const routes = `
routes:
  - { path: /admin/dashboard, method: get, response: { title: dashboard } }
  - { path: /admin/stats, method: get, response: { shadowed: true } }
  - { path: "/admin/reports/{*name}", method: get, response: { report: "{name}" } }
`
	for _, tt := range []struct {
		name, admin string
		stats       int
	}{
		{"admin API on", "  admin: { enabled: true }\n", 200},
		{"admin API with a token", "  admin: { enabled: true, token: t0ken }\n", 401},
		{"admin API off", "  admin: { enabled: false }\n", 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, base := serve(t, parseSpec(t, tinySpec(tt.admin)+routes))
			assert.Equal(t, map[string]any{"title": "dashboard"}, get(t, base+"/admin/dashboard"), "served without the admin token")
			assert.Equal(t, map[string]any{"report": "q1/sales"}, get(t, base+"/admin/reports/q1/sales"))
			st, h, _ := do(t, "POST", base+"/admin/dashboard", nil)
			assert.Equal(t, 405, st)
			assert.Equal(t, "GET, HEAD, OPTIONS", h.Get("Allow"))
			st, _, _ = do(t, "GET", base+"/admin/unknown", nil)
			assert.Contains(t, []int{401, 404}, st)
			st, _, body := do(t, "GET", base+"/admin/stats", nil)
			assert.Equal(t, tt.stats, st, "%v", body)
			if st == 200 && strings.Contains(tt.admin, "true") {
				assert.Contains(t, body, "data", "the admin API wins where it serves the path")
			}
			if strings.Contains(tt.admin, "false") {
				assert.Equal(t, map[string]any{"shadowed": true}, body, "with the admin API off the custom route answers")
			}
		})
	}
}

func TestRouteAuthOnlyWithAuth(t *testing.T) {
	t.Parallel()
	// With options.auth off there is nobody to sign in: protected routes
	// are served like every other route, as resources are.
	_, base := serve(t, parseSpec(t, tinySpec("  auth: { enabled: false }\n")+`
routes:
  - { path: /secret, method: get, response: { ok: true }, auth: { roles: [admin] } }
`))
	assert.Equal(t, map[string]any{"ok": true}, get(t, base+"/secret"))
}

func TestRouteAuthGoHandlerSeesUser(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, tinySpec(`
  auth: { enabled: true, users: [ { id: 9, username: ada, password: pw, role: admin } ] }
`)+`
routes:
  - { path: /whoami, method: get, type: javascript, auth: { enabled: true } }
`)
	_, base := serve(t, spec, pretendo.WithRoute("GET", "/whoami", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := pretendo.CurrentUser(r)
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": ok, "user": u.Username, "id": u.ID})
	})))
	// A WithRoute replaces the spec route, auth included: Go handlers
	// check the user themselves.
	st, body := callH(t, "GET", base+"/whoami", nil, nil)
	require.Equal(t, 200, st)
	assert.Equal(t, false, body["ok"])
	token := login(t, base, "ada", "pw")
	_, body = callH(t, "GET", base+"/whoami", bearer(token), nil)
	assert.Equal(t, map[string]any{"ok": true, "user": "ada", "id": float64(9)}, body)
}

func TestUpstreamKeysRefusedWhenWrong(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, spec, want string
	}{
		{"owner on a route", `{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}]}],"routes":[{"path":"/x","method":"get","auth":{"roles":["owner"]}}]}`,
			`routes[0].auth.roles[0]: role "owner" needs a record to own`},
		{"empty role on a route", `{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}]}],"routes":[{"path":"/x","method":"get","auth":{"roles":[""]}}]}`,
			`routes[0].auth.roles[0]: role must not be empty`},
		{"unknown key in route auth", `{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}]}],"routes":[{"path":"/x","method":"get","auth":{"role":"admin"}}]}`,
			`routes[0].auth.role: unknown key`},
		{"bad token header", `{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}]}],"options":{"auth":{"tokenHeader":"X Token"}}}`,
			`options.auth.tokenHeader: tokenHeader "X Token" is not a header name`},
		{"boolean user id", `{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}]}],"options":{"auth":{"users":[{"id":true,"username":"a","password":"b"}]}}}`,
			`options.auth.users[0].id: id true is not a string or a number`},
		{"duplicate user id", `{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}]}],"options":{"auth":{"users":[{"id":1,"username":"a","password":"b"},{"id":1,"username":"c","password":"d"}]}}}`,
			`options.auth.users[1].id: duplicate id 1 (also users[0])`},
		{"unknown key in jwt", `{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}]}],"options":{"auth":{"jwt":{"algorithm":"HS256"}}}}`,
			`options.auth.jwt.algorithm: unknown key`},
		{"initialData not a list", `{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}],"initialData":{"id":1}}]}`,
			`resources[0].initialData: want an array, got object`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := pretendo.ParseSpec([]byte(tt.spec))
			require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// FuzzUpstreamRoutes sends arbitrary paths, methods and tokens to a server
// with route auth, wildcards, a literal star, routes under the admin path
// and a custom token header: never a 5xx other than a JavaScript route's
// 501, never a panic.
func FuzzUpstreamRoutes(f *testing.F) {
	for _, s := range [][3]string{
		{"/files/a/b", "GET", ""},
		{"/files/*", "GET", "Bearer x"},
		{"/admin/dashboard", "GET", "x"},
		{"/admin/reports/%2F%2F", "DELETE", ""},
		{"/calculate", "POST", "Bearer " + strings.Repeat("f", 64)},
		{"/static/..%2F..", "HEAD", "Bearer"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	raw, err := os.ReadFile(filepath.Join(upstreamDir, "custom-routes-api.yml"))
	require.NoError(f, err)
	src := strings.Replace(string(raw), "  auth:\n    enabled: true\n", "  auth:\n    enabled: true\n    tokenHeader: X-Token\n", 1)
	src = strings.Replace(src, "\nroutes:\n", `
routes:
  - { path: "/static/{*file}", method: get, response: { file: "{file}" }, auth: { roles: ["*"] } }
  - { path: "/admin/reports/{*name}", method: get, response: { report: "{name}" } }
`, 1)
	spec, err := pretendo.ParseSpec([]byte(src))
	require.NoError(f, err)
	spec.Options.Latency = pretendo.Options{}.Latency
	srv, err := pretendo.Open(spec)
	require.NoError(f, err)
	f.Cleanup(func() { _ = srv.Close() })
	f.Fuzz(func(t *testing.T, path, method, token string) {
		u, err := url.Parse("http://example.com" + path)
		if err != nil || !strings.HasPrefix(u.EscapedPath(), "/") || !isMethodName(method) {
			return
		}
		req := &http.Request{Method: method, URL: u, Header: http.Header{}, Body: http.NoBody, RequestURI: u.RequestURI()}
		req.Header["X-Token"] = []string{token}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != http.StatusNotImplemented {
			t.Fatalf("%s %s answered %d: %s", method, path, rec.Code, rec.Body)
		}
	})
}
