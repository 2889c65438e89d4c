package query_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/query"
)

func TestParseFields(t *testing.T) {
	t.Parallel()
	spec := testSpec()
	tests := []struct {
		name     string
		resource string
		raw      string
		want     []string
		reason   string // set when the call must fail
	}{
		{name: "one", resource: "users", raw: "email", want: []string{"email"}},
		{name: "primary key", resource: "users", raw: "id", want: []string{"id"}},
		{name: "order kept", resource: "users", raw: "role,id,email", want: []string{"role", "id", "email"}},
		{name: "duplicates collapse", resource: "users", raw: "id,id,role,id", want: []string{"id", "role"}},
		{name: "unicode field", resource: "users", raw: "名前", want: []string{"名前"}},
		{name: "dotted declared field", resource: "users", raw: "a.b", want: []string{"a.b"}},
		{name: "undeclared primary key", resource: "loose", raw: "code,name", want: []string{"code", "name"}},
		{name: "many duplicates", resource: "users", raw: strings.Repeat("id,", 5000) + "id", want: []string{"id"}},
		{name: "empty", resource: "users", raw: "", reason: "empty field name"},
		{name: "empty element", resource: "users", raw: "id,", reason: "empty field name"},
		{name: "unknown", resource: "users", raw: "id,nope", reason: `unknown field "nope"`},
		{name: "case matters", resource: "users", raw: "Email", reason: `unknown field "Email"`},
		{name: "space", resource: "users", raw: "id, email", reason: `unknown field " email"`},
		{name: "NUL", resource: "users", raw: "id\x00", reason: `unknown field "id\x00"`},
		{name: "path-like", resource: "users", raw: "../x", reason: "unknown field"},
		{name: "field of another resource", resource: "posts", raw: "email", reason: "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := spec.Resource(tt.resource)
			require.NotNil(t, res)
			got, err := query.ParseFields(tt.raw, res)
			if tt.reason == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				return
			}
			assert.Nil(t, got)
			var qe *query.Error
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, "fields", qe.Param)
			assert.Contains(t, qe.Reason, tt.reason)
		})
	}
}

func TestParseFieldsNilResource(t *testing.T) {
	t.Parallel()
	got, err := query.ParseFields("id", nil)
	assert.Nil(t, got)
	assert.ErrorIs(t, err, query.ErrNilResource)
}
