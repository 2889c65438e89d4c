package pretendo

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/dialect"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/jsonfile"
	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/snapshot"
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

// errorResponse is the one table from error to HTTP status and code.
func errorResponse(err error) dialect.Problem {
	var he *httperr.Error
	var ve *constraints.ValidationError
	var ce *constraints.ConflictError
	var nf *constraints.NotFoundError
	var qe *query.Error
	var fe *snapshot.FileError
	var le *jsonfile.LoadError
	switch {
	case errors.As(err, &qe):
		return dialect.Problem{Status: http.StatusBadRequest, Code: CodeInvalidQuery, Message: qe.Error()}
	case errors.Is(err, snapshot.ErrInvalidName):
		return dialect.Problem{Status: http.StatusBadRequest, Code: CodeInvalidName, Message: apiMessage(err)}
	case errors.Is(err, snapshot.ErrNotFound):
		return dialect.Problem{Status: http.StatusNotFound, Code: CodeSnapshotNotFound, Message: apiMessage(err)}
	case errors.Is(err, snapshot.ErrExists), errors.Is(err, snapshot.ErrFull):
		return dialect.Problem{Status: http.StatusConflict, Code: CodeConflict, Message: apiMessage(err)}
	case errors.As(err, &fe):
		// A snapshot file that breaks the format or a limit (a record
		// nested deeper than options.maxDepth): the file must be fixed.
		return dialect.Problem{Status: http.StatusUnprocessableEntity, Code: CodeValidationFailed, Message: apiMessage(fe)}
	case errors.As(err, &he):
		return dialect.Problem{Status: he.Status, Code: he.Code, Message: he.Message, Details: he.Details}
	case errors.As(err, &ve):
		return dialect.Problem{Status: http.StatusUnprocessableEntity, Code: CodeValidationFailed, Message: "validation failed", Details: ve.Violations}
	case errors.As(err, &ce):
		msg := "conflict"
		if len(ce.Violations) > 0 {
			msg = ce.Violations[0].Message
		}
		return dialect.Problem{Status: http.StatusConflict, Code: CodeConflict, Message: msg, Details: ce.Violations}
	case errors.As(err, &nf):
		return dialect.Problem{Status: http.StatusNotFound, Code: CodeRecordNotFound, Message: fmt.Sprintf("%s %v not found", nf.Resource, nf.ID)}
	case errors.Is(err, ErrNotFound):
		return dialect.Problem{Status: http.StatusNotFound, Code: CodeRecordNotFound, Message: "record not found"}
	case errors.Is(err, ErrConflict):
		return dialect.Problem{Status: http.StatusConflict, Code: CodeConflict, Message: "conflict"}
	case errors.Is(err, ErrValidation):
		return dialect.Problem{Status: http.StatusUnprocessableEntity, Code: CodeValidationFailed, Message: "validation failed"}
	case errors.Is(err, ErrNotSaved):
		return dialect.Problem{Status: http.StatusServiceUnavailable, Code: CodeSaveFailed,
			Message: "the change could not be saved (storage failed) and was undone; nothing changed, so it may be sent again"}
	case errors.Is(err, ErrSaveFailed):
		return dialect.Problem{Status: http.StatusServiceUnavailable, Code: CodeSaveFailed,
			Message: storageMessage(err) + "; the data in memory is unchanged, and the save may be tried again"}
	case errors.Is(err, ErrUnavailable):
		return dialect.Problem{Status: http.StatusServiceUnavailable, Code: CodeStoreUnavailable, Message: unavailableMessage(err)}
	case errors.As(err, &le):
		// A file that POST /admin/load could not read: nothing changed.
		return dialect.Problem{Status: http.StatusUnprocessableEntity, Code: CodeValidationFailed,
			Message: "the database file did not load, nothing changed: " + loadErrorText(le)}
	default:
		return dialect.Problem{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "internal error"}
	}
}

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

// apiMessage is the text of a Go error for an HTTP answer: without the
// package prefix ("pretendo: ") that Go error strings start with, which
// says nothing to a client.
func apiMessage(err error) string {
	return strings.TrimPrefix(err.Error(), prefix)
}
