package postgres

import (
	"context"

	"github.com/pretendo-go/pretendo/adapter"
)

// ListSQL returns the statement List runs for q on resource, and its
// arguments, so that tests can EXPLAIN it.
func ListSQL(db *DB, resource string, q *adapter.Query) (string, []any) {
	l := db.current()
	st := listSQL(l, l.tables[resource], q)
	return st.sql, st.args
}

// ViewSettings parks a View's connection, then reports, from the
// transaction of the next View's session, whether it is read-only and its
// isolation level, as PostgreSQL states them.
func ViewSettings(ctx context.Context, db *DB) (readOnly, isolation string, err error) {
	if err := db.View(ctx, func(tx adapter.Tx) error {
		_, err := tx.(adapter.Exister).Exists(db.current().names[0], 1.0)
		return err
	}); err != nil {
		return "", "", err
	}
	s := &session{db: db, begin: beginRead}
	defer s.end(true)
	err = s.QueryRow(ctx, "SELECT current_setting('transaction_read_only'), current_setting('transaction_isolation')").Scan(&readOnly, &isolation)
	return readOnly, isolation, err
}
