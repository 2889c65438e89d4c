package pretendo_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/openapitest"
)

func TestOpenAPIDocumentValidates(t *testing.T) {
	t.Parallel()
	srv := pretendo.New(blogSpec(t))
	t.Cleanup(func() { srv.Close() })
	doc, err := srv.OpenAPI()
	require.NoError(t, err)
	d := openapitest.Load(t, doc)
	assert.Equal(t, "3.1.0", d.T.OpenAPI)
	for _, p := range []string{"/users", "/users/{id}", "/users/{id}/posts", "/admin/snapshots", "/__docs"} {
		assert.NotNil(t, d.T.Paths.Find(p), p)
	}
}

func TestDocsRoute(t *testing.T) {
	t.Parallel()
	_, url := serve(t, blogSpec(t))
	resp, err := http.Get(url + "/__docs?format=yaml")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	assert.Contains(t, string(body), "openapi: 3.1.0")
	var doc map[string]any
	status, _, doc := do(t, "GET", url+"/__docs", nil)
	assert.Equal(t, 200, status)
	assert.Equal(t, "3.1.0", doc["openapi"])
	_ = json.Valid
}
