package schema

import (
	"errors"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
)

func (c *checker) fields(r *Resource, p string) {
	fsp := child(p, "fields")
	first := make(map[string]int, len(r.Fields))
	for j := range r.Fields {
		f := &r.Fields[j]
		fp := elem(fsp, j)
		if f.Name == "" {
			c.add(child(fp, "name"), "name is required")
		} else if k, ok := first[f.Name]; ok {
			c.add(child(fp, "name"), "duplicate field name %s (also fields[%d])", quote(f.Name), k)
		} else {
			first[f.Name] = j
		}
		c.field(f, fp)
	}
}

func (c *checker) field(f *Field, fp string) {
	typed := knownType(f.Type)
	switch {
	case f.Type == "":
		c.add(child(fp, "type"), "type is required (want one of %s)", typeList())
	case !typed:
		c.add(child(fp, "type"), "unknown type %s (want one of %s)", quote(f.Type), typeList())
	}
	c.bounds(f, fp, typed)
	c.lengths(f, fp, typed)
	c.pattern(f, fp, typed)
	c.enum(f, fp, typed)
	c.defaultValue(f, fp, typed)
	if f.References != nil {
		c.reference(f, fp, typed)
	}
	if f.Generate != nil {
		c.addAll(child(fp, "generate"), CheckGenerate(f.Generate, f))
	}
}

// knownType reports whether t is one of Types.
func knownType(t string) bool { return slices.Contains(Types, t) }

// numeric reports whether t holds numbers.
func numeric(t string) bool { return t == TypeNumber || t == TypeInteger }

func (c *checker) bounds(f *Field, fp string, typed bool) {
	for _, b := range []struct {
		name string
		v    *float64
	}{{"min", f.Min}, {"max", f.Max}} {
		if b.v == nil {
			continue
		}
		if math.IsNaN(*b.v) || math.IsInf(*b.v, 0) {
			c.add(child(fp, b.name), "%s must be a finite number", b.name)
		}
		if typed && !numeric(f.Type) {
			c.add(child(fp, b.name), "%s applies only to number and integer fields, not %s", b.name, f.Type)
		}
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		c.add(child(fp, "min"), "min %s is greater than max %s", formatFloat(*f.Min), formatFloat(*f.Max))
	}
}

func (c *checker) lengths(f *Field, fp string, typed bool) {
	for _, b := range []struct {
		name string
		v    *int
	}{{"minLength", f.MinLength}, {"maxLength", f.MaxLength}} {
		if b.v == nil {
			continue
		}
		if *b.v < 0 {
			c.add(child(fp, b.name), "%s must be 0 or more, got %d", b.name, *b.v)
		}
		if typed && f.Type != TypeString && f.Type != TypeUUID && f.Type != TypeArray {
			c.add(child(fp, b.name), "%s applies only to string, uuid and array fields, not %s", b.name, f.Type)
		}
	}
	if f.MinLength != nil && f.MaxLength != nil && *f.MinLength > *f.MaxLength {
		c.add(child(fp, "minLength"), "minLength %d is greater than maxLength %d", *f.MinLength, *f.MaxLength)
	}
}

func (c *checker) pattern(f *Field, fp string, typed bool) {
	if f.Pattern == "" {
		return
	}
	pp := child(fp, "pattern")
	if typed && f.Type != TypeString && f.Type != TypeUUID && f.Type != TypeDate {
		c.add(pp, "pattern applies only to string, uuid and date fields, not %s", f.Type)
	}
	if _, err := regexp.Compile(f.Pattern); err != nil {
		hint := ""
		var se *syntax.Error
		if errors.As(err, &se) && (se.Code == syntax.ErrInvalidPerlOp || se.Code == syntax.ErrInvalidEscape) {
			hint = " (patterns use Go's RE2 syntax: lookahead, lookbehind and backreferences are JavaScript-only)"
		}
		c.add(pp, "invalid pattern %s: %s%s", quote(f.Pattern), err.Error(), hint)
	}
}

func (c *checker) enum(f *Field, fp string, typed bool) {
	if f.Enum == nil {
		return
	}
	ep := child(fp, "enum")
	if len(f.Enum) == 0 {
		c.add(ep, "enum must list at least one value")
		return
	}
	if !typed {
		return
	}
	for k, v := range f.Enum {
		if !valueMatches(f.Type, v) {
			c.add(elem(ep, k), "enum value %s is not %s", describe(v), typeNoun(f.Type))
		}
	}
}

