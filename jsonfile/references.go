package jsonfile

import (
	"context"
	"fmt"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// reference is a field whose values point at records of another resource.
type reference struct {
	resource, key string // the resource that holds the field, and its primary key
	field         string
	target        string // the resource pointed at
	targetField   string // its primary key, or the field the reference names
	targetType    string // the declared type of targetField
	byKey         bool   // targetField is the target's primary key
}

// references lists the reference fields of spec, in spec order.
func references(spec *schema.Spec) []reference {
	var out []reference
	for i := range spec.Resources {
		r := &spec.Resources[i]
		for j := range r.Fields {
			ref := r.Fields[j].References
			if ref == nil {
				continue
			}
			t := spec.Resource(ref.Resource)
			if t == nil {
				continue // the spec was validated; this cannot happen
			}
			tf := ref.Field
			if tf == "" {
				tf = t.Key()
			}
			typ := ""
			if f := t.Field(tf); f != nil {
				typ = f.Type
			}
			out = append(out, reference{resource: r.Name, key: r.Key(), field: r.Fields[j].Name,
				target: t.Name, targetField: tf, targetType: typ, byKey: tf == t.Key()})
		}
	}
	return out
}

// danglingShown is how many dangling records a warning names.
const danglingShown = 3

// warnDangling logs, once per resource, the records of d, the file just
// loaded, whose references point at no record: how many there are and the
// first few, by their place in the file. Such records were written by
// hand; they load as they are, since refusing them would leave the file
// unusable until edited, and every later write checks its references as
// usual.
func (s *Store) warnDangling(ctx context.Context, d adapter.Dataset) {
	if len(s.refs) == 0 {
		return
	}
	_ = s.db.View(ctx, func(tx adapter.Tx) error {
		for start := 0; start < len(s.refs); {
			res := s.refs[start].resource
			end := start
			for end < len(s.refs) && s.refs[end].resource == res {
				end++
			}
			s.warnDanglingIn(tx, d[res], s.refs[start:end])
			start = end
		}
		return nil
	})
}

// warnDanglingIn is warnDangling for the records of one resource, whose
// reference fields are refs.
func (s *Store) warnDanglingIn(tx adapter.Tx, recs []adapter.Record, refs []reference) {
	count := 0
	var shown []string
	for i, rec := range recs {
		var broken []string
		for _, ref := range refs {
			v, ok := rec[ref.field]
			if !ok || v == nil || pointsAtRecord(tx, ref, v) {
				continue
			}
			broken = append(broken, fmt.Sprintf("%s %v references no %s record", ref.field, v, ref.target))
		}
		if broken == nil {
			continue
		}
		count++
		if len(shown) < danglingShown {
			shown = append(shown, fmt.Sprintf("%s[%d] (%s %v): %s", refs[0].resource, i, refs[0].key, rec[refs[0].key], strings.Join(broken, ", ")))
		}
	}
	if count == 0 {
		return
	}
	listed := strings.Join(shown, "; ")
	if count > len(shown) {
		listed += fmt.Sprintf("; and %d more", count-len(shown))
	}
	s.cfg.logger.Warn("jsonfile: records of the database file point at records that do not exist; they are loaded as they are, "+
		"and a write that sends such a field must make it point at a record",
		"path", s.path, "resource", refs[0].resource, "count", count, "records", listed)
}

// pointsAtRecord reports whether v, a value of ref's field, names a record
// of ref's target. A failed lookup counts as found: the warning is a help,
// not a check.
func pointsAtRecord(tx adapter.Tx, ref reference, v any) bool {
	if ref.byKey {
		ok, err := adapter.Exists(tx, ref.target, v)
		return ok || err != nil
	}
	page, err := tx.List(ref.target, &adapter.Query{
		Filters: []adapter.Filter{{Field: ref.targetField, Type: ref.targetType, Op: adapter.OpEq, Values: []any{v}}},
		PerPage: 1,
	})
	return err != nil || page.Total > 0
}
