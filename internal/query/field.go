package query

import (
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/schema"
)

// lookup finds the field called name in res and returns its declared type
// and its name as the spec spells it. The primary key is known even when the
// spec leaves it undeclared; its type is then "".
func lookup(res *schema.Resource, name string) (typ, field string, ok bool) {
	if f := res.Field(name); f != nil {
		return f.Type, f.Name, true
	}
	if key := res.Key(); key == name {
		return "", key, true
	}
	return "", "", false
}

// Resolve returns the type a query reads the field called name of res by,
// and the field's name as the spec spells it: its declared type, or for a
// field the resource does not declare the type "" (the spec is a floor,
// not a cage). With opts.Strict (options.strictValidation, which keeps
// undeclared fields out of records) an undeclared name is an [*Error] for
// the parameter param, with a suggestion among the declared names. So is a
// name no stored field can have (invalid UTF-8, control characters).
func Resolve(res *schema.Resource, name, param string, opts Options) (typ, field string, err error) {
	if res == nil {
		return "", "", ErrNilResource
	}
	return resolve(res, name, param, opts.Strict)
}

// resolve is Resolve, with extra names to suggest in strict mode.
func resolve(res *schema.Resource, name, param string, strict bool, extra ...string) (typ, field string, err error) {
	if typ, field, ok := lookup(res, name); ok {
		return typ, field, nil
	}
	if name == "" {
		return "", "", fail(param, "empty field name")
	}
	if strict {
		return "", "", fail(param, "unknown field %s%s", quote(name), schema.Suggest(name, known(res, extra)))
	}
	if !fieldName(name) {
		return "", "", fail(param, "invalid field name %s", quote(name))
	}
	return "", name, nil
}

// known lists the names a strict query may use on res: its declared fields,
// its primary key and extra, for suggestions.
func known(res *schema.Resource, extra []string) []string {
	names := make([]string, 0, len(res.Fields)+1+len(extra))
	for _, f := range res.Fields {
		names = append(names, f.Name)
	}
	if res.Field(res.Key()) == nil {
		names = append(names, res.Key())
	}
	return append(names, extra...)
}

// fieldName reports whether an undeclared field may be called name: valid
// UTF-8 without control characters.
func fieldName(name string) bool {
	if !utf8.ValidString(name) {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}
