package seed_test

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/seed"
)

// mustSpec reads a YAML spec into the schema types, strictly.
func mustSpec(tb testing.TB, src string) *schema.Spec {
	tb.Helper()
	var s schema.Spec
	require.NoError(tb, yaml.UnmarshalStrict([]byte(src), &s))
	return &s
}

// tester is what the checker needs of a *testing.T, so that a test can
// check the checker itself with a recorder.
type tester interface {
	require.TestingT
	Helper()
}

// jsonString marshals v, for use where a test may not stop (goroutines).
func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// mustJSON marshals v, failing the test on error.
func mustJSON(tb tester, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	require.NoError(tb, err)
	return b
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// checkData asserts that the generated data d, added to the spec's data,
// keeps every constraint of s: types, enum, min/max, lengths, pattern,
// required, unique (keys included) and foreign keys (references and
// relationships), and that every value is JSON-native.
func checkData(t tester, s *schema.Spec, d seed.Data) {
	t.Helper()
	all := map[string][]map[string]any{}
	for _, r := range s.Resources {
		all[r.Name] = append(append([]map[string]any{}, s.Data[r.Name]...), d[r.Name]...)
	}
	for name := range d {
		require.NotNil(t, s.Resource(name), "generated data for unknown resource %s", name)
	}
	for ri := range s.Resources {
		r := &s.Resources[ri]
		keys := map[string]bool{}
		for i, rec := range all[r.Name] {
			assertNative(t, rec, fmt.Sprintf("%s[%d]", r.Name, i))
			k, ok := adapter.Key(rec[r.Key()])
			if assert.True(t, ok, "%s[%d] has no usable key: %v", r.Name, i, rec[r.Key()]) {
				assert.False(t, keys[k], "%s[%d]: duplicate key %s", r.Name, i, k)
				keys[k] = true
			}
		}
		for fi := range r.Fields {
			f := &r.Fields[fi]
			seen := map[string]int{}
			var re *regexp.Regexp
			if f.Pattern != "" {
				re = regexp.MustCompile(f.Pattern)
			}
			for i, rec := range d[r.Name] {
				where := fmt.Sprintf("%s[%d].%s", r.Name, i, f.Name)
				v, present := rec[f.Name]
				if f.Required {
					assert.True(t, present && v != nil, "%s: required but missing", where)
				}
				if !present || v == nil {
					if !present && !f.Required {
						assert.True(t, f.DefaultValue != nil || f.References != nil, "%s: left out without a default", where)
					}
					continue
				}
				checkValue(t, f, re, v, where)
			}
			if f.Unique {
				for i, rec := range all[r.Name] {
					if v, ok := rec[f.Name]; ok && v != nil {
						key := string(mustJSON(t, v))
						if j, dup := seen[key]; dup {
							t.Errorf("%s.%s: records %d and %d share unique value %s", r.Name, f.Name, j, i, key)
						}
						seen[key] = i
					}
				}
			}
		}
	}
	for _, fk := range foreignKeysOf(s) {
		targets := map[string]bool{}
		for _, rec := range all[fk.target] {
			if k, ok := adapter.Key(rec[fk.key]); ok {
				targets[k] = true
			}
		}
		for i, rec := range d[fk.resource] {
			v, present := rec[fk.field]
			if !present || v == nil {
				continue
			}
			k, ok := adapter.Key(v)
			assert.True(t, ok && targets[k], "%s[%d].%s = %v points at no %s", fk.resource, i, fk.field, v, fk.target)
		}
	}
}

func checkValue(t tester, f *schema.Field, re *regexp.Regexp, v any, where string) {
	t.Helper()
	switch f.Type {
	case schema.TypeString:
		assert.IsType(t, "", v, where)
	case schema.TypeNumber:
		assert.IsType(t, 0.0, v, where)
	case schema.TypeInteger:
		n, ok := v.(float64)
		assert.True(t, ok && n == math.Trunc(n), "%s: %v is not an integer", where, v)
	case schema.TypeBoolean:
		assert.IsType(t, true, v, where)
	case schema.TypeDate:
		s, ok := v.(string)
		_, perr := time.Parse(time.RFC3339, s)
		assert.True(t, ok && perr == nil, "%s: %v is not an RFC 3339 date", where, v)
	case schema.TypeUUID:
		s, _ := v.(string)
		assert.Regexp(t, `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`, s, where)
	case schema.TypeObject:
		assert.IsType(t, map[string]any{}, v, where)
	case schema.TypeArray:
		assert.IsType(t, []any{}, v, where)
	}
	if len(f.Enum) > 0 {
		found := false
		for _, e := range f.Enum {
			found = found || adapter.Equal(f.Type, v, e, false)
		}
		assert.True(t, found, "%s: %v not in enum %v", where, v, f.Enum)
	}
	if n, ok := v.(float64); ok {
		if f.Min != nil {
			assert.GreaterOrEqual(t, n, *f.Min, where)
		}
		if f.Max != nil {
			assert.LessOrEqual(t, n, *f.Max, where)
		}
	}
	n := -1
	switch x := v.(type) {
	case string:
		n = utf8.RuneCountInString(x)
	case []any:
		n = len(x)
	}
	if n >= 0 && f.MinLength != nil {
		assert.GreaterOrEqual(t, n, *f.MinLength, "%s: %v shorter than minLength", where, v)
	}
	if n >= 0 && f.MaxLength != nil {
		assert.LessOrEqual(t, n, *f.MaxLength, "%s: %v longer than maxLength", where, v)
	}
	if s, ok := v.(string); ok && re != nil {
		assert.Regexp(t, re, s, where)
	}
}

// assertNative walks v and fails on any value that is not JSON-native.
func assertNative(t tester, v any, where string) {
	t.Helper()
	switch x := v.(type) {
	case nil, string, bool:
	case float64:
		assert.False(t, math.IsNaN(x) || math.IsInf(x, 0), "%s: %v is not a JSON number", where, x)
	case map[string]any:
		for k, e := range x {
			assertNative(t, e, where+"."+k)
		}
	case []any:
		for i, e := range x {
			assertNative(t, e, fmt.Sprintf("%s[%d]", where, i))
		}
	default:
		t.Errorf("%s: %T is not JSON-native", where, v)
	}
}

type testFK struct{ resource, field, target, key string }

// foreignKeysOf lists the foreign keys of s the way the contract defines
// them: references, and the keys of relationships.
func foreignKeysOf(s *schema.Spec) []testFK {
	var out []testFK
	keyOf := func(name string) string { return s.Resource(name).Key() }
	for _, r := range s.Resources {
		for _, f := range r.Fields {
			if f.References != nil {
				k := f.References.Field
				if k == "" {
					k = keyOf(f.References.Resource)
				}
				out = append(out, testFK{r.Name, f.Name, f.References.Resource, k})
			}
		}
		for _, rel := range r.Relationships {
			switch rel.Type {
			case schema.BelongsTo:
				out = append(out, testFK{r.Name, rel.ForeignKey, rel.Resource, keyOf(rel.Resource)})
			case schema.HasMany, schema.HasOne:
				out = append(out, testFK{rel.Resource, rel.ForeignKey, r.Name, r.Key()})
			case schema.ManyToMany:
				out = append(out, testFK{rel.Through, rel.ForeignKey, r.Name, r.Key()})
				out = append(out, testFK{rel.Through, rel.TargetKey, rel.Resource, keyOf(rel.Resource)})
			}
		}
	}
	return out
}
