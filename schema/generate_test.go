package schema_test

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/schema"
)

func TestCheckGenerate(t *testing.T) {
	str := &schema.Field{Name: "s", Type: schema.TypeString}
	num := &schema.Field{Name: "n", Type: schema.TypeNumber}
	integer := &schema.Field{Name: "i", Type: schema.TypeInteger}
	date := &schema.Field{Name: "d", Type: schema.TypeDate}
	gen := func(rule string, opts map[string]any) *schema.Generate {
		return &schema.Generate{Type: rule, Options: opts}
	}
	tests := []struct {
		name  string
		g     *schema.Generate
		f     *schema.Field
		path  string // "" with msg "" means no problem
		msg   string
		count int // problems expected when more than one
	}{
		// Valid uses.
		{"username", gen(schema.RuleUsername, nil), str, "", "", 0},
		{"email with a domain", gen(schema.RuleEmail, map[string]any{"domain": "example.com"}), str, "", "", 0},
		{"uuid into a uuid field", gen(schema.RuleUUID, nil), &schema.Field{Type: schema.TypeUUID}, "", "", 0},
		{"date range", gen(schema.RuleDate, map[string]any{"from": "2020-01-01", "to": "2024-12-31T23:59:59Z"}), date, "", "", 0},
		{"number range", gen(schema.RuleNumber, map[string]any{"min": 1.5, "max": 99, "decimals": 2}), num, "", "", 0},
		{"integer range", gen(schema.RuleNumber, map[string]any{"min": -10, "max": 10, "decimals": 0}), integer, "", "", 0},
		{"pickOne weighted", gen(schema.RulePickOne, map[string]any{"values": []any{"a", "b", "c"}, "weights": []any{1.0, 4.0, 15.0}}), str, "", "", 0},
		{"pickOne with a zero weight", gen(schema.RulePickOne, map[string]any{"values": []any{1.0, 2.0}, "weights": []any{0.0, 1.0}}), num, "", "", 0},
		{"constant object", gen(schema.RuleConstant, map[string]any{"value": map[string]any{"a": 1.0}}), &schema.Field{Type: schema.TypeObject}, "", "", 0},
		{"price", gen(schema.RulePrice, map[string]any{"min": 0, "max": 10}), num, "", "", 0},
		{"null option is absent", gen(schema.RuleNumber, map[string]any{"min": nil}), num, "", "", 0},
		{"no field", gen(schema.RuleEmail, nil), nil, "", "", 0},
		{"field of an unknown type", gen(schema.RuleEmail, nil), &schema.Field{Type: "strng"}, "", "", 0},
		// Rule names and types.
		{"missing rule", gen("", nil), str, "type", "type is required (want one of username, email,", 0},
		{"unknown rule", gen("emial", nil), str, "type", `unknown rule "emial" (want one of`, 0},
		{"rule in the wrong case", gen("Email", nil), str, "type", `unknown rule "Email"`, 0},
		{"unicode rule", gen("メール", nil), str, "type", `unknown rule "メール"`, 0},
		{"email into a number", gen(schema.RuleEmail, nil), num, "type", `rule "email" cannot fill a number field (it fills string fields)`, 0},
		{"number into a string", gen(schema.RuleNumber, nil), str, "type", `rule "number" cannot fill a string field (it fills number and integer fields)`, 0},
		{"boolean into a date", gen(schema.RuleBoolean, nil), date, "type", "cannot fill a date field", 0},
		// Options.
		{"option for a rule without options", gen(schema.RuleUsername, map[string]any{"length": 8}), str, "options.length", `rule "username" takes no options`, 0},
		{"unknown option", gen(schema.RuleEmail, map[string]any{"domian": "x.com"}), str, "options.domian", `unknown option for rule "email" (want domain)`, 0},
		{"unicode option key", gen(schema.RuleDate, map[string]any{"début": "2020-01-01"}), date, `options["début"]`, "unknown option", 0},
		{"domain of the wrong type", gen(schema.RuleEmail, map[string]any{"domain": 5}), str, "options.domain", "want a string, got 5", 0},
		{"domain with an at sign", gen(schema.RuleEmail, map[string]any{"domain": "@example.com"}), str, "options.domain", `invalid domain "@example.com"`, 0},
		{"empty domain", gen(schema.RuleEmail, map[string]any{"domain": ""}), str, "options.domain", "invalid domain", 0},
		{"bad date", gen(schema.RuleDate, map[string]any{"from": "last year"}), date, "options.from", `"last year" is not a date`, 0},
		{"date range backwards", gen(schema.RuleDate, map[string]any{"from": "2024-01-01", "to": "2020-01-01"}), date, "options.from", `from "2024-01-01" is after to "2020-01-01"`, 0},
		{"date far apart", gen(schema.RuleDate, map[string]any{"from": "0001-01-01", "to": "9999-12-31"}), date, "", "", 0},
		{"min of the wrong type", gen(schema.RuleNumber, map[string]any{"min": "1"}), num, "options.min", `want a finite number, got "1"`, 0},
		{"min above max", gen(schema.RuleNumber, map[string]any{"min": 10, "max": 1}), num, "options.min", "min 10 is greater than max 1", 0},
		{"huge bounds", gen(schema.RuleNumber, map[string]any{"min": -math.MaxFloat64, "max": math.MaxFloat64}), num, "", "", 0},
		{"infinite bound", gen(schema.RuleNumber, map[string]any{"max": math.Inf(1)}), num, "options.max", "want a finite number", 0},
		{"fractional decimals", gen(schema.RuleNumber, map[string]any{"decimals": 1.5}), num, "options.decimals", "decimals 1.5 out of range (want a whole number from 0 to 10)", 0},
		{"too many decimals", gen(schema.RuleNumber, map[string]any{"decimals": 11}), num, "options.decimals", "out of range", 0},
		{"decimals on an integer", gen(schema.RuleNumber, map[string]any{"decimals": 2}), integer, "options.decimals", "decimals must be 0 for an integer field, got 2", 0},
		{"no integer in range", gen(schema.RuleNumber, map[string]any{"min": 1.2, "max": 1.8}), integer, "options.min", "no whole number between min 1.2 and max 1.8", 0},
		{"negative price", gen(schema.RulePrice, map[string]any{"min": -1}), num, "options.min", "min must be 0 or more, got -1", 0},
		{"pickOne without values", gen(schema.RulePickOne, nil), str, "options.values", `rule "pickOne" needs options.values`, 0},
		{"pickOne values not a list", gen(schema.RulePickOne, map[string]any{"values": "a,b"}), str, "options.values", `want a list of values, got "a,b"`, 0},
		{"pickOne empty values", gen(schema.RulePickOne, map[string]any{"values": []any{}}), str, "options.values", "values must list at least one value", 0},
		{"pickOne value of the wrong type", gen(schema.RulePickOne, map[string]any{"values": []any{"a", 2.0}}), str, "options.values[1]", "2 is not a string", 0},
		{"pickOne weights for fewer values", gen(schema.RulePickOne, map[string]any{"values": []any{"a", "b", "c"}, "weights": []any{1.0, 2.0}}), str, "options.weights", "2 weights for 3 values", 0},
		{"pickOne weights not a list", gen(schema.RulePickOne, map[string]any{"values": []any{"a"}, "weights": 1.0}), str, "options.weights", "want a list of numbers, got 1", 0},
		{"pickOne negative weight", gen(schema.RulePickOne, map[string]any{"values": []any{"a", "b"}, "weights": []any{1.0, -1.0}}), str, "options.weights[1]", "weight -1 is not a number of 0 or more", 0},
		{"pickOne weight not a number", gen(schema.RulePickOne, map[string]any{"values": []any{"a"}, "weights": []any{"heavy"}}), str, "options.weights[0]", `weight "heavy" is not a number`, 0},
		{"pickOne zero weights", gen(schema.RulePickOne, map[string]any{"values": []any{"a", "b"}, "weights": []any{0.0, 0.0}}), str, "options.weights", "weights sum to 0", 0},
		{"pickOne weights overflow", gen(schema.RulePickOne, map[string]any{"values": []any{"a", "b"}, "weights": []any{math.MaxFloat64, math.MaxFloat64}}), str, "options.weights", "weights sum to +Inf", 0},
		{"constant without a value", gen(schema.RuleConstant, map[string]any{}), str, "options.value", `rule "constant" needs options.value`, 0},
		{"constant of the wrong type", gen(schema.RuleConstant, map[string]any{"value": true}), num, "options.value", "true is not a number", 0},
		{"constant null", gen(schema.RuleConstant, map[string]any{"value": nil}), str, "options.value", "null is not a string", 0},
		{"several problems", gen(schema.RuleEmail, map[string]any{"a": 1, "b": 2, "domain": 3}), num, "type", "cannot fill", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := schema.CheckGenerate(tt.g, tt.f)
			if tt.msg == "" {
				assert.Empty(t, ps)
				return
			}
			want := max(tt.count, 1)
			require.Len(t, ps, want, "problems: %v", ps)
			assert.Equal(t, tt.path, ps[0].Path)
			assert.Contains(t, ps[0].Message, tt.msg)
		})
	}
}

