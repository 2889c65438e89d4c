package specformat

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOf(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`{"openapi":"3.1.0"}`, OpenAPI},
		{`{"swagger":"2.0"}`, OpenAPI},
		{`{"resources":[]}`, ""},
		{`[1,2]`, ""},
		{`not json`, ""},
	} {
		assert.Equal(t, tc.want, Of([]byte(tc.doc)), tc.doc)
	}
}

func TestParseUnregistered(t *testing.T) {
	_, err := Parse("api.yaml", "unknown-format", []byte(`{}`))
	require.ErrorIs(t, err, ErrNotRegistered)
}
