// Package adapter is the storage contract of pretendo, as an implementer sees
// it: the DatabaseAdapter interface, its transactions, and the vocabulary they
// share (Record, Query, State, the sentinel errors).
//
// It plays the part database/sql/driver plays for database/sql: the root
// package re-exports these names with type aliases for users, while adapters
// (memory, jsonfile, or a custom one) import only this package and schema.
//
// # Registration
//
// A spec chooses its store by name (options.database.adapter), and the
// names are found as database/sql finds drivers: the package of an adapter
// calls [Register] from its init function, and a program links an adapter
// only if it imports its package. The memory and jsonfile packages register
// "memory" and "json-file", and the root package imports both; the postgres
// package registers "postgres", so a program that serves PostgreSQL from a
// spec imports it:
//
//	import _ "github.com/pretendo-go/pretendo/postgres"
//
// and one that does not links no PostgreSQL driver. [Open] opens a store by
// name, and says which import is missing when none registered it. A store
// of one's own plugs into a server with pretendo.WithAdapter.
//
// # Transactions
//
// Every read runs in a [Tx] and every write in a [WriteTx]. A write
// transaction is atomic: either all of its changes become visible together
// when its function returns nil, or none do. Readers never see a half-applied
// write. The server runs its constraint checks (unique values, references,
// cascades) inside the same write transaction as the writes they guard, which
// is how concurrent writers can never leave an orphan.
//
// # Ownership
//
// Records passed into an adapter are copied by it (or never retained), and
// records returned from Get and List are the caller's to modify. Records seen
// through [State.Scan] are shared and must not be modified or retained.
package adapter

import (
	"context"
	"errors"
	"time"

	"github.com/pretendo-go/pretendo/schema"
)

// Sentinel errors returned by adapters, matched with errors.Is.
var (
	// ErrNotFound reports a record (or resource) that does not exist.
	ErrNotFound = errors.New("pretendo: record not found")
	// ErrConflict reports a duplicate primary key or unique value, or a
	// write another rule forbids while other records depend on it.
	ErrConflict = errors.New("pretendo: conflict")
	// ErrClosed reports use of an adapter after Close.
	ErrClosed = errors.New("pretendo: adapter closed")
	// ErrValidation reports a record that breaks a field rule, or a value
	// that has no form in the JSON value model (see Normalize).
	ErrValidation = errors.New("pretendo: validation failed")
	// ErrNotSaved reports a change that the adapter could not make durable
	// (a full disk, say) and therefore undid: nothing changed, and the
	// same request may be sent again once storage works.
	ErrNotSaved = errors.New("pretendo: change not saved")
	// ErrSaveFailed reports a save to durable storage that failed (a full
	// disk, say): the stored copy keeps its previous content, and nothing
	// that failure causes changes the state in memory, so the save may be
	// tried again. A change undone for it wraps ErrNotSaved as well.
	ErrSaveFailed = errors.New("pretendo: save failed")
	// ErrUnavailable reports storage that cannot answer at all until it is
	// fixed outside the program: a database file that did not load, say.
	// Every call fails the same way; no request can change that.
	ErrUnavailable = errors.New("pretendo: storage unavailable")
)

// DatabaseAdapter stores the records of every resource of a spec.
//
// It covers the operations of the TypeScript DatabaseAdapter the Go way:
// initialize is Initialize; get, list with query and find related are reads
// inside View; create, update, patch and delete are writes inside Update
// (the server turns a PATCH into a Replace after merging, and a cascading
// delete into several Deletes in one transaction); backup, restore, reset and
// stats are methods of their own.
//
// All methods are safe for concurrent use. Errors wrap [ErrNotFound],
// [ErrConflict] or [ErrClosed] where those apply.
type DatabaseAdapter interface {
	// Initialize prepares storage for the resources of s. If the store
	// already holds data (a json-file on disk, say) that data is kept;
	// otherwise the store starts from initial. Initial is also the state
	// Reset returns to. The adapter must not modify s or initial.
	Initialize(ctx context.Context, s *schema.Spec, initial State) error

	// View runs fn in a read-only transaction that sees one consistent state.
	View(ctx context.Context, fn func(Tx) error) error

	// Update runs fn in a read-write transaction. If fn returns nil every
	// change is committed at once; otherwise none is, and fn's error is
	// returned. Update transactions are serialized.
	Update(ctx context.Context, fn func(WriteTx) error) error

	// Backup returns the current state. The result is immutable: later
	// writes do not change it.
	Backup(ctx context.Context) (State, error)

	// Restore replaces the whole state, id counters included, atomically:
	// a concurrent reader sees the old state or the new one.
	Restore(ctx context.Context, st State) error

	// Reset restores the initial state given to Initialize.
	Reset(ctx context.Context) error

	// Stats reports the record count and last modification of each resource.
	Stats(ctx context.Context) (map[string]ResourceStats, error)

	// Close releases the adapter, flushing any pending writes.
	Close() error
}

// Tx is a read-only view of one consistent state.
type Tx interface {
	// Get returns a copy of the record of resource whose primary key is id,
	// or an error wrapping ErrNotFound.
	Get(resource string, id any) (Record, error)

	// List returns copies of the records of resource that match q, in q's
	// order (insertion order when q sorts nothing), limited to q's page,
	// with the number of matches before paging. A nil q lists everything.
	List(resource string, q *Query) (Page, error)

	// Counter returns the largest number primary key ever stored in
	// resource (0 if none), so that ids are never reused.
	Counter(resource string) int64
}

