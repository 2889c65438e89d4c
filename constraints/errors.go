package constraints

import (
	"fmt"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
)

// ErrValidation reports a record that breaks a field rule. It is
// adapter.ErrValidation, which a value without a JSON form wraps too.
var ErrValidation = adapter.ErrValidation

// Violation is one broken rule of one field.
type Violation struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Violation codes.
const (
	CodeRequired  = "required"
	CodeType      = "type"
	CodeEnum      = "enum"
	CodeMin       = "min"
	CodeMax       = "max"
	CodeMinLength = "minLength"
	CodeMaxLength = "maxLength"
	CodePattern   = "pattern"
	CodeUnknown   = "unknown"
	CodeReference = "reference"
	CodeUnique    = "unique"
	CodeRestrict  = "restrict"
	// CodeExhausted reports a number primary key or $increment value that
	// cannot be generated: the largest ever used (for a key) or held (for
	// $increment) leaves no next integer a JSON number holds exactly.
	CodeExhausted = "exhausted"
)

// ValidationError lists every rule a write broke. It wraps ErrValidation.
type ValidationError struct {
	Resource   string
	Violations []Violation
}

// Error lists the violations in one line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: ", ErrValidation.Error(), e.Resource)
	for i, v := range e.Violations {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.Message)
	}
	return b.String()
}

// Unwrap returns ErrValidation.
func (e *ValidationError) Unwrap() error { return ErrValidation }

// ConflictError reports a duplicate primary key or unique value, or a delete
// that dependants restrict. It wraps adapter.ErrConflict.
type ConflictError struct {
	Resource   string
	Violations []Violation
}

// Error lists the conflicts in one line.
func (e *ConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: ", adapter.ErrConflict.Error(), e.Resource)
	for i, v := range e.Violations {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.Message)
	}
	return b.String()
}

// Unwrap returns adapter.ErrConflict.
func (e *ConflictError) Unwrap() error { return adapter.ErrConflict }

// NotFoundError reports a missing record. It wraps adapter.ErrNotFound.
type NotFoundError struct {
	Resource string
	ID       any
}

// Error names the missing record.
func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s: %s %v", adapter.ErrNotFound.Error(), e.Resource, e.ID)
}

// Unwrap returns adapter.ErrNotFound.
func (e *NotFoundError) Unwrap() error { return adapter.ErrNotFound }
