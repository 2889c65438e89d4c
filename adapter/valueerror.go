package adapter

import (
	"strconv"
	"strings"
)

// ValueError reports a Go value that has no form in the JSON value model
// (see Normalize). It wraps ErrValidation, and Err when there is one.
type ValueError struct {
	// Resource names the record's resource, when the caller knows it.
	Resource string
	// Field is the path of the value inside the record, like "age",
	// "tags[2]" or "profile.address.city"; empty for the record itself.
	Field string
	// Reason says what is wrong with the value.
	Reason string
	// Err is the underlying error (a failing MarshalJSON, say), or nil.
	Err error
}

// Error returns "pretendo: validation failed: <resource>: <field>: <reason>",
// leaving out the parts that are empty.
func (e *ValueError) Error() string {
	var b strings.Builder
	b.WriteString(ErrValidation.Error())
	b.WriteString(": ")
	if e.Resource != "" {
		b.WriteString(e.Resource + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Reason)
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns ErrValidation, and Err when set.
func (e *ValueError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrValidation}
	}
	return []error{ErrValidation, e.Err}
}

// in prefixes err's field path with seg, a key or "[i]", on the way out
// of the recursion: paths are built only for values that fail.
func in(err error, seg string) error {
	if ve, ok := err.(*ValueError); ok {
		switch {
		case ve.Field == "":
			ve.Field = seg
		case ve.Field[0] == '[':
			ve.Field = seg + ve.Field
		default:
			ve.Field = seg + "." + ve.Field
		}
	}
	return err
}

func index(i int) string { return "[" + strconv.Itoa(i) + "]" }
