package schema_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/schema"
)

func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *schema.Error
		want string
	}{
		{"no problems", &schema.Error{}, "invalid spec"},
		{"one problem", &schema.Error{Problems: []schema.Problem{{Path: "options.port", Message: "want a number, got string"}}}, "options.port: want a number, got string"},
		{"no path", &schema.Error{Problems: []schema.Problem{{Message: "empty spec"}}}, "empty spec"},
		{"several, in slice order", &schema.Error{Problems: []schema.Problem{
			{Path: "b", Message: "second"},
			{Path: "a", Message: "first"},
			{Path: "", Message: "whole"},
		}}, "b: second\na: first\nwhole"},
		{"unicode", &schema.Error{Problems: []schema.Problem{{Path: `data["ユーザー"]`, Message: "unknown resource"}}}, `data["ユーザー"]: unknown resource`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}

func TestProblemString(t *testing.T) {
	assert.Equal(t, "a.b: bad", schema.Problem{Path: "a.b", Message: "bad"}.String())
	assert.Equal(t, "bad", schema.Problem{Message: "bad"}.String())
	assert.Equal(t, `data["a b"]: unknown resource`, schema.Problem{Path: `data["a b"]`, Message: "unknown resource"}.String())
}

func TestErrorFromDecode(t *testing.T) {
	_, err := schema.Decode([]byte(`{"resources":[{"name":"users","fields":[{"name":"id","type":"strng"}]}],"options":{"port":"x"}}`))
	require.Error(t, err)
	assert.Equal(t, strings.Join([]string{
		`resources[0].fields[0].type: unknown type "strng" (want one of string, number, integer, boolean, date, object, array, uuid)`,
		`options.port: want a number, got string`,
	}, "\n"), err.Error())

	// Wrapped, it is still found with errors.As.
	wrapped := fmt.Errorf("loading api.yml: %w", err)
	var e *schema.Error
	require.True(t, errors.As(wrapped, &e))
	assert.Len(t, e.Problems, 2)
}

func TestErrorLinesNeverBreakOnInput(t *testing.T) {
	// Keys and values with newlines are quoted, so each problem is one line.
	_, err := schema.Decode([]byte(`{"resources":[{"name":"a\nb","fields":[{"name":"id","type":"x\ny"}]}],"line\nbreak":1}`))
	require.Error(t, err)
	var e *schema.Error
	require.True(t, errors.As(err, &e))
	lines := strings.Split(err.Error(), "\n")
	assert.Len(t, lines, len(e.Problems))
	assert.Equal(t, []schema.Problem{
		{Path: "resources[0].name", Message: `invalid resource name "a\nb" (want a letter, then letters, digits, "_" or "-")`, Line: 1, Column: 23},
		{Path: "resources[0].fields[0].type", Message: `unknown type "x\ny" (want one of string, number, integer, boolean, date, object, array, uuid)`, Line: 1, Column: 60},
		{Path: `["line\nbreak"]`, Message: "unknown key", Line: 1, Column: 85},
	}, e.Problems)
}
