// Package snapshot keeps named snapshots of a pretendo store: a whole
// [adapter.State] together with its [Meta] (name, description, creation time
// and record counts).
//
// Two [Store] implementations are provided. [Memory] holds the immutable
// states themselves, so taking and restoring a snapshot costs O(1) whatever
// the number of records. [Dir] keeps one hand-readable JSON file per
// snapshot in a folder, so snapshots survive restarts and can be committed
// to a repository as test fixtures.
//
// # Names
//
// A snapshot name is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-',
// not starting with a dot, and not a device name of Windows (CON, PRN, AUX,
// NUL, COM0-COM9, LPT0-LPT9, with or without an extension) on any system
// (see [CheckName]). Two names that differ only in
// case cannot coexist in one store, so that fixtures behave the same on
// case-sensitive and case-insensitive disks. Lookups are exact: "Users" does
// not find "users".
//
// # File format
//
// A [Dir] file <name>.json is a 2-space indented JSON object with the keys
// name, description, createdAt (RFC 3339), counters (resource name to id
// counter) and data, in that order. Data is exactly the json-file store
// format: resource name to array of records. Resources and record fields are
// written in sorted order, so the file is stable and diffs well:
//
//	{
//	  "name": "two-users",
//	  "description": "an admin and an editor",
//	  "createdAt": "2024-05-01T10:00:00Z",
//	  "counters": {
//	    "users": 2
//	  },
//	  "data": {
//	    "users": [
//	      {
//	        "id": 1,
//	        "role": "admin"
//	      },
//	      {
//	        "id": 2,
//	        "role": "editor"
//	      }
//	    ]
//	  }
//	}
//
// Values nested more than six levels deep in a record are written compactly
// on one line, so that nesting cannot make a file grow with the square of
// its depth. Integers a float64 cannot hold exactly (most beyond ±2^53) are
// written and read back digit for digit.
//
// When a file is read, its file name is its name (the name key is only for
// readers of the file), a resource absent from counters has a counter of 0,
// and a problem is reported as a [*FileError] naming the file, line and
// column; a record nested deeper than [WithMaxDepth] allows is such a
// problem.
package snapshot
