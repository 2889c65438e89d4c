package seed

import "errors"

// Sentinel errors of Generate, matched with errors.Is. Generate returns them
// wrapped in an [*Error] that names the spec path concerned.
var (
	// ErrInvalidCount reports a negative count, or one above [MaxCount].
	ErrInvalidCount = errors.New("seed: invalid count")
	// ErrUnknownResource reports a count for a resource the spec lacks.
	ErrUnknownResource = errors.New("seed: unknown resource")
	// ErrInvalidRule reports an unknown generate rule or a bad option of one.
	ErrInvalidRule = errors.New("seed: invalid generate rule")
	// ErrCycle reports required references that form a cycle, so that no
	// resource of the cycle can be generated first.
	ErrCycle = errors.New("seed: cycle of required references")
	// ErrNoTarget reports a required foreign key into a resource that has
	// no records to point at.
	ErrNoTarget = errors.New("seed: foreign key has no record to point at")
	// ErrUnsatisfiable reports a field whose constraints Generate cannot
	// meet (a pattern it cannot produce, more unique values than the field
	// can take, a rule whose values break the field's rules).
	ErrUnsatisfiable = errors.New("seed: cannot generate a valid value")
)

// Error is a problem with generating data, located by its path in the spec,
// like "resources[1].fields[2].generate.options.weights" or
// "options.generateData.counts.users".
type Error struct {
	Path string
	Err  error
}

// Error returns the path and the problem, like
// "options.generateData.counts.users: seed: invalid count: -1 is negative".
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

// Unwrap returns the underlying error, which wraps one of the sentinels.
func (e *Error) Unwrap() error { return e.Err }
