// Package describe writes the OpenAPI 3.1 document of the API a spec
// serves: every resource route and nested route, the query parameters and
// their operators, the envelopes and paging, the error answers and their
// codes, sign-in, custom routes and the admin API. It builds the document
// as Go values (package oas) from the spec and a Dialect, so it needs no
// OpenAPI library; the root package publishes it (GET /__docs,
// Server.OpenAPI).
package describe

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/internal/oas"
	"github.com/pretendo-go/pretendo/schema"
)

// Options says what the server serves beyond the spec's resources.
type Options struct {
	// Dialect is how the server speaks; nil means Pretendo().
	Dialect *Dialect
	// AdminPath is the path of the admin API, "" when it is off;
	// AdminToken reports whether it needs a Bearer token.
	AdminPath  string
	AdminToken bool
	// ReadOnly, Static and Rewrites are options.readOnly, whether
	// options.static is set, and options.rewrites: what the stages before
	// the router make of requests.
	ReadOnly, Static bool
	Rewrites         []schema.Rewrite
	// Journal reports whether the admin API serves the request journal;
	// Dashboard, whether it serves the dashboard page.
	Journal, Dashboard bool
	// DocsPath is the path of the document itself, "" when it is not served.
	DocsPath string
	// Login, Logout and Me are the sign-in endpoints, "" when sign-in is off.
	Login, Logout, Me string
	// TokenHeader is the header user tokens come in ("Authorization").
	TokenHeader string
	// Hidden is the write-only field of each resource (the password of the
	// user resource), which no answer contains.
	Hidden map[string]string
	// Title and Version go into the document's info; defaults "pretendo
	// API" and "1.0.0".
	Title, Version string
	// GoRoutes are the routes Go handlers answer (WithRoute), as method and
	// path: their answers are the handlers' own.
	GoRoutes []Route
}

// Route is a method and a route path (":id", "{id}" and "{*rest}" forms).
type Route struct{ Method, Path string }

// builder holds what the document is made of while it is built.
type builder struct {
	sp      *schema.Spec
	o       Options
	d       *Dialect
	paths   *oas.Object
	schemas *oas.Object
	tags    []any
	// auth reports whether resource routes need a signed-in user.
	auth bool
}

// Document returns the OpenAPI 3.1 document of the API that sp serves.
func Document(sp *schema.Spec, o Options) *oas.Object {
	b := &builder{sp: sp, o: o, d: o.Dialect, paths: &oas.Object{}, schemas: &oas.Object{}, auth: o.Login != ""}
	if b.d == nil {
		b.d = Pretendo()
	}
	title, version := o.Title, o.Version
	if title == "" {
		title = "pretendo API"
	}
	if version == "" {
		version = "1.0.0"
	}
	names := make([]string, len(sp.Resources))
	for i, r := range sp.Resources {
		names[i] = r.Name
	}
	desc := "The API a pretendo server serves"
	if len(names) > 0 {
		desc += ": the resources " + strings.Join(names, ", ")
	}
	desc += fmt.Sprintf(", in the %s dialect.", b.d.Name)
	doc := oas.New(
		"openapi", oas.Version,
		"info", oas.New("title", title, "version", version, "description", desc),
	)
	if b.d.Root != nil {
		b.root()
	}
	for i := range sp.Resources {
		b.resource(&sp.Resources[i])
	}
	if b.d.Database && sp.Resource("db") == nil {
		b.database()
	}
	if b.auth {
		b.signIn()
	}
	// The routes so far are the server's own: a document imported back
	// hands them to the server as they come (x-pretendo.forward).
	for _, p := range b.paths.Keys() {
		pi := b.paths.Object(p)
		for _, m := range pi.Keys() {
			if op := pi.Object(m); op != nil && m != "parameters" {
				op.Set("x-pretendo", oas.New("forward", true))
			}
		}
	}
	b.customRoutes()
	if b.d.Error != nil {
		b.schemas.Set("Error", b.d.Error)
		b.schemas.Set("Violation", oas.New("type", "object", "required", []any{"field", "code", "message"}, "properties", oas.New(
			"field", oas.New("type", "string"),
			"code", oas.New("type", "string"),
			"message", oas.New("type", "string"),
		)))
	}
	components := oas.New("schemas", b.schemas)
	if b.auth {
		components.Set("securitySchemes", oas.New("bearer", b.bearerScheme()))
	}
	doc.Set("tags", b.tags)
	doc.Set("paths", b.paths)
	doc.Set("components", components)
	if x := extension(sp); x.Len() > 0 {
		doc.Set("x-pretendo", x)
	}
	AddServerPaths(doc, o)
	return doc
}

// bearerScheme describes the user tokens.
func (b *builder) bearerScheme() *oas.Object {
	if h := b.o.TokenHeader; h != "" && !strings.EqualFold(h, "Authorization") {
		return oas.New("type", "apiKey", "in", "header", "name", h,
			"description", "The token of POST "+b.o.Login+", as \"Bearer <token>\" or bare.")
	}
	return oas.New("type", "http", "scheme", "bearer", "description", "The token of POST "+b.o.Login+".")
}

