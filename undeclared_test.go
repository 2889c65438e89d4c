package pretendo_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/postgres"
)

// persistenceSpec has the shape of the upstream persistence guide's
// example: posts declare only id and userId, and their records carry title,
// content and createdAt besides. The undeclared fields hold values of
// several JSON types, dates of different precisions and offsets, and gaps.
// indexedFields names fields no resource declares.
//
//	id title                    createdAt (instant)              views  draft   labels
//	1  "Getting Started"        2023-04-15T10:30:00Z             10     false   [go, intro]
//	2  "Second thoughts"        2023-04-16T06:00:00.5Z (+02:00)  "10"   "true"
//	3  "getting started again"  2023-04-15T10:30:00.25Z          7      true    [Go]
//	4  "No date"                (missing)                        null
//	5  42                       "not a date"                     (missing)
const persistenceSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: username, type: string }
    relationships:
      - { type: hasMany, resource: posts, foreignKey: userId }
  - name: posts
    fields:
      - { name: id, type: number }
      - name: userId
        type: number
        required: true
        references: { resource: users, field: id, onDelete: cascade }
    relationships:
      - { type: belongsTo, resource: users, foreignKey: userId, as: author }
options:
  database:
    optimizations:
      indexedFields: [userId, createdAt, views]
data:
  users:
    - { id: 1, username: admin, email: admin@example.com }
    - { id: 2, username: user1, email: user1@example.com }
  posts:
    - { id: 1, title: Getting Started, content: This is my first post!, userId: 1, createdAt: "2023-04-15T10:30:00Z", views: 10, draft: false, labels: [go, intro] }
    - { id: 2, title: Second thoughts, content: More, userId: 1, createdAt: "2023-04-16T08:00:00.5+02:00", views: "10", draft: "true" }
    - { id: 3, title: getting started again, userId: 2, createdAt: "2023-04-15T10:30:00.250Z", views: 7, draft: true, labels: [Go] }
    - { id: 4, title: No date, userId: 2, views: null }
    - { id: 5, title: 42, userId: 2, createdAt: not a date }
