// Package httperr holds the errors that already know their HTTP form (a
// status, a code and a message), and the codes of the HTTP API, for the
// stages of a server's chain that answer on their own (network simulation,
// auth, routing). The server maps every error to its answer in one table;
// an *Error passes through it as it is.
package httperr

import (
	"fmt"
	"net/http"

	"github.com/pretendo-go/pretendo/constraints"
)

// Error codes of the HTTP API (contract section 4).
const (
	CodeResourceNotFound   = "RESOURCE_NOT_FOUND"
	CodeRecordNotFound     = "RECORD_NOT_FOUND"
	CodeRouteNotFound      = "ROUTE_NOT_FOUND"
	CodeMethodNotAllowed   = "METHOD_NOT_ALLOWED"
	CodeInvalidJSON        = "INVALID_JSON"
	CodeBodyTooLarge       = "BODY_TOO_LARGE"
	CodeRequestTimeout     = "REQUEST_TIMEOUT"
	CodeInvalidQuery       = "INVALID_QUERY"
	CodeValidationFailed   = "VALIDATION_FAILED"
	CodeConflict           = "CONFLICT"
	CodeUnauthorized       = "UNAUTHORIZED"
	CodeInvalidName        = "INVALID_NAME"
	CodeSnapshotNotFound   = "SNAPSHOT_NOT_FOUND"
	CodeNotImplemented     = "NOT_IMPLEMENTED"
	CodeSaveFailed         = "SAVE_FAILED"
	CodeStoreUnavailable   = "STORE_UNAVAILABLE"
	CodeInternal           = "INTERNAL_ERROR"
	CodeInvalidToken       = "INVALID_TOKEN"
	CodeForbidden          = "FORBIDDEN"
	CodeInvalidCredentials = "INVALID_CREDENTIALS"
	CodeSimulatedError     = "SIMULATED_ERROR"
	CodeServerClosed       = "SERVER_CLOSED"
)

// Error is an error that already knows its HTTP form.
type Error struct {
	// Status is the HTTP status of the answer.
	Status int
	// Code is the error code of the answer's body.
	Code string
	// Message says what went wrong, for the client.
	Message string
	// Details lists the fields at fault, when there are any.
	Details []constraints.Violation
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// New returns an *Error of status and code whose message is format
// applied to args, as fmt.Sprintf does.
func New(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Fail writes err as the answer to r: the server's one error writer, handed
// to each stage that answers on its own.
type Fail func(w http.ResponseWriter, r *http.Request, err error)
