// Package openapitest checks a server against an OpenAPI document with an
// independent, well-kept validator (github.com/getkin/kin-openapi): it
// loads and validates the document, and wraps a handler so that every
// request and answer of a test is validated against it.
//
// Only tests import it, so kin-openapi is linked into test binaries alone.
package openapitest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

func init() {
	// Pages the servers serve (the admin dashboard) are text, checked as
	// text/plain is.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
}

// Document is a loaded and validated OpenAPI document with its router.
type Document struct {
	T      *openapi3.T
	router routers.Router
}

// cache holds the documents loaded so far, by the digest of their text:
// test suites make many servers of the same spec.
var cache sync.Map

// Load loads doc (JSON or YAML), validates it and builds its router. The
// document's servers are dropped, so that paths match whatever the host.
func Load(tb testing.TB, doc []byte) *Document {
	tb.Helper()
	d, err := load(doc)
	if err != nil {
		tb.Fatalf("openapitest: %v", err)
	}
	return d
}

// LoadFile is Load for the document at path, whose references to other
// files (relative to it) are followed.
func LoadFile(tb testing.TB, path string) *Document {
	tb.Helper()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	t, err := loader.LoadFromFile(path)
	if err == nil {
		var d *Document
		if d, err = finish(t); err == nil {
			return d
		}
	}
	tb.Fatalf("openapitest: %s: %v", path, err)
	return nil
}

func load(doc []byte) (*Document, error) {
	key := sha256.Sum256(doc)
	if d, ok := cache.Load(key); ok {
		return d.(*Document), nil
	}
	loader := openapi3.NewLoader()
	t, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("loading the document: %w", err)
	}
	d, err := finish(t)
	if err != nil {
		return nil, err
	}
	cache.Store(key, d)
	return d, nil
}

// finish validates a loaded document and builds its router.
func finish(t *openapi3.T) (*Document, error) {
	if err := t.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the document is not valid: %w", err)
	}
	t.Servers = nil
	r, err := gorillamux.NewRouter(t)
	if err != nil {
		return nil, fmt.Errorf("routing the document: %w", err)
	}
	return &Document{T: t, router: r}, nil
}

// Options tunes the checks of Validate.
type Options struct {
	// UndocumentedStatus accepts answers whose status the operation does
	// not list and that no default covers.
	UndocumentedStatus bool
}

// Validate returns a handler that serves with next and checks, for every
// request that matches an operation of d, the request and next's answer
// against the document: an answer that does not validate fails tb, and so
// does a success answered to a request the document refuses. Requests
// that match no operation (unknown paths, methods a path does not list)
// are served unchecked.
func (d *Document) Validate(tb testing.TB, next http.Handler, o Options) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, params, err := d.router.FindRoute(r)
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		check := r.Clone(r.Context())
		check.Body = io.NopCloser(bytes.NewReader(body))
		if len(body) > 0 && check.Header.Get("Content-Type") == "" {
			// The servers under test read bodies as JSON whatever their
			// Content-Type, as their documents say.
			check.Header.Set("Content-Type", "application/json")
		}
		in := &openapi3filter.RequestValidationInput{
			Request: check, PathParams: params, Route: route,
			Options: &openapi3filter.Options{
				AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
				MultiError:         true,
			},
		}
		reqErr := openapi3filter.ValidateRequest(r.Context(), in)
		if streams(route.Operation) {
			// An answer that streams until the client leaves is served
			// as it comes; only the request and the status are checked.
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r)
			if reqErr != nil && sw.status < 400 {
				tb.Errorf("openapitest: %s %s: answered %d to a request the document refuses: %v", r.Method, r.URL.RequestURI(), sw.status, reqErr)
			}
			return
		}

		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		res := rec.Result()
		resBody := rec.Body.Bytes()
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		_, _ = w.Write(resBody)

		where := r.Method + " " + r.URL.RequestURI()
		if reqErr != nil && res.StatusCode < 400 {
			tb.Errorf("openapitest: %s: answered %d to a request the document refuses: %v", where, res.StatusCode, reqErr)
		}
		if r.Method == http.MethodHead {
			resBody = nil
		}
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in,
			Status:                 res.StatusCode,
			Header:                 res.Header,
			Body:                   io.NopCloser(bytes.NewReader(resBody)),
			Options: &openapi3filter.Options{
				// A request the document refuses may get an error status
				// it does not list: no document lists them all.
				IncludeResponseStatus: !o.UndocumentedStatus && (reqErr == nil || res.StatusCode < 400),
				MultiError:            true,
				ExcludeResponseBody:   r.Method == http.MethodHead,
			},
		}
		in.Request = r
		if err := openapi3filter.ValidateResponse(r.Context(), out); err != nil {
			tb.Errorf("openapitest: %s: the answer %d %s does not validate: %v", where, res.StatusCode, short(resBody), err)
		}
	})
}

// statusWriter notes the status of an answer it hands on as it comes.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(status int) {
	if !w.wrote {
		w.status, w.wrote = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Flush hands on a flush, which streams need.
func (w *statusWriter) Flush() { http.NewResponseController(w.ResponseWriter).Flush() }

// Unwrap gives http.ResponseController the writer underneath.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// streams reports whether op answers with server-sent events.
func streams(op *openapi3.Operation) bool {
	if op == nil || op.Responses == nil {
		return false
	}
	for _, r := range op.Responses.Map() {
		if r.Value != nil && r.Value.Content.Get("text/event-stream") != nil {
			return true
		}
	}
	return false
}

// short cuts a body for a message.
func short(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}
