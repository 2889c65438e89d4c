package schema

import (
	"slices"
	"strings"
)

// relationshipTypes lists the relationship types, as messages show them.
func relationshipTypes() []string { return []string{HasOne, HasMany, BelongsTo, ManyToMany} }

// onDeleteActions lists the onDelete actions, as messages show them.
func onDeleteActions() []string { return []string{Cascade, Restrict, Nullify} }

func (c *checker) relationships(r *Resource, p string) {
	rsp := child(p, "relationships")
	first := make(map[string]int, len(r.Relationships))
	for k := range r.Relationships {
		rel := &r.Relationships[k]
		rp := elem(rsp, k)
		typed := slices.Contains(relationshipTypes(), rel.Type)
		switch {
		case rel.Type == "":
			c.add(child(rp, "type"), "type is required (want one of %s)", strings.Join(relationshipTypes(), ", "))
		case !typed:
			c.add(child(rp, "type"), "unknown relationship type %s (want one of %s)", quote(rel.Type), strings.Join(relationshipTypes(), ", "))
		}
		if rel.As != "" && !validName(rel.As) {
			c.add(child(rp, "as"), "invalid relationship name %s (want a letter, then letters, digits, \"_\" or \"-\")", quote(rel.As))
		}
		if name := rel.Name(); name != "" {
			if j, ok := first[name]; ok {
				np := child(rp, "resource")
				if rel.As != "" {
					np = child(rp, "as")
				}
				c.add(np, "duplicate relationship name %s (also relationships[%d]); set \"as\" to tell them apart", quote(name), j)
			} else {
				first[name] = k
			}
		}
		if rel.ForeignKey == "" {
			c.add(child(rp, "foreignKey"), "foreignKey is required")
		}
		var target *Resource
		if rel.Resource == "" {
			c.add(child(rp, "resource"), "resource is required")
		} else if target = c.resource(rel.Resource); target == nil {
			c.add(child(rp, "resource"), "unknown resource %s%s", quote(rel.Resource), Suggest(rel.Resource, c.resourceNames()))
		}
		if !typed || target == nil {
			continue
		}
		switch rel.Type {
		case BelongsTo:
			c.foreignKey(child(rp, "foreignKey"), r, rel.ForeignKey, target)
		case HasOne, HasMany:
			c.foreignKey(child(rp, "foreignKey"), target, rel.ForeignKey, r)
		case ManyToMany:
			c.manyToMany(rp, r, rel, target)
		}
	}
}

func (c *checker) manyToMany(rp string, r *Resource, rel *Relationship, target *Resource) {
	if rel.Through == "" {
		c.add(child(rp, "through"), "through is required for manyToMany")
		return
	}
	through := c.resource(rel.Through)
	if through == nil {
		c.add(child(rp, "through"), "unknown resource %s%s", quote(rel.Through), Suggest(rel.Through, c.resourceNames()))
		return
	}
	c.foreignKey(child(rp, "foreignKey"), through, rel.ForeignKey, r)
	if rel.TargetKey == "" {
		c.add(child(rp, "targetKey"), "targetKey is required for manyToMany")
		return
	}
	c.foreignKey(child(rp, "targetKey"), through, rel.TargetKey, target)
}

// foreignKey checks that field name is declared on holder and that its
// type fits the primary key of the resource it points at.
func (c *checker) foreignKey(path string, holder *Resource, name string, pointsAt *Resource) {
	if name == "" {
		return
	}
	f := c.declared(holder, name)
	if f == nil {
		c.add(path, "%s is not a field of %s", quote(name), quote(holder.Name))
		return
	}
	key := c.declared(pointsAt, pointsAt.Key())
	if key == nil || !knownType(f.Type) || !knownType(key.Type) {
		return
	}
	if !compatible(f.Type, key.Type) {
		c.add(path, "%s.%s (%s) does not match %s.%s (%s)", holder.Name, f.Name, f.Type, pointsAt.Name, key.Name, key.Type)
	}
}
