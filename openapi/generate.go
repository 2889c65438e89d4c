package openapi

import (
	"encoding/base64"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/pretendo-go/pretendo/seed"
)

// generator makes values that meet schemas, from a seeded Faker: the same
// seed gives the same values.
type generator struct {
	f *seed.Faker
	// budget counts the values a candidate may still hold; when it runs
	// out, optional properties are left out and arrays kept as short as
	// allowed, so that a value of a wide recursive schema stays small.
	budget int
	// limit is the budget of each value (valueBudget when 0).
	limit int
	// samples, when set, keeps values made for named schemas, reused
	// (copied) for the nested values of later ones: an import makes values
	// for many fields of the same components.
	samples map[*jsonSchema][]any
}

// samplesPerSchema is how many values of a named schema are kept.
const samplesPerSchema = 4

// valueBudget is how many values one generated value may hold, and
// fieldValueBudget how many one value of a field's generate rule may.
const (
	valueBudget      = 200
	fieldValueBudget = 40
)

// maxGenerateDepth bounds how deeply generation follows nested schemas;
// below it optional properties are left out and arrays kept as short as
// allowed, so recursive schemas end.
const maxGenerateDepth = 5

// value returns a value that meets s, named name (a property name, which
// hints at the kind of value: email, name, url). It tries a few
// candidates and keeps the first that validates; examples come first.
func (g *generator) value(s *jsonSchema, name string) any {
	if s == nil {
		return nil
	}
	for _, ex := range s.Examples {
		if valid(s, ex, toClient) {
			return ex
		}
	}
	var last any
	for range 8 {
		g.budget = valueBudget
		if g.limit > 0 {
			g.budget = g.limit
		}
		last = g.make(s, name, 0)
		if valid(s, last, toClient) {
			return last
		}
	}
	return last
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// flatten merges the allOf branches of s into one schema, for generation.
func flatten(s *jsonSchema, depth int) *jsonSchema {
	return flattenSeen(s, depth, nil)
}

// flattenSeen is flatten that skips the branches in seen, which a schema
// that refers to itself through allOf would bring again and again.
func flattenSeen(s *jsonSchema, depth int, seen []*jsonSchema) *jsonSchema {
	if len(s.AllOf) == 0 || depth > 8 {
		return s
	}
	seen = append(seen, s)
	m := *s
	m.AllOf = nil
	m.Properties = slices.Clone(s.Properties)
	for _, sub := range s.AllOf {
		if slices.Contains(seen, sub) {
			continue
		}
		sub = flattenSeen(sub, depth+1, seen)
		if len(m.Types) == 0 {
			m.Types = sub.Types
		}
		for _, p := range sub.Properties {
			if m.prop(p.Name) == nil {
				m.Properties = append(m.Properties, p)
			}
		}
		m.Required = append(m.Required, sub.Required...)
		if m.Format == "" {
			m.Format = sub.Format
		}
		if len(m.Enum) == 0 {
			m.Enum = sub.Enum
		}
		if !m.HasConst && sub.HasConst {
			m.Const, m.HasConst = sub.Const, true
		}
		m.Minimum = tighter(m.Minimum, sub.Minimum, math.Max)
		m.Maximum = tighter(m.Maximum, sub.Maximum, math.Min)
		m.ExclusiveMin = tighter(m.ExclusiveMin, sub.ExclusiveMin, math.Max)
		m.ExclusiveMax = tighter(m.ExclusiveMax, sub.ExclusiveMax, math.Min)
		if m.MultipleOf == nil {
			m.MultipleOf = sub.MultipleOf
		}
		if m.MinLength == nil {
			m.MinLength = sub.MinLength
		}
		if m.MaxLength == nil {
			m.MaxLength = sub.MaxLength
		}
		if m.re == nil {
			m.re, m.Pattern = sub.re, sub.Pattern
		}
		if m.Items == nil {
			m.Items = sub.Items
		}
		if m.MinItems == nil {
			m.MinItems = sub.MinItems
		}
		if m.MaxItems == nil {
			m.MaxItems = sub.MaxItems
		}
		if m.Additional == nil {
			m.Additional = sub.Additional
		}
		m.NoAdditional = m.NoAdditional || sub.NoAdditional
		m.ReadOnly = m.ReadOnly || sub.ReadOnly
		m.WriteOnly = m.WriteOnly || sub.WriteOnly
		if len(m.OneOf) == 0 {
			m.OneOf = sub.OneOf
		}
		if len(m.AnyOf) == 0 {
			m.AnyOf = sub.AnyOf
		}
		if len(m.Examples) == 0 {
			m.Examples = sub.Examples
		}
		if !m.HasDefault && sub.HasDefault {
			m.Default, m.HasDefault = sub.Default, true
		}
		if m.X == nil {
			m.X = sub.X
		}
		if m.Discriminator == "" {
			m.Discriminator, m.Mapping = sub.Discriminator, sub.Mapping
		}
	}
	return &m
}

// tighter picks the bound pick prefers of two, either may be nil.
func tighter(a, b *float64, pick func(x, y float64) float64) *float64 {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	v := pick(*a, *b)
	return &v
}

// make builds one candidate for s.
func (g *generator) make(s *jsonSchema, name string, depth int) any {
	if g.samples != nil && s.Name != "" && depth > 0 {
		if kept := g.samples[s]; len(kept) >= samplesPerSchema {
			return copyValue(kept[g.f.Intn(len(kept))])
		}
		v := g.build(s, name, depth)
		g.samples[s] = append(g.samples[s], copyValue(v))
		return v
	}
	return g.build(s, name, depth)
}

// copyValue deep-copies a JSON value.
func copyValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = copyValue(e)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = copyValue(e)
		}
		return a
	}
	return v
}