`

// undeclaredServers starts the persistence spec on every adapter: memory,
// json-file and, when PRETENDO_POSTGRES_DSN is set, postgres.
func undeclaredServers(t *testing.T, strict bool) map[string]*pretendo.Server {
	t.Helper()
	open := func(spec *pretendo.Spec, opts ...pretendo.Option) *pretendo.Server {
		spec.Options.StrictValidation = strict
		srv, err := pretendo.Open(spec, opts...)
		require.NoError(t, err)
		t.Cleanup(func() { _ = srv.Close() })
		return srv
	}
	out := map[string]*pretendo.Server{}
	out["memory"] = open(parseSpec(t, persistenceSpec))
	file := parseSpec(t, persistenceSpec)
	file.Options.Database.Adapter = pretendo.AdapterJSONFile
	file.Options.Database.DBPath = filepath.Join(t.TempDir(), "db.json")
	out["json-file"] = open(file)
	if dsn := os.Getenv("PRETENDO_POSTGRES_DSN"); dsn != "" {
		prefix := "u" + randomHex(t) + "_"
		db, err := postgres.Open(t.Context(), dsn, postgres.WithPrefix(prefix))
		require.NoError(t, err)
		t.Cleanup(func() { dropTables(t, dsn, prefix) })
		out["postgres"] = open(parseSpec(t, persistenceSpec), pretendo.WithAdapter(db))
	}
	return out
}

func randomHex(t *testing.T) string {
	b := make([]byte, 6)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

// dropTables drops the tables a test created under prefix.
func dropTables(t *testing.T, dsn, prefix string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if !assert.NoError(t, err) {
		return
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, $1)", prefix)
	if !assert.NoError(t, err) {
		return
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if !assert.NoError(t, err) {
		return
	}
	for _, name := range names {
		_, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE")
		assert.NoError(t, err)
	}
}

// serveUndeclared serves srv over a real network server.
func serveUndeclared(t *testing.T, srv *pretendo.Server) string {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestQueryUndeclaredFields(t *testing.T) {
	t.Parallel()
	at := url.QueryEscape
	cases := []queryCase{
		{name: "equality on a string", path: "/posts?title=Getting%20Started", want: nums(1)},
		{name: "equality reads a number for numbers and text for strings", path: "/posts?views=10", want: nums(1, 2)},
		{name: "equality reads a boolean for booleans and text for strings", path: "/posts?draft=true", want: nums(2, 3)},
		{name: "a number stored where others hold text", path: "/posts?title=42", want: nums(5)},
		{name: "repeated means any", path: "/posts?title=No%20date&title=42", want: nums(4, 5)},
		{name: "ne keeps missing and null", path: "/posts?views[ne]=10", want: nums(3, 4, 5)},
		{name: "gt on numbers, text on strings", path: "/posts?views[gt]=8", want: nums(1)},
		{name: "gte", path: "/posts?views[gte]=7", want: nums(1, 3)},
		{name: "lt", path: "/posts?views[lt]=10", want: nums(3)},
		{name: "lte on text", path: "/posts?title[lte]=No%20date", want: nums(1, 4)},
		{name: "in", path: "/posts?views[in]=7,10", want: nums(1, 2, 3)},
		{name: "nin keeps missing", path: "/posts?views[nin]=7,10", want: nums(4, 5)},
		{name: "contains text", path: "/posts?title[contains]=started", want: nums(3)},
		{name: "contains array membership", path: "/posts?labels[contains]=go", want: nums(1)},
		{name: "startsWith", path: "/posts?title[startsWith]=Get", want: nums(1)},
		{name: "endsWith", path: "/posts?content[endsWith]=post!", want: nums(1)},
		{name: "exists true", path: "/posts?createdAt[exists]=true", want: nums(1, 2, 3, 5)},
		{name: "exists false: missing and null", path: "/posts?views[exists]=false", want: nums(4, 5)},
		{name: "fold eq", path: "/posts?i:title=GETTING%20STARTED", want: nums(1)},
		{name: "fold startsWith", path: "/posts?i:title[startsWith]=getting", want: nums(1, 3)},
		{name: "fold contains in an array", path: "/posts?i:labels[contains]=GO", want: nums(1, 3)},
		{name: "fold leaves numbers alone", path: "/posts?i:views=10", want: nums(1, 2)},
		{name: "instants compare as instants", path: "/posts?createdAt[gt]=2023-04-15T10:30:00Z", want: nums(2, 3, 5)},
		{name: "instant with an offset", path: "/posts?createdAt[gte]=" + at("2023-04-15T12:30:00+02:00"), want: nums(1, 2, 3, 5)},
		{name: "plain date bound", path: "/posts?createdAt[lt]=2023-04-16", want: nums(1, 3)},
		{name: "range", path: "/posts?createdAt[gte]=2023-04-15&createdAt[lt]=2023-04-15T10:30:00.3Z", want: nums(1, 3)},
		{name: "equality on dates is textual", path: "/posts?createdAt=2023-04-15T10:30:00.25Z", want: []any{}},
		{name: "sort by instant, others after, missing last", path: "/posts?sortBy=createdAt", want: nums(1, 3, 2, 5, 4)},
		{name: "sort descending, missing still last", path: "/posts?sortBy=-createdAt", want: nums(5, 2, 3, 1, 4)},
		{name: "sort by kind then value", path: "/posts?sortBy=views.asc", want: nums(3, 1, 2, 4, 5)},
		{name: "sort with a declared key", path: "/posts?sortBy=userId.desc,title", want: nums(5, 4, 3, 1, 2)},
		{name: "filter, sort and page", path: "/posts?createdAt[exists]=true&sortBy=-createdAt&perPage=2&page=2", want: nums(3, 1), total: 4},
		{name: "search still looks into them", path: "/posts?q=FIRST", want: nums(1)},
		{name: "related list", path: "/users/1/posts?sortBy=-createdAt", want: nums(2, 1)},
		{name: "related list filtered", path: "/users/2/posts?views=7", want: nums(3)},
		{name: "on another resource", path: "/users?email[endsWith]=user1@example.com", want: nums(2)},
	}
	for name, srv := range undeclaredServers(t, false) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			base := serveUndeclared(t, srv)
			runQueryCases(t, base, cases)
			t.Run("fields", func(t *testing.T) {
				t.Parallel()
				assert.Equal(t, []map[string]any{
					{"id": 2.0, "title": "Second thoughts"}, {"id": 3.0, "title": "getting started again"},
					{"id": 1.0, "title": "Getting Started"}, {"id": 4.0, "title": "No date"},
				}, list(t, get(t, base+"/posts?fields=id,title&sortBy=-createdAt&title[ne]=42")))
				assert.Equal(t, []map[string]any{{"createdAt": "not a date"}, {}},
					list(t, get(t, base+"/posts?fields=createdAt&userId=2&sortBy=-id&perPage=2")), "a missing field stays missing")
				assert.Equal(t, map[string]any{"id": 1.0, "title": "Getting Started"}, data(t, get(t, base+"/posts/1?fields=id,title")))
				assert.Equal(t, map[string]any{"email": "admin@example.com"}, data(t, get(t, base+"/posts/1/author?fields=email")))
			})
			t.Run("typed access", func(t *testing.T) {
				t.Parallel()
				posts := pretendo.Collection[map[string]any](srv, "posts")
				page, err := posts.Find(t.Context(), "i:title[contains]=started&sortBy=-createdAt&fields=id,title")
				require.NoError(t, err)
				assert.Equal(t, []map[string]any{
					{"id": 3.0, "title": "getting started again"}, {"id": 1.0, "title": "Getting Started"},
				}, page.Items)
				// Go values are compared as given: the number 10 is not the text "10".
				page, err = posts.List(t.Context(), pretendo.Query{Filters: []pretendo.Filter{{Field: "views", Op: pretendo.OpEq, Values: []any{10}}}})
				require.NoError(t, err)
				assert.Equal(t, nums(1), pluckItems(page.Items, "id"))
				page, err = posts.List(t.Context(), pretendo.Query{
					Filters: []pretendo.Filter{{Field: "createdAt", Op: pretendo.OpLt, Values: []any{"2023-04-16T00:00:00Z"}}},
					Sort:    []pretendo.SortKey{{Field: "createdAt", Desc: true}},
				})
				require.NoError(t, err)
				assert.Equal(t, nums(3, 1), pluckItems(page.Items, "id"))
			})
		})
	}
}

// pluckItems returns the values of field of typed map records.
func pluckItems(items []map[string]any, field string) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it[field]
	}
	return out
}

// TestQueryUndeclaredStrict checks that options.strictValidation, which
// refuses undeclared fields on writes, refuses queries naming them with a
// suggestion.
func TestQueryUndeclaredStrict(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, `
options: { strictValidation: true }
resources:
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: title, type: string }
      - { name: createdAt, type: date }
    relationships:
      - { type: hasMany, resource: comments, foreignKey: postId }
  - name: comments
    fields:
      - { name: id, type: number }
      - { name: postId, type: number }
