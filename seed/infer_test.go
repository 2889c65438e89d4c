package seed_test

import (
	"math"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/seed"
)

func TestInferenceByNameAndType(t *testing.T) {
	t.Parallel()
	re := func(expr string) func(*testing.T, any) {
		r := regexp.MustCompile(expr)
		return func(t *testing.T, v any) {
			s, ok := v.(string)
			if assert.True(t, ok, "%v is not a string", v) {
				assert.Regexp(t, r, s)
			}
		}
	}
	between := func(lo, hi float64, decimals int) func(*testing.T, any) {
		return func(t *testing.T, v any) {
			n, ok := v.(float64)
			require.True(t, ok, "%v is not a number", v)
			assert.True(t, n >= lo && n <= hi, "%v not in [%v, %v]", n, lo, hi)
			scale := math.Pow10(decimals)
			assert.InDelta(t, n, math.Round(n*scale)/scale, 1e-9, "%v has more than %d decimals", n, decimals)
		}
	}
	isDate := func(t *testing.T, v any) {
		_, err := time.Parse(time.RFC3339, v.(string))
		assert.NoError(t, err)
	}
	tests := []struct {
		resource, field, typ string
		check                func(*testing.T, any)
	}{
		{"users", "email", "string", re(`^[a-z0-9.]+@example\.com$`)},
		{"users", "contact_email", "string", re(`^[a-z0-9.]+@example\.com$`)},
		{"users", "username", "string", re(`^[a-z0-9._]+$`)},
		{"users", "first_name", "string", re(`^[A-Z][A-Za-z'-]+$`)},
		{"users", "lastName", "string", re(`^[A-Z][A-Za-z' -]+$`)},
		{"users", "fullName", "string", re(`^\S+ \S+`)},
		{"users", "name", "string", re(`^[A-Z][A-Za-z'-]+ [A-Z]`)},
		{"products", "name", "string", re(`^[A-Z][a-z]*( [A-Z][a-z]*)+$`)},
		{"posts", "title", "string", re(`^[A-Z][a-z]*( [A-Z][a-z]*)+$`)},
		{"posts", "description", "string", re(`^[A-Z][a-z ]+\.$`)},
		{"posts", "content", "string", re(`^([A-Z][a-z ]+\. ?)+$`)},
		{"users", "website", "string", re(`^https://`)},
		{"users", "avatar", "string", re(`^https://picsum\.photos/seed/\w+/200/200$`)},
		{"users", "imageUrl", "string", re(`^https://picsum\.photos/`)},
		{"users", "phone", "string", re(`^[2-9]\d\d-\d{3}-\d{4}$`)},
		{"users", "hotel", "string", re(`^[a-z]+( [a-z]+)*$`)},
		{"users", "city", "string", re(`^[A-Z]`)},
		{"users", "country", "string", re(`^\S`)},
		{"users", "state", "string", re(`^[A-Z]{2}$`)},
		{"users", "zipCode", "string", re(`^\d{5}$`)},
		{"users", "address", "string", re(`^\d+ `)},
		{"users", "company", "string", re(`^[A-Z]`)},
		{"posts", "slug", "string", re(`^[a-z]+(-[a-z]+)+$`)},
		{"posts", "color", "string", re(`^#[0-9a-f]{6}$`)},
		{"users", "password", "string", re(`^\S{12,20}$`)},
		{"users", "uuid", "string", re(uuidRE.String())},
		{"users", "createdAt", "string", isDate},
		{"users", "birth_date", "date", func(t *testing.T, v any) {
			at, err := time.Parse(time.RFC3339, v.(string))
			require.NoError(t, err)
			assert.True(t, at.Year() >= 1950 && at.Year() <= 2005, "%v", at)
		}},
		{"orders", "price", "number", between(1, 1000, 2)},
		{"orders", "totalAmount", "number", between(1, 1000, 2)},
		{"users", "age", "integer", between(18, 90, 0)},
		{"orders", "quantity", "integer", between(1, 100, 0)},
		{"orders", "page", "number", between(1, 1000, 2)},
		{"orders", "percentage", "number", between(0, 100, 0)},
		{"places", "latitude", "number", between(-90, 90, 6)},
		{"posts", "rating", "number", between(1, 5, 1)},
		{"users", "active", "boolean", func(t *testing.T, v any) { assert.IsType(t, true, v) }},
		{"posts", "tags", "array", func(t *testing.T, v any) {
			a, ok := v.([]any)
			require.True(t, ok)
			assert.True(t, len(a) >= 1 && len(a) <= 4)
		}},
		{"users", "settings", "object", func(t *testing.T, v any) { assert.Equal(t, map[string]any{}, v) }},
		{"users", "id2", "uuid", re(uuidRE.String())},
		{"things", "misc", "string", re(`^[a-z]+( [a-z]+){0,2}$`)},
	}
	for _, tc := range tests {
		t.Run(tc.resource+"."+tc.field, func(t *testing.T) {
			t.Parallel()
			s := &schema.Spec{Resources: []schema.Resource{{Name: tc.resource, Fields: []schema.Field{
				{Name: "id", Type: schema.TypeNumber},
				{Name: tc.field, Type: tc.typ},
			}}}}
			d, err := seed.Generate(s, seed.Options{Seed: 21, Counts: map[string]int{tc.resource: 40}})
			require.NoError(t, err)
			for _, r := range d[tc.resource] {
				tc.check(t, r[tc.field])
			}
		})
	}
}

func TestInferenceRespectsFieldRules(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, `
resources:
  - name: items
    fields:
      - {name: id, type: number}
      - {name: price, type: number, min: 2000, max: 2001}
      - {name: age, type: integer, min: 100}
      - {name: score, type: number, max: -10}
      - {name: title, type: string, minLength: 50, maxLength: 60}
      - {name: tags, type: array, minLength: 6}
      - {name: kind, type: string, enum: [a, b]}
      - {name: level, type: integer, enum: [1, 2, 3]}
      - {name: code, type: string, pattern: "^[A-Z]{3}-\\d{4}$"}
      - {name: note, type: string, required: true, defaultValue: "n/a"}
`)
	d, err := seed.Generate(s, seed.Options{Seed: 8, Counts: map[string]int{"items": 100}})
	require.NoError(t, err)
	checkData(t, s, d)
	for _, r := range d["items"] {
		assert.Contains(t, r, "note", "a required field with a default is generated")
	}
}
