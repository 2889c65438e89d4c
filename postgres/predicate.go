package postgres

import (
	"math"
	"slices"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// filter translates one filter, after adapter.Filter.Match.
func (g *gen) filter(f *adapter.Filter) string {
	r := g.ref(f.Field)
	switch f.Op {
	case adapter.OpEq, adapter.OpIn:
		return g.any(r, f, adapter.OpEq)
	case adapter.OpNe, adapter.OpNin:
		return "(NOT " + g.present(r) + " OR NOT " + g.any(r, f, adapter.OpEq) + ")"
	case adapter.OpExists:
		if len(f.Values) == 0 {
			return sqlFalse
		}
		switch f.Values[0] {
		case true:
			return g.present(r)
		case false:
			return "(NOT " + g.present(r) + ")"
		}
		return sqlFalse
	case adapter.OpGt, adapter.OpGte, adapter.OpLt, adapter.OpLte:
		if len(f.Values) == 0 {
			return sqlFalse
		}
		return g.value(r, f.Op, f.Values[0], f.Type, f.Fold)
	case adapter.OpContains:
		return g.any(r, f, adapter.OpContains)
	case adapter.OpStartsWith, adapter.OpEndsWith:
		return g.any(r, f, f.Op)
	}
	return sqlFalse
}

// any is the predicate "the value satisfies op for one of f's values".
// A null value is skipped: no present value equals it (adapter.Equal),
// though an array can contain one.
func (g *gen) any(r *ref, f *adapter.Filter, op adapter.Op) string {
	var parts []string
	for _, w := range f.Values {
		if w == nil && op != adapter.OpContains {
			continue
		}
		_, isStr := w.(string)
		_, isUntyped := w.(adapter.Untyped)
		if !isStr && !isUntyped && (op == adapter.OpStartsWith || op == adapter.OpEndsWith) {
			continue
		}
		if p := g.value(r, op, w, f.Type, f.Fold); p != sqlFalse {
			parts = append(parts, p)
		}
	}
	return or(parts)
}

// or joins predicates; none is false.
func or(parts []string) string {
	switch len(parts) {
	case 0:
		return sqlFalse
	case 1:
		return parts[0]
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// value is the predicate "the present value of r satisfies op w", where op
// is eq (adapter.Equal), a comparison (adapter.Compare), contains,
// startsWith or endsWith.
func (g *gen) value(r *ref, op adapter.Op, w any, typ string, fold bool) string {
	if u, ok := w.(adapter.Untyped); ok {
		// Read by the stored value's type: each reading only ever holds for
		// values of its own JSON type.
		parts := []string{g.value(r, op, u.Text(), typ, fold)}
		if f, ok := u.Number(); ok {
			parts = append(parts, g.value(r, op, f, typ, fold))
		}
		if b, ok := u.Bool(); ok {
			parts = append(parts, g.value(r, op, b, typ, fold))
		}
		return or(slices.DeleteFunc(parts, func(p string) bool { return p == sqlFalse }))
	}
	if s, isStr := w.(string); isStr && typ == "" && op != adapter.OpEq && comparison(op) {
		return g.untypedOrder(r, op, s, fold)
	}
	var parts []string
	if r.c != nil {
		if p := g.column(r.c, op, w, typ, fold); p != sqlFalse {
			if r.c.kind == kindJSON {
				p = "coalesce(" + p + ", false)"
			} else {
				// The predicate on a typed column is NULL only where the
				// column is. Spelled this way rather than with coalesce, an
				// index on the column serves it.
				p = "(" + r.c.ident + " IS NOT NULL AND " + p + ")"
			}
			if guard := r.guard(); guard != "" {
				p = "(" + guard + " AND " + p + ")"
			}
			parts = append(parts, p)
		}
	}
	if p := g.json(r.x(), op, w, fold); p != sqlFalse {
		p = "coalesce(" + p + ", false)"
		if r.c != nil && !r.c.pk {
			// _extra holds the value of a declared field only when its
			// column is NULL (see encodeRecord), and IS NULL is a search an
			// index on the column answers: with the arm above, the filter
			// reads two index ranges instead of the whole table.
			p = "(" + r.c.ident + " IS NULL AND " + p + ")"
		}
		parts = append(parts, p)
	}
	return or(parts)
}

// untypedOrder is the predicate "the present value of r, a string, orders
// op the string s" as adapter.Compare orders two strings of an undeclared
// field: strings that are dates (adapter.Instant) before all others, by
// instant; the others bytewise, or lower-cased with fold.
func (g *gen) untypedOrder(r *ref, op adapter.Op, s string, fold bool) string {
	inst := r.instant()
	if tm, isTime := adapter.Instant(s); isTime {
		p := "coalesce(" + inst + " " + sqlOp(op) + " " + g.arg(instantOf(tm), "numeric") + ", false)"
		if holds(op, 1) == sqlFalse {
			return p
		}
		// Every string that is not a date orders after s. startsWith ""
		// holds for exactly the string values.
		return "(" + p + " OR (" + inst + " IS NULL AND " + g.value(r, adapter.OpStartsWith, "", schema.TypeString, false) + "))"
	}
	p := "(" + inst + " IS NULL AND " + g.value(r, op, s, schema.TypeString, fold) + ")"
	if holds(op, -1) == sqlFalse {
		return p
	}
	// Every date orders before s.
	return "(" + inst + " IS NOT NULL OR " + p + ")"
}

// column is the predicate on a typed column (NULL when the column is).
func (g *gen) column(c *column, op adapter.Op, w any, typ string, fold bool) string {
	switch c.kind {
	case kindJSON:
		return g.json(c.ident, op, w, fold)
	case kindText:
		return g.text(c.ident, op, w, fold)
	case kindDate:
		if s, isStr := w.(string); isStr && typ == schema.TypeDate && comparison(op) {
			return g.date(c, op, s)
		}
		return g.text(c.ident, op, w, fold)
	case kindInt:
		f, ok := number(w)
		if !ok || !comparison(op) {
			return sqlFalse
		}
		return g.integer(c.ident, op, f)
	case kindFloat:
		f, ok := number(w)
		if !ok || !comparison(op) {
			return sqlFalse
		}
		if math.IsNaN(f) {
			return nanPredicate(c.ident+" IS NOT NULL", op)
		}
		return c.ident + " " + sqlOp(op) + " " + g.arg(f, "float8")
	case kindBool:
		b, ok := w.(bool)
		if !ok || !comparison(op) {
			return sqlFalse
		}
		return c.ident + " " + sqlOp(op) + " " + g.arg(b, "boolean")
	}
	return sqlFalse
}

// date compares a date column with the string w as adapter.Compare reads
// two date strings: two canonical UTC timestamps bytewise, two that parse
// as instants, one that parses before one that does not, and two that do
// not bytewise. Case never matters to dates.
func (g *gen) date(c *column, op adapter.Op, w string) string {
	tm, parses := adapter.ParseTime(w)
	bytewise := g.text(c.ident, op, w, false)
	sql := "(CASE WHEN " + c.ident + " IS NULL THEN false"
	if adapter.CanonicalUTC(w) {
		sql += " WHEN " + c.ident + " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' THEN " + bytewise
	}
	parsed, otherwise := holds(op, -1), bytewise
	if parses {
		parsed = c.instant + " " + sqlOp(op) + " " + g.arg(instantOf(tm), "numeric")
		otherwise = holds(op, 1)
	}
	sql += " WHEN " + c.instant + " IS NOT NULL THEN " + parsed + " ELSE " + otherwise
	return sql + " END)"
}

// holds reports, in SQL, whether op holds for the comparison result c.
func holds(op adapter.Op, c int) string {
	var ok bool
	switch op {
	case adapter.OpGt:
		ok = c > 0
	case adapter.OpGte:
		ok = c >= 0
	case adapter.OpLt:
		ok = c < 0
	case adapter.OpLte:
		ok = c <= 0
	default:
		ok = c == 0
	}
	if ok {
		return "true"
	}
	return sqlFalse
}

// integer compares a bigint column with the float64 w exactly: an integer
// c is greater than w when it is greater than floor(w), and so on, which
// keeps the comparison on bigint (and its indexes).
func (g *gen) integer(col string, op adapter.Op, w float64) string {
	if math.IsNaN(w) {
		return nanPredicate(col+" IS NOT NULL", op)
	}
	all, none := col+" IS NOT NULL", sqlFalse
	var b float64
	switch op {
	case adapter.OpEq:
		if w != math.Trunc(w) {
			return none
		}
		b = w
	case adapter.OpGt, adapter.OpLte:
		b = math.Floor(w)
	default: // gte, lt
		b = math.Ceil(w)
	}
	switch {
	case b >= 1<<63:
		if op == adapter.OpLt || op == adapter.OpLte {
			return all
		}
		return none
	case b < -(1 << 63):
		if op == adapter.OpGt || op == adapter.OpGte {
			return all
		}
		return none
	}
	return col + " " + sqlOp(op) + " " + g.arg(int64(b), "bigint")
}

// nanPredicate mirrors adapter.Compare against NaN, which orders as equal
// to every number: gte and lte hold, eq, gt and lt do not.
func nanPredicate(isNumber string, op adapter.Op) string {
	if op == adapter.OpGte || op == adapter.OpLte {
		return isNumber
	}
	return sqlFalse
}

// text is the predicate on a text expression: bytewise comparisons
// (COLLATE "C"), or on lower-cased values with fold.
func (g *gen) text(expr string, op adapter.Op, w any, fold bool) string {
	s, ok := w.(string)
	if !ok {
		return sqlFalse
	}
	if !storable(s) {
		if !fold {
			return g.bytes(expr, op, s)
		}
		// strings.ToLower turns invalid UTF-8 into U+FFFD but keeps U+0000.
		if s = strings.ToLower(s); !storable(s) {
			return g.bytes("lower(("+expr+") COLLATE "+g.fold+")", op, s)
		}
	}
	v, p := g.cased(expr, fold), g.cased(g.arg(cleanString(s), "text"), fold)
	switch op {
	case adapter.OpEq, adapter.OpGt, adapter.OpGte, adapter.OpLt, adapter.OpLte:
		return v + " " + sqlOp(op) + " " + p
	case adapter.OpContains:
		return "strpos(" + v + ", " + p + ") > 0"
	case adapter.OpStartsWith:
		return "starts_with(" + v + ", " + p + ")"
	case adapter.OpEndsWith:
		return "right(" + v + ", char_length(" + p + ")) = " + p
	}
	return sqlFalse
}

// bytes is text for a w that text cannot hold (U+0000, invalid UTF-8): it
// compares the UTF-8 bytes of expr with those of w, as Go compares strings.
func (g *gen) bytes(expr string, op adapter.Op, w string) string {
	v, p := "convert_to("+expr+", 'UTF8')", g.arg([]byte(w), "bytea")
	switch op {
	case adapter.OpEq, adapter.OpGt, adapter.OpGte, adapter.OpLt, adapter.OpLte:
		return v + " " + sqlOp(op) + " " + p
	case adapter.OpContains:
		return "position(" + p + " in " + v + ") > 0"
	case adapter.OpStartsWith:
		return "substr(" + v + ", 1, length(" + p + ")) = " + p
	case adapter.OpEndsWith:
		return "substr(" + v + ", greatest(length(" + v + ") - length(" + p + ") + 1, 1)) = " + p
	}
	return sqlFalse
}

// cased returns expr as bytewise-ordered text, lower-cased first with fold.
func (g *gen) cased(expr string, fold bool) string {
	if fold {
		return "(lower((" + expr + ") COLLATE " + g.fold + ") COLLATE \"C\")"
	}
	return "((" + expr + ") COLLATE \"C\")"
}

// json is the predicate on a jsonb expression j holding any JSON value, by
// the value's JSON type as adapter.Equal and adapter.Compare read it. Casts
// sit inside CASE, which (unlike AND) guarantees they only see values of
// the right type.
func (g *gen) json(j string, op adapter.Op, w any, fold bool) string {
	typed := func(t, pred string) string {
		return "(CASE WHEN jsonb_typeof(" + j + ") = '" + t + "' THEN " + pred + " END)"
	}
	if op == adapter.OpContains {
		elem := g.json("e.v", adapter.OpEq, w, fold)
		var parts []string
		if elem != sqlFalse {
			parts = append(parts, typed("array", "EXISTS (SELECT 1 FROM jsonb_array_elements("+j+") AS e(v) WHERE coalesce("+elem+", false))"))
		}
		if _, isStr := w.(string); isStr {
			parts = append(parts, typed("string", g.text(j+" #>> '{}'", op, w, fold)))
		}
		return or(parts)
	}
	switch v := w.(type) {
	case string:
		return typed("string", g.text(j+" #>> '{}'", op, v, fold))
	case bool:
		if !comparison(op) {
			return sqlFalse
		}
		return typed("boolean", "("+j+")::boolean "+sqlOp(op)+" "+g.arg(v, "boolean"))
	case nil:
		if op == adapter.OpEq {
			return "(jsonb_typeof(" + j + ") = 'null')"
		}
		return sqlFalse
	case []any, map[string]any:
		if op != adapter.OpEq {
			return sqlFalse
		}
		clean, _, err := sanitize(v)
		if err != nil {
			return sqlFalse
		}
		b, err := marshal(clean)
		if err != nil {
			return sqlFalse
		}
		return "(" + j + " = " + g.arg(b, "jsonb") + ")"
	}
	f, ok := number(w)
	if !ok || !comparison(op) {
		return sqlFalse
	}
	if math.IsNaN(f) {
		return nanPredicate("(jsonb_typeof("+j+") = 'number')", op)
	}
	return typed("number", "("+j+")::float8 "+sqlOp(op)+" "+g.arg(f, "float8"))
}

// search is the predicate "some top-level string value contains text,
// case-insensitively".
func (g *gen) search(text string, skip []string) string {
	p := g.cased(g.arg(cleanString(text), "text"), true)
	contains := func(expr string) string { return "strpos(" + g.cased(expr, true) + ", " + p + ") > 0" }
	var parts []string
	for _, c := range g.t.cols {
		if slices.Contains(skip, c.field) {
			continue
		}
		var part string
		switch c.kind {
		case kindText, kindDate:
			part = contains(c.ident)
			if c.pk {
				part = "(NOT (" + colExtra + " ? " + g.arg(c.field, "text") + ") AND " + part + ")"
			}
		case kindJSON:
			part = "(jsonb_typeof(" + c.ident + ") = 'string' AND " + contains(c.ident+" #>> '{}'") + ")"
		default:
			continue
		}
		parts = append(parts, "coalesce("+part+", false)")
	}
	skipExtra := ""
	if len(skip) > 0 {
		skipExtra = " AND NOT (e.k = ANY(" + g.arg(skip, "text[]") + "))"
	}
	parts = append(parts, "EXISTS (SELECT 1 FROM jsonb_each("+colExtra+") AS e(k, v) WHERE jsonb_typeof(e.v) = 'string'"+skipExtra+" AND "+contains("e.v #>> '{}'")+")")
	return or(parts)
}

// comparison reports whether op compares one value with another.
func comparison(op adapter.Op) bool {
	switch op {
	case adapter.OpEq, adapter.OpGt, adapter.OpGte, adapter.OpLt, adapter.OpLte:
		return true
	}
	return false
}

// sqlOp is the SQL operator of a comparison.
func sqlOp(op adapter.Op) string {
	switch op {
	case adapter.OpGt:
		return ">"
	case adapter.OpGte:
		return ">="
	case adapter.OpLt:
		return "<"
	case adapter.OpLte:
		return "<="
	}
	return "="
}

// number reads a numeric filter value as adapter.Compare does.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}
