// Package jsonfile is pretendo's json-file storage adapter: the state lives
// in memory, where a memory.DB answers every call, and in one JSON file,
// which outlives the process.
//
//	store, err := jsonfile.Open("data/db.json", jsonfile.WithSaveInterval(0))
//	if err != nil { ... }
//	defer store.Close()
//	err = store.Initialize(ctx, spec, initial)
//
// # The file
//
// The file is one JSON object of resource name to array of records,
// indented by two spaces, readable and editable by hand (values nested more
// than six levels deep in a record are written compactly on one line, so
// that nesting cannot make the file grow with the square of its depth):
//
//	{
//	  "users": [
//	    {
//	      "email": "ada@example.com",
//	      "id": 1
//	    }
//	  ],
//	  "posts": []
//	}
//
// Resources come in spec order, records in the store's order, and the
// fields of each record sorted by name. The file holds plain data only: on
// load, each resource's id counter continues from its largest number
// primary key. A resource the file does not mention is empty; a key that is
// not a resource of the spec is an error. [Store.Initialize] loads the file
// if it exists and is not empty (the file wins over the spec's data) and
// otherwise writes it from the initial state. A file that does not load
// fails with a *[LoadError] naming the file, line and column, and is never
// written over; a record nested deeper than the spec's options.maxDepth
// (see schema.Options.Depth) is such a file.
// A record whose reference field points at no record (written by hand)
// loads as it is; each load logs one warning per resource naming the first
// few such records ([WithLogger]).
//
// Numbers are read as float64, as encoding/json reads them, except integers
// a float64 cannot hold exactly (most beyond ±2^53), which are kept as a
// json.Number with their digits, and written back as they were.
//
// # Saving
//
// With autoSave (the default, [WithAutoSave]) changes are saved in the
// background at most once per save interval ([WithSaveInterval], 5 s by
// default). With an interval of 0, every change is saved before the call
// that made it returns; writers that commit while a save runs share the
// next one (group commit). Without autoSave, only [Store.Save] and
// [Store.Close] write. Close always saves pending changes.
//
// With an interval of 0 a change happens whole or not at all: if its save
// fails (a full disk, say), the change is undone before the call returns,
// together with the others that save or the next one would have carried,
// counters and last modifications included, so memory and file agree
// again, and the call returns an error wrapping adapter.ErrNotSaved and the
// cause; the caller may make the change again. With an interval above 0 a
// change is acknowledged before it is saved, so a failed background save
// keeps it, is logged, and is tried again every interval until one succeeds
// or Close makes the last attempt.
//
// Every write replaces the file atomically and durably (through
// internal/atomicfile: a temporary file in the same folder, fsync, rename,
// fsync of the folder), so a crash at any moment leaves the previous or the
// next complete file. A save copies nothing while it holds a lock: it takes
// the memory state's O(1) Backup and encodes it while readers and writers
// go on. The store keeps the file text of every record it saved, so a save
// encodes only the records written since the one before and copies the
// rest; that text costs about the file's size in memory. A failed save (a
// full disk, a read-only folder) keeps the previous file and is logged, in
// a message of bounded size; the store keeps serving from memory, and one
// failed save never stops later saves of good state. [WithFileWriter] lets
// a test simulate a full disk.
//
// # Locking
//
// [Open] takes an advisory lock on path+".lock", so two stores, in one
// process or two, never write the same file: the second Open fails with
// [ErrLocked]. On Unix the lock is an flock(2) lock that dies with its
// process, and the lock file is left in place; elsewhere it is the lock
// file's existence, which a crashed process leaves behind.
//
// # Options and spec keys
//
// The root package maps the spec's options.database keys onto options:
// autoSave to [WithAutoSave], saveInterval (ms) to [WithSaveInterval],
// optimizations.lazyLoading to [WithLazyLoading]. optimizations.cacheSize
// and indexedFields are handled elsewhere (the root package and the memory
// adapter).
package jsonfile
