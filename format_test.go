package pretendo_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// The root package's tests do not import package openapi, so OpenAPI
// documents have no reader here.
func TestOpenAPIDocumentNeedsTheImport(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"yaml":    "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
		"json":    `{"openapi":"3.1.0","info":{"title":"x","version":"1"},"paths":{}}`,
		"swagger": "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := pretendo.ParseSpec([]byte(doc))
			require.ErrorIs(t, err, pretendo.ErrFormatNotRegistered)
			assert.Contains(t, err.Error(), `import _ "github.com/pretendo-go/pretendo/openapi"`)
		})
	}
	assert.NotContains(t, pretendo.SpecFormats(), pretendo.FormatOpenAPI)
}

func TestRegisterSpecFormatRefusesNilAndTwice(t *testing.T) {
	t.Parallel()
	assert.Panics(t, func() { pretendo.RegisterSpecFormat("nil-format", nil) })
	pretendo.RegisterSpecFormat("test-format", testFormat{})
	assert.Panics(t, func() { pretendo.RegisterSpecFormat("test-format", testFormat{}) })
	assert.Contains(t, pretendo.SpecFormats(), "test-format")
}

type testFormat struct{}

func (testFormat) Parse(string, []byte) (*pretendo.Spec, error) { return &pretendo.Spec{}, nil }