data:
  posts: [ { id: 1, title: Hello, createdAt: "2024-01-01T00:00:00Z" } ]
  comments: [ { id: 1, postId: 1 } ]
`)
	srv, base := serve(t, spec)
	tests := []struct{ path, param, suggestion string }{
		{"/posts?titel=Hello", "titel", "title"},
		{"/posts?i:titel[startsWith]=H", "i:titel[startsWith]", "title"},
		{"/posts?sortBy=-createdat", "sortBy", "createdAt"},
		{"/posts?sortBy=titel.desc", "sortBy", "title"},
		{"/posts?fields=id,titel", "fields", "title"},
		{"/posts/1?fields=titel", "fields", "title"},
		{"/posts/1/comments?postid=1", "postid", "postId"},
		{"/posts?nope=1", "nope", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			status, _, body := do(t, http.MethodGet, base+tt.path, nil)
			assert.Equal(t, http.StatusBadRequest, status, "%v", body)
			assert.Equal(t, "INVALID_QUERY", errCode(body))
			msg := errMessage(body)
			assert.Contains(t, msg, `"`+tt.param+`"`, "names the parameter")
			if tt.suggestion != "" {
				assert.Contains(t, msg, `did you mean "`+tt.suggestion+`"?`)
			} else {
				assert.NotContains(t, msg, "did you mean")
			}
		})
	}
	t.Run("upstream's options.database.strictValidation", func(t *testing.T) {
		t.Parallel()
		_, base := serve(t, parseSpec(t, `
options: { database: { strictValidation: true } }
resources:
  - name: posts
    fields: [ { name: id, type: number }, { name: title, type: string } ]
