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
		strict   bool
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
		{name: "undeclared", resource: "users", raw: "id,nope", want: []string{"id", "nope"}},
		{name: "undeclared, case differs", resource: "users", raw: "Email", want: []string{"Email"}},
		{name: "undeclared with a space", resource: "users", raw: "id, email", want: []string{"id", " email"}},
		{name: "field of another resource", resource: "posts", raw: "email", want: []string{"email"}},
		{name: "NUL", resource: "users", raw: "id\x00", reason: `invalid field name "id\x00"`},
		{name: "invalid UTF-8", resource: "users", raw: "\xff", reason: `invalid field name "\xff"`},
		{name: "strict: unknown", resource: "users", raw: "id,nope", strict: true, reason: `unknown field "nope"`},
		{name: "strict: case matters", resource: "users", raw: "Email", strict: true, reason: `unknown field "Email" (did you mean "email"?)`},
		{name: "strict: relationship suggested", resource: "users", raw: "post", strict: true, reason: `unknown field "post" (did you mean "posts"?)`},
		{name: "strict: space", resource: "users", raw: "id, email", strict: true, reason: `unknown field " email" (did you mean "email"?)`},
		{name: "strict: path-like", resource: "users", raw: "../x", strict: true, reason: "unknown field"},
		{name: "strict: field of another resource", resource: "posts", raw: "email", strict: true, reason: "unknown field"},
		{name: "strict: undeclared primary key", resource: "loose", raw: "code", strict: true, want: []string{"code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := spec.Resource(tt.resource)
			require.NotNil(t, res)
			got, err := query.ParseFields(tt.raw, res, query.Options{Strict: tt.strict})
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
	got, err := query.ParseFields("id", nil, query.Options{})
	assert.Nil(t, got)
	assert.ErrorIs(t, err, query.ErrNilResource)
}
