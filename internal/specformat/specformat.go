// Package specformat holds the registry of the spec formats other than
// pretendo's own (an OpenAPI document, say), tells a document's format from
// its top-level keys, and reads a document with the reader registered for
// its format. The root package's RegisterSpecFormat and SpecFormats are its
// public face.
package specformat

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/pretendo-go/pretendo/schema"
)

// OpenAPI is the format name of OpenAPI 3.0 and 3.1 documents.
const OpenAPI = "openapi"

// Format reads documents of one format into a spec.
type Format interface {
	Parse(file string, doc []byte) (*schema.Spec, error)
}

// ErrNotRegistered reports a document of a known format whose reader the
// program does not import.
var ErrNotRegistered = errors.New("pretendo: spec format not registered")

// packages names the package that registers each known format, for the
// error that asks for its import.
var packages = map[string]string{
	OpenAPI: "github.com/pretendo-go/pretendo/openapi",
}

var (
	mu      sync.RWMutex
	formats = map[string]Format{}
)

// Register makes Parse read documents of the format name with f; it panics
// if f is nil or name is registered twice.
func Register(name string, f Format) {
	mu.Lock()
	defer mu.Unlock()
	if f == nil {
		panic("pretendo: RegisterSpecFormat of a nil format")
	}
	if _, dup := formats[name]; dup {
		panic("pretendo: RegisterSpecFormat called twice for " + name)
	}
	formats[name] = f
}

// Names returns the names of the registered formats, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Of names the format of doc (JSON text): OpenAPI for a document with a
// top-level openapi or swagger key, else "" (a pretendo spec).
func Of(doc []byte) string {
	var top struct {
		OpenAPI json.RawMessage `json:"openapi"`
		Swagger json.RawMessage `json:"swagger"`
	}
	if json.Unmarshal(doc, &top) != nil {
		return ""
	}
	if top.OpenAPI != nil || top.Swagger != nil {
		return OpenAPI
	}
	return ""
}

// Parse reads doc with the reader registered for format, or says which
// import is missing. file names the document in errors ("" for none).
func Parse(file, format string, doc []byte) (*schema.Spec, error) {
	mu.RLock()
	f := formats[format]
	mu.RUnlock()
	if f == nil {
		what := "the spec"
		if file != "" {
			what = file
		}
		return nil, fmt.Errorf("%w: %s is an %s document; add import _ %q to the program to load it",
			ErrNotRegistered, what, format, packages[format])
	}
	return f.Parse(file, doc)
}
