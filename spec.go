package pretendo

import (
	"errors"
	"fmt"
	"os"

	"github.com/pretendo-go/pretendo/internal/initial"
	"github.com/pretendo-go/pretendo/internal/jsondb"
	"github.com/pretendo-go/pretendo/internal/specformat"
	"github.com/pretendo-go/pretendo/internal/yaml12"
	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/seed"
)

// Spec describes a whole API: resources, initial data, options and custom
// routes. See the package documentation for the format.
type Spec = schema.Spec

// Resource is one collection of records, served under /{name}.
type Resource = schema.Resource

// Field is one declared field of a resource, with its rules.
type Field = schema.Field

// Relationship links a resource to another (hasOne, hasMany, belongsTo, manyToMany).
type Relationship = schema.Relationship

// Reference makes a field a foreign key, with its onDelete action.
type Reference = schema.Reference

// Options configures a server from the spec (contract section 5).
type Options = schema.Options

// DefaultMaxDepth is how many levels of objects and arrays a record may
// nest, the record itself being the first, unless options.maxDepth says
// otherwise (at most [schema.MaxRecordDepth]). A deeper value is a 422
// VALIDATION_FAILED over HTTP and an error wrapping ErrValidation in Go,
// on every write path; a deeper data or snapshot file fails to load.
const DefaultMaxDepth = schema.DefaultMaxDepth

// ParseSpec reads a spec from YAML or JSON. An OpenAPI 3.0 or 3.1 document
// is read by the format registered for it (see RegisterSpecFormat): a
// program that imports github.com/pretendo-go/pretendo/openapi serves it as
// a stateful mock; without the import the error wraps
// ErrFormatNotRegistered and names the import. YAML is read by YAML 1.2 rules,
// as js-yaml 4 (the TypeScript Pretendo's reader) reads it: NO, off, y and
// on are strings, 01234 is the number 1234, 0o14 is octal, and a key
// repeated in one mapping is an error. Decoding is strict: unknown keys,
// wrong types and broken references are errors, and every problem is
// reported at once in a *SpecError, each with its path, line and column.
func ParseSpec(data []byte) (*Spec, error) {
	return parseSpec("", data)
}

// LoadSpec reads the spec file at path (YAML or JSON), as ParseSpec does.
func LoadSpec(path string) (*Spec, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("pretendo: loading spec: %w", err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("pretendo: loading spec: %s is a directory", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("pretendo: loading spec: %w", err)
	}
	return parseSpec(path, data)
}

func parseSpec(file string, data []byte) (*Spec, error) {
	if jsondb.Recognize(data) {
		s, err := jsondb.Infer(data, jsondb.Options{Path: file})
		if err != nil {
			return nil, specError(file, err)
		}
		return s, nil
	}
	doc, err := yaml12.Decode(data)
	if err != nil {
		return nil, &SpecError{File: file, Problems: []SpecProblem{yamlProblem(err)}}
	}
	if format := specformat.Of(doc.JSON); format != "" {
		return specformat.Parse(file, format, doc.JSON)
	}
	s, err := schema.DecodeMapped(doc.JSON, doc.Position)
	if err != nil {
		return nil, specError(file, err)
	}
	return s, nil
}

// yamlProblem turns an error of the YAML reader into a problem of the whole
// document, placed where the reader says.
func yamlProblem(err error) SpecProblem {
	p := SpecProblem{Message: err.Error()}
	var ye *yaml12.Error
	if errors.As(err, &ye) {
		p.Message, p.Line, p.Column = ye.Err.Error(), ye.Line, ye.Column
	}
	return p
}

// ParseData reads a data file (YAML or JSON): one object of resource name
// to an array of records, as the CLI's --seed flag and seed callbacks use.
// YAML is read as ParseSpec reads it.
func ParseData(data []byte) (seed.Data, error) {
	d, err := initial.ParseData(data)
	if err != nil {
		return nil, fmt.Errorf("pretendo: reading data: %w", err)
	}
	return d, nil
}

// LoadData reads the data file at path, as ParseData does. Errors name
// the file.
func LoadData(path string) (seed.Data, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("pretendo: loading data: %w", err)
	}
	d, err := initial.ParseData(data)
	if err != nil {
		return nil, wrap(err, "loading data %s", path)
	}
	return d, nil
}

// specError turns a schema error into a *SpecError.
func specError(file string, err error) error {
	var se *schema.Error
	if errors.As(err, &se) {
		return &SpecError{File: file, Problems: se.Problems}
	}
	return &SpecError{File: file, Problems: []SpecProblem{{Path: "(document)", Message: err.Error()}}}
}
