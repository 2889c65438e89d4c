// Package adaptertest is a conformance kit for implementations of
// adapter.DatabaseAdapter, in the spirit of testing/fstest.
//
// An adapter package runs the whole kit from one test:
//
//	func TestConformance(t *testing.T) {
//		adaptertest.Run(t, func(t *testing.T) adapter.DatabaseAdapter { return mydb.New() })
//	}
//
// [Run] creates a fresh adapter for every subtest, initializes it with the
// spec and data of [Fixture], and checks what the adapter contract promises:
// reads and writes through View and Update, sentinel errors, rollback of a
// failed Update, every query operator, case folding, search, sorting with
// missing values last, queries on undeclared fields (values read per record
// by their JSON type, dates as instants), paging, copy semantics, id counters, Backup, Restore,
// Reset, Stats, concurrency (run the kit with -race), cancelled contexts and
// Close. Subtests run one after another, so adapters sharing an external
// database can clear it in the constructor; the adapter is closed when its
// subtest ends.
package adaptertest
