package snapshot

import (
	"errors"
	"fmt"
)

// Sentinel errors of the snapshot stores, matched with errors.Is.
var (
	// ErrNotFound reports a snapshot name that no snapshot has.
	ErrNotFound = errors.New("pretendo: snapshot not found")
	// ErrExists reports a Put of a name that is taken, without overwrite.
	ErrExists = errors.New("pretendo: snapshot already exists")
	// ErrInvalidName reports a name that breaks the naming rule, or that
	// differs only in case from the name of an existing snapshot.
	ErrInvalidName = errors.New("pretendo: invalid snapshot name")
	// ErrFull reports a Put of a new name into a store that keeps as many
	// snapshots as it may (WithMax).
	ErrFull = errors.New("pretendo: too many snapshots")
)

// full reports a store that keeps its max snapshots.
func full(max int) error {
	return fmt.Errorf("%w: %d are kept, the most allowed; delete one, or replace one by its name", ErrFull, max)
}

// FileError reports a snapshot file that cannot be read as a snapshot: bad
// JSON, a missing or unknown key, a record that is not an object, a bad
// counter. Line and Column (both 1-based; the column counts characters)
// locate the problem.
type FileError struct {
	Path   string
	Line   int
	Column int
	Err    error
}

// Error returns "snapshot: <path>:<line>:<column>: <problem>".
func (e *FileError) Error() string {
	return fmt.Sprintf("snapshot: %s:%d:%d: %v", e.Path, e.Line, e.Column, e.Err)
}

// Unwrap returns the underlying problem.
func (e *FileError) Unwrap() error { return e.Err }