// build makes a new candidate for s.
func (g *generator) build(s *jsonSchema, name string, depth int) any {
	g.budget--
	if depth > 3*maxGenerateDepth || g.budget < -valueBudget {
		// A schema that refers to itself through oneOf or anyOf.
		return nil
	}
	s = flatten(s, 0)
	if s.HasConst {
		return s.Const
	}
	if len(s.Enum) > 0 {
		return s.Enum[g.f.Intn(len(s.Enum))]
	}
	if depth > 0 {
		for _, ex := range s.Examples {
			if valid(s, ex, toClient) {
				return ex
			}
		}
	}
	if alts := append(slices.Clone(s.OneOf), s.AnyOf...); len(alts) > 0 {
		pick := alts[g.f.Intn(len(alts))]
		v := g.make(pick, name, depth+1)
		if m, ok := v.(map[string]any); ok && s.isObject() {
			for k, e := range g.object(s, depth).(map[string]any) {
				if _, ok := m[k]; !ok {
					m[k] = e
				}
			}
		}
		if m, ok := v.(map[string]any); ok && s.Discriminator != "" {
			for tag, sub := range s.Mapping {
				if sub == pick {
					m[s.Discriminator] = tag
				}
			}
		}
		return v
	}
	switch t := s.mainType(); t {
	case "null":
		return nil
	case "boolean":
		return g.f.Bool()
	case "integer", "number":
		return g.number(s, name, t == "integer")
	case "string":
		return g.text(s, name)
	case "array":
		return g.array(s, name, depth)
	case "object":
		return g.object(s, depth)
	}
	if len(s.Properties) > 0 || s.Additional != nil {
		return g.object(s, depth)
	}
	if s.Items != nil {
		return g.array(s, name, depth)
	}
	return g.text(s, name)
}

// number makes a number within the bounds of s.
func (g *generator) number(s *jsonSchema, name string, integer bool) any {
	lo, hi := 1.0, 1000.0
	if strings.Contains(strings.ToLower(name), "id") {
		lo, hi = 1, 100000
	}
	if s.Format == "int32" {
		lo, hi = max(lo, math.MinInt32), min(hi, math.MaxInt32)
	}
	if s.Minimum != nil {
		lo = *s.Minimum
		if s.Maximum == nil {
			hi = lo + 1000
		}
	}
	if s.Maximum != nil {
		hi = *s.Maximum
		if s.Minimum == nil {
			lo = min(lo, hi-1000)
		}
	}
	step := 0.01
	if integer {
		step = 1
	}
	if s.ExclusiveMin != nil {
		lo = max(lo, *s.ExclusiveMin+step)
		if s.Maximum == nil && s.ExclusiveMax == nil {
			hi = lo + 1000
		}
	}
	if s.ExclusiveMax != nil {
		hi = min(hi, *s.ExclusiveMax-step)
	}
	if hi < lo {
		hi = lo
	}
	if m := s.MultipleOf; m != nil && *m > 0 {
		k := math.Ceil(lo / *m)
		top := math.Floor(hi / *m)
		if top < k {
			top = k
		}
		return k**m + float64(g.f.IntBetween(0, int(min(top-k, 1000))))**m
	}
	if integer {
		l, h := math.Ceil(lo), math.Floor(hi)
		if h < l {
			h = l
		}
		span := min(h-l, 1<<40)
		return l + math.Floor(g.f.Float64()*(span+1))
	}
	return g.f.Number(lo, hi, 2)
}

// text makes a string for s, by its format, pattern and name.
func (g *generator) text(s *jsonSchema, name string) string {
	f := g.f
	var out string
	switch s.Format {
	case "date-time":
		out = f.Date(time.Time{}, time.Time{}).UTC().Format(time.RFC3339)
	case "date":
		out = f.Date(time.Time{}, time.Time{}).UTC().Format(time.DateOnly)
	case "time":
		out = f.Date(time.Time{}, time.Time{}).UTC().Format("15:04:05Z")
	case "email":
		out = f.Email("example.com")
	case "uuid":
		out = f.UUID()
	case "uri", "url":
		out = f.URL()
	case "hostname":
		out = f.Word() + ".example.com"
	case "ipv4":
		out = fmt.Sprintf("192.0.2.%d", f.IntBetween(1, 254))
	case "ipv6":
		out = fmt.Sprintf("2001:db8::%x", f.IntBetween(1, 0xfffe))
	case "byte":
		out = base64.StdEncoding.EncodeToString([]byte(f.Word()))
	case "password":
		out = f.Password()
	}
	if out == "" && s.re != nil {
		if m, err := f.Match(s.Pattern); err == nil {
			return m
		}
	}
	if out == "" {
		out = g.byName(name)
	}
	return fitLength(f, out, s.MinLength, s.MaxLength)
}

