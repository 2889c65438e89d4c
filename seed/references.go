package seed

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pretendo-go/pretendo/schema"
)

// foreignKey is one field whose values must point at records of another
// (or the same) resource.
type foreignKey struct {
	resource string // the resource holding the field
	field    string
	target   string // the resource pointed at
	key      string // the field of target pointed at
	required bool
	// distinct asks for a different target per record: strictly for a
	// unique field, while targets last for a hasOne foreign key.
	distinct, strict bool
	// path locates the field in the spec or, for an undeclared field, the
	// relationship that names it.
	path string
	// broken is set when the reference closes a cycle of optional
	// references: it is left null.
	broken bool
}

// foreignKeys collects the foreign keys of s from field references and
// from relationships (never from names), keyed by resource then field. The
// first declaration of a field wins: references, then relationships in
// spec order.
func foreignKeys(s *schema.Spec) (map[string]map[string]*foreignKey, error) {
	out := make(map[string]map[string]*foreignKey)
	add := func(resource, field, target, key, path string) error {
		tr := s.Resource(target)
		if tr == nil {
			return &Error{Path: path, Err: fmt.Errorf("%w: %q", ErrUnknownResource, target)}
		}
		if key == "" {
			key = tr.Key()
		}
		if out[resource] == nil {
			out[resource] = make(map[string]*foreignKey)
		}
		if _, dup := out[resource][field]; dup {
			return nil
		}
		fk := &foreignKey{resource: resource, field: field, target: target, key: key, path: path}
		for i := range s.Resources {
			r := &s.Resources[i]
			if r.Name != resource {
				continue
			}
			for j := range r.Fields {
				if fld := &r.Fields[j]; fld.Name == field {
					fk.required = fld.Required
					fk.distinct, fk.strict = fld.Unique, fld.Unique
					fk.path = fmt.Sprintf("resources[%d].fields[%d]", i, j)
				}
			}
		}
		out[resource][field] = fk
		return nil
	}
	for i := range s.Resources {
		r := &s.Resources[i]
		for j := range r.Fields {
			fld := &r.Fields[j]
			if fld.References == nil {
				continue
			}
			path := fmt.Sprintf("resources[%d].fields[%d].references", i, j)
			if err := add(r.Name, fld.Name, fld.References.Resource, fld.References.Field, path); err != nil {
				return nil, err
			}
		}
	}
	for i := range s.Resources {
		r := &s.Resources[i]
		for k, rel := range r.Relationships {
			path := fmt.Sprintf("resources[%d].relationships[%d]", i, k)
			if rel.ForeignKey == "" {
				continue
			}
			var err error
			switch rel.Type {
			case schema.BelongsTo:
				err = add(r.Name, rel.ForeignKey, rel.Resource, "", path)
			case schema.HasMany, schema.HasOne:
				if s.Resource(rel.Resource) == nil {
					return nil, &Error{Path: path, Err: fmt.Errorf("%w: %q", ErrUnknownResource, rel.Resource)}
				}
				err = add(rel.Resource, rel.ForeignKey, r.Name, "", path)
				if err == nil && rel.Type == schema.HasOne {
					out[rel.Resource][rel.ForeignKey].distinct = true
				}
			case schema.ManyToMany:
				if rel.Through == "" {
					continue
				}
				if s.Resource(rel.Through) == nil {
					return nil, &Error{Path: path, Err: fmt.Errorf("%w: %q", ErrUnknownResource, rel.Through)}
				}
				err = add(rel.Through, rel.ForeignKey, r.Name, "", path)
				if err == nil && rel.TargetKey != "" {
					err = add(rel.Through, rel.TargetKey, rel.Resource, "", path)
				}
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// generationOrder orders the resources to generate so that each comes after
// the resources its foreign keys point at, keeping spec order where there
// is a choice. Foreign keys into resources that generate nothing add no
// constraint. When only cycles remain, the first resource (in spec order)
// whose pending references are all optional goes next, and those references
// are marked broken; if every remaining resource has a pending required
// reference, the required references form a cycle, reported as ErrCycle.
func generationOrder(s *schema.Spec, counts map[string]int, fks map[string]map[string]*foreignKey) ([]*schema.Resource, error) {
	var pending []*schema.Resource
	for i := range s.Resources {
		if counts[s.Resources[i].Name] > 0 {
			pending = append(pending, &s.Resources[i])
		}
	}
	done := make(map[string]bool, len(pending))
	// waits lists r's references to resources not yet generated (other
	// than r itself), in field-name order for stable cycle reports.
	waits := func(r *schema.Resource) []*foreignKey {
		var out []*foreignKey
		for _, name := range sortedKeys(fks[r.Name]) {
			fk := fks[r.Name][name]
			if fk.target != r.Name && counts[fk.target] > 0 && !done[fk.target] && !fk.broken {
				out = append(out, fk)
			}
		}
		return out
	}
	order := make([]*schema.Resource, 0, len(pending))
	for len(pending) > 0 {
		next := -1
		for i, r := range pending {
			if len(waits(r)) == 0 {
				next = i
				break
			}
		}
		if next < 0 {
			for i, r := range pending {
				allOptional := true
				for _, fk := range waits(r) {
					allOptional = allOptional && !fk.required
				}
				if allOptional {
					for _, fk := range waits(r) {
						fk.broken = true
					}
					next = i
					break
				}
			}
		}
		if next < 0 {
			return nil, requiredCycle(pending, waits)
		}
		r := pending[next]
		done[r.Name] = true
		order = append(order, r)
		pending = append(pending[:next:next], pending[next+1:]...)
	}
	return order, nil
}

// requiredCycle follows pending required references from the first pending
// resource until one repeats, and reports that cycle.
func requiredCycle(pending []*schema.Resource, waits func(*schema.Resource) []*foreignKey) error {
	byName := make(map[string]*schema.Resource, len(pending))
	for _, r := range pending {
		byName[r.Name] = r
	}
	seen := make(map[string]int)
	var steps []*foreignKey
	r := pending[0]
	for {
		if at, ok := seen[r.Name]; ok {
			steps = steps[at:]
			break
		}
		seen[r.Name] = len(steps)
		var step *foreignKey
		for _, fk := range waits(r) {
			if fk.required {
				step = fk
				break
			}
		}
		if step == nil || byName[step.target] == nil {
			// Cannot happen: every pending resource waits on a required
			// reference to another pending one. Report what is known.
			return &Error{Path: "options.generateData.counts", Err: fmt.Errorf("%w among %s", ErrCycle, names(pending))}
		}
		steps = append(steps, step)
		r = byName[step.target]
	}
	parts := make([]string, 0, len(steps)+1)
	for _, fk := range steps {
		parts = append(parts, fk.resource+"."+fk.field)
	}
	parts = append(parts, steps[0].resource)
	return &Error{Path: steps[0].path, Err: fmt.Errorf("%w: %s (make one of them optional, or generate no records for one resource)", ErrCycle, strings.Join(parts, " -> "))}
}

func names(rs []*schema.Resource) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name
	}
	return strings.Join(out, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