// WriteTx is a read-write transaction.
type WriteTx interface {
	Tx

	// Insert stores a new record. Its primary key must be set; an existing
	// key is an error wrapping ErrConflict.
	Insert(resource string, rec Record) error

	// Replace stores rec in place of the record with the same primary key,
	// keeping its position, or fails with ErrNotFound.
	Replace(resource string, rec Record) error

	// Delete removes the record whose primary key is id, or fails with
	// ErrNotFound.
	Delete(resource string, id any) error
}

// Exister is implemented by transactions that can tell whether a record
// exists without copying it. Reference and free-id checks use it, through
// Exists, on every write.
type Exister interface {
	// Exists reports whether resource holds a record whose primary key is
	// id.
	Exists(resource string, id any) (bool, error)
}

// Exists reports whether tx holds a record of resource whose primary key is
// id: through Exister when tx implements it, else through Get.
func Exists(tx Tx, resource string, id any) (bool, error) {
	if e, ok := tx.(Exister); ok {
		return e.Exists(resource, id)
	}
	_, err := tx.Get(resource, id)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrNotFound):
		return false, nil
	}
	return false, err
}

// OwnedInserter is implemented by write transactions that can store a
// record without copying it. The server hands over each decoded POST body
// through InsertOwned.
type OwnedInserter interface {
	// InsertOwned is Insert for a record the caller hands over: the
	// transaction may keep rec itself as the stored record, so the caller
	// must not change rec (or any map or slice in it) afterwards. Reading
	// it stays safe.
	InsertOwned(resource string, rec Record) error
}

// InsertOwned stores rec through tx as a new record, handing it over when
// tx implements OwnedInserter and copying it through Insert otherwise.
// Either way the caller must treat rec as read-only afterwards.
func InsertOwned(tx WriteTx, resource string, rec Record) error {
	if o, ok := tx.(OwnedInserter); ok {
		return o.InsertOwned(resource, rec)
	}
	return tx.Insert(resource, rec)
}

// JSONReader is implemented by read transactions that can hand out the JSON
// text of their records, such as a store that keeps each record's text once
// made. The server answers GETs that need no expansion, projection or
// hiding through it, skipping a copy and an encoding of every record.
type JSONReader interface {
	// GetJSON returns the JSON text of the record of resource whose
	// primary key is id, exactly as encoding/json's Marshal writes the
	// record Get returns (keys sorted, HTML characters escaped), with
	// Get's errors. The text may be shared: the caller must not change it.
	GetJSON(resource string, id any) ([]byte, error)
	// ListJSON answers q as List does, with the page's records as JSON
	// text written as GetJSON writes them.
	ListJSON(resource string, q *Query) (JSONPage, error)
}

// ListText answers q on resource through tx: with the records' kept JSON
// text when asText is set and tx keeps it (a JSONReader; texts is then
// non-nil and page holds only the total), else with the records.
func ListText(tx Tx, resource string, q *Query, asText bool) (page Page, texts [][]byte, err error) {
	if jr, ok := tx.(JSONReader); ok && asText {
		tp, err := jr.ListJSON(resource, q)
		if err == nil && tp.Records == nil {
			tp.Records = [][]byte{}
		}
		return Page{Total: tp.Total}, tp.Records, err
	}
	page, err = tx.List(resource, q)
	return page, nil, err
}

// GetText reads the record of resource whose primary key is id through
// tx: as its kept JSON text when asText is set and tx keeps it (a
// JSONReader), else as the record.
func GetText(tx Tx, resource string, id any, asText bool) (Record, []byte, error) {
	if jr, ok := tx.(JSONReader); ok && asText {
		text, err := jr.GetJSON(resource, id)
		return nil, text, err
	}
	rec, err := tx.Get(resource, id)
	return rec, nil, err
}

// JSONPage is a page of records as JSON text (see JSONReader).
type JSONPage struct {
	Records [][]byte
	// Total is the number of records that matched before paging.
	Total int
}

// Saver is implemented by adapters that persist their state outside the
// process (jsonfile). The admin API's save and load use it; for other
// adapters those operations report that there is nothing to save.
type Saver interface {
	// Save writes the current state to durable storage now.
	Save(ctx context.Context) error
	// Load replaces the current state with the stored one.
	Load(ctx context.Context) error
}

// Versioner is implemented by adapters that can tell cheaply whether
// their state may have changed. The server's response cache
// (options.database.optimizations.cacheSize) needs it: a cached response is
// served only while Version returns the number it was made under.
type Versioner interface {
	// Version returns a number that differs after every change.
	Version() uint64
}

// ResourceStats describes one resource for the admin stats endpoint.
type ResourceStats struct {
	Count        int       `json:"count"`
	LastModified time.Time `json:"lastModified"`
}

// Page is one page of a List.
type Page struct {
	Records []Record
	// Total is the number of records that matched before paging.
	Total int
}

// ErrInvalidQuery reports a query that names an unknown field, operator or
// relationship, or holds a value that cannot be read as its field's type.
var ErrInvalidQuery = errors.New("pretendo: invalid query")
