package postgres

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// querier is what reads need of a connection or transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// listStatement is the SQL of one List and its arguments.
type listStatement struct {
	g      *gen
	where  string
	sql    string // "" when the page lies beyond any count: only count runs
	args   []any
	offset int64
	// counted is set when each row carries the number of matches; without
	// paging every match is a row.
	counted bool
}

// listSQL builds the statement of List q on t: the matching records in
// q's order and page, each row with the number of matches.
func listSQL(l *layout, t *table, q *adapter.Query) listStatement {
	g := &gen{t: t, fold: l.fold}
	st := listStatement{g: g, where: g.where(q)}
	var keys []adapter.SortKey
	if q != nil {
		keys = q.Sort
	}
	if q == nil || q.PerPage <= 0 {
		st.sql, st.args = g.finish("SELECT " + t.selectList + " FROM " + t.ident + " WHERE " + st.where + " ORDER BY " + g.orderBy(keys))
		return st
	}
	page := int64(max(q.Page, 1))
	perPage := int64(q.PerPage)
	if page-1 > math.MaxInt64/perPage || (page-1)*perPage > math.MaxInt64-perPage {
		return st
	}
	st.offset = (page - 1) * perPage
	st.counted = true
	limit := " LIMIT " + g.arg(perPage, "bigint") + " OFFSET " + g.arg(st.offset, "bigint")
	var sql string
	if len(q.Filters) > 0 || q.Search != "" {
		// The matches of a filter are usually few (and found through an
		// index): one pass counts them as it sorts them.
		sql = "SELECT " + t.selectList + ", count(*) OVER () FROM " + t.ident + " WHERE " + st.where + " ORDER BY " + g.orderBy(keys) + limit
	} else {
		// Every record matches: the count reads them once, narrowly, and
		// the page reads only its own rows, in the order of an index when
		// one serves the sort (_seq's when nothing is sorted).
		sel := "SELECT " + t.selectList + ", (SELECT count(*) FROM " + t.ident + ")"
		if c, desc, ok := indexOrder(t, keys); ok {
			sql = sel + " FROM " + g.indexedPage(c, desc, keys[0], st.where, st.offset+perPage) + limit
		} else {
			sql = sel + " FROM " + t.ident + " ORDER BY " + g.orderBy(keys) + limit
		}
	}
	st.sql, st.args = g.finish(sql)
	return st
}

// indexOrder returns the column of keys when they are one key on a
// declared field whose index orders its typed values as adapter.Compare
// does: a number or boolean column, a string one (bytewise, as the column
// collates), or a date one sorted as dates (by its instant column). The
// primary key is left out: its column may hold the key form of a value
// whose order is another's (see guard).
func indexOrder(t *table, keys []adapter.SortKey) (*column, bool, bool) {
	if len(keys) != 1 || keys[0].Type == "" {
		return nil, false, false
	}
	c := t.byField[keys[0].Field]
	if c == nil || c.pk || !(c.indexed || c.unique) {
		return nil, false, false
	}
	switch c.kind {
	case kindInt, kindFloat, kindBool, kindText:
	case kindDate:
		if keys[0].Type != schema.TypeDate {
			return nil, false, false
		}
	default:
		return nil, false, false
	}
	return c, keys[0].Desc, true
}

