package pretendo

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"sync"
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
	FormatOpenAPI = "openapi"
)

// formatPackages names the package that registers each known format, for
// the error that asks for its import.
var formatPackages = map[string]string{
	FormatOpenAPI: "github.com/pretendo-go/pretendo/openapi",
}

// ErrFormatNotRegistered reports a document of a known format (an OpenAPI
// document) whose reader the program does not import; the error says which
// import to add.
var ErrFormatNotRegistered = errors.New("pretendo: spec format not registered")

var (
	formatsMu sync.RWMutex
	formats   = map[string]SpecFormat{}
)

// RegisterSpecFormat makes ParseSpec and LoadSpec read documents of the
// format name with f. It is meant to be called from the init function of
// the package that reads the format; it panics if f is nil or name is
// registered twice, as sql.Register does.
func RegisterSpecFormat(name string, f SpecFormat) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	if f == nil {
		panic("pretendo: RegisterSpecFormat of a nil format")
	}
	if _, dup := formats[name]; dup {
		panic("pretendo: RegisterSpecFormat called twice for " + name)
	}
	formats[name] = f
}

// SpecFormats returns the names of the registered formats, sorted.
func SpecFormats() []string {
	formatsMu.RLock()
	defer formatsMu.RUnlock()
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// formatOf names the format of doc (JSON text): FormatOpenAPI for a
// document with a top-level openapi or swagger key, else "" (a pretendo
// spec).
func formatOf(doc []byte) string {
	var top struct {
		OpenAPI json.RawMessage `json:"openapi"`
		Swagger json.RawMessage `json:"swagger"`
	}
	if json.Unmarshal(doc, &top) != nil {
		return ""
	}
	if top.OpenAPI != nil || top.Swagger != nil {
		return FormatOpenAPI
	}
	return ""
}

// parseFormat reads doc with the reader registered for format, or says
// which import is missing.
func parseFormat(file, format string, doc []byte) (*Spec, error) {
	formatsMu.RLock()
	f := formats[format]
	formatsMu.RUnlock()
	if f == nil {
		what := "the spec"
		if file != "" {
			what = file
		}
		return nil, fmt.Errorf("%w: %s is an %s document; add import _ %q to the program to load it",
			ErrFormatNotRegistered, what, format, formatPackages[format])
	}
	return f.Parse(file, doc)
}

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
