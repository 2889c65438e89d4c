package pretendo

import (
	"log/slog"
	"net/http"

	"github.com/pretendo-go/pretendo/internal/specformat"
)

// SpecFormat reads API descriptions of a format other than pretendo's own
// spec into a Spec, so that ParseSpec and LoadSpec accept them. The package
// that reads a format registers it in its init function with
// RegisterSpecFormat, as database/sql drivers register themselves: a program
// that does not import the package does not link it.
//
// The Spec a format returns may carry an Extension (see schema.Spec) that
// serves what resources alone cannot; the server finds what it offers
// through the optional interfaces SpecFrontend, SpecNotes and
// OpenAPIDescriber.
type SpecFormat interface {
	// Parse reads doc, the document as JSON text (a YAML document is given
	// converted, by the rules ParseSpec reads YAML with). file names the
	// document in errors ("" when it came from ParseSpec). Errors should be
	// a *SpecError listing every problem.
	Parse(file string, doc []byte) (*Spec, error)
}

// Formats a document may have besides pretendo's spec, and the package
// that reads each one.
const (
	// FormatOpenAPI is the format name of OpenAPI 3.0 and 3.1 documents,
	// read by package github.com/pretendo-go/pretendo/openapi.
	FormatOpenAPI = specformat.OpenAPI
)

// ErrFormatNotRegistered reports a document of a known format (an OpenAPI
// document) whose reader the program does not import; the error says which
// import to add.
var ErrFormatNotRegistered = specformat.ErrNotRegistered

// RegisterSpecFormat makes ParseSpec and LoadSpec read documents of the
// format name with f. It is meant to be called from the init function of
// the package that reads the format; it panics if f is nil or name is
// registered twice, as sql.Register does.
func RegisterSpecFormat(name string, f SpecFormat) { specformat.Register(name, f) }

// SpecFormats returns the names of the registered formats, sorted.
func SpecFormats() []string { return specformat.Names() }

// SpecFrontend is an optional capability of a spec's Extension: it serves
// requests in front of the server's resource routes. The server puts the
// handler Frontend returns behind its common stages (journal, headers,
// network simulation) and in front of its router, which next is: the
// frontend answers the operations it describes and hands the requests it
// leaves to the resource routes (/{resource}, /{resource}/{id},
// /{resource}/{id}/{relationship}), the admin API and the document route
// to next.
type SpecFrontend interface {
	Frontend(next http.Handler, env FrontendEnv) http.Handler
}

// FrontendEnv is what a server tells a SpecFrontend about itself.
type FrontendEnv struct {
	// Spec is the server's spec, to be read only.
	Spec *Spec
	// Seed is WithRandSeed's seed, else options.seed; 0 when neither is set.
	Seed int64
	// Logger is the server's logger.
	Logger *slog.Logger
	// AdminPath is the path of the admin API ("" when it is off).
	AdminPath string
	// DocsPath is the path of the OpenAPI document ("" when it is off).
	DocsPath string
	// AuthPaths are the sign-in endpoints (login, logout, me) when
	// options.auth is on.
	AuthPaths []string
}

// SpecNotes is an optional capability of a spec's Extension: the things of
// the source document it does not serve (callbacks, webhooks, external
// references), which the server logs once, as warnings, at Open.
type SpecNotes interface {
	Notes() []string
}

// OpenAPIDescriber is an optional capability of a spec's Extension: the
// OpenAPI 3.1 document (JSON) of the API it serves in place of the
// resource routes (its info, paths and components). The server adds what
// it serves itself (the admin API and the document's own route) before
// publishing it.
type OpenAPIDescriber interface {
	OpenAPI() ([]byte, error)
}

// SpecPaths is an optional capability of a spec's Extension: the paths
// that serve each resource (an imported document's /store/order and
// /store/order/{orderId} for the resource order), for the banner of
// pretendo start.
type SpecPaths interface {
	ResourcePaths(resource string) []string
}
