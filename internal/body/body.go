// Package body reads request bodies: one JSON object, within a size limit
// and a nesting limit, with errors that carry their HTTP answer.
package body

import (
	"errors"
	"io"
	"net/http"
	"os"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/jsonwire"
	"github.com/pretendo-go/pretendo/internal/reply"
)

// DefaultMaxBytes bounds request bodies unless options.maxBodyBytes says otherwise.
const DefaultMaxBytes = 1 << 20

// Reader reads the bodies of one server's requests.
type Reader struct {
	// MaxBytes bounds a body (DefaultMaxBytes when 0 or less): a longer
	// one is a 413, read no further.
	MaxBytes int64
	// MaxDepth bounds the nesting of objects and arrays: a deeper body is
	// a 422 naming the field.
	MaxDepth int
}

// Read reads the body of r as exactly one JSON object. Keys found in keys
// (which may be nil) share its strings. Its errors are *httperr.Error:
// 413 BODY_TOO_LARGE, 408 REQUEST_TIMEOUT (the server's read timeout cut
// the body off), 400 INVALID_JSON, 422 VALIDATION_FAILED (too deep).
func (br Reader) Read(w http.ResponseWriter, r *http.Request, keys map[string]string) (adapter.Record, error) {
	limit := br.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	tooLarge := func() error {
		return httperr.New(http.StatusRequestEntityTooLarge, httperr.CodeBodyTooLarge, "body is larger than %d bytes", limit)
	}
	if r.ContentLength > limit {
		return nil, tooLarge()
	}
	body := r.Body
	if r.ContentLength < 0 {
		// No declared length (chunked): stop reading past the limit.
		body = http.MaxBytesReader(w, r.Body, limit)
	}
	buf := reply.GetBuffer()
	defer buf.Release()
	var err error
	buf.B, err = appendAll(buf.B[:0], body)
	if err == nil {
		// Read to the end and closed, the body needs no draining by
		// net/http after the answer.
		err = r.Body.Close()
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge()
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// The server's read timeout cut off a body sent too slowly,
			// or shorter than its Content-Length.
			return nil, httperr.New(http.StatusRequestTimeout, httperr.CodeRequestTimeout, "the body did not arrive in time")
		}
		return nil, httperr.New(http.StatusBadRequest, httperr.CodeInvalidJSON, "reading body: %v", err)
	}
	return Decode(buf.B, keys, br.MaxDepth)
}

// appendAll appends everything r reads to b.
func appendAll(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if errors.Is(err, io.EOF) {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// Decode reads data as exactly one JSON object nested at most maxDepth
// levels deep; keys found in keys share its strings. Its errors are
// *httperr.Error, as Read's.
func Decode(data []byte, keys map[string]string, maxDepth int) (adapter.Record, error) {
	obj, err := jsonwire.DecodeObject(data, keys, maxDepth)
	if err == nil {
		return obj, nil
	}
	var notObject *jsonwire.NotObjectError
	var tooDeep *jsonwire.DepthError
	switch {
	case errors.As(err, &tooDeep):
		// Refused as a write that breaks a rule would be, naming the field.
		he := httperr.New(http.StatusUnprocessableEntity, httperr.CodeValidationFailed,
			"body nests objects and arrays deeper than %d levels (options.maxDepth)", tooDeep.Limit)
		he.Details = []constraints.Violation{constraints.DepthViolation(tooDeep.Field, tooDeep.Limit)}
		return nil, he
	case errors.Is(err, jsonwire.ErrEmpty):
		return nil, httperr.New(http.StatusBadRequest, httperr.CodeInvalidJSON, "body is empty; want a JSON object")
	case errors.Is(err, jsonwire.ErrTrailing):
		return nil, httperr.New(http.StatusBadRequest, httperr.CodeInvalidJSON, "body has data after the JSON value")
	case errors.As(err, &notObject):
		return nil, httperr.New(http.StatusBadRequest, httperr.CodeInvalidJSON, "body must be a JSON object, not %s", notObject.Kind)
	}
	return nil, httperr.New(http.StatusBadRequest, httperr.CodeInvalidJSON, "body is not valid JSON: %v", err)
}
