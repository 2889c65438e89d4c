package openapi

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/mail"
	"net/netip"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo"
)

// direction says whether a value is sent to the server (readOnly
// properties need not be there) or answered by it (writeOnly ones).
type direction int

const (
	toServer direction = iota
	toClient
)

// maxValidateDepth bounds how deeply validation follows a value.
const maxValidateDepth = 64

// validator collects the problems of one value.
type validator struct {
	dir      direction
	problems []pretendo.Violation
}

// add records a problem at path.
func (v *validator) add(path, code, format string, args ...any) {
	field := strings.TrimPrefix(path, ".")
	msg := fmt.Sprintf(format, args...)
	if field != "" {
		msg = field + " " + msg
	}
	v.problems = append(v.problems, pretendo.Violation{Field: field, Code: code, Message: msg})
}

// validate reports every problem of value against s, paths starting at path.
func validate(s *jsonSchema, value any, path string, dir direction) []pretendo.Violation {
	v := &validator{dir: dir}
	v.check(s, value, path, 0, nil)
	return v.problems
}

// valid reports whether value meets s.
func valid(s *jsonSchema, value any, dir direction) bool {
	return len(validate(s, value, "", dir)) == 0
}

// jsonType names the JSON type of a value.
func jsonType(x any) string {
	switch t := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if t == math.Trunc(t) && !math.IsInf(t, 0) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// check checks x against s. seen lists the schemas already applied to x
// through allOf, anyOf, oneOf and not, so that a schema that refers to
// itself that way is applied once, not forever.
func (v *validator) check(s *jsonSchema, x any, path string, depth int, seen []*jsonSchema) {
	if s == nil || depth > maxValidateDepth || slices.Contains(seen, s) || len(seen) > maxValidateDepth {
		return
	}
	seen = append(seen, s)
	if s.Not != nil && len(s.Not.Types) == 0 && isEmpty(s.Not) {
		v.add(path, "not", "is not allowed")
		return
	}
	t := jsonType(x)
	if len(s.Types) > 0 && !s.allows(t) {
		v.add(path, "type", "must be %s", strings.Join(s.Types, " or "))
		return
	}
	if len(s.Enum) > 0 && !containsValue(s.Enum, x) {
		v.add(path, "enum", "must be one of %v", s.Enum)
	}
	if s.HasConst && !reflect.DeepEqual(s.Const, x) {
		v.add(path, "const", "must be %v", s.Const)
	}
	switch t {
	case "integer", "number":
		v.checkNumber(s, x.(float64), path)
	case "string":
		v.checkString(s, x.(string), path)
	case "array":
		v.checkArray(s, x.([]any), path, depth)
	case "object":
		v.checkObject(s, x.(map[string]any), path, depth, seen)
	}
	for _, sub := range s.AllOf {
		v.check(sub, x, path, depth+1, seen)
	}
	if len(s.AnyOf) > 0 {
		ok := false
		for _, sub := range s.AnyOf {
			if v.passes(sub, x, depth, seen) {
				ok = true
				break
			}
		}
		if !ok {
			v.add(path, "anyOf", "matches none of the allowed schemas")
		}
	}
	if len(s.OneOf) > 0 {
		n := 0
		for _, sub := range s.OneOf {
			if v.passes(sub, x, depth, seen) {
				n++
			}
		}
		if n != 1 {
			v.add(path, "oneOf", "must match exactly one of the allowed schemas (matches %d)", n)
		}
	}
	if s.Not != nil && !isEmpty(s.Not) && !slices.Contains(seen, s.Not) && v.passes(s.Not, x, depth, seen) {
		v.add(path, "not", "matches a schema it must not")
	}
}

// passes reports whether x meets s, without recording problems.
func (v *validator) passes(s *jsonSchema, x any, depth int, seen []*jsonSchema) bool {
	sub := &validator{dir: v.dir}
	sub.check(s, x, "", depth+1, seen)
	return len(sub.problems) == 0
}

// isEmpty reports whether s has no keyword (it allows everything).
func isEmpty(s *jsonSchema) bool {
	return len(s.Types) == 0 && len(s.Enum) == 0 && !s.HasConst && s.Format == "" && s.Minimum == nil && s.Maximum == nil &&
		s.ExclusiveMin == nil && s.ExclusiveMax == nil && s.MultipleOf == nil && s.MinLength == nil && s.MaxLength == nil &&
		s.re == nil && s.MinItems == nil && s.MaxItems == nil && !s.UniqueItems && s.Items == nil && len(s.PrefixItems) == 0 &&
		len(s.Properties) == 0 && len(s.Required) == 0 && s.Additional == nil && !s.NoAdditional && s.MinProperties == nil &&
		s.MaxProperties == nil && len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0 && s.Not == nil
}

func (v *validator) checkNumber(s *jsonSchema, n float64, path string) {
	if s.Minimum != nil && n < *s.Minimum {
		v.add(path, "minimum", "must be at least %v", *s.Minimum)
	}
	if s.Maximum != nil && n > *s.Maximum {
		v.add(path, "maximum", "must be at most %v", *s.Maximum)
	}
	if s.ExclusiveMin != nil && n <= *s.ExclusiveMin {
		v.add(path, "minimum", "must be more than %v", *s.ExclusiveMin)
	}
	if s.ExclusiveMax != nil && n >= *s.ExclusiveMax {
		v.add(path, "maximum", "must be less than %v", *s.ExclusiveMax)
	}
	if m := s.MultipleOf; m != nil && *m > 0 {
		q := n / *m
		if math.Abs(q-math.Round(q)) > 1e-9 {
			v.add(path, "multipleOf", "must be a multiple of %v", *m)
		}
	}
	switch s.Format {
	case "int32":
		if n < math.MinInt32 || n > math.MaxInt32 {
			v.add(path, "format", "must be a 32-bit integer")
		}
	case "int64":
		if math.Abs(n) > 1<<53 {
			v.add(path, "format", "must be an integer a float64 holds exactly")
		}
	}
}

func (v *validator) checkString(s *jsonSchema, str string, path string) {
	n := utf8.RuneCountInString(str)
	if s.MinLength != nil && n < *s.MinLength {
		v.add(path, "minLength", "must have at least %d characters", *s.MinLength)
	}
	if s.MaxLength != nil && n > *s.MaxLength {
		v.add(path, "maxLength", "must have at most %d characters", *s.MaxLength)
	}
	if s.re != nil && !s.re.MatchString(str) {
		v.add(path, "pattern", "must match %s", s.Pattern)
	}
	if msg := formatProblem(s.Format, str); msg != "" {
		v.add(path, "format", "%s", msg)
	}
}

// formatProblem says how str fails format, or returns "".
func formatProblem(format, str string) string {
	switch format {
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
			return "must be a date-time (RFC 3339)"
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, str); err != nil {
			return "must be a date (2006-01-02)"
		}
	case "email":
		if a, err := mail.ParseAddress(str); err != nil || a.Address != str {
			return "must be an email address"
		}
	case "uuid":
		if !isUUID(str) {
			return "must be a UUID"
		}
	case "uri", "url":
		if u, err := url.Parse(str); err != nil || u.Scheme == "" {
			return "must be an absolute URI"
		}
	case "ipv4":
		if a, err := netip.ParseAddr(str); err != nil || !a.Is4() {
			return "must be an IPv4 address"
		}
	case "ipv6":
		if a, err := netip.ParseAddr(str); err != nil || !a.Is6() {
			return "must be an IPv6 address"
		}
	case "byte":
		if _, err := base64.StdEncoding.DecodeString(str); err != nil {
			return "must be base64"
		}
	}
	return ""
}

