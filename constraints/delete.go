package constraints

import (
	"fmt"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// Delete removes the record of resource whose primary key is id, and acts
// on the records that reference it by their onDelete rule: cascade deletes
// them (transitively), restrict refuses with a ConflictError while any
// exists, nullify sets their foreign key to null (a ValidationError if that
// key is required). Cycles in the reference graph are followed once.
func (s *Set) Delete(tx adapter.WriteTx, resource string, id any) error {
	rr, err := s.rules(resource)
	if err != nil {
		return err
	}
	rec, err := s.get(tx, rr, id)
	if err != nil {
		return err
	}
	return s.deleteRecord(tx, rr, rec, make(map[string]map[string]bool))
}

func (s *Set) deleteRecord(tx adapter.WriteTx, rr *resourceRules, rec adapter.Record, visited map[string]map[string]bool) error {
	key, _ := adapter.Key(rec[rr.key])
	if visited[rr.res.Name][key] {
		return nil
	}
	if visited[rr.res.Name] == nil {
		visited[rr.res.Name] = make(map[string]bool)
	}
	visited[rr.res.Name][key] = true

	for _, dep := range rr.dependants {
		v, ok := rec[dep.target]
		if !ok || v == nil {
			continue
		}
		page, err := tx.List(dep.resource, &adapter.Query{
			Filters: []adapter.Filter{{Field: dep.field.Name, Type: dep.field.Type, Op: adapter.OpEq, Values: []any{v}}},
		})
		if err != nil {
			return err
		}
		child := s.resources[dep.resource]
		for _, c := range page.Records {
			ck, _ := adapter.Key(c[child.key])
			if visited[dep.resource][ck] {
				continue
			}
			switch dep.onDelete {
			case schema.Cascade:
				if err := s.deleteRecord(tx, child, c, visited); err != nil {
					return err
				}
			case schema.Nullify:
				if dep.field.Required {
					return &ValidationError{Resource: dep.resource, Violations: []Violation{{
						Field: dep.field.Name, Code: CodeRequired,
						Message: fmt.Sprintf("cannot nullify required %s of %s %v", dep.field.Name, dep.resource, c[child.key]),
					}}}
				}
				c[dep.field.Name] = nil
				if err := tx.Replace(dep.resource, c); err != nil {
					return err
				}
			default:
				return &ConflictError{Resource: rr.res.Name, Violations: []Violation{{
					Field: dep.field.Name, Code: CodeRestrict,
					Message: fmt.Sprintf("%s %v is referenced by %s %v (%s.%s, onDelete: restrict)", rr.res.Name, rec[rr.key], dep.resource, c[child.key], dep.resource, dep.field.Name),
				}}}
			}
		}
	}
	return tx.Delete(rr.res.Name, rec[rr.key])
}
