package constraints_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/schema"
)

// nest wraps v in levels arrays.
func nest(v any, levels int) any {
	for range levels {
		v = []any{v}
	}
	return v
}

func TestValidateDepth(t *testing.T) {
	s := testSpec()
	require.NoError(t, s.Validate())
	cyclic := map[string]any{}
	cyclic["self"] = cyclic
	tests := []struct {
		name  string
		limit int
		rec   adapter.Record
		want  []string // fields refused for their depth, in order
	}{
		{name: "flat", rec: adapter.Record{"email": "a@b.c", "x": 1.0}},
		{name: "at the default", rec: adapter.Record{"email": "a@b.c", "x": nest("v", schema.DefaultMaxDepth-1)}},
		{name: "past the default", rec: adapter.Record{"email": "a@b.c", "x": nest("v", schema.DefaultMaxDepth)}, want: []string{"x"}},
		{name: "objects count too", limit: 3, rec: adapter.Record{"email": "a@b.c", "x": map[string]any{"a": map[string]any{"b": map[string]any{}}}}, want: []string{"x"}},
		{name: "empty containers count", limit: 2, rec: adapter.Record{"email": "a@b.c", "x": []any{[]any{}}}, want: []string{"x"}},
		{name: "in name order", limit: 2, rec: adapter.Record{"email": "a@b.c", "zz": nest(1.0, 2), "aa": nest(1.0, 2), "ok": nest(1.0, 1)}, want: []string{"aa", "zz"}},
		{name: "limit 1 allows scalars only", limit: 1, rec: adapter.Record{"email": "a@b.c", "x": []any{}}, want: []string{"x"}},
		{name: "a cycle stops at the limit", rec: adapter.Record{"email": "a@b.c", "x": cyclic}, want: []string{"x"}},
		{name: "a million levels", rec: adapter.Record{"email": "a@b.c", "x": nest(nil, 1_000_000)}, want: []string{"x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := constraints.New(s, constraints.Options{MaxDepth: tt.limit})
			require.NoError(t, err)
			var got []string
			for _, v := range set.Validate("users", tt.rec) {
				if v.Code == constraints.CodeDepth {
					got = append(got, v.Field)
					limit := tt.limit
					if limit == 0 {
						limit = schema.DefaultMaxDepth
					}
					assert.Equal(t, constraints.DepthViolation(v.Field, limit), v)
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCreateRefusesDeepRecords(t *testing.T) {
	set, db := setup(t)
	err := db.Update(t.Context(), func(tx adapter.WriteTx) error {
		_, err := set.Create(tx, "users", adapter.Record{"email": "d@e.f", "x": nest(1.0, 40)})
		return err
	})
	require.ErrorIs(t, err, constraints.ErrValidation)
	assert.Contains(t, err.Error(), "32 levels, options.maxDepth")
}
