package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/adaptertest"
	"github.com/pretendo-go/pretendo/postgres"
)

// dsnEnv names the variable holding the DSN of the test database.
const dsnEnv = "PRETENDO_POSTGRES_DSN"

// dsn returns the test database's DSN, or skips the test.
func dsn(tb testing.TB) string {
	tb.Helper()
	d := os.Getenv(dsnEnv)
	if d == "" {
		tb.Skip("set PRETENDO_POSTGRES_DSN (see .ci/postgres.sh) to run the PostgreSQL tests")
	}
	return d
}

// newPrefix returns a table prefix no other test uses, and drops every
// table carrying it when the test ends.
func newPrefix(tb testing.TB) string {
	tb.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	prefix := "t" + hex.EncodeToString(b) + "_"
	d := dsn(tb)
	tb.Cleanup(func() { dropPrefix(tb, d, prefix) })
	return prefix
}

// dropPrefix drops the tables whose names start with prefix.
func dropPrefix(tb testing.TB, d, prefix string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, d)
	if err != nil {
		tb.Errorf("dropping %s*: %v", prefix, err)
		return
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, $1)", prefix)
	if err != nil {
		tb.Errorf("dropping %s*: %v", prefix, err)
		return
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		tb.Errorf("dropping %s*: %v", prefix, err)
		return
	}
	for _, name := range names {
		if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE"); err != nil {
			tb.Errorf("dropping %s: %v", name, err)
		}
	}
}

// open returns a DB on a fresh prefix, not initialized, closed at the end.
func open(tb testing.TB, opts ...postgres.Option) *postgres.DB {
	tb.Helper()
	return openPrefix(tb, newPrefix(tb), opts...)
}

// openPrefix returns a DB on prefix, not initialized, closed at the end.
func openPrefix(tb testing.TB, prefix string, opts ...postgres.Option) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), dsn(tb), append([]postgres.Option{postgres.WithPrefix(prefix)}, opts...)...)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	dsn(t)
	// The kit uses an adapter as plain storage: it deletes records that
	// others reference, which foreign keys would refuse.
	adaptertest.Run(t, func(t *testing.T) adapter.DatabaseAdapter { return open(t, postgres.WithForeignKeys(false)) })
}