// tag adds a tag to the document's list, once.
func (b *builder) tag(name, description string) {
	for _, t := range b.tags {
		if t.(*oas.Object).String("name") == name {
			return
		}
	}
	b.tags = append(b.tags, oas.New("name", name, "description", description))
}

// root describes GET /.
func (b *builder) root() {
	ok := response("The resources the server serves, in spec order.", b.d.Root, nil)
	b.paths.Set("/", oas.New(
		"get", oas.New("operationId", "root", "summary", "List the resources", "responses", oas.New("200", ok, "default", b.errorResponse("Any other error.", nil))),
		"head", oas.New("operationId", "root.head", "summary", "As GET, without a body", "responses", oas.New("200", oas.New("description", "As GET."), "default", oas.New("description", "Any error, without a body."))),
		"options", optionsOp("root.options", "GET, HEAD, OPTIONS"),
	))
}

// response is a response object with a JSON body of schema s (none when
// s is nil) and headers.
func response(description string, s *oas.Object, headers []Header) *oas.Object {
	r := oas.New("description", description)
	if len(headers) > 0 {
		h := &oas.Object{}
		for _, hd := range headers {
			h.Set(hd.Name, oas.New("description", hd.Description, "schema", hd.Schema))
		}
		r.Set("headers", h)
	}
	if s != nil {
		r.Set("content", oas.New("application/json", oas.New("schema", s)))
	}
	return r
}

// optionsOp describes the OPTIONS answer of a path: 204 with Allow and,
// unless CORS is off, the CORS headers.
func optionsOp(id, allow string) *oas.Object {
	return oas.New("operationId", id, "summary", "The methods of this path (CORS preflight)",
		"responses", oas.New("204", oas.New("description", "No body; Allow lists the methods: "+allow+".",
			"headers", oas.New("Allow", oas.New("schema", oas.New("type", "string"))))))
}

// errorResponse is an error response whose code is one of codes (any code
// when codes is empty).
func (b *builder) errorResponse(description string, codes []string) *oas.Object {
	if b.d.Error == nil {
		return oas.New("description", description)
	}
	s := oas.New("$ref", "#/components/schemas/Error")
	if len(codes) == 0 && b.d.NotFound != nil {
		// Any error: a 404 too, in its own shape.
		return response(description, oas.New("anyOf", []any{s, b.d.NotFound}), nil)
	}
	if len(codes) > 0 && b.d.ErrorCode != "" {
		enum := make([]any, len(codes))
		for i, c := range codes {
			enum[i] = c
		}
		s = oas.New("allOf", []any{s, oas.New("properties", oas.New(b.d.ErrorCode, oas.New("enum", enum)))})
	}
	return response(description, s, nil)
}

// responses adds to r the error answers of an operation of kind k (and of
// sign-in when it is on, and error simulation when it is enabled), then a
// default answer for any other error.
func (b *builder) responses(r *oas.Object, kinds ...Kind) *oas.Object {
	if b.auth {
		kinds = append(kinds, KindAuth)
	}
	kinds = append(kinds, KindAny)
	byStatus := map[int][]string{}
	var statuses []int
	for _, k := range kinds {
		for _, st := range b.d.Errors[k] {
			if _, ok := byStatus[st.Status]; !ok {
				statuses = append(statuses, st.Status)
			}
			for _, c := range st.Codes {
				if !slices.Contains(byStatus[st.Status], c) {
					byStatus[st.Status] = append(byStatus[st.Status], c)
				}
			}
		}
	}
	if es := b.sp.Options.ErrorSimulation; es.Enabled {
		sim := es.StatusCodes
		if len(sim) == 0 {
			sim = []int{500, 503, 504}
		}
		for _, st := range sim {
			if _, ok := byStatus[st]; !ok {
				statuses = append(statuses, st)
			}
			byStatus[st] = append(byStatus[st], "SIMULATED_ERROR")
		}
	}
	slices.Sort(statuses)
	for _, st := range statuses {
		codes := byStatus[st]
		if st == http.StatusNotFound && b.d.NotFound != nil {
			r.Set("404", response("Not found ("+strings.Join(codes, ", ")+").", b.d.NotFound, nil))
			continue
		}
		r.Set(strconv.Itoa(st), b.errorResponse(strings.Join(codes, ", "), codes))
	}
	r.Set("default", b.errorResponse("Any other error (the server closed, a storage failure, a simulated error forced with the error trigger).", nil))
	return r
}

// security is the security requirement of operations that need sign-in.
func (b *builder) security(op *oas.Object) *oas.Object {
	if b.auth {
		op.Set("security", []any{oas.New("bearer", []any{})})
	}
	return op
}

// param is a query parameter object.
func param(name, description string, s *oas.Object) *oas.Object {
	p := oas.New("name", name, "in", "query")
	if description != "" {
		p.Set("description", description)
	}
	return p.Set("schema", s)
}

// pathParam is a required path parameter object.
func pathParam(name, description string, s *oas.Object) *oas.Object {
	return oas.New("name", name, "in", "path", "required", true, "description", description, "schema", s)
}

// ref is a reference to a component schema.
func ref(name string) *oas.Object { return oas.New("$ref", "#/components/schemas/"+name) }
