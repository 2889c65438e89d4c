package openapi

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/internal/oas"
)

// jsonSchema is a schema of an OpenAPI document, 3.0 and 3.1 read into one
// model: nullable and type arrays become Types with "null", boolean
// exclusive bounds become numbers, example and examples both land in
// Examples. Recursive schemas are cyclic graphs of *jsonSchema.
type jsonSchema struct {
	// Types lists the JSON types allowed; empty allows any.
	Types        []string
	Enum         []any
	Const        any
	HasConst     bool
	Format       string
	Minimum      *float64
	Maximum      *float64
	ExclusiveMin *float64
	ExclusiveMax *float64
	MultipleOf   *float64
	MinLength    *int
	MaxLength    *int
	Pattern      string
	re           *regexp.Regexp
	MinItems     *int
	MaxItems     *int
	UniqueItems  bool
	Items        *jsonSchema
	PrefixItems  []*jsonSchema
	Properties   []property
	Required     []string
	// Additional is the schema of properties Properties does not name;
	// NoAdditional forbids them.
	Additional    *jsonSchema
	NoAdditional  bool
	MinProperties *int
	MaxProperties *int
	AllOf         []*jsonSchema
	AnyOf         []*jsonSchema
	OneOf         []*jsonSchema
	Not           *jsonSchema
	ReadOnly      bool
	WriteOnly     bool
	Default       any
	HasDefault    bool
	Examples      []any
	Description   string
	// Discriminator is the property whose value picks the oneOf or anyOf
	// alternative, and Mapping its values to alternatives.
	Discriminator string
	Mapping       map[string]*jsonSchema
	// Name is the component name when the schema is one.
	Name string
	// X is the x-pretendo extension of the schema, or nil.
	X *oas.Object
	// Source is the schema as the document wrote it.
	Source *oas.Object
}

// property is a named property of an object schema.
type property struct {
	Name   string
	Schema *jsonSchema
}

// prop returns the schema of the property name, or nil.
func (s *jsonSchema) prop(name string) *jsonSchema {
	for _, p := range s.Properties {
		if p.Name == name {
			return p.Schema
		}
	}
	return nil
}

// allows reports whether the schema allows values of JSON type t (an
// integer is a number).
func (s *jsonSchema) allows(t string) bool {
	if len(s.Types) == 0 {
		return true
	}
	if slices.Contains(s.Types, t) {
		return true
	}
	return t == "integer" && slices.Contains(s.Types, "number")
}

// mainType is the first type other than null, or "" for any.
func (s *jsonSchema) mainType() string {
	for _, t := range s.Types {
		if t != "null" {
			return t
		}
	}
	return ""
}

// nullable reports whether null is allowed.
func (s *jsonSchema) nullable() bool { return slices.Contains(s.Types, "null") }

// isObject reports whether the schema describes objects with properties.
func (s *jsonSchema) isObject() bool {
	return s != nil && (s.mainType() == "object" || s.mainType() == "" && len(s.Properties) > 0)
}

// compiler reads the schemas of one document.
type compiler struct {
	doc *document
	// byRef holds the schema of each $ref target, so that a recursive
	// schema compiles to a cycle instead of forever.
	byRef map[string]*jsonSchema
	// v31 reports an OpenAPI 3.1 document.
	v31 bool
}

// compile reads the schema value v found at path.
func (c *compiler) compile(v any, path string) *jsonSchema {
	switch t := v.(type) {
	case bool:
		if t {
			return &jsonSchema{}
		}
		return &jsonSchema{Not: &jsonSchema{}}
	case *oas.Object:
		if ref := t.String("$ref"); ref != "" {
			target, name, ok := c.doc.resolve(ref, path)
			if !ok {
				return &jsonSchema{}
			}
			if s, ok := c.byRef[ref]; ok {
				return c.siblings(s, t, path)
			}
			s := &jsonSchema{Name: name}
			c.byRef[ref] = s
			if obj, ok := target.(*oas.Object); ok {
				c.fill(s, obj, ref)
			} else if b, ok := target.(bool); ok && !b {
				s.Not = &jsonSchema{}
			}
			return c.siblings(s, t, path)
		}
		s := &jsonSchema{}
		c.fill(s, t, path)
		return s
	}
	return &jsonSchema{}
}

// siblings applies the keywords written next to a $ref: in OpenAPI 3.1
// they constrain alongside the referenced schema; in 3.0 they are ignored,
// except the annotations.
func (c *compiler) siblings(s *jsonSchema, o *oas.Object, path string) *jsonSchema {
	if o.Len() == 1 {
		return s
	}
	extra := &oas.Object{}
	for _, k := range o.Keys() {
		if k != "$ref" {
			v, _ := o.Get(k)
			extra.Set(k, v)
		}
	}
	side := &jsonSchema{}
	c.fill(side, extra, path)
	if !c.v31 {
		if side.Description == "" && !side.ReadOnly && !side.WriteOnly && !side.nullable() {
			return s
		}
		side = &jsonSchema{Description: side.Description, ReadOnly: side.ReadOnly, WriteOnly: side.WriteOnly}
	}
	return &jsonSchema{AllOf: []*jsonSchema{s, side}, ReadOnly: side.ReadOnly || s.ReadOnly, WriteOnly: side.WriteOnly || s.WriteOnly, Description: side.Description, Name: s.Name}
}

