package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/pretendo-go/pretendo/adapter"
)

// encodeState turns st into rows ready for COPY, by resource, and the id
// counter of each resource: the state's own, raised to its largest number
// key. It checks every record has a valid primary key and no two share
// one, naming the resource and the record's position. A nil st is empty.
func encodeState(l *layout, st adapter.State) (map[string][][]any, map[string]int64, error) {
	rows := make(map[string][][]any, len(l.names))
	counters := make(map[string]int64, len(l.names))
	if st == nil {
		return rows, counters, nil
	}
	for _, name := range st.Resources() {
		if _, ok := l.tables[name]; !ok {
			return nil, nil, fmt.Errorf("postgres: state holds resource %q, which the spec does not declare", name)
		}
	}
	for _, name := range l.names {
		t := l.tables[name]
		seen := map[any]int{}
		var err error
		i := 0
		counter := st.Counter(name)
		st.Scan(name, func(rec adapter.Record) bool {
			var e encoded
			if e, err = encodeRecord(t, rec); err != nil {
				err = fmt.Errorf("%s[%d]: %w", name, i, err)
				return false
			}
			if j, dup := seen[e.key]; dup {
				err = fmt.Errorf("postgres: %s[%d]: primary key %q=%v already used by %s[%d]: %w", name, i, t.key.field, e.key, name, j, adapter.ErrConflict)
				return false
			}
			seen[e.key] = i
			if n, ok := counterValue(rec[t.key.field]); ok && n > counter {
				counter = n
			}
			rows[name] = append(rows[name], e.args)
			i++
			return true
		})
		if err != nil {
			return nil, nil, err
		}
		counters[name] = counter
	}
	return rows, counters, nil
}

// analyzeRows is the number of rows loaded at once from which load
// gathers the table's statistics itself.
const analyzeRows = 1000

// load writes rows and counters into the tables of l, deleting what they
// held first when replace is set. Foreign keys are deferred to the commit,
// so the order of resources does not matter.
func (l *layout) load(ctx context.Context, conn pgx.Tx, rows map[string][][]any, counters map[string]int64, now time.Time, replace bool) error {
	if _, err := conn.Exec(ctx, "SET CONSTRAINTS ALL DEFERRED"); err != nil {
		return wrap("deferring constraints", err)
	}
	if replace {
		for _, name := range l.names {
			if _, err := conn.Exec(ctx, "DELETE FROM "+l.tables[name].ident); err != nil {
				return wrap("clearing "+name, err)
			}
		}
	}
	for _, name := range l.names {
		if len(rows[name]) == 0 {
			continue
		}
		t := l.tables[name]
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{t.name}, t.copyColumns(), pgx.CopyFromRows(rows[name])); err != nil {
			return wrap("copying into "+name, err)
		}
		if len(rows[name]) >= analyzeRows {
			// Statistics now, rather than when autovacuum comes by, so
			// that the first queries already read the indexes.
			if _, err := conn.Exec(ctx, "ANALYZE "+t.ident); err != nil {
				return wrap("analyzing "+name, err)
			}
		}
	}
	values := make([]int64, len(l.names))
	for i, name := range l.names {
		values[i] = counters[name]
	}
	_, err := conn.Exec(ctx, "UPDATE "+l.state+" AS s SET counter = v.c, modified = greatest(s.modified, $3::timestamptz)"+
		" FROM unnest($1::text[], $2::bigint[]) AS v(r, c) WHERE s.resource = v.r", l.names, values, now)
	if err != nil {
		return wrap("storing counters", err)
	}
	return nil
}

// stored returns the resources of l whose table holds a record or whose
// id counter is not zero, in spec order. The state rows of resources that
// l does not declare (another spec's, under the same prefix) do not count.
func (l *layout) stored(ctx context.Context, conn pgx.Tx) ([]string, error) {
	if len(l.names) == 0 {
		return nil, nil
	}
	parts := make([]string, len(l.names))
	for i, name := range l.names {
		parts[i] = "SELECT " + strconv.Itoa(i) + " AS i WHERE EXISTS (SELECT 1 FROM " + l.tables[name].ident + ")" +
			" OR EXISTS (SELECT 1 FROM " + l.state + " WHERE resource = $" + strconv.Itoa(i+1) + " AND counter <> 0)"
	}
	args := make([]any, len(l.names))
	for i, name := range l.names {
		args[i] = name
	}
	rows, err := conn.Query(ctx, strings.Join(parts, " UNION ALL ")+" ORDER BY i", args...)
	if err != nil {
		return nil, wrap("looking for stored data", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var i int
		if err := rows.Scan(&i); err != nil {
			return nil, wrap("looking for stored data", err)
		}
		out = append(out, l.names[i])
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("looking for stored data", err)
	}
	return out, nil
}

// statsQuery returns the statement reading every resource's count and
// last modification at once, and its arguments.
func (l *layout) statsQuery() (string, []any) {
	counts := make([]string, len(l.names))
	args := make([]any, len(l.names))
	for i, name := range l.names {
		counts[i] = "SELECT $" + strconv.Itoa(i+1) + "::text AS r, count(*) AS n FROM " + l.tables[name].ident
		args[i] = name
	}
	return "SELECT s.resource, c.n, s.modified FROM " + l.state + " AS s JOIN (" + strings.Join(counts, " UNION ALL ") +
		") AS c ON c.r = s.resource", args
}