`))
		status, _, body := do(t, http.MethodGet, base+"/posts?titel=Hello", nil)
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Contains(t, errMessage(body), `did you mean "title"?`)
	})
	t.Run("typed access", func(t *testing.T) {
		t.Parallel()
		posts := pretendo.Collection[map[string]any](srv, "posts")
		_, err := posts.Find(t.Context(), "titel=Hello")
		require.ErrorIs(t, err, pretendo.ErrInvalidQuery)
		assert.Contains(t, err.Error(), `did you mean "title"?`)
		_, err = posts.List(t.Context(), pretendo.Query{Filters: []pretendo.Filter{{Field: "titel", Op: pretendo.OpEq, Values: []any{"Hello"}}}})
		require.ErrorIs(t, err, pretendo.ErrInvalidQuery)
		assert.Contains(t, err.Error(), `did you mean "title"?`)
		_, err = posts.List(t.Context(), pretendo.Query{Sort: []pretendo.SortKey{{Field: "createdat"}}})
		require.ErrorIs(t, err, pretendo.ErrInvalidQuery)
		page, err := posts.Find(t.Context(), "title=Hello&sortBy=-createdAt")
		require.NoError(t, err, "declared fields still work")
		assert.Equal(t, 1, page.Total)
	})
}

// TestQueryUndeclaredHostile sends malformed, oversized and hostile queries
// on undeclared fields to every adapter: each answers 200 or 400, never a
// 5xx, and no record changes.
func TestQueryUndeclaredHostile(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 60_000)
	many := make([]string, 0, 2000)
	for i := range 2000 {
		many = append(many, fmt.Sprintf("f%d=%d", i, i))
	}
	list := strings.TrimSuffix(strings.Repeat("x,", 5000), ",")
	tests := []struct {
		name   string
		query  string
		status int
	}{
		{"huge field name", long + "=1", http.StatusOK},
		{"huge sort key", "sortBy=-" + long, http.StatusOK},
		{"huge fields name", "fields=id," + long, http.StatusOK},
		{"huge value", "title[gt]=" + long, http.StatusOK},
		{"huge in list", "title[in]=" + list, http.StatusOK},
		{"many undeclared filters", strings.Join(many, "&"), http.StatusOK},
		{"unicode name", url.QueryEscape("名前") + "[startsWith]=" + url.QueryEscape("値"), http.StatusOK},
		{"SQL in a name", url.QueryEscape(`x') OR 1=1; DROP TABLE posts; --`) + "=1", http.StatusOK},
		{"SQL in a value", "title=" + url.QueryEscape(`' OR 1=1 --`), http.StatusOK},
		{"JSON path in a name", url.QueryEscape("title'->>'x") + "[gt]=1", http.StatusOK},
		{"dotted names are keys", "a.b.c=1&sortBy=a.b.c.desc", http.StatusOK},
		{"NUL in a value", "title=%00&title[contains]=%00", http.StatusOK},
		{"invalid UTF-8 in a value", "title[gt]=%FF%FE", http.StatusOK},
		{"dates at the edges", "createdAt[gt]=0000-01-01&createdAt[lt]=9999-12-31T23:59:59.999999999Z", http.StatusOK},
		{"numbers at the edges", "views[gt]=-1e308&views[lt]=1e308&views[ne]=0.0000000000000000001", http.StatusOK},
		{"NUL in a name", "a%00b=1", http.StatusBadRequest},
		{"invalid UTF-8 name", "%FF%FE=1", http.StatusBadRequest},
		{"control character in a sort key", "sortBy=a%09b", http.StatusBadRequest},
		{"control character in fields", "fields=a%0Db", http.StatusBadRequest},
		{"unknown operator", "title[like]=x", http.StatusBadRequest},
		{"exists needs a boolean", "title[exists]=maybe", http.StatusBadRequest},
		{"empty name with operator", "[gt]=1", http.StatusBadRequest},
	}
	for name, srv := range undeclaredServers(t, false) {
		t.Run(name, func(t *testing.T) {
			base := serveUndeclared(t, srv)
			before := get(t, base+"/posts?perPage=100")
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					status, _, body := do(t, http.MethodGet, base+"/posts?"+tt.query, nil)
					assert.Equal(t, tt.status, status, "%.300v", body)
					if status == http.StatusBadRequest {
						assert.Equal(t, "INVALID_QUERY", errCode(body))
						assert.LessOrEqual(t, len(errMessage(body)), 400, "a message never echoes a huge input whole")
					}
				})
			}
			assert.Equal(t, before["data"], get(t, base+"/posts?perPage=100")["data"], "no record changed")
		})
	}
}
