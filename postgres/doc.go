// Package postgres is a pretendo storage adapter that keeps every resource
// in a PostgreSQL table, so that several servers (CI shards, a shared
// staging mock, separate processes) can serve one set of data and see each
// other's writes, with the database enforcing keys and references between
// them.
//
//	db, err := postgres.Open(ctx, "postgres://user@127.0.0.1:5432/app?sslmode=disable")
//	if err != nil { ... }
//	srv, err := pretendo.Open(spec, pretendo.WithAdapter(db))
//
// # Tables
//
// Initialize creates, unless they exist, one table per resource named
// <prefix><resource> (the prefix is "pretendo_" unless [WithPrefix] says
// otherwise) and <prefix>_state, which holds each resource's id counter
// (the largest number key ever stored; only Restore and Reset lower it) and
// last modification. A resource's table has:
//
//   - a typed column per declared field, named after it: text COLLATE "C"
//     for string and uuid, bigint for integer and number primary keys,
//     double precision for number, boolean, jsonb for object and array, and
//     for date the text as given plus "_t_<field>", its instant as numeric
//     seconds since the epoch to the nanosecond;
//   - _seq, the insertion order; _extra (jsonb), the undeclared fields and
//     any declared value that does not fit its column (a number in a string
//     field, a fraction in an integer field); _exact and _absent, which make
//     records round-trip exactly (see below); _inst (jsonb), the instant of
//     every string value that is a date (adapter.Instant), by field, which
//     queries on undeclared fields order by. A table created before _inst
//     existed gets it, filled, at Initialize.
//
// The primary key is a PRIMARY KEY, a unique field a UNIQUE constraint (on
// the instant, for dates), and a reference to a primary key or unique field
// a FOREIGN KEY with ON DELETE CASCADE (cascade), SET NULL (nullify) or NO
// ACTION (restrict, checked when the statement ends). The server checks all
// of these itself inside each write transaction; the database's
// constraints are the safety net across processes and against raw SQL.
// [WithForeignKeys](false) leaves the foreign keys out, for callers that use
// the adapter as plain storage (the adaptertest kit does). Reference fields
// and the declared fields named in indexedFields are indexed; undeclared
// ones are queried all the same, without an index.
//
// Initialize loads its initial state when the tables of the spec's
// resources hold no record and their id counters are zero, whatever the
// tables of other specs' resources under the same prefix hold; otherwise
// it keeps what is stored for all of them and logs the resources kept
// ([WithLogger]).
//
// A spec may grow: fields declared since the tables were created get new
// columns, filled from the records that held them as undeclared fields. A
// column whose type the spec changes is an error at Initialize; drop the
// tables or use another prefix. Removing a field hides its stored values.
//
// # Records
//
// Records read back exactly as written. PostgreSQL text cannot hold U+0000
// and jsonb drops the sign of negative zero, so values holding either keep
// an exact JSON copy in _exact; queries see such strings with U+FFFD in
// place of U+0000. Invalid UTF-8 is read as U+FFFD, as encoding/json does.
// _absent names the declared fields a record lacks, telling them from null
// ones. A primary key must be a valid key (adapter.Key) that the key column
// can hold: a number, or a string of digits, for a number key; a string
// without U+0000 for a string key.
//
// # Queries
//
// List translates filters, search, sort and paging to one SQL statement
// with bind parameters only (identifiers come from the spec and are
// quoted), and gives the answer adapter.Query.Match and
// adapter.CompareRecords give: a missing or null value fails every operator
// but ne, nin and exists=false and sorts last both ways; records come in
// insertion order unless sorted; dates compare as instants; contains on an
// array is membership. Strings compare bytewise; the i: prefix and search
// lower-case both sides with lower() under the collation pg_c_utf8
// (PostgreSQL 17 and later) or und-x-icu (ICU), else the database default,
// which for a few characters (the Kelvin sign, the dotted capital I, ...)
// folds differently from Go. Date strings that do not parse sort after
// the ones that do; so do the strings of undeclared fields that are not
// dates, and filter values read per record (adapter.Untyped) are compared
// by each stored value's JSON type. A filter value that text cannot hold
// (U+0000, invalid UTF-8) is compared as bytes; a field whose name text
// cannot hold (kept in _exact only) reads as missing.
//
// DB does not implement adapter.Versioner: another process may write at
// any time, so the server's response cache stays off.
//
// # Transactions
//
// View runs in a read-only REPEATABLE READ transaction. Update, Restore,
// Reset and Initialize lock the state table (SHARE ROW EXCLUSIVE), so the
// writers of one prefix run one at a time in every process, while readers
// never wait; an Update reads the id counters after taking that lock, so
// two processes never hand out one id. Each write of an Update runs under a
// savepoint: a failed one leaves the transaction usable. Restore and Reset
// replace every row in one transaction (DELETE, then COPY), so readers see
// the old state or the new. The initial state for Reset is kept in memory
// by each DB.
//
// # Round trips
//
// Statements are prepared once per connection (pgx's statement cache) and
// pipelined. A View's transaction begins in the same round trip as its
// first read, so a View that reads one record costs one round trip, as a
// bare query does; one that reads nothing costs none. When the View
// returns, its connection keeps the read transaction open and goes to the
// call waiting longest for a connection, or to the next one within 50 ms,
// which ends that transaction in the same round trip as its own first
// statement (a View, with ROLLBACK AND CHAIN, which also begins its own);
// a connection idle longer has it ended and goes back to the
// pool (Close ends them all). Calls beyond the pool's size wait in line,
// first come first served. The Updates of one DB wait their turn in the
// process, holding no connection, so that one at a time waits for the
// writers' lock in PostgreSQL. An Update takes
// three round trips for one write: BEGIN, the lock and the counters; the
// write under its savepoint (releasing the one before); the counters,
// modification times (one UPDATE by primary key for each resource written)
// and COMMIT. Exists reads no record. The pool's size
// is pgx's default unless the DSN says (pool_max_conns=N).
//
// # Indexes
//
// A filter on a declared field reads an index on its column: the
// predicate on the typed column is written so that the index serves it,
// and the values kept in _extra (where the column is NULL) are found
// through the same index as NULLs. A page of all the records sorted by one
// declared field with an index (a number, boolean or string; a date, by
// its instant) is read in the order of that index, merged with the
// records whose value the column does not hold, and counted apart; a page
// of filtered records is counted as it is sorted. Initialize and Restore
// gather the statistics of a table they load 1000 rows or more into.
//
// # Errors
//
// Reads of an unknown resource or record wrap adapter.ErrNotFound. A
// duplicate primary key or unique value (SQLSTATE 23505) and a foreign key
// violation (23503: a reference to no record, or a delete that a restrict
// reference forbids) wrap adapter.ErrConflict, with the *pgconn.PgError
// reachable through errors.As. Every method wraps adapter.ErrClosed after
// Close and returns the context's error when it is done.
package postgres
