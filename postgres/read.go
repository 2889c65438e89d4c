package postgres

import (
	"context"
	"math"

	"github.com/jackc/pgx/v5"

	"github.com/pretendo-go/pretendo/adapter"
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
}

// listSQL builds the statement of List q on t: the matching records in
// q's order and page, with the number of matches counted by a window
// function in the same statement.
func listSQL(l *layout, t *table, q *adapter.Query) listStatement {
	g := &gen{t: t, fold: l.fold}
	st := listStatement{g: g, where: g.where(q)}
	var keys []adapter.SortKey
	if q != nil {
		keys = q.Sort
	}
	sql := "SELECT " + t.selectList + ", count(*) OVER () FROM " + t.ident + " WHERE " + st.where + " ORDER BY " + g.orderBy(keys)
	if q != nil && q.PerPage > 0 {
		page := int64(max(q.Page, 1))
		perPage := int64(q.PerPage)
		if page-1 > math.MaxInt64/perPage {
			return st
		}
		st.offset = (page - 1) * perPage
		sql += " LIMIT " + g.arg(perPage, "bigint") + " OFFSET " + g.arg(st.offset, "bigint")
	}
	st.sql, st.args = g.finish(sql)
	return st
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
	dest := append(s.dest, &total)
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
