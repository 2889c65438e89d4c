package pretendo_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/openapitest"
	"github.com/pretendo-go/pretendo/internal/yaml12"
	"github.com/pretendo-go/pretendo/schema"
)

func TestOpenAPIDocumentValidates(t *testing.T) {
	t.Parallel()
	srv := pretendo.New(blogSpec(t))
	t.Cleanup(func() { srv.Close() })
	doc, err := srv.OpenAPI()
	require.NoError(t, err)
	d := openapitest.Load(t, doc)
	assert.Equal(t, "3.1.0", d.T.OpenAPI)
	for _, p := range []string{"/", "/users", "/users/{id}", "/users/{id}/posts", "/posts/{id}/author", "/admin/snapshots", "/admin/stats", "/__docs"} {
		assert.NotNil(t, d.T.Paths.Find(p), p)
	}
	admin := d.T.Paths.Find("/admin/stats").Get
	assert.Equal(t, []string{"admin"}, admin.Tags)
	email := d.T.Components.Schemas["usersInput"].Value.Properties["email"].Value
	assert.Equal(t, "^[^@]+@[^@]+$", email.Pattern)
	assert.Contains(t, d.T.Components.Schemas["usersInput"].Value.Required, "email")
	age := d.T.Components.Schemas["users"].Value.Properties["age"].Value
	require.NotNil(t, age.Min)
	assert.Equal(t, 150.0, *age.Max)
}

func TestOpenAPIDocumentDescribesAuthAndCustomRoutes(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: username, type: string, required: true }
      - { name: password, type: string }
      - { name: role, type: string }
routes:
  - { path: /health, method: get, response: { ok: true } }
  - { path: "/files/{*rest}", method: get, status: 202, headers: { X-File: "{rest}" }, response: { path: "{rest}" } }
options:
  admin: { token: s3cret }
  auth:
    enabled: true
    userResource: users
    users: [ { username: admin, password: pw, role: admin } ]
`)
	srv, err := pretendo.Open(spec)
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	doc, err := srv.OpenAPI()
	require.NoError(t, err)
	d := openapitest.Load(t, doc)
	assert.NotNil(t, d.T.Paths.Find("/auth/login").Post)
	assert.NotNil(t, d.T.Paths.Find("/auth/me").Get)
	assert.Contains(t, d.T.Components.SecuritySchemes, "bearer")
	assert.Contains(t, d.T.Components.SecuritySchemes, "adminToken")
	assert.NotNil(t, d.T.Paths.Find("/health").Get)
	assert.NotNil(t, d.T.Paths.Find("/files/{rest}").Get.Responses.Status(202))
	assert.NotContains(t, d.T.Components.Schemas["users"].Value.Properties, "password", "the password is never answered")
	assert.NotContains(t, string(doc), "s3cret", "no secret in the document")
	assert.NotContains(t, string(doc), `"pw"`)
	list := d.T.Paths.Find("/users").Get
	assert.NotNil(t, list.Responses.Status(401))
	assert.NotNil(t, list.Responses.Status(403))
}

func TestDocsRoute(t *testing.T) {
	t.Parallel()
	auth := `
  auth: { enabled: true, users: [ { username: a, password: b } ] }
  docs: { requireAuth: true }`
	tests := []struct {
		name, options, query, token string
		status                      int
		contentType                 string
	}{
		{"json by default", "", "", "", 200, "application/json; charset=utf-8"},
		{"json", "", "?format=json", "", 200, "application/json; charset=utf-8"},
		{"yaml", "", "?format=yaml", "", 200, "application/yaml; charset=utf-8"},
		{"bad format", "", "?format=xml", "", 400, "application/json; charset=utf-8"},
		{"off", "\n  docs: { enabled: false }", "", "", 404, "application/json; charset=utf-8"},
		{"needs a user", auth, "", "", 401, "application/json; charset=utf-8"},
		{"with a user", auth, "", "user", 200, "application/json; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, url := serve(t, parseSpec(t, `
resources:
  - name: notes
    fields: [ { name: id, type: number } ]
options:`+tt.options+`
  corsEnabled: true
