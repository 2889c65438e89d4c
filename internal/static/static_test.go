package static_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/static"
	"github.com/pretendo-go/pretendo/schema"
)

// TestHomepageEscapes checks that resource names reach the page as text:
// a json-server database may name a resource anything.
func TestHomepageEscapes(t *testing.T) {
	t.Parallel()
	spec := &schema.Spec{Resources: []schema.Resource{
		{Name: `<script>alert("x")</script>`},
		{Name: `javascript:alert(1)`},
		{Name: `a b&c`},
	}}
	spec.Options.Static = t.TempDir()
	stats := func(context.Context) (map[string]adapter.ResourceStats, error) {
		return map[string]adapter.ResourceStats{`a b&c`: {Count: 3}}, nil
	}
	stage := static.New(static.Config{Spec: spec, AdminPath: "/admin", Stats: stats})
	h := stage(http.NotFoundHandler())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	body := rec.Body.String()
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.NotContains(t, body, "<script>alert")
	assert.Contains(t, body, `/&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</a>`)
	assert.Contains(t, body, `href="./javascript:alert%281%29"`)
	assert.Contains(t, body, `href="./a%20b&amp;c">/a b&amp;c</a><span class="count">3 records</span>`)
}

// TestOff checks that without a folder the stage hands every request on.
func TestOff(t *testing.T) {
	t.Parallel()
	stage := static.New(static.Config{Spec: &schema.Spec{}, AdminPath: "/admin"})
	rec := httptest.NewRecorder()
	stage(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code)
}

// TestJSONServerHomepage checks that the json-server dialect has its
// homepage without a folder, and that a file never hides GET /db.
func TestJSONServerHomepage(t *testing.T) {
	t.Parallel()
	spec := &schema.Spec{Resources: []schema.Resource{{Name: "posts"}}}
	spec.Options.Dialect = schema.DialectJSONServer
	h := static.New(static.Config{Spec: spec, AdminPath: "/admin"})(http.NotFoundHandler())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), `<a href="./posts">/posts</a>`)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/other", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code, "no folder: no files")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "db"), []byte("file"), 0o644))
	spec.Options.Static = dir
	h = static.New(static.Config{Spec: spec, AdminPath: "/admin"})(http.NotFoundHandler())
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/db", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code, "GET /db is the API's")
}
