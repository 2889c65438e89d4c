package postgres

import (
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// orderBy returns the ORDER BY items of keys, ending with insertion order.
func (g *gen) orderBy(keys []adapter.SortKey) string {
	var items []string
	for _, k := range keys {
		dir := " ASC NULLS LAST"
		if k.Desc {
			dir = " DESC NULLS LAST"
		}
		for _, e := range g.sortExprs(g.ref(k.Field), k.Type) {
			items = append(items, e+dir)
		}
	}
	return strings.Join(append(items, colSeq+" ASC"), ", ")
}

// sortExprs returns the expressions one sort key orders by, after
// adapter.Compare: first the kind of the value (bool, number, string,
// array, object; NULL for missing or null, which sorts last both ways),
// then its value within its kind. Dates that parse order by instant,
// before the date strings that do not, which order bytewise; so do the
// strings of undeclared fields (type ""), by the instants of _inst.
func (g *gen) sortExprs(r *ref, typ string) []string {
	x := r.x()
	if c := r.c; c != nil && !c.pk && c.kind != kindJSON {
		// _extra holds a declared field only where its column is NULL:
		// rows with a value in the column skip reading _extra.
		x = "(CASE WHEN " + c.ident + " IS NULL THEN " + x + " END)"
	}
	rank := func(j string) string {
		return "CASE jsonb_typeof(" + j + ") WHEN 'boolean' THEN 1 WHEN 'number' THEN 2 WHEN 'string' THEN 3 WHEN 'array' THEN 4 WHEN 'object' THEN 5 END"
	}
	when := func(j, t, expr string) string {
		return "CASE WHEN jsonb_typeof(" + j + ") = '" + t + "' THEN " + expr + " END"
	}
	jnum := func(j string) string { return when(j, "number", "("+j+")::float8") }
	jstr := func(j string) string { return when(j, "string", j+" #>> '{}'") }
	jbool := func(j string) string { return when(j, "boolean", "("+j+")::boolean") }
	jcomp := func(j string) string {
		return "CASE WHEN jsonb_typeof(" + j + ") IN ('array', 'object') THEN (" + j + ")::text END"
	}
	coalesce := func(a, b string) string { return "coalesce(" + a + ", " + b + ")" }
	// The kind, the boolean, the number, the string and the JSON text of
	// arrays and objects; instant is the instant strings order by first.
	kind, boolean, num, str, comp := rank(x), jbool(x), jnum(x), jstr(x), jcomp(x)
	instant := ""
	if c := r.c; c != nil {
		col := c.ident
		if guard := r.guard(); guard != "" {
			col = "(CASE WHEN " + guard + " THEN " + c.ident + " END)"
		}
		switch c.kind {
		case kindJSON:
			kind, boolean, num = coalesce(kind, rank(col)), coalesce(boolean, jbool(col)), coalesce(num, jnum(col))
			str, comp = coalesce(str, jstr(col)), coalesce(comp, jcomp(col))
		case kindBool:
			kind, boolean = coalesce(kind, "CASE WHEN "+col+" IS NOT NULL THEN 1 END"), coalesce(boolean, col)
		case kindInt, kindFloat:
			kind, num = coalesce(kind, "CASE WHEN "+col+" IS NOT NULL THEN 2 END"), coalesce(num, col+"::float8")
		default: // text and dates
			kind, str = coalesce(kind, "CASE WHEN "+col+" IS NOT NULL THEN 3 END"), coalesce(str, col)
			if c.kind == kindDate && typ == schema.TypeDate {
				// Equal instants are equal, whatever their text: ties keep
				// insertion order.
				instant = c.instant
			}
		}
	}
	if typ == "" {
		instant = r.instant()
	}
	out := []string{kind, boolean, num}
	if instant != "" {
		out = append(out, "("+instant+" IS NULL)", instant)
		str = "CASE WHEN " + instant + " IS NULL THEN " + str + " END"
	}
	return append(out, "("+str+") COLLATE \"C\"", "("+comp+") COLLATE \"C\"")
}
