// Package problem is the one table from a Go error to the answer a client
// gets: the HTTP status, the code and the message (see [For]). The
// server's dialect writes the answer's body.
package problem

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/dialect"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/jsonfile"
	"github.com/pretendo-go/pretendo/snapshot"
)

// prefix begins the text of every error of this module, once.
const prefix = "pretendo: "

// For returns the answer to err: its HTTP status, its code and the message
// a client reads. It is the one table from error to status and code; an
// error it does not know is a 500 INTERNAL_ERROR.
func For(err error) dialect.Problem {
	var he *httperr.Error
	var ve *constraints.ValidationError
	var ce *constraints.ConflictError
	var nf *constraints.NotFoundError
	var qe *query.Error
	var fe *snapshot.FileError
	var le *jsonfile.LoadError
	switch {
	case errors.As(err, &qe):
		return dialect.Problem{Status: http.StatusBadRequest, Code: httperr.CodeInvalidQuery, Message: qe.Error()}
	case errors.Is(err, snapshot.ErrInvalidName):
		return dialect.Problem{Status: http.StatusBadRequest, Code: httperr.CodeInvalidName, Message: Message(err)}
	case errors.Is(err, snapshot.ErrNotFound):
		return dialect.Problem{Status: http.StatusNotFound, Code: httperr.CodeSnapshotNotFound, Message: Message(err)}
	case errors.Is(err, snapshot.ErrExists), errors.Is(err, snapshot.ErrFull):
		return dialect.Problem{Status: http.StatusConflict, Code: httperr.CodeConflict, Message: Message(err)}
	case errors.As(err, &fe):
		// A snapshot file that breaks the format or a limit (a record
		// nested deeper than options.maxDepth): the file must be fixed.
		return dialect.Problem{Status: http.StatusUnprocessableEntity, Code: httperr.CodeValidationFailed, Message: Message(fe)}
	case errors.As(err, &he):
		return dialect.Problem{Status: he.Status, Code: he.Code, Message: he.Message, Details: he.Details}
	case errors.As(err, &ve):
		return dialect.Problem{Status: http.StatusUnprocessableEntity, Code: httperr.CodeValidationFailed, Message: "validation failed", Details: ve.Violations}
	case errors.As(err, &ce):
		msg := "conflict"
		if len(ce.Violations) > 0 {
			msg = ce.Violations[0].Message
		}
		return dialect.Problem{Status: http.StatusConflict, Code: httperr.CodeConflict, Message: msg, Details: ce.Violations}
	case errors.As(err, &nf):
		return dialect.Problem{Status: http.StatusNotFound, Code: httperr.CodeRecordNotFound, Message: fmt.Sprintf("%s %v not found", nf.Resource, nf.ID)}
	case errors.Is(err, adapter.ErrNotFound):
		return dialect.Problem{Status: http.StatusNotFound, Code: httperr.CodeRecordNotFound, Message: "record not found"}
	case errors.Is(err, adapter.ErrConflict):
		return dialect.Problem{Status: http.StatusConflict, Code: httperr.CodeConflict, Message: "conflict"}
	case errors.Is(err, constraints.ErrValidation):
		return dialect.Problem{Status: http.StatusUnprocessableEntity, Code: httperr.CodeValidationFailed, Message: "validation failed"}
	case errors.Is(err, adapter.ErrNotSaved):
		return dialect.Problem{Status: http.StatusServiceUnavailable, Code: httperr.CodeSaveFailed,
			Message: "the change could not be saved (storage failed) and was undone; nothing changed, so it may be sent again"}
	case errors.Is(err, adapter.ErrSaveFailed):
		return dialect.Problem{Status: http.StatusServiceUnavailable, Code: httperr.CodeSaveFailed,
			Message: storageMessage(err) + "; the data in memory is unchanged, and the save may be tried again"}
	case errors.Is(err, adapter.ErrUnavailable):
		return dialect.Problem{Status: http.StatusServiceUnavailable, Code: httperr.CodeStoreUnavailable, Message: unavailableMessage(err)}
	case errors.As(err, &le):
		// A file that POST /admin/load could not read: nothing changed.
		return dialect.Problem{Status: http.StatusUnprocessableEntity, Code: httperr.CodeValidationFailed,
			Message: "the database file did not load, nothing changed: " + loadErrorText(le)}
	default:
		return dialect.Problem{Status: http.StatusInternalServerError, Code: httperr.CodeInternal, Message: "internal error"}
	}
}

// Message is the text of a Go error for an HTTP answer: without the
// package prefix ("pretendo: ") that Go error strings start with, which
// says nothing to a client.
func Message(err error) string {
	return strings.TrimPrefix(err.Error(), prefix)
}

// storageMessage is the text of a storage error for a client, without the
// package prefixes that its layers begin with ("pretendo: ", "jsonfile: ").
func storageMessage(err error) string {
	msg := err.Error()
	for {
		trimmed := strings.TrimPrefix(strings.TrimPrefix(msg, prefix), "jsonfile: ")
		if trimmed == msg {
			return msg
		}
		msg = trimmed
	}
}

// unavailableMessage is the answer to a request that storage cannot serve
// (err matches ErrUnavailable): for a json-file that did not load, the
// file, the place in it, the cause and the ways out.
func unavailableMessage(err error) string {
	var le *jsonfile.LoadError
	if !errors.As(err, &le) {
		return "storage unavailable: " + Message(err)
	}
	return "the database file did not load, so nothing that needs records can be served: " + loadErrorText(le) +
		"; fix the file and restart, restart with --reset (WithReset in Go) to replace it with the initial data, " +
		"or with --db PATH to use another file"
}

// loadErrorText is "file:line:column: cause" for a client, whose file
// names the server's own path.
func loadErrorText(le *jsonfile.LoadError) string {
	place := le.Path
	if le.Line > 0 {
		place += ":" + strconv.Itoa(le.Line) + ":" + strconv.Itoa(le.Column)
	}
	return place + ": " + Message(le.Err)
}