// byName makes a string that suits a property's name.
func (g *generator) byName(name string) string {
	f := g.f
	n := normalName(name)
	switch {
	case strings.Contains(n, "email"):
		return f.Email("example.com")
	case n == "firstname" || n == "givenname":
		return f.FirstName()
	case n == "lastname" || n == "surname" || n == "familyname":
		return f.LastName()
	case n == "username" || n == "login":
		return f.Username()
	case n == "name" || strings.HasSuffix(n, "name"):
		return f.Name()
	case strings.Contains(n, "phone"):
		return f.Phone()
	case strings.Contains(n, "url") || strings.Contains(n, "link") || strings.Contains(n, "href"):
		return f.URL()
	case strings.Contains(n, "city"):
		return f.City()
	case strings.Contains(n, "country"):
		return f.Country()
	case strings.Contains(n, "address") || n == "street":
		return f.Address()
	case strings.Contains(n, "zip") || strings.Contains(n, "postal"):
		return f.ZipCode()
	case strings.Contains(n, "password"):
		return f.Password()
	case strings.Contains(n, "description") || strings.Contains(n, "message") || strings.Contains(n, "comment"):
		return f.Sentence()
	case strings.Contains(n, "title"):
		return f.Title()
	case strings.HasSuffix(n, "id") || strings.Contains(n, "uuid"):
		return f.UUID()
	case strings.Contains(n, "color") || strings.Contains(n, "colour"):
		return f.Color()
	}
	return f.Word()
}

// normalName lower-cases a name and drops its separators: first_name,
// first-name and firstName read "firstname".
func normalName(name string) string {
	b := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_' || c == '-':
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// fitLength pads or cuts s to the length bounds.
func fitLength(f *seed.Faker, s string, minLen, maxLen *int) string {
	r := []rune(s)
	if minLen != nil {
		for len(r) < *minLen {
			r = append(r, []rune(f.Word())...)
		}
	}
	if maxLen != nil && len(r) > *maxLen {
		r = r[:*maxLen]
	}
	return string(r)
}

// array makes an array for s.
func (g *generator) array(s *jsonSchema, name string, depth int) any {
	n := 1
	if depth < 2 {
		n = g.f.IntBetween(1, 3)
	}
	if depth >= maxGenerateDepth || g.budget <= 0 {
		n = 0
	}
	if s.MinItems != nil {
		n = max(n, *s.MinItems)
	}
	if s.MaxItems != nil {
		n = min(n, *s.MaxItems)
	}
	n = max(n, len(s.PrefixItems))
	out := make([]any, 0, n)
	for i := 0; i < n; i++ {
		item := s.Items
		if i < len(s.PrefixItems) {
			item = s.PrefixItems[i]
		}
		if item == nil {
			out = append(out, g.f.Word())
			continue
		}
		v := g.make(item, singular(name), depth+1)
		if s.UniqueItems && containsValue(out, v) {
			continue
		}
		out = append(out, v)
	}
	return out
}

// singular drops a plural s, for the names of array items.
func singular(name string) string {
	if strings.HasSuffix(name, "s") && len(name) > 1 {
		return name[:len(name)-1]
	}
	return name
}

// object makes an object for s: its required properties, and the others
// while not too deep.
func (g *generator) object(s *jsonSchema, depth int) any {
	out := map[string]any{}
	for _, p := range s.Properties {
		required := slices.Contains(s.Required, p.Name)
		if p.Schema.WriteOnly && !required {
			continue
		}
		if !required && (depth >= maxGenerateDepth-2 || g.budget <= 0) {
			continue
		}
		out[p.Name] = g.make(p.Schema, p.Name, depth+1)
	}
	for _, r := range s.Required {
		if _, ok := out[r]; !ok {
			if s.Additional != nil {
				out[r] = g.make(s.Additional, r, depth+1)
			} else {
				out[r] = g.f.Word()
			}
		}
	}
	if len(s.Properties) == 0 && s.Additional != nil && depth < maxGenerateDepth {
		for range g.f.IntBetween(1, 3) {
			k := g.f.Word()
			out[k] = g.make(s.Additional, k, depth+1)
		}
	}
	if s.MinProperties != nil {
		for i := 0; len(out) < *s.MinProperties && i < 100; i++ {
			k := g.f.Word()
			if _, ok := out[k]; ok || s.NoAdditional {
				continue
			}
			sub := s.Additional
			if sub == nil {
				out[k] = g.f.Word()
			} else {
				out[k] = g.make(sub, k, depth+1)
			}
		}
	}
	return out
}
