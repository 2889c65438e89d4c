package query

import "github.com/pretendo-go/pretendo/schema"

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