// isUUID reports whether s is a UUID in its canonical text form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

func (v *validator) checkArray(s *jsonSchema, a []any, path string, depth int) {
	if s.MinItems != nil && len(a) < *s.MinItems {
		v.add(path, "minItems", "must have at least %d items", *s.MinItems)
	}
	if s.MaxItems != nil && len(a) > *s.MaxItems {
		v.add(path, "maxItems", "must have at most %d items", *s.MaxItems)
	}
	if s.UniqueItems {
		for i := range a {
			for j := i + 1; j < len(a); j++ {
				if reflect.DeepEqual(a[i], a[j]) {
					v.add(path, "uniqueItems", "must not repeat an item")
					i = len(a)
					break
				}
			}
		}
	}
	for i, e := range a {
		at := fmt.Sprintf("%s[%d]", path, i)
		if i < len(s.PrefixItems) {
			v.check(s.PrefixItems[i], e, at, depth+1, nil)
		} else if s.Items != nil {
			v.check(s.Items, e, at, depth+1, nil)
		}
	}
}

func (v *validator) checkObject(s *jsonSchema, m map[string]any, path string, depth int, seen []*jsonSchema) {
	for _, r := range s.Required {
		if _, ok := m[r]; ok {
			continue
		}
		if p := s.prop(r); p != nil && (v.dir == toServer && p.ReadOnly || v.dir == toClient && p.WriteOnly) {
			continue
		}
		v.add(join(path, r), "required", "is required")
	}
	if s.MinProperties != nil && len(m) < *s.MinProperties {
		v.add(path, "minProperties", "must have at least %d properties", *s.MinProperties)
	}
	if s.MaxProperties != nil && len(m) > *s.MaxProperties {
		v.add(path, "maxProperties", "must have at most %d properties", *s.MaxProperties)
	}
	for _, k := range sortedKeys(m) {
		e := m[k]
		if p := s.prop(k); p != nil {
			v.check(p, e, join(path, k), depth+1, nil)
			continue
		}
		switch {
		case s.NoAdditional:
			v.add(join(path, k), "additionalProperties", "is not allowed")
		case s.Additional != nil:
			v.check(s.Additional, e, join(path, k), depth+1, nil)
		}
	}
	if s.Discriminator != "" && len(s.Mapping) > 0 {
		if tag, ok := m[s.Discriminator].(string); ok {
			if sub := s.Mapping[tag]; sub != nil {
				v.check(sub, m, path, depth+1, seen)
			}
		}
	}
}

// join appends a property name to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// containsValue reports whether list holds x.
func containsValue(list []any, x any) bool {
	for _, e := range list {
		if reflect.DeepEqual(e, x) {
			return true
		}
	}
	return false
}
