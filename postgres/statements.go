package postgres

import (
	"strconv"
	"strings"
)

// buildStatements prepares the SQL text of t's single-row statements.
//
// Every statement binds its values: the only text spliced in is
// identifiers derived from the spec, quoted. Parameters follow the order of
// encodeRecord's result: the primary key first, then the other columns in
// spec order (a date field followed by its instant), then _extra, _exact,
// _absent and _inst. Reads leave _inst out: it only serves queries.
func (t *table) buildStatements() {
	var cols, vals, sets, sel []string
	n := 0
	param := func(typ string) string {
		n++
		return "$" + strconv.Itoa(n) + "::" + typ
	}
	for _, c := range t.storageOrder() {
		p := param(c.kind.sqlType())
		cols = append(cols, c.ident)
		vals = append(vals, p)
		if !c.pk {
			sets = append(sets, c.ident+" = "+p)
		}
		sel = append(sel, c.ident)
		if c.instant != "" {
			p := param("numeric")
			cols = append(cols, c.instant)
			vals = append(vals, p)
			sets = append(sets, c.instant+" = "+p)
		}
	}
	for _, internal := range []struct{ name, typ string }{{colExtra, "jsonb"}, {colExact, "bytea"}, {colAbsent, "text[]"}, {colInst, "jsonb"}} {
		p := param(internal.typ)
		cols = append(cols, internal.name)
		vals = append(vals, p)
		sets = append(sets, internal.name+" = "+p)
		if internal.name != colInst {
			sel = append(sel, internal.name)
		}
	}
	keyParam := "$1::" + t.key.kind.sqlType()
	t.selectList = strings.Join(sel, ", ")
	t.insertSQL = "INSERT INTO " + t.ident + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
	t.updateSQL = "UPDATE " + t.ident + " SET " + strings.Join(sets, ", ") + " WHERE " + t.key.ident + " = " + keyParam
	t.deleteSQL = "DELETE FROM " + t.ident + " WHERE " + t.key.ident + " = " + keyParam
	t.getSQL = "SELECT " + t.selectList + " FROM " + t.ident + " WHERE " + t.key.ident + " = " + keyParam
	t.existsSQL = "SELECT EXISTS (SELECT 1 FROM " + t.ident + " WHERE " + t.key.ident + " = " + keyParam + ")"
}

// storageOrder returns the declared columns with the primary key first.
func (t *table) storageOrder() []*column {
	out := make([]*column, 0, len(t.cols))
	out = append(out, t.key)
	for _, c := range t.cols {
		if !c.pk {
			out = append(out, c)
		}
	}
	return out
}

// copyColumns lists the column names COPY writes, in encodeRecord order.
func (t *table) copyColumns() []string {
	var out []string
	for _, c := range t.storageOrder() {
		out = append(out, shorten(c.field))
		if c.instant != "" {
			out = append(out, shorten("_t_"+c.field))
		}
	}
	return append(out, "_extra", "_exact", "_absent", "_inst")
}
