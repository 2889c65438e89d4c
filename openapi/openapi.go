package openapi

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/oas"
)

func init() {
	pretendo.RegisterSpecFormat(pretendo.FormatOpenAPI, format{})
}

// format reads OpenAPI documents for pretendo.ParseSpec and LoadSpec.
type format struct{}

// Parse implements pretendo.SpecFormat.
func (format) Parse(file string, doc []byte) (*pretendo.Spec, error) {
	return Parse(file, doc)
}

// Parse reads an OpenAPI 3.0 or 3.1 document, given as JSON text, into a
// spec that serves it: its collections and items as resources, its other
// operations answering their examples or generated values, every request
// validated against it. file names the document in errors. pretendo.LoadSpec
// and ParseSpec call it for OpenAPI documents (YAML included) once this
// package is imported; call it directly for a document already in JSON.
func Parse(file string, doc []byte) (*pretendo.Spec, error) {
	v, err := oas.Decode(doc)
	if err != nil {
		return nil, &pretendo.SpecError{File: file, Problems: []pretendo.SpecProblem{{Message: err.Error()}}}
	}
	root, ok := v.(*oas.Object)
	if !ok {
		return nil, &pretendo.SpecError{File: file, Problems: []pretendo.SpecProblem{{Message: "an OpenAPI document must be an object"}}}
	}
	if sw := root.String("swagger"); sw != "" || get(root, "swagger") != nil {
		return nil, &pretendo.SpecError{File: file, Problems: []pretendo.SpecProblem{{Path: "swagger",
			Message: fmt.Sprintf("Swagger %s documents are not read; convert the document to OpenAPI 3 first", sw)}}}
	}
	version := root.String("openapi")
	if !strings.HasPrefix(version, "3.0") && !strings.HasPrefix(version, "3.1") {
		return nil, &pretendo.SpecError{File: file, Problems: []pretendo.SpecProblem{{Path: "openapi",
			Message: fmt.Sprintf("OpenAPI version %q is not read (want 3.0.x or 3.1.x)", version)}}}
	}
	d := &document{root: root, version: version, v31: strings.HasPrefix(version, "3.1")}
	if root.Object("paths") == nil && root.Object("webhooks") == nil {
		return nil, &pretendo.SpecError{File: file, Problems: []pretendo.SpecProblem{{Path: "paths", Message: "the document has no paths"}}}
	}
	im := &importer{doc: d, c: &compiler{doc: d, byRef: map[string]*jsonSchema{}, v31: d.v31}, samples: map[*jsonSchema][]any{}, fieldValues: map[*jsonSchema][]any{}}
	im.read()
	if len(im.problems) > 0 {
		return nil, &pretendo.SpecError{File: file, Problems: im.problems}
	}
	for _, o := range im.api.ops {
		if rt := routeOf(o); rt != nil {
			im.spec.Routes = append(im.spec.Routes, *rt)
		}
	}
	im.spec.Extension = im.api
	if err := im.spec.Validate(); err != nil {
		var se *pretendo.SpecError
		_ = se
		return nil, fmt.Errorf("%w: the resources made of %s: %w", pretendo.ErrInvalidSpec, name(file), err)
	}
	return im.spec, nil
}

// name names a document in messages.
func name(file string) string {
	if file == "" {
		return "the document"
	}
	return file
}

// Notes implements pretendo.SpecNotes: what the document holds that is
// not served (callbacks, webhooks, external references, patterns Go cannot
// read), once each.
func (a *api) Notes() []string {
	out := make([]string, len(a.doc.notes))
	for i, n := range a.doc.notes {
		out[i] = "openapi: " + n
	}
	return out
}

// ResourcePaths implements pretendo.SpecPaths: the document's paths that
// serve the resource, in document order.
func (a *api) ResourcePaths(resource string) []string {
	var out []string
	for _, o := range a.ops {
		if o.res != nil && o.res.resource == resource && !slices.Contains(out, o.path) {
			out = append(out, o.path)
		}
	}
	return out
}
