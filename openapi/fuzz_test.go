package openapi_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/openapi"
)

// FuzzParse feeds documents to the importer: an error or a spec, never a
// panic, and a spec it returns serves a request without failing.
func FuzzParse(f *testing.F) {
	for _, file := range []string{"testdata/petstore.yaml", "testdata/petstore-expanded.yaml", "testdata/shop31.yaml"} {
		data, err := os.ReadFile(file)
		require.NoError(f, err)
		spec, err := pretendo.ParseSpec(data)
		require.NoError(f, err)
		_ = spec
	}
	f.Add([]byte(`{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}}}}}},"components":{"schemas":{"A":{"type":"object","properties":{"a":{"$ref":"#/components/schemas/A"}}}}}}`))
	f.Add([]byte(`{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/x":{"post":{"requestBody":{"content":{"application/json":{"schema":{"type":"array","items":{"type":"string","pattern":"(?=x)"}}}}},"responses":{"201":{"description":"c"}}}},"/x/{id}":{"get":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer","minimum":5,"exclusiveMinimum":true}}],"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"id":{"type":"integer"}}}}}}}}}}}`))
	f.Add([]byte(`{"openapi":"3.0.0","paths":{"/p/{a}/{a}":{"get":{"responses":{"default":{"$ref":"#/nope"}}}}}}`))
	f.Add([]byte(`{"openapi":"3.1.0","paths":{"/q":{"get":{"parameters":[{"$ref":"#/components/parameters/P"}],"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"allOf":[{"$ref":"#/components/schemas/B"},{"$ref":"#/components/schemas/B"}]}}}}}}}},"components":{"parameters":{"P":{"$ref":"#/components/parameters/P"}},"schemas":{"B":{"allOf":[{"$ref":"#/components/schemas/B"}]}}}}`))
	f.Add([]byte(`{"swagger":"2.0"}`))
	for _, d := range []string{
		`{"openapi":"3.1.0","paths":{"/q":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/B"}}}}}}}},"components":{"schemas":{"B":{"allOf":[{"$ref":"#/components/schemas/B"},{"$ref":"#/components/schemas/B"},{"$ref":"#/components/schemas/B"}]}}}}`,
		`{"openapi":"3.1.0","paths":{"/q":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/B"}}}}}}}},"components":{"schemas":{"B":{"oneOf":[{"$ref":"#/components/schemas/B"}]}}}}`,
		`{"openapi":"3.1.0","paths":{"/q":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/B"}}}}}}}},"components":{"schemas":{"B":{"anyOf":[{"$ref":"#/components/schemas/B"},{"$ref":"#/components/schemas/B"}],"not":{"$ref":"#/components/schemas/B"}}}}}`,
		`{"openapi":"3.1.0","paths":{"/q":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/B"}}}}}}}},"components":{"schemas":{"B":{"type":"object","required":["a","b"],"properties":{"a":{"$ref":"#/components/schemas/B"},"b":{"$ref":"#/components/schemas/B"}}}}}}`,
	} {
		f.Add([]byte(d))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := openapi.Parse("", data)
		if err != nil {
			return
		}
		srv, err := pretendo.Open(spec)
		if err != nil {
			return
		}
		defer srv.Close()
		for _, o := range spec.Resources {
			for _, m := range []string{"GET", "POST"} {
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest(m, "/"+o.Name, strings.NewReader(`{}`)))
				if rec.Code >= 500 {
					t.Fatalf("%s /%s: %d %s", m, o.Name, rec.Code, rec.Body)
				}
			}
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/a", nil))
		if rec.Code >= 500 {
			t.Fatalf("GET /a: %d %s", rec.Code, rec.Body)
		}
	})
}

// TestSelfReferentialSchemasEnd serves documents whose schemas refer to
// themselves through allOf, oneOf, anyOf, not and required properties:
// validation and generation end, at once.
func TestSelfReferentialSchemasEnd(t *testing.T) {
	t.Parallel()
	docs := []string{
		`{"openapi":"3.1.0","paths":{"/q":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/B"}}}}}}}},"components":{"schemas":{"B":{"allOf":[{"$ref":"#/components/schemas/B"},{"$ref":"#/components/schemas/B"},{"$ref":"#/components/schemas/B"}]}}}}`,
		`{"openapi":"3.1.0","paths":{"/q":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/B"}}}}}}}},"components":{"schemas":{"B":{"oneOf":[{"$ref":"#/components/schemas/B"}]}}}}`,
		`{"openapi":"3.1.0","paths":{"/q":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/B"}}}}}}}},"components":{"schemas":{"B":{"anyOf":[{"$ref":"#/components/schemas/B"},{"$ref":"#/components/schemas/B"}],"not":{"$ref":"#/components/schemas/B"}}}}}`,
		`{"openapi":"3.1.0","paths":{"/q":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/B"}}}}}}}},"components":{"schemas":{"B":{"type":"object","required":["a","b"],"properties":{"a":{"$ref":"#/components/schemas/B"},"b":{"$ref":"#/components/schemas/B"}}}}}}`,
	}
	for i, d := range docs {
		start := time.Now()
		spec, err := openapi.Parse("", []byte(d))
		require.NoError(t, err, "document %d", i)
		srv := pretendo.New(spec)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/q", nil))
		assert.Equal(t, http.StatusOK, rec.Code, "document %d", i)
		assert.Less(t, time.Since(start), 5*time.Second, "document %d", i)
		srv.Close()
	}
}
