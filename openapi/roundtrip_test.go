package openapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/openapitest"
	_ "github.com/pretendo-go/pretendo/openapi"
)

// fixed is the clock of servers whose answers are compared.
func fixed() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }

// serveSpec serves spec behind the kin-openapi validator of its own
// document, with a fixed clock and seed.
func serveSpec(t *testing.T, spec *pretendo.Spec) (*pretendo.Server, string) {
	t.Helper()
	srv, err := pretendo.Open(spec, pretendo.WithClock(fixed), pretendo.WithRandSeed(5))
	require.NoError(t, err)
	doc, err := srv.OpenAPI()
	require.NoError(t, err)
	ts := httptest.NewServer(openapitest.Load(t, doc).Validate(t, srv, openapitest.Options{}))
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	return srv, ts.URL
}

// exchange is one request of a conversation and what came back.
type exchange struct {
	method, path, body string
}

// converse sends the requests in order and returns each answer's status,
// selected headers and body.
func converse(t *testing.T, base string, reqs []exchange) []string {
	t.Helper()
	var out []string
	for _, x := range reqs {
		req, err := http.NewRequest(x.method, base+x.path, bytes.NewReader([]byte(x.body)))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out = append(out, x.method+" "+x.path+" -> "+resp.Status+" "+resp.Header.Get("Location")+" "+resp.Header.Get("X-Total-Count")+" "+resp.Header.Get("Allow")+" "+string(raw))
	}
	return out
}

// TestExportedSpecImportsBackToTheSameAPI exports the blog spec, imports
// the document and serves it: both servers answer a conversation alike.
func TestExportedSpecImportsBackToTheSameAPI(t *testing.T) {
	t.Parallel()
	spec, err := pretendo.LoadSpec("testdata/blog.yml")
	require.NoError(t, err)
	orig, origURL := serveSpec(t, spec)
	doc, err := orig.OpenAPI()
	require.NoError(t, err)
	imported, err := pretendo.ParseSpec(doc)
	require.NoError(t, err)
	back, backURL := serveSpec(t, imported)

	reqs := []exchange{
		{"GET", "/", ""},
		{"GET", "/users?sortBy=-id&perPage=2", ""},
		{"GET", "/users/1?expand=posts", ""},
		{"GET", "/users/1/posts", ""},
		{"GET", "/posts?userId=1&title[contains]=o", ""},
		{"POST", "/posts", `{"title":"New","userId":2}`},
		{"POST", "/users/2/posts", `{"title":"Nested"}`},
		{"PATCH", "/users/2", `{"age":26}`},
		{"PUT", "/tags/1", `{"label":"renamed"}`},
		{"DELETE", "/comments/1", ""},
		{"GET", "/users/99", ""},
		{"POST", "/users", `{"email":"not an email"}`},
		{"POST", "/users", `{"email":`},
		{"GET", "/users?page=0", ""},
		{"OPTIONS", "/users/1", ""},
		{"HEAD", "/users", ""},
		{"GET", "/nowhere", ""},
		{"GET", "/admin/stats", ""},
	}
	a := converse(t, origURL, reqs)
	b := converse(t, backURL, reqs)
	for i := range a {
		assert.Equal(t, a[i], b[i])
	}

	// The imported server describes the same paths and methods.
	docBack, err := back.OpenAPI()
	require.NoError(t, err)
	assert.Equal(t, operations(t, doc), operations(t, docBack))
}

// operations lists the methods of each path of a document.
func operations(t *testing.T, doc []byte) map[string][]string {
	t.Helper()
	var d struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(doc, &d))
	out := map[string][]string{}
	for p, item := range d.Paths {
		for m := range item {
			if m != "parameters" && m != "summary" && m != "description" {
				out[p] = append(out[p], m)
			}
		}
		slices.Sort(out[p])
	}
	return out
}

// TestImportedDocumentExportsForItsClients imports each fixture and
// exports it: the document validates, in OpenAPI 3.1, with the same paths
// and methods as the original (and the admin API added).
func TestImportedDocumentExportsForItsClients(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"testdata/petstore.yaml", "testdata/petstore-expanded.yaml", "testdata/swagger-petstore3.yaml"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			spec, err := pretendo.LoadSpec(file)
			require.NoError(t, err)
			srv, err := pretendo.Open(spec)
			require.NoError(t, err)
			t.Cleanup(func() { srv.Close() })
			doc, err := srv.OpenAPI()
			require.NoError(t, err)
			d := openapitest.Load(t, doc)
			assert.Equal(t, "3.1.0", d.T.OpenAPI)
			raw, err := os.ReadFile(file)
			require.NoError(t, err)
			orig := openapitest.Load(t, raw)
			for path, item := range orig.T.Paths.Map() {
				got := d.T.Paths.Value(path)
				if !assert.NotNil(t, got, path) {
					continue
				}
				for m := range item.Operations() {
					assert.NotNil(t, got.GetOperation(m), "%s %s", m, path)
				}
			}
			assert.NotNil(t, d.T.Paths.Value("/admin/stats"))
		})
	}
}
