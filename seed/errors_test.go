package seed_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/seed"
)

// oneField is a spec of one resource "things" with an id and field f.
func oneField(f string) string {
	return "resources:\n  - name: things\n    fields:\n      - {name: id, type: number}\n      - " + f + "\n"
}

func TestGenerateBadInput(t *testing.T) {
	t.Parallel()
	twoResources := `
resources:
  - name: users
    fields: [{name: id, type: number}]
  - name: posts
    fields:
      - {name: id, type: number}
      - {name: userId, type: number, required: true, references: {resource: users}}
`
	cycle := `
resources:
  - name: a
    fields:
      - {name: id, type: number}
      - {name: bId, type: number, required: true, references: {resource: b}}
  - name: b
    fields:
      - {name: id, type: number}
      - {name: aId, type: number, required: true, references: {resource: a}}
`
	selfRef := `
resources:
  - name: nodes
    fields:
      - {name: id, type: number}
      - {name: parentId, type: number, required: true, references: {resource: nodes}}
`
	uniqueFK := `
resources:
  - name: users
    fields: [{name: id, type: number}]
  - name: profiles
    fields:
      - {name: id, type: number}
      - {name: userId, type: number, required: true, unique: true, references: {resource: users}}
`
	tests := []struct {
		name     string
		spec     string
		counts   map[string]int
		existing adapter.State
		want     error
		path     string
		mentions []string
	}{
		{"negative count", twoResources, map[string]int{"users": -1}, nil, seed.ErrInvalidCount, "options.generateData.counts.users", []string{"-1"}},
		{"count above the limit", twoResources, map[string]int{"users": seed.MaxCount + 1}, nil, seed.ErrInvalidCount, "options.generateData.counts.users", []string{"1000000"}},
		{"huge count", twoResources, map[string]int{"users": math.MaxInt}, nil, seed.ErrInvalidCount, "options.generateData.counts.users", nil},
		{"most negative count", twoResources, map[string]int{"posts": math.MinInt}, nil, seed.ErrInvalidCount, "options.generateData.counts.posts", nil},
		{"unknown resource", twoResources, map[string]int{"ghosts": 1}, nil, seed.ErrUnknownResource, "options.generateData.counts.ghosts", []string{"ghosts"}},
		{"unknown rule", oneField("{name: x, type: string, generate: {type: lorem}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.type", []string{"lorem"}},
		{"missing rule type", oneField("{name: x, type: string, generate: {type: ''}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.type", nil},
		{"unknown option", oneField("{name: x, type: string, generate: {type: word, options: {size: 3}}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.size", nil},
		{"weights do not match values", oneField("{name: x, type: string, generate: {type: pickOne, options: {values: [a, b, c], weights: [1, 2]}}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.weights", []string{"2 weights for 3 values"}},
		{"negative weight", oneField("{name: x, type: string, generate: {type: pickOne, options: {values: [a, b], weights: [1, -2]}}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.weights[1]", nil},
		{"zero weights", oneField("{name: x, type: string, generate: {type: pickOne, options: {values: [a, b], weights: [0, 0]}}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.weights", nil},
		{"pickOne with no values", oneField("{name: x, type: string, generate: {type: pickOne, options: {values: []}}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.values", nil},
		{"pickOne without values", oneField("{name: x, type: string, generate: {type: pickOne}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.values", nil},
		{"number min above max", oneField("{name: x, type: number, generate: {type: number, options: {min: 5, max: 1}}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.min", nil},
		{"number option of the wrong type", oneField("{name: x, type: number, generate: {type: number, options: {min: low}}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.min", nil},
		{"date from after to", oneField("{name: x, type: date, generate: {type: date, options: {from: '2024-02-01', to: '2024-01-01'}}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.from", nil},
		{"date that is no date", oneField("{name: x, type: date, generate: {type: date, options: {from: yesterday}}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.from", nil},
		{"rule that cannot fill the type", oneField("{name: x, type: number, generate: {type: email}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.type", nil},
		{"constant without value", oneField("{name: x, type: string, generate: {type: constant}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.value", nil},
		{"pickOne value outside the enum", oneField("{name: x, type: string, enum: [a, b], generate: {type: pickOne, options: {values: [a, z]}}}"), map[string]int{"things": 1}, nil, seed.ErrUnsatisfiable, "resources[0].fields[1].generate.options.values[1]", []string{`"z"`}},
		{"constant above max", oneField("{name: x, type: number, max: 3, generate: {type: constant, options: {value: 4}}}"), map[string]int{"things": 1}, nil, seed.ErrUnsatisfiable, "resources[0].fields[1].generate.options.value", nil},
		{"number rule outside the field's range", oneField("{name: x, type: number, min: 10, generate: {type: number, options: {min: 0, max: 5}}}"), map[string]int{"things": 1}, nil, seed.ErrInvalidRule, "resources[0].fields[1].generate.options.min", nil},
		{"required foreign key into an empty resource", twoResources, map[string]int{"posts": 2}, nil, seed.ErrNoTarget, "resources[1].fields[1]", []string{"posts.userId", "users"}},
		{"cycle of required references", cycle, map[string]int{"a": 1, "b": 1}, nil, seed.ErrCycle, "resources[0].fields[1]", []string{"a.bId -> b.aId -> a"}},
		{"required self reference with no records", selfRef, map[string]int{"nodes": 2}, nil, seed.ErrNoTarget, "resources[0].fields[1]", []string{"nodes.parentId"}},
		{"unique foreign key with too few targets", uniqueFK, map[string]int{"users": 2, "profiles": 3}, nil, seed.ErrUnsatisfiable, "resources[1].fields[1]", []string{"profiles.userId"}},
		{"unique boolean", oneField("{name: x, type: boolean, unique: true}"), map[string]int{"things": 3}, nil, seed.ErrUnsatisfiable, "resources[0].fields[1]", []string{"at most 2"}},
		{"unique enum", oneField("{name: x, type: string, unique: true, enum: [a, b, c]}"), map[string]int{"things": 4}, nil, seed.ErrUnsatisfiable, "resources[0].fields[1]", []string{"at most 3"}},
		{"unique integers in a small range", oneField("{name: x, type: integer, unique: true, min: 1, max: 5}"), map[string]int{"things": 6}, nil, seed.ErrUnsatisfiable, "resources[0].fields[1]", nil},
		{"pattern no value can match", oneField("{name: x, type: string, pattern: '^a$', minLength: 3}"), map[string]int{"things": 1}, nil, seed.ErrUnsatisfiable, "resources[0].fields[1]", []string{"generate rule"}},
		{"pattern that matches nothing", oneField("{name: x, type: string, pattern: 'a^b'}"), map[string]int{"things": 1}, nil, seed.ErrUnsatisfiable, "resources[0].fields[1]", nil},
		{"pattern that does not compile", oneField("{name: x, type: string, pattern: '('}"), map[string]int{"things": 1}, nil, seed.ErrUnsatisfiable, "resources[0].fields[1].pattern", nil},
		{"minLength above maxLength", oneField("{name: x, type: string, minLength: 9, maxLength: 2}"), map[string]int{"things": 1}, nil, seed.ErrUnsatisfiable, "resources[0].fields[1]", nil},
		{"email rule longer than maxLength", oneField("{name: x, type: string, maxLength: 3, generate: {type: email}}"), map[string]int{"things": 1}, nil, seed.ErrUnsatisfiable, "resources[0].fields[1]", []string{"change the generate rule"}},
		{"boolean primary key", "resources:\n  - name: flags\n    fields: [{name: id, type: boolean}]\n", map[string]int{"flags": 1}, nil, seed.ErrUnsatisfiable, "resources[0].fields[0]", []string{"boolean"}},
		{"number keys past the largest safe integer", twoResources, map[string]int{"users": 2},
			adapter.NewState(adapter.Dataset{"users": {{"id": float64(adapter.MaxSafeInteger)}}}, nil), seed.ErrUnsatisfiable, "resources[0].fields[0]", nil},
		{"number keys past the field's max", "resources:\n  - name: r\n    fields: [{name: id, type: integer, max: 3}]\n", map[string]int{"r": 4}, nil, seed.ErrUnsatisfiable, "resources[0].fields[0]", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := mustSpec(t, tc.spec)
			d, err := seed.Generate(s, seed.Options{Seed: 1, Counts: tc.counts, Existing: tc.existing})
			require.Error(t, err)
			assert.Nil(t, d)
			assert.ErrorIs(t, err, tc.want)
			var se *seed.Error
			if assert.True(t, errors.As(err, &se), "want a *seed.Error, got %T", err) {
				assert.Equal(t, tc.path, se.Path, err.Error())
			}
			for _, m := range tc.mentions {
				assert.Contains(t, err.Error(), m)
			}
		})
	}
}

func TestGenerateBadGoValues(t *testing.T) {
	t.Parallel()
	// Specs built in Go can hold values YAML cannot: NaN, infinities, ints.
	spec := func(g *schema.Generate, typ string) *schema.Spec {
		return &schema.Spec{Resources: []schema.Resource{{Name: "r", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber}, {Name: "x", Type: typ, Generate: g},
		}}}}
	}
	for _, tc := range []struct {
		name string
		g    *schema.Generate
		typ  string
		want error
	}{
		{"NaN weight", &schema.Generate{Type: "pickOne", Options: map[string]any{"values": []any{"a", "b"}, "weights": []any{1.0, math.NaN()}}}, schema.TypeString, seed.ErrInvalidRule},
		{"infinite weight", &schema.Generate{Type: "pickOne", Options: map[string]any{"values": []any{"a"}, "weights": []float64{math.Inf(1)}}}, schema.TypeString, seed.ErrInvalidRule},
		{"weights that overflow", &schema.Generate{Type: "pickOne", Options: map[string]any{"values": []any{"a", "b"}, "weights": []float64{math.MaxFloat64, math.MaxFloat64}}}, schema.TypeString, seed.ErrInvalidRule},
		{"NaN max", &schema.Generate{Type: "number", Options: map[string]any{"max": math.NaN()}}, schema.TypeNumber, seed.ErrInvalidRule},
		{"values not a list", &schema.Generate{Type: "pickOne", Options: map[string]any{"values": "abc"}}, schema.TypeString, seed.ErrInvalidRule},
		{"constant that is no JSON value", &schema.Generate{Type: "constant", Options: map[string]any{"value": func() {}}}, schema.TypeString, seed.ErrInvalidRule},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := seed.Generate(spec(tc.g, tc.typ), seed.Options{Seed: 1, Counts: map[string]int{"r": 2}})
			assert.ErrorIs(t, err, tc.want)
		})
	}
	t.Run("Go ints and typed slices work", func(t *testing.T) {
		t.Parallel()
		g := &schema.Generate{Type: "pickOne", Options: map[string]any{"values": []int{3, 4}, "weights": []int{1, 0}}}
		d, err := seed.Generate(spec(g, schema.TypeInteger), seed.Options{Seed: 1, Counts: map[string]int{"r": 5}})
		require.NoError(t, err)
		for _, r := range d["r"] {
			assert.Equal(t, 3.0, r["x"])
		}
	})
}
