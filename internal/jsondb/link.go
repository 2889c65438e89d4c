package jsondb

import (
	"strings"

	"github.com/pretendo-go/pretendo/internal/inflect"
	"github.com/pretendo-go/pretendo/schema"
)

// link makes each field named after a resource with the foreign key suffix
// (postId names posts, as json-server's pluralize reads it) a reference
// to that resource, deleted with it (json-server 0.17's DELETE removes the
// records that point at a record no longer there), with a belongsTo
// relationship named after the field's stem (post: _expand=post) and a
// hasMany on the target named after the resource (comments:
// _embed=comments, GET /posts/1/comments). A field whose values are not of
// the target's key type, or whose relationship name is taken by a field
// or another relationship, stays a plain field.
func link(spec *schema.Spec, byName map[string]*collection, opts Options) {
	index := make(map[string]int, len(spec.Resources))
	for i := range spec.Resources {
		index[spec.Resources[i].Name] = i
	}
	for i := range spec.Resources {
		res := &spec.Resources[i]
		for _, f := range byName[res.Name].fields {
			stem, ok := strings.CutSuffix(f, opts.ForeignKeySuffix)
			if !ok || stem == "" || f == res.Key() {
				continue
			}
			j, ok := index[inflect.Plural(stem)]
			if !ok {
				continue
			}
			target := &spec.Resources[j]
			keyType := target.KeyField().Type
			field := res.Field(f)
			switch {
			case field == nil && byName[res.Name].kinds[f] == 0:
				// Only nulls so far: typed as the key it points at.
				res.Fields = append(res.Fields, schema.Field{Name: f, Type: keyType})
				field = &res.Fields[len(res.Fields)-1]
			case field == nil || field.Type != keyType:
				continue
			}
			if taken(res, stem) || taken(target, res.Name) {
				continue
			}
			field.References = &schema.Reference{Resource: target.Name, OnDelete: schema.Cascade}
			res.Relationships = append(res.Relationships, schema.Relationship{Type: schema.BelongsTo, Resource: target.Name, ForeignKey: f, As: asName(stem, target.Name)})
			target.Relationships = append(target.Relationships, schema.Relationship{Type: schema.HasMany, Resource: res.Name, ForeignKey: f})
		}
	}
}

// asName is the "as" of a relationship named name to resource: none when
// the resource's name is the relationship's.
func asName(name, resource string) string {
	if name == resource {
		return ""
	}
	return name
}

// taken reports whether res has a field or a relationship named name.
func taken(res *schema.Resource, name string) bool {
	return res.Field(name) != nil || res.Relationship(name) != nil
}
