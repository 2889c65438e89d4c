package seed_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/seed"
)

// FuzzPattern feeds arbitrary patterns and length rules to Generate: it
// must return valid data or a *seed.Error, never panic or hang.
func FuzzPattern(f *testing.F) {
	for _, p := range []string{`^[A-Z]{3}-\d{4}$`, `^[^@]+@[^@]+$`, `(?i)ab|cd`, `\bword\b`, `^$`, `a^b`, `[^\x00-\x{10FFFF}]`, `(a*)*`, `.{2,5}`, `\p{Greek}+`, `(`} {
		f.Add(p, 0, 0, false)
	}
	f.Add(`^x+$`, 3, 5, true)
	f.Fuzz(func(t *testing.T, pattern string, minLen, maxLen int, unique bool) {
		fld := schema.Field{Name: "v", Type: schema.TypeString, Pattern: pattern, Unique: unique}
		if minLen > 0 {
			m := minLen % 64
			fld.MinLength = &m
		}
		if maxLen > 0 {
			m := maxLen % 64
			fld.MaxLength = &m
		}
		s := &schema.Spec{Resources: []schema.Resource{{Name: "r", Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}, fld}}}}
		d, err := seed.Generate(s, seed.Options{Seed: 1, Counts: map[string]int{"r": 5}})
		if err != nil {
			var se *seed.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %v is a %T, not a *seed.Error", err, err)
			}
			return
		}
		checkData(t, s, d)
	})
}

// FuzzGenerateRule feeds arbitrary rules, options and field types to
// Generate: it must return valid data or a *seed.Error, never panic.
func FuzzGenerateRule(f *testing.F) {
	f.Add("pickOne", `{"values":["a","b"],"weights":[1,2]}`, 0, 3)
	f.Add("number", `{"min":-1e308,"max":1e308,"decimals":10}`, 1, 3)
	f.Add("date", `{"from":"0001-01-01","to":"9999-12-31T23:59:59Z"}`, 4, 3)
	f.Add("constant", `{"value":{"a":[1,null]}}`, 5, 3)
	f.Add("email", `{"domain":"x"}`, 0, 3)
	f.Add("price", `{"min":0,"max":0}`, 1, 3)
	f.Add("nope", `{}`, 0, 1)
	f.Fuzz(func(t *testing.T, rule, options string, typeIndex, count int) {
		var opts map[string]any
		if json.Unmarshal([]byte(options), &opts) != nil {
			opts = nil
		}
		typ := schema.Types[uint(typeIndex)%uint(len(schema.Types))]
		s := &schema.Spec{Resources: []schema.Resource{{Name: "r", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "v", Type: typ, Required: true, Generate: &schema.Generate{Type: rule, Options: opts}},
		}}}}
		d, err := seed.Generate(s, seed.Options{Seed: 2, Counts: map[string]int{"r": int(uint(count) % 20)}})
		if err != nil {
			var se *seed.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %v is a %T, not a *seed.Error", err, err)
			}
			return
		}
		checkData(t, s, d)
	})
}
