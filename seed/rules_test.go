package seed_test

import (
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/seed"
)

func TestEveryRule(t *testing.T) {
	t.Parallel()
	isURL := func(t *testing.T, v any) {
		u, err := url.Parse(v.(string))
		require.NoError(t, err)
		assert.Contains(t, []string{"http", "https"}, u.Scheme)
		assert.NotEmpty(t, u.Host)
	}
	type ruleCase struct {
		typ     string
		options map[string]any
		check   func(t *testing.T, v any)
	}
	cases := map[string][]ruleCase{
		"username": {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^[a-z0-9][a-z0-9._]*$`, v) }}},
		"email": {
			{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^[a-z0-9.]+@example\.com$`, v) }},
			{typ: "string", options: map[string]any{"domain": "shop.test"}, check: func(t *testing.T, v any) { assert.Regexp(t, `^[a-z0-9.]+@shop\.test$`, v) }},
		},
		"firstName": {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^[A-Z][A-Za-z'-]+$`, v) }}},
		"lastName":  {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^[A-Z][A-Za-z' -]+$`, v) }}},
		"name":      {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^[A-Z][A-Za-z'-]+ [A-Z][A-Za-z' -]+$`, v) }}},
		"sentence":  {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^[A-Z][a-z]*( [a-z]+){4,11}\.$`, v) }}},
		"paragraph": {{typ: "string", check: func(t *testing.T, v any) {
			assert.Regexp(t, `^([A-Z][a-z]*( [a-z]+){4,11}\. ){2,5}[A-Z][a-z]*( [a-z]+){4,11}\.$`, v)
		}}},
		"word": {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^[a-z]+$`, v) }}},
		"url":  {{typ: "string", check: isURL}},
		"uuid": {
			{typ: "uuid", check: func(t *testing.T, v any) { assert.Regexp(t, uuidRE, v) }},
			{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, uuidRE, v) }},
		},
		"phone": {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^\d{3}-\d{3}-\d{4}$`, v) }}},
		"date": {
			{typ: "date", check: func(t *testing.T, v any) {
				at, err := time.Parse(time.RFC3339, v.(string))
				require.NoError(t, err)
				assert.True(t, !at.Before(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) && !at.After(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)), "%v", at)
			}},
			{typ: "string", options: map[string]any{"from": "2024-03-01", "to": "2024-03-02T00:00:00Z"}, check: func(t *testing.T, v any) {
				assert.Regexp(t, `^2024-03-0[12]T\d\d:\d\d:\d\d\.000Z$`, v)
			}},
		},
		"number": {
			{typ: "number", options: map[string]any{"min": -5, "max": 5, "decimals": 3}, check: func(t *testing.T, v any) {
				n := v.(float64)
				assert.True(t, n >= -5 && n <= 5, "%v", n)
				assert.InDelta(t, n, math.Round(n*1000)/1000, 1e-9)
			}},
			{typ: "integer", options: map[string]any{"min": 10, "max": 12}, check: func(t *testing.T, v any) {
				assert.Contains(t, []any{10.0, 11.0, 12.0}, v)
			}},
			{typ: "number", check: func(t *testing.T, v any) {
				n := v.(float64)
				assert.True(t, n >= 0 && n <= 1000 && n == math.Trunc(n), "%v", n)
			}},
		},
		"boolean": {{typ: "boolean", check: func(t *testing.T, v any) { assert.IsType(t, true, v) }}},
		"pickOne": {
			{typ: "string", options: map[string]any{"values": []any{"a", "b", "c"}, "weights": []any{0, 1, 1}}, check: func(t *testing.T, v any) {
				assert.Contains(t, []any{"b", "c"}, v, "a weight of 0 is never picked")
			}},
			{typ: "object", options: map[string]any{"values": []any{map[string]any{"k": 1.0}}}, check: func(t *testing.T, v any) {
				assert.Equal(t, map[string]any{"k": 1.0}, v)
			}},
		},
		"constant": {
			{typ: "string", options: map[string]any{"value": "fixed"}, check: func(t *testing.T, v any) { assert.Equal(t, "fixed", v) }},
			{typ: "array", options: map[string]any{"value": []any{1.0, "two"}}, check: func(t *testing.T, v any) { assert.Equal(t, []any{1.0, "two"}, v) }},
		},
		"company": {{typ: "string", check: func(t *testing.T, v any) {
			assert.Regexp(t, `^[A-Z][A-Za-z' -]+ ((Inc|LLC|Group|and Sons|Ltd|Partners|Labs|Holdings)|& [A-Z][A-Za-z' -]+)$`, v)
		}}},
		"address": {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^\d+ \S`, v) }}},
		"city":    {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^[A-Z][A-Za-z .'-]+$`, v) }}},
		"country": {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^\S.*\S$`, v) }}},
		"zipCode": {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^\d{5}$`, v) }}},
		"avatar": {{typ: "string", check: func(t *testing.T, v any) {
			isURL(t, v)
			assert.True(t, strings.HasSuffix(v.(string), "/200/200"), v)
		}}},
		"price": {{typ: "number", options: map[string]any{"min": 2, "max": 3}, check: func(t *testing.T, v any) {
			n := v.(float64)
			assert.True(t, n >= 2 && n <= 3, "%v", n)
			assert.InDelta(t, n, math.Round(n*100)/100, 1e-9)
		}}},
		"password": {{typ: "string", check: func(t *testing.T, v any) { assert.Regexp(t, `^\S{12,20}$`, v) }}},
	}
	for _, rule := range schema.GenerateRules() {
		t.Run(rule.Name, func(t *testing.T) {
			t.Parallel()
			rcs, ok := cases[rule.Name]
			require.True(t, ok, "no test for rule %s", rule.Name)
			for _, rc := range rcs {
				s := &schema.Spec{Resources: []schema.Resource{{Name: "r", Fields: []schema.Field{
					{Name: "id", Type: schema.TypeNumber},
					{Name: "v", Type: rc.typ, Required: true, Generate: &schema.Generate{Type: rule.Name, Options: rc.options}},
				}}}}
				d, err := seed.Generate(s, seed.Options{Seed: 11, Counts: map[string]int{"r": 60}})
				require.NoError(t, err)
				seen := map[string]bool{}
				for _, rec := range d["r"] {
					rc.check(t, rec["v"])
					seen[string(mustJSON(t, rec["v"]))] = true
				}
				if rule.Name != "constant" && !(rule.Name == "pickOne" && len(rc.options["values"].([]any)) == 1) {
					assert.Greater(t, len(seen), 1, "rule %s varies", rule.Name)
				}
			}
		})
	}
}
