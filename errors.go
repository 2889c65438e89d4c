package pretendo

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/schema"
)

// Sentinel errors of the Go API, matched with errors.Is.
var (
	// ErrNotFound reports a missing record or resource.
	ErrNotFound = adapter.ErrNotFound
	// ErrConflict reports a duplicate primary key or unique value, or a
	// delete refused by onDelete: restrict.
	ErrConflict = adapter.ErrConflict
	// ErrValidation reports a record that breaks a field rule or a reference.
	ErrValidation = constraints.ErrValidation
	// ErrInvalidSpec reports a spec that cannot be served.
	ErrInvalidSpec = errors.New("pretendo: invalid spec")
	// ErrInvalidQuery reports a query the server cannot read.
	ErrInvalidQuery = adapter.ErrInvalidQuery
	// ErrClosed reports use of a Server after Close.
	ErrClosed = adapter.ErrClosed
	// ErrNotSaved reports a write that the store could not make durable
	// (a full disk, say) and undid: nothing changed, so the same write may
	// be sent again. Over HTTP it is a 503 SAVE_FAILED.
	ErrNotSaved = adapter.ErrNotSaved
	// ErrSaveFailed reports a save that failed (a full disk, say): the
	// file keeps its previous content and the data in memory is unchanged,
	// so the save may be tried again. Over HTTP (POST /admin/save) it is a
	// 503 SAVE_FAILED.
	ErrSaveFailed = adapter.ErrSaveFailed
	// ErrUnavailable reports storage that serves nothing until it is fixed
	// outside the program: a json-file whose background load
	// (optimizations.lazyLoading) failed, say. Over HTTP it is a 503
	// STORE_UNAVAILABLE.
	ErrUnavailable = adapter.ErrUnavailable
	// ErrInvalidCredentials reports a login with an unknown user name or a
	// wrong password.
	ErrInvalidCredentials = auth.ErrInvalidCredentials
	// ErrAuthDisabled reports use of the auth API on a server whose spec
	// does not enable options.auth.
	ErrAuthDisabled = errors.New("pretendo: auth is not enabled")
)

// Violation is one broken rule of one field, as listed in an error's details.
type Violation = constraints.Violation

// ValidationError lists every rule a write broke; it wraps ErrValidation.
type ValidationError = constraints.ValidationError

// ConflictError reports a duplicate key or unique value or a restricted
// delete; it wraps ErrConflict.
type ConflictError = constraints.ConflictError

// NotFoundError reports a missing record; it wraps ErrNotFound.
type NotFoundError = constraints.NotFoundError

// SpecError lists every problem of a spec, each with its path. It wraps
// ErrInvalidSpec.
type SpecError struct {
	// File is the spec file, when the spec was loaded from one.
	File     string
	Problems []SpecProblem
}

// SpecProblem is one problem of a spec at a path such as resources[1].fields[2].type.
type SpecProblem = schema.Problem

// Error lists every problem, one per line after the first, each as
// "line:column: path: message" when its place is known (the column is left
// out when only the line is).
func (e *SpecError) Error() string {
	msg := "pretendo: invalid spec"
	if e.File != "" {
		msg += " " + e.File
	}
	for _, p := range e.Problems {
		msg += "\n  "
		if p.Line > 0 {
			msg += strconv.Itoa(p.Line) + ":"
			if p.Column > 0 {
				msg += strconv.Itoa(p.Column) + ":"
			}
			msg += " "
		}
		msg += p.String()
	}
	return msg
}

// Unwrap returns ErrInvalidSpec.
func (e *SpecError) Unwrap() error { return ErrInvalidSpec }

// Error codes of the HTTP API (contract section 4).
const (
	CodeResourceNotFound = httperr.CodeResourceNotFound
	CodeRecordNotFound   = httperr.CodeRecordNotFound
	CodeRouteNotFound    = httperr.CodeRouteNotFound
	CodeMethodNotAllowed = httperr.CodeMethodNotAllowed
	CodeInvalidJSON      = httperr.CodeInvalidJSON
	CodeBodyTooLarge     = httperr.CodeBodyTooLarge
	CodeRequestTimeout   = httperr.CodeRequestTimeout
	CodeInvalidQuery     = httperr.CodeInvalidQuery
	CodeValidationFailed = httperr.CodeValidationFailed
	CodeConflict         = httperr.CodeConflict
	CodeUnauthorized     = httperr.CodeUnauthorized
	CodeInvalidName      = httperr.CodeInvalidName
	CodeSnapshotNotFound = httperr.CodeSnapshotNotFound
	CodeNotImplemented   = httperr.CodeNotImplemented
	CodeSaveFailed       = httperr.CodeSaveFailed
	CodeStoreUnavailable = httperr.CodeStoreUnavailable
	CodeInternal         = httperr.CodeInternal
)

// Error codes of the auth API (contract section 8).
const (
	// CodeInvalidToken answers a Bearer token that is unknown, revoked or expired.
	CodeInvalidToken = httperr.CodeInvalidToken
	// CodeForbidden answers a signed-in user whose role may not do what was asked.
	CodeForbidden = httperr.CodeForbidden
	// CodeInvalidCredentials answers a login with a missing field (400) or
	// a wrong username or password (401).
	CodeInvalidCredentials = httperr.CodeInvalidCredentials
)

// CodeSimulatedError is the code of responses made by error simulation.
const CodeSimulatedError = httperr.CodeSimulatedError

// prefix begins the text of every error of this module, once.
const prefix = "pretendo: "

// contextError is err with the context it happened in: what the server was
// doing, or which record it was reading.
type contextError struct {
	context string
	err     error
}

// Error returns "pretendo: <context>: <err>", without the prefix that err's
// own text begins with, so that a message carries it once however many
// layers add context.
func (e *contextError) Error() string {
	return prefix + e.context + ": " + strings.TrimPrefix(e.err.Error(), prefix)
}

// Unwrap returns the error given context.
func (e *contextError) Unwrap() error { return e.err }

// wrap gives err its context, formatted as fmt.Sprintf does; see
// contextError. This package adds context with it to any error whose text
// may begin with the prefix: its own, the adapter's and the rules'.
func wrap(err error, format string, args ...any) error {
	return &contextError{context: fmt.Sprintf(format, args...), err: err}
}
