package memory

import (
	"errors"
	"fmt"
	"slices"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// layout is what a spec decides about storage: the resources in spec order,
// their primary keys and the fields each one indexes. It is immutable once
// built and shared by every state of a DB.
type layout struct {
	names     []string
	resources map[string]*resourceLayout
}

// resourceLayout is the storage shape of one resource.
type resourceLayout struct {
	name    string
	key     string
	keyType string
	// indexes are sorted by field name, so two layouts compare field by field.
	indexes []indexSpec
	// fields maps each declared field name to itself: stored records use
	// these strings as keys instead of holding a copy each.
	fields map[string]string
}

// own returns a deep copy of rec for storage, its declared keys shared with
// the layout.
func (rl *resourceLayout) own(rec adapter.Record) adapter.Record {
	c := make(adapter.Record, len(rec))
	for k, v := range rec {
		if name, ok := rl.fields[k]; ok {
			k = name
		}
		c[k] = adapter.CloneValue(v)
	}
	return c
}

// adopt makes rec, a fresh copy handed over for storage, use the layout's
// strings as its declared keys, in place.
func (rl *resourceLayout) adopt(rec adapter.Record) adapter.Record {
	for k, v := range rec {
		if name, ok := rl.fields[k]; ok {
			// Deleting and adding again stores name as the key; an
			// entry added while ranging may come round again, harmlessly.
			delete(rec, k)
			rec[name] = v
		}
	}
	return rec
}

// indexSpec names one secondary index: a field and its declared type ("" for
// a field the resource does not declare).
type indexSpec struct {
	field string
	typ   string
}

// emptyLayout is the layout of a DB that has not been initialized: no
// resources at all.
func emptyLayout() *layout {
	return &layout{resources: map[string]*resourceLayout{}}
}

// newLayout derives the storage layout of s. Indexed fields are every unique
// field, every field with references, every relationship foreign key (on the
// resource that holds it) and every field named in
// options.database.optimizations.indexedFields: on the resources that
// declare it, or, when no resource declares it, on every resource as an
// undeclared field.
func newLayout(s *schema.Spec) (*layout, error) {
	if s == nil {
		return nil, errors.New("memory: nil spec")
	}
	l := &layout{resources: make(map[string]*resourceLayout, len(s.Resources))}
	fields := make(map[string]map[string]bool, len(s.Resources))
	for i := range s.Resources {
		r := &s.Resources[i]
		if _, dup := l.resources[r.Name]; dup {
			return nil, fmt.Errorf("memory: resources[%d]: duplicate resource name %q", i, r.Name)
		}
		rl := &resourceLayout{name: r.Name, key: r.Key(), fields: r.Names()}
		if kf := r.KeyField(); kf != nil {
			rl.keyType = kf.Type
		}
		l.names = append(l.names, r.Name)
		l.resources[r.Name] = rl
		fields[r.Name] = map[string]bool{}
	}
	add := func(resource, field string) {
		set, ok := fields[resource]
		if !ok || field == "" {
			return
		}
		set[field] = true
	}
	for i := range s.Resources {
		r := &s.Resources[i]
		for _, f := range r.Fields {
			// $increment defaults read the field's largest value on every create.
			if f.Unique || f.References != nil || f.DefaultValue == schema.DefaultIncrement {
				add(r.Name, f.Name)
			}
		}
		for _, rel := range r.Relationships {
			switch rel.Type {
			case schema.BelongsTo:
				add(r.Name, rel.ForeignKey)
			case schema.HasMany, schema.HasOne:
				add(rel.Resource, rel.ForeignKey)
			case schema.ManyToMany:
				add(rel.Through, rel.ForeignKey)
				add(rel.Through, rel.TargetKey)
			}
		}
		for _, name := range s.Options.Database.Optimizations.IndexedFields {
			if r.Field(name) != nil || !declared(s, name) {
				add(r.Name, name)
			}
		}
	}
	for i := range s.Resources {
		r := &s.Resources[i]
		rl := l.resources[r.Name]
		for field := range fields[r.Name] {
			spec := indexSpec{field: field}
			if f := r.Field(field); f != nil {
				spec.typ = f.Type
			}
			rl.indexes = append(rl.indexes, spec)
		}
		slices.SortFunc(rl.indexes, func(a, b indexSpec) int {
			switch {
			case a.field < b.field:
				return -1
			case a.field > b.field:
				return 1
			}
			return 0
		})
	}
	return l, nil
}

// declared reports whether some resource of s declares a field called name.
func declared(s *schema.Spec, name string) bool {
	for i := range s.Resources {
		if s.Resources[i].Field(name) != nil {
			return true
		}
	}
	return false
}

// equal reports whether l and o describe the same storage: the same
// resources in the same order, with the same keys and the same indexes. A
// state built under one can be published under the other without a rebuild.
func (l *layout) equal(o *layout) bool {
	if l == o {
		return true
	}
	if !slices.Equal(l.names, o.names) {
		return false
	}
	for _, name := range l.names {
		a, b := l.resources[name], o.resources[name]
		if a.key != b.key || a.keyType != b.keyType || !slices.Equal(a.indexes, b.indexes) {
			return false
		}
	}
	return true
}