// indexedPage returns the rows a page sorted by the one key k on column c
// is taken from: the first n in k's order of the rows whose value the
// column orders (holds, for a date: holds as an instant), read in the
// order of c's index, merged with the first n of the others (values of
// another type, kept in _extra, nulls, dates that do not parse), which
// the column's index finds as NULLs. Both parts carry the full sort
// expressions, which order the merge.
func (g *gen) indexedPage(c *column, desc bool, k adapter.SortKey, where string, n int64) string {
	exprs := g.sortExprs(g.ref(k.Field), k.Type)
	dir, simple := " ASC NULLS LAST", " ASC"
	if desc {
		dir, simple = " DESC NULLS LAST", " DESC"
	}
	col := c.ident
	if c.kind == kindDate {
		col = c.instant
	}
	outs := make([]string, len(exprs))
	order := make([]string, len(exprs))
	for i, e := range exprs {
		name := `"_s` + strconv.Itoa(i) + `"`
		outs[i] = e + " AS " + name
		order[i] = name + dir
	}
	order = append(order, colSeq+" ASC")
	part := "SELECT " + g.t.selectList + ", " + colSeq + ", " + strings.Join(outs, ", ") + " FROM " + g.t.ident + " WHERE " + where
	limit := " LIMIT " + g.arg(n, "bigint")
	// Within the first part every sort expression but the column's value
	// is constant, and the column orders as the expressions do.
	typed := "(" + part + " AND " + col + " IS NOT NULL ORDER BY " + col + simple + ", " + colSeq + " ASC" + limit + ")"
	others := "(" + part + " AND " + col + " IS NULL ORDER BY " + strings.Join(order, ", ") + limit + ")"
	return "(" + typed + " UNION ALL " + others + ") AS u ORDER BY " + strings.Join(order, ", ")
}

// list runs one List: the matching records of t in q's order and page,
// with the number of matches (counted by a second statement when the page
// is past the end).
func list(ctx context.Context, conn querier, l *layout, t *table, q *adapter.Query) (adapter.Page, error) {
	st := listSQL(l, t, q)
	if st.sql == "" {
		return count(ctx, conn, st.g, st.where)
	}
	rows, err := conn.Query(ctx, st.sql, st.args...)
	if err != nil {
		return adapter.Page{}, wrap("list "+t.resource, err)
	}
	defer rows.Close()
	s := newScanned(t)
	var total int64
	dest := s.dest
	if st.counted {
		dest = append(dest, &total)
	}
	page := adapter.Page{Records: []adapter.Record{}}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return adapter.Page{}, wrap("list "+t.resource, err)
		}
		rec, err := s.record(t)
		if err != nil {
			return adapter.Page{}, err
		}
		page.Records = append(page.Records, rec)
	}
	if err := rows.Err(); err != nil {
		return adapter.Page{}, wrap("list "+t.resource, err)
	}
	if len(page.Records) == 0 && st.offset > 0 {
		return count(ctx, conn, st.g, st.where)
	}
	page.Total = int(total)
	if !st.counted {
		page.Total = len(page.Records)
	}
	return page, nil
}

// count returns an empty page with the number of records matching where.
func count(ctx context.Context, conn querier, g *gen, where string) (adapter.Page, error) {
	t := g.t
	sql, args := g.finish("SELECT count(*) FROM " + t.ident + " WHERE " + where)
	var n int64
	if err := conn.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		return adapter.Page{}, wrap("count "+t.resource, err)
	}
	return adapter.Page{Records: []adapter.Record{}, Total: int(n)}, nil
}

// readCounters returns the stored id counter of every resource.
func readCounters(ctx context.Context, conn querier, l *layout) (map[string]int64, error) {
	rows, err := conn.Query(ctx, countersSQL(l))
	out, err := scanCounters(rows, err, len(l.names))
	if err != nil {
		return nil, wrap("reading counters", err)
	}
	return out, nil
}

// countersSQL reads every resource's id counter.
func countersSQL(l *layout) string {
	return "SELECT resource, counter FROM " + l.state
}

// scanCounters reads the answer of countersSQL.
func scanCounters(rows pgx.Rows, err error, n int) (map[string]int64, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, n)
	var name string
	var c int64
	_, err = pgx.ForEachRow(rows, []any{&name, &c}, func() error {
		out[name] = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readAll returns every record of t in insertion order.
func readAll(ctx context.Context, conn querier, t *table) ([]adapter.Record, error) {
	rows, err := conn.Query(ctx, "SELECT "+t.selectList+" FROM "+t.ident+" ORDER BY "+colSeq)
	if err != nil {
		return nil, wrap("reading "+t.resource, err)
	}
	defer rows.Close()
	s := newScanned(t)
	var out []adapter.Record
	for rows.Next() {
		if err := rows.Scan(s.dest...); err != nil {
			return nil, wrap("reading "+t.resource, err)
		}
		rec, err := s.record(t)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("reading "+t.resource, err)
	}
	return out, nil
}