func (c *checker) defaultValue(f *Field, fp string, typed bool) {
	if f.DefaultValue == nil || !typed {
		return
	}
	dp := child(fp, "defaultValue")
	if s, ok := f.DefaultValue.(string); ok {
		if fits := specialDefaults()[s]; fits != nil {
			if !slices.Contains(fits, f.Type) {
				c.add(dp, "%s applies only to %s fields, not %s", s, orList(fits), f.Type)
			}
			return
		}
	}
	if !valueMatches(f.Type, f.DefaultValue) {
		c.add(dp, "defaultValue %s is not %s", describe(f.DefaultValue), typeNoun(f.Type))
		return
	}
	if len(f.Enum) > 0 && !slices.ContainsFunc(f.Enum, func(v any) bool { return sameValue(v, f.DefaultValue) }) {
		c.add(dp, "defaultValue %s is not one of the enum values", describe(f.DefaultValue))
	}
}

// specialDefaults maps each special default value to the field types it
// applies to.
func specialDefaults() map[string][]string {
	return map[string][]string{
		DefaultNow:       {TypeDate, TypeString},
		DefaultUUID:      {TypeUUID, TypeString},
		DefaultIncrement: {TypeNumber, TypeInteger},
		DefaultUserID:    {TypeNumber, TypeInteger, TypeString, TypeUUID},
		DefaultHash:      {TypeString},
	}
}

// orList joins names as "a", "a and b" or "a, b and c".
func orList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func (c *checker) reference(f *Field, fp string, typed bool) {
	ref := f.References
	rp := child(fp, "references")
	if ref.OnDelete != "" && !slices.Contains(onDeleteActions(), ref.OnDelete) {
		c.add(child(rp, "onDelete"), "unknown onDelete %s (want one of %s)", quote(ref.OnDelete), strings.Join(onDeleteActions(), ", "))
	}
	if ref.Resource == "" {
		c.add(child(rp, "resource"), "resource is required")
		return
	}
	target := c.resource(ref.Resource)
	if target == nil {
		c.add(child(rp, "resource"), "unknown resource %s%s", quote(ref.Resource), Suggest(ref.Resource, c.resourceNames()))
		return
	}
	name := ref.Field
	if name == "" {
		name = target.Key()
	}
	tf := c.declared(target, name)
	if tf == nil {
		if ref.Field != "" {
			c.add(child(rp, "field"), "field %s is not declared in resource %s", quote(ref.Field), quote(target.Name))
		}
		// Otherwise the target's missing primary key is reported on the target.
		return
	}
	if typed && knownType(tf.Type) && !compatible(f.Type, tf.Type) {
		c.add(rp, "type %s does not match %s.%s (%s)", f.Type, target.Name, tf.Name, tf.Type)
	}
}

// compatible reports whether values of field types a and b can refer to
// each other: number and integer are compatible, and so are string and uuid.
func compatible(a, b string) bool {
	norm := func(t string) string {
		switch t {
		case TypeInteger:
			return TypeNumber
		case TypeUUID:
			return TypeString
		}
		return t
	}
	return norm(a) == norm(b)
}

func (c *checker) primaryKey(r *Resource, p string) {
	key := r.Key()
	j := slices.IndexFunc(r.Fields, func(f Field) bool { return f.Name == key })
	if j < 0 {
		path := child(p, "fields")
		if r.PrimaryKey != "" {
			path = child(p, "primaryKey")
		}
		c.add(path, "primary key field %s is not declared", quote(key))
		return
	}
	t := r.Fields[j].Type
	if knownType(t) && t != TypeNumber && t != TypeInteger && t != TypeString && t != TypeUUID {
		c.add(child(elem(child(p, "fields"), j), "type"), "primary key %s must be of type number, integer, string or uuid, not %s", quote(key), t)
	}
}

func (c *checker) access(r *Resource, p string) {
	if r.OwnedBy != "" && c.declared(r, r.OwnedBy) == nil {
		c.add(child(p, "ownedBy"), "ownedBy %s is not a field of %s", quote(r.OwnedBy), quote(r.Name))
	}
	if r.Access == nil {
		return
	}
	ap := child(p, "access")
	for _, list := range []struct {
		name  string
		roles []string
	}{{"list", r.Access.List}, {"get", r.Access.Get}, {"create", r.Access.Create}, {"update", r.Access.Update}, {"delete", r.Access.Delete}} {
		for k, role := range list.roles {
			if role == "" {
				c.add(elem(child(ap, list.name), k), "role must not be empty")
			}
		}
	}
}
