package openapi

import (
	"strings"

	"github.com/pretendo-go/pretendo/internal/oas"
)

// OpenAPI implements pretendo.OpenAPIDescriber: the document as read, in
// OpenAPI 3.1 (a 3.0 document's nullable, boolean exclusive bounds and
// schema examples rewritten), so that the original's clients accept it.
// A reference to another file, which the mock does not follow, becomes a
// schema that allows any value, as the mock does.
func (a *api) OpenAPI() ([]byte, error) {
	doc := convert(a.source, false).(*oas.Object)
	doc.Set("openapi", oas.Version)
	return oas.JSON(doc)
}

// convert copies v; schema reports that v is a schema, whose 3.0 keywords
// become 3.1 ones.
func convert(v any, schema bool) any {
	switch t := v.(type) {
	case *oas.Object:
		if ref := t.String("$ref"); ref != "" && !strings.HasPrefix(ref, "#") {
			// The mock does not follow references to other files, and the
			// document is served alone, where a relative one would not
			// resolve: it allows any value there, and says so.
			return oas.New("description", "A reference to another file ("+ref+"), not followed: any value.")
		}
		out := &oas.Object{}
		for _, k := range t.Keys() {
			e, _ := t.Get(k)
			out.Set(k, convert(e, childIsSchema(schema, k)))
			if schema && (k == "properties" || k == "patternProperties" || k == "$defs" || k == "definitions") {
				if props, ok := e.(*oas.Object); ok {
					m := &oas.Object{}
					for _, pk := range props.Keys() {
						pv, _ := props.Get(pk)
						m.Set(pk, convert(pv, true))
					}
					out.Set(k, m)
				}
			}
			if !schema && k == "schemas" {
				if ss, ok := e.(*oas.Object); ok {
					m := &oas.Object{}
					for _, sk := range ss.Keys() {
						sv, _ := ss.Get(sk)
						m.Set(sk, convert(sv, true))
					}
					out.Set(k, m)
				}
			}
		}
		if schema {
			upgradeSchema(out)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = convert(e, schema)
		}
		return out
	}
	return v
}

// childIsSchema reports whether the member k of an object holds a schema
// (or a list of them).
func childIsSchema(parentIsSchema bool, k string) bool {
	switch k {
	case "schema":
		return true
	case "items", "additionalProperties", "not", "allOf", "anyOf", "oneOf", "prefixItems", "contains", "if", "then", "else":
		return parentIsSchema
	}
	return false
}

// upgradeSchema rewrites the 3.0 keywords of a schema object.
func upgradeSchema(s *oas.Object) {
	if n, ok := s.Get("nullable"); ok {
		s.Delete("nullable")
		if b, _ := n.(bool); b {
			switch t := get(s, "type").(type) {
			case string:
				s.Set("type", []any{t, "null"})
			case nil:
				if _, hasRef := s.Get("$ref"); !hasRef {
					// nullable alone does not constrain the type.
				}
			}
			if e, ok := get(s, "enum").([]any); ok && !containsValue(plainAll(e), nil) {
				s.Set("enum", append(e, nil))
			}
		}
	}
	for _, k := range []string{"exclusiveMinimum", "exclusiveMaximum"} {
		b, ok := get(s, k).(bool)
		if !ok {
			continue
		}
		bound := "minimum"
		if k == "exclusiveMaximum" {
			bound = "maximum"
		}
		s.Delete(k)
		if v, ok := s.Get(bound); ok && b {
			s.Delete(bound)
			s.Set(k, v)
		}
	}
	if ex, ok := s.Get("example"); ok {
		s.Delete("example")
		if _, has := s.Get("examples"); !has {
			s.Set("examples", []any{ex})
		}
	}
}
