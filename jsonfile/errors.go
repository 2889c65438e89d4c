package jsonfile

import (
	"errors"
	"fmt"
)

// Sentinel errors of the package, matched with errors.Is.
var (
	// ErrLocked reports a database file that another Store, in this process
	// or another one, holds open. The error wrapping it names the file.
	ErrLocked = errors.New("jsonfile: database file is in use")
	// ErrLoad reports a database file that cannot be read or parsed, or
	// whose content the spec does not allow. Every *LoadError matches it.
	ErrLoad = errors.New("jsonfile: cannot load database file")
)

// LoadError describes why a database file could not be loaded: which file,
// where in it (when the problem has a position), and the cause. It matches
// [ErrLoad] with errors.Is and unwraps to its cause.
type LoadError struct {
	// Path is the database file.
	Path string
	// Line and Column locate the problem, both counted from 1; Column counts
	// characters, not bytes. Both are 0 when the problem has no position
	// (the file cannot be read, say).
	Line, Column int
	// Err is the cause.
	Err error
}

// Error returns the message in the usual file:line:column form.
func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("jsonfile: loading %s:%d:%d: %v", e.Path, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("jsonfile: loading %s: %v", e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *LoadError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrLoad].
func (e *LoadError) Is(target error) bool { return target == ErrLoad }