// fill reads the keywords of o into s.
func (c *compiler) fill(s *jsonSchema, o *oas.Object, path string) {
	s.Source = o
	num := func(k string) *float64 {
		v, ok := o.Get(k)
		if !ok {
			return nil
		}
		if f, ok := number(v); ok {
			return &f
		}
		return nil
	}
	integer := func(k string) *int {
		if f := num(k); f != nil && *f >= 0 {
			n := int(*f)
			return &n
		}
		return nil
	}
	switch t := get(o, "type").(type) {
	case string:
		s.Types = []string{t}
	case []any:
		for _, e := range t {
			if str, ok := e.(string); ok {
				s.Types = append(s.Types, str)
			}
		}
	}
	if b, _ := get(o, "nullable").(bool); b && len(s.Types) > 0 && !slices.Contains(s.Types, "null") {
		s.Types = append(s.Types, "null")
	}
	if e, ok := get(o, "enum").([]any); ok {
		s.Enum = plainAll(e)
	}
	if v, ok := o.Get("const"); ok {
		s.Const, s.HasConst = plain(v), true
	}
	s.Format = o.String("format")
	s.Minimum, s.Maximum, s.MultipleOf = num("minimum"), num("maximum"), num("multipleOf")
	switch v := get(o, "exclusiveMinimum").(type) {
	case bool:
		if v {
			s.ExclusiveMin, s.Minimum = s.Minimum, nil
		}
	default:
		s.ExclusiveMin = num("exclusiveMinimum")
	}
	switch v := get(o, "exclusiveMaximum").(type) {
	case bool:
		if v {
			s.ExclusiveMax, s.Maximum = s.Maximum, nil
		}
	default:
		s.ExclusiveMax = num("exclusiveMaximum")
	}
	s.MinLength, s.MaxLength = integer("minLength"), integer("maxLength")
	if p := o.String("pattern"); p != "" {
		if re, err := regexp.Compile(p); err == nil {
			s.Pattern, s.re = p, re
		} else {
			c.doc.note("%s: pattern %q is not a Go regular expression; it is not checked", path, p)
		}
	}
	s.MinItems, s.MaxItems = integer("minItems"), integer("maxItems")
	s.UniqueItems, _ = get(o, "uniqueItems").(bool)
	s.MinProperties, s.MaxProperties = integer("minProperties"), integer("maxProperties")
	if v, ok := o.Get("items"); ok {
		if arr, ok := v.([]any); ok { // draft-04 tuples
			for i, e := range arr {
				s.PrefixItems = append(s.PrefixItems, c.compile(e, path+"/items/"+strconv.Itoa(i)))
			}
		} else {
			s.Items = c.compile(v, path+"/items")
		}
	}
	if arr, ok := get(o, "prefixItems").([]any); ok {
		for i, e := range arr {
			s.PrefixItems = append(s.PrefixItems, c.compile(e, path+"/prefixItems/"+strconv.Itoa(i)))
		}
	}
	if props := o.Object("properties"); props != nil {
		for _, k := range props.Keys() {
			v, _ := props.Get(k)
			s.Properties = append(s.Properties, property{Name: k, Schema: c.compile(v, path+"/properties/"+escape(k))})
		}
	}
	if req, ok := get(o, "required").([]any); ok {
		for _, r := range req {
			if str, ok := r.(string); ok {
				s.Required = append(s.Required, str)
			}
		}
	}
	switch v := get(o, "additionalProperties").(type) {
	case bool:
		s.NoAdditional = !v
	case *oas.Object:
		s.Additional = c.compile(v, path+"/additionalProperties")
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		arr, _ := get(o, k).([]any)
		var list []*jsonSchema
		for i, e := range arr {
			list = append(list, c.compile(e, path+"/"+k+"/"+strconv.Itoa(i)))
		}
		switch k {
		case "allOf":
			s.AllOf = list
		case "anyOf":
			s.AnyOf = list
		default:
			s.OneOf = list
		}
	}
	if v, ok := o.Get("not"); ok {
		s.Not = c.compile(v, path+"/not")
	}
	s.ReadOnly, _ = get(o, "readOnly").(bool)
	s.WriteOnly, _ = get(o, "writeOnly").(bool)
	if v, ok := o.Get("default"); ok {
		s.Default, s.HasDefault = plain(v), true
	}
	if v, ok := o.Get("example"); ok {
		s.Examples = append(s.Examples, plain(v))
	}
	if arr, ok := get(o, "examples").([]any); ok {
		s.Examples = append(s.Examples, plainAll(arr)...)
	}
	s.Description = o.String("description")
	if d := o.Object("discriminator"); d != nil {
		s.Discriminator = d.String("propertyName")
		if m := d.Object("mapping"); m != nil {
			s.Mapping = map[string]*jsonSchema{}
			for _, k := range m.Keys() {
				ref := m.String(k)
				if !strings.HasPrefix(ref, "#") {
					ref = "#/components/schemas/" + ref
				}
				s.Mapping[k] = c.compile(oas.New("$ref", ref), path+"/discriminator/mapping/"+escape(k))
			}
		}
	}
	s.X = o.Object("x-pretendo")
}

// get returns the value of key in o, or nil.
func get(o *oas.Object, key string) any {
	v, _ := o.Get(key)
	return v
}

// number reads a JSON number.
func number(v any) (float64, bool) {
	switch t := v.(type) {
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	case float64:
		return t, true
	case int:
		return float64(t), true
	}
	return 0, false
}

// plain turns a value of the document into the JSON values records hold:
// map[string]any, []any, float64, string, bool, nil.
func plain(v any) any {
	switch t := v.(type) {
	case *oas.Object:
		m := make(map[string]any, t.Len())
		for _, k := range t.Keys() {
			e, _ := t.Get(k)
			m[k] = plain(e)
		}
		return m
	case []any:
		return plainAll(t)
	case json.Number:
		f, _ := t.Float64()
		return f
	}
	return v
}

// plainAll is plain for each element.
func plainAll(vs []any) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = plain(v)
	}
	return out
}

// pointerEscaper escapes JSON pointer tokens.
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// escape escapes a JSON pointer token.
func escape(s string) string { return pointerEscaper.Replace(s) }
