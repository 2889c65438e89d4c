package postgres

import (
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
)

// gen builds the SQL of one List: a WHERE clause and an ORDER BY list that
// give the answer adapter.Query.Match and adapter.CompareRecords give in
// Go. Values and field names from the query are always bound as
// parameters; only quoted identifiers from the layout are spliced in.
//
// Every predicate it returns is a boolean expression that is never NULL, so
// that NOT and OR combine them as Go's boolean operators do.
type gen struct {
	t    *table
	fold string
	args []any
}

// sqlFalse is the predicate that never holds.
const sqlFalse = "false"

// arg binds v and returns its placeholder cast to typ. The placeholder is a
// marker that finish numbers: a predicate may bind a value it ends up not
// using, and PostgreSQL refuses parameters a statement never references.
func (g *gen) arg(v any, typ string) string {
	g.args = append(g.args, v)
	return "$\x00" + strconv.Itoa(len(g.args)-1) + "\x00::" + typ
}

// finish numbers the placeholders of sql in order of appearance and
// returns it with the values they reference. The marker's NUL byte cannot
// occur anywhere else in a statement: identifiers are sanitized of it and
// every value is a parameter.
func (g *gen) finish(sql string) (string, []any) {
	var b strings.Builder
	var args []any
	numbers := map[string]int{}
	for {
		i := strings.Index(sql, "$\x00")
		if i < 0 {
			b.WriteString(sql)
			return b.String(), args
		}
		j := strings.IndexByte(sql[i+2:], 0) + i + 2
		idx := sql[i+2 : j]
		n, ok := numbers[idx]
		if !ok {
			k, _ := strconv.Atoi(idx)
			args = append(args, g.args[k])
			n = len(args)
			numbers[idx] = n
		}
		b.WriteString(sql[:i])
		b.WriteString("$" + strconv.Itoa(n))
		sql = sql[j+1:]
	}
}

// ref is where the value of one field lives in a row. The field's name is
// bound as a parameter on first use only, since PostgreSQL refuses
// parameters a statement never references.
type ref struct {
	g     *gen
	field string
	c     *column // nil for an undeclared field
	name  string  // the placeholder of the field's name, once bound
}

func (g *gen) ref(field string) *ref {
	return &ref{g: g, field: field, c: g.t.byField[field]}
}

// x is the field's entry in _extra: an undeclared field, or a declared one
// whose value does not fit its column. A name that text cannot hold is
// never a key of _extra (such fields live in _exact only): its entry is
// NULL, so the field reads as missing.
func (r *ref) x() string {
	if !storable(r.field) {
		return "(NULL::jsonb)"
	}
	if r.name == "" {
		if r.c != nil {
			// A declared name, which namePattern limits to letters, digits,
			// '_' and '-', is spelled out: with a constant key the planner
			// simplifies the expressions of a prepared statement's generic
			// plan as it does those of a custom one.
			r.name = "'" + r.field + "'::text"
		} else {
			r.name = r.g.arg(r.field, "text")
		}
	}
	return "(" + colExtra + " -> " + r.name + ")"
}

// instant is the instant of the field's value when it is a string that
// adapter.Instant reads as a date, and NULL otherwise (see _inst).
func (r *ref) instant() string {
	if !storable(r.field) {
		return "(NULL::numeric)"
	}
	r.x()
	return "((" + colInst + " -> " + r.name + ")::numeric)"
}

// guard is, for a primary key, the predicate "the key column holds the
// value itself" (rather than the key form of a value kept in _extra), and
// "" for other fields, whose column is NULL when _extra holds the value.
func (r *ref) guard() string {
	if r.c == nil || !r.c.pk {
		return ""
	}
	r.x()
	return "NOT (" + colExtra + " ? " + r.name + ")"
}

// present is the predicate "the field is present and not null".
func (g *gen) present(r *ref) string {
	switch {
	case r.c == nil:
		return "coalesce(jsonb_typeof(" + r.x() + ") <> 'null', false)"
	case r.c.pk:
		return "true"
	default:
		return "(" + r.c.ident + " IS NOT NULL OR coalesce(jsonb_typeof(" + r.x() + ") <> 'null', false))"
	}
}

// where returns the predicate of every filter and the search of q.
func (g *gen) where(q *adapter.Query) string {
	if q == nil {
		return "true"
	}
	parts := make([]string, 0, len(q.Filters)+1)
	for i := range q.Filters {
		parts = append(parts, g.filter(&q.Filters[i]))
	}
	if q.Search != "" {
		parts = append(parts, g.search(q.Search, q.SearchSkip))
	}
	if len(parts) == 0 {
		return "true"
	}
	return strings.Join(parts, " AND ")
}
