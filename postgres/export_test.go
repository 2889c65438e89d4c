package postgres

import "github.com/pretendo-go/pretendo/adapter"

// ListSQL returns the statement List runs for q on resource, and its
// arguments, so that tests can EXPLAIN it.
func ListSQL(db *DB, resource string, q *adapter.Query) (string, []any) {
	l := db.current()
	st := listSQL(l, l.tables[resource], q)
	return st.sql, st.args
}