`))
			req, err := http.NewRequest(http.MethodGet, url+"/__docs"+tt.query, nil)
			require.NoError(t, err)
			if tt.token != "" {
				token, err := srv.Login(t.Context(), "a", "b")
				require.NoError(t, err)
				req.Header.Set("Authorization", "Bearer "+token)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.Equal(t, tt.status, resp.StatusCode, "%s", body)
			assert.Equal(t, tt.contentType, resp.Header.Get("Content-Type"))
			if tt.status != 200 {
				return
			}
			want, err := srv.OpenAPI()
			require.NoError(t, err)
			if strings.Contains(tt.query, "yaml") {
				doc, err := yaml12.Decode(body)
				require.NoError(t, err)
				assert.JSONEq(t, string(want), string(doc.JSON))
				return
			}
			assert.JSONEq(t, string(want), string(body))
		})
	}
}

// The admin API's journal and dashboard are in the document, tagged
// admin, while the journal is on; with it off, its paths answer 404 and
// the document leaves them out.
func TestOpenAPIDocumentDescribesJournalAndDashboard(t *testing.T) {
	t.Parallel()
	journalPaths := []string{"/admin/requests", "/admin/requests/count", "/admin/requests/stream", "/admin/requests/{id}"}
	tests := []struct {
		name    string
		opts    []pretendo.Option
		journal bool
	}{
		{"journal on", []pretendo.Option{pretendo.WithJournal(10)}, true},
		{"journal off", []pretendo.Option{pretendo.WithJournal(0)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, base := serve(t, blogSpec(t), tt.opts...)
			doc, err := srv.OpenAPI()
			require.NoError(t, err)
			d := openapitest.Load(t, doc)
			for _, p := range journalPaths {
				item := d.T.Paths.Find(p)
				if !tt.journal {
					assert.Nil(t, item, p)
					continue
				}
				require.NotNil(t, item, p)
				for _, op := range item.Operations() {
					assert.Equal(t, []string{"admin"}, op.Tags, p)
				}
			}
			ui := d.T.Paths.Find("/admin/ui/")
			require.NotNil(t, ui)
			assert.NotNil(t, ui.Get.Responses.Status(http.StatusOK).Value.Content.Get("text/html"))

			// The answers go through the document's validation (serve).
			resp, err := http.Post(base+"/users", "application/json", strings.NewReader(`{"username":"jo","email":"jo@example.com"}`))
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			for _, p := range []string{"/admin/requests?method=POST&limit=5", "/admin/requests/count?status=2xx", "/admin/requests/1", "/admin/requests/99", "/admin/requests?limit=0", "/admin/ui/"} {
				resp, err := http.Get(base + p)
				require.NoError(t, err)
				_, _ = io.Copy(io.Discard, resp.Body)
				require.NoError(t, resp.Body.Close())
				if !tt.journal && strings.Contains(p, "requests") {
					assert.Equal(t, http.StatusNotFound, resp.StatusCode, p)
				}
			}
		})
	}
}

// The stages before the router change the API a client sees, and the
// document says so: URLs the rewriting rules serve as others are described
// as those (a path a rule takes in whole gone), with GET /__rules; a
// read-only API refuses every write outside the admin API; a static
// folder's homepage is GET /.
func TestOpenAPIDocumentDescribesRewritesReadOnlyAndStatic(t *testing.T) {
	t.Parallel()
	spec := rewriteSpec(t, append(exampleRules, schema.Rewrite{From: "/(.*)/legacy", To: "/$1"})...)
	spec.Options.ReadOnly = true
	spec.Options.Static = staticDir(t, false)
	srv, base := serve(t, spec)
	doc, err := srv.OpenAPI()
	require.NoError(t, err)
	d := openapitest.Load(t, doc)
	for _, p := range []string{"/__rules", "/api/users", "/api/users/{id}", "/users/{id}/show", "/api/users/{id}/show", "/posts/{category}", "/posts/{id}/show", "/api/admin/stats"} {
		assert.NotNil(t, d.T.Paths.Value(p), p)
	}
	assert.Nil(t, d.T.Paths.Value("/posts/{id}"), "the rule /posts/:category takes every /posts/x")
	list := d.T.Paths.Value("/posts/{category}").Get
	require.NotNil(t, list)
	for _, p := range list.Parameters {
		assert.NotEqual(t, "title", p.Value.Name, "the rule sets title")
	}
	assert.Contains(t, d.T.Info.Description, "/(.*)/legacy -> /$1", "a rule OpenAPI cannot say is named")
	create := d.T.Paths.Value("/api/users").Post
	require.NotNil(t, create)
	assert.Equal(t, 1, create.Responses.Len())
	assert.NotNil(t, create.Responses.Status(http.StatusForbidden))
	assert.NotNil(t, d.T.Paths.Value("/admin/reset").Post.Responses.Status(http.StatusOK), "the admin API stays open")
	assert.NotNil(t, d.T.Paths.Value("/").Get.Responses.Status(http.StatusOK).Value.Content.Get("text/html"))

	// Every answer goes through the document's validation (serve).
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/"}, {http.MethodGet, "/__rules"}, {http.MethodGet, "/api/users/1"}, {http.MethodGet, "/api/users/1/show"},
		{http.MethodGet, "/posts/hello"}, {http.MethodGet, "/posts/hello/show"}, {http.MethodPost, "/api/users"}, {http.MethodDelete, "/users/1"},
		{http.MethodGet, "/api/admin/stats"}, {http.MethodPost, "/admin/reset"},
	} {
		req, err := http.NewRequest(c.method, base+c.path, strings.NewReader(`{"email":"a@b.c"}`))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		require.NoError(t, resp.Body.Close())
		assert.Less(t, resp.StatusCode, 500, "%s %s", c.method, c.path)
	}
}

// A server of the json-server dialect is described in that dialect: bare
// arrays and records, its list parameters and filter suffixes compared as
// text, X-Total-Count, Link and ETag, 404 {}, DELETE 200 {}, 304 and GET
// /db; the admin API answers bare too. Every answer of the json-server
// tests validates against it (serve); here, a few of each kind.
func TestOpenAPIDocumentDescribesTheJSONServerDialect(t *testing.T) {
	t.Parallel()
	srv, base, _ := jsonServerDB(t)
	doc, err := srv.OpenAPI()
	require.NoError(t, err)
	d := openapitest.Load(t, doc)
	assert.Contains(t, d.T.Info.Description, "json-server dialect")

	list := d.T.Paths.Value("/posts").Get
	require.NotNil(t, list)
	ok := list.Responses.Status(http.StatusOK).Value
	assert.True(t, ok.Content.Get("application/json").Schema.Value.Type.Is("array"), "a bare array")
	for _, h := range []string{"X-Total-Count", "Link", "ETag"} {
		assert.Contains(t, ok.Headers, h)
	}
	params := map[string]string{}
	for _, p := range list.Parameters {
		params[p.Value.Name] = p.Value.Description
	}
	for _, name := range []string{"q", "_page", "_limit", "_sort", "_order", "_start", "_end", "_embed", "_expand", "views", "filters"} {
		assert.Contains(t, params, name)
	}
	for _, op := range []string{"_gte", "_lte", "_ne", "_like"} {
		assert.Contains(t, params["filters"], strings.TrimPrefix(op, "_"))
	}
	views := list.Parameters.GetByInAndName("query", "views").Schema.Value.Items.Value
	assert.True(t, views.Type.Is("string"), "filters compare as text")
	assert.NotNil(t, list.Responses.Status(http.StatusNotModified))

	get := d.T.Paths.Value("/posts/{id}").Get
	notFound := get.Responses.Status(http.StatusNotFound).Value.Content.Get("application/json").Schema.Value
	require.NotNil(t, notFound.MaxProps)
	assert.Zero(t, *notFound.MaxProps, "404 {}")
	del := d.T.Paths.Value("/posts/{id}").Delete
	assert.NotNil(t, del.Responses.Status(http.StatusOK), "DELETE is 200 {}")
	assert.Nil(t, del.Responses.Status(http.StatusNoContent))
	assert.NotNil(t, d.T.Paths.Value("/db"))
	assert.NotNil(t, d.T.Paths.Value("/").Get.Responses.Status(http.StatusOK).Value.Content.Get("text/html"), "json-server's homepage")
	stats := d.T.Paths.Value("/admin/stats").Get.Responses.Status(http.StatusOK).Value.Content.Get("application/json").Schema.Value
	assert.NotContains(t, stats.Properties, "data", "the admin API answers bare")

	for _, c := range []struct{ method, path, body string }{
		{http.MethodGet, "/", ""}, {http.MethodGet, "/db", ""}, {http.MethodGet, "/posts?_page=1&_limit=1&title_like=o&views_gte=1", ""}, {http.MethodGet, "/posts/99", ""},
		{http.MethodPost, "/posts", `{"title":"t","views":1,"author":{"name":"a"}}`}, {http.MethodDelete, "/comments/1", ""},
		{http.MethodGet, "/admin/stats", ""}, {http.MethodGet, "/admin/snapshots", ""}, {http.MethodDelete, "/admin/snapshots/nope", ""},
		{http.MethodGet, "/posts?title_like=(", ""},
	} {
		status, _, body := jsDo(t, c.method, base+c.path, c.body)
		assert.Less(t, status, 500, "%s %s: %s", c.method, c.path, body)
	}
}