func TestCheckGenerateNil(t *testing.T) {
	assert.Nil(t, schema.CheckGenerate(nil, &schema.Field{Type: schema.TypeString}))
	assert.Nil(t, schema.CheckGenerate(nil, nil))
}

func TestGenerateRules(t *testing.T) {
	rules := schema.GenerateRules()
	require.NotEmpty(t, rules)
	seen := map[string]bool{}
	for _, r := range rules {
		assert.False(t, seen[r.Name], "duplicate rule %q", r.Name)
		seen[r.Name] = true
		assert.NotEmpty(t, r.Types, r.Name)
		assert.NotEmpty(t, r.Doc, r.Name)
		for _, typ := range r.Types {
			assert.Contains(t, schema.Types, typ, r.Name)
		}
		for _, req := range r.Required {
			assert.Contains(t, r.Options, req, r.Name)
		}
		got, ok := schema.LookupGenerateRule(r.Name)
		require.True(t, ok, r.Name)
		assert.Equal(t, r, got)
	}
	for _, name := range []string{"username", "email", "firstName", "lastName", "name", "sentence", "paragraph", "word", "url", "uuid", "phone", "date", "number", "boolean", "pickOne", "constant"} {
		assert.True(t, seen[name], "rule %q is missing", name)
	}
	email, ok := schema.LookupGenerateRule(schema.RuleEmail)
	require.True(t, ok)
	assert.Equal(t, []string{"domain"}, email.Options)
	pick, ok := schema.LookupGenerateRule(schema.RulePickOne)
	require.True(t, ok)
	assert.Equal(t, []string{"values"}, pick.Required)
	assert.Equal(t, schema.Types, pick.Types)

	// The caller owns what it gets.
	rules[0].Name = "changed"
	pick.Types[0] = "changed"
	assert.NotEqual(t, "changed", schema.GenerateRules()[0].Name)
	assert.Equal(t, schema.TypeString, schema.Types[0])
	again, _ := schema.LookupGenerateRule(schema.RulePickOne)
	assert.True(t, slices.Equal(schema.Types, again.Types))
}

func TestLookupGenerateRuleUnknown(t *testing.T) {
	for _, name := range []string{"", "Email", "emial", "email ", "\x00", "メール"} {
		r, ok := schema.LookupGenerateRule(name)
		assert.False(t, ok, name)
		assert.Equal(t, schema.GenerateRule{}, r)
	}
}
