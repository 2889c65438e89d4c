// Package memory is pretendo's default storage adapter: every resource in
// process memory, with O(1) snapshots.
//
//	db := memory.New()
//	err := db.Initialize(ctx, spec, adapter.NewState(data, counters))
//
// # Design
//
// The store is one live state, a table per resource, behind a
// readers-writer lock. Readers ([DB.View], [DB.Stats]) share the lock;
// writers ([DB.Update]) are serialized, change the live state in place and
// log each change, so a failed Update is undone before the lock is
// released. A reader therefore sees the state before a write or after it,
// never a mix, and a failed Update changes nothing.
//
// Each resource is a table of B-trees (github.com/tidwall/btree): rows in
// insertion order, a map from primary key to row, and one secondary index
// per indexed field. [DB.Backup] freezes the live trees in O(1) with
// copy-on-write: the live state copies a tree node the first time it changes
// it after a Backup, and the frozen state never changes, so a Backup costs
// nothing in records and writes that follow it pay only for the nodes they
// touch. [DB.Reset], and a [DB.Restore] of a Backup taken from any DB with
// the same layout, adopt a frozen state in O(1) as well.
//
// # Indexes
//
// Initialize indexes every unique field, every field with references, every
// relationship foreign key and every field named in
// options.database.optimizations.indexedFields: on the resources that
// declare it, or, when no resource declares it, on every resource as an
// undeclared field (whose values may be of any JSON type). A List with an
// eq or in filter on the primary key or an indexed field reads its
// candidates from the tree; one sorted by a single indexed field walks the
// index in order and stops at the end of the page when nothing else needs
// counting. The answer is always the one a full scan would give.
//
// # Ownership
//
// Records are copied on the way in (Insert, Replace, Initialize and Restore
// from a foreign State) and on the way out (Get, List), so callers can never
// change stored data. The exceptions share a record with the caller, who
// must not modify it: a record handed over through InsertOwned (see
// adapter.OwnedInserter) and the records seen through the Scan of a Backup.
// Stored records are never changed in place, so reading a shared one is
// safe at any time.
//
// Transactions also implement adapter.JSONReader: a record's JSON text is
// made the first time it is read that way and kept with the record (it
// costs about the text's size), so answering the same record again copies
// and encodes nothing. The texts are shared and must not be modified.
//
// # Errors
//
// Tx methods wrap adapter.ErrNotFound for an unknown resource or record,
// Insert wraps adapter.ErrConflict for a taken primary key, and every
// method wraps adapter.ErrClosed after Close. A record to Insert or Replace
// whose primary key is missing or not a valid key (see adapter.Key) gets a
// plain error naming the resource.
package memory
