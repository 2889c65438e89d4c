// Package docs serves a server's OpenAPI document (GET and HEAD /__docs),
// as JSON or, with ?format=yaml, YAML, and builds the document of an API
// read from another format: the extension's own document with the routes
// the server serves itself added.
package docs

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/describe"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/oas"
	"github.com/pretendo-go/pretendo/internal/yaml12"
	"github.com/pretendo-go/pretendo/schema"
)

// Handler is what serving the document needs from the server.
type Handler struct {
	// Document returns the document as indented JSON.
	Document func() ([]byte, error)
	// SignedIn, when not nil, answers a 401 and reports false for a
	// request without a signed-in user (options.docs.requireAuth).
	SignedIn func(w http.ResponseWriter, r *http.Request) bool
	// Fail writes an error answer.
	Fail httperr.Fail
}

// ServeHTTP answers GET and HEAD with the document; the router answers
// other methods.
func (h Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.SignedIn != nil && !h.SignedIn(w, r) {
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "yaml" {
		h.Fail(w, r, httperr.New(http.StatusBadRequest, httperr.CodeInvalidQuery, "format: %q is not a document format (want json or yaml)", format))
		return
	}
	body, err := h.Document()
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	contentType := "application/json; charset=utf-8"
	if format == "yaml" {
		if body, err = yaml12.EncodeJSON(body); err != nil {
			h.Fail(w, r, err)
			return
		}
		contentType = "application/yaml; charset=utf-8"
	} else {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// Imported builds the document of an API read from another format from
// text, the OpenAPI 3.1 document (JSON) its extension describes it with,
// adding what the server serves itself as o says.
func Imported(text []byte, o describe.Options) (*oas.Object, error) {
	v, err := oas.Decode(text)
	if err != nil {
		return nil, fmt.Errorf("pretendo: describing the imported API: %w", err)
	}
	doc, ok := v.(*oas.Object)
	if !ok {
		return nil, fmt.Errorf("pretendo: describing the imported API: the document is not an object")
	}
	describe.AddServerPaths(doc, o)
	return doc, nil
}

// Server says what a server of sp serves beyond its resources:
// docsPath ("" when the document is off), the routes given in Go, and,
// with the admin API on, its path and whether the journal is on.
func Server(sp *schema.Spec, docsPath string, goRoutes []describe.Route, adminPath string, journal bool) describe.Options {
	o := describe.Options{
		DocsPath: docsPath,
		ReadOnly: sp.Options.ReadOnly,
		// The homepage: a static folder's, or json-server's own.
		Static:   sp.Options.Static != "" || sp.Options.Dialect == schema.DialectJSONServer,
		Rewrites: sp.Options.Rewrites,
		GoRoutes: goRoutes,
	}
	if sp.Options.Dialect == schema.DialectJSONServer {
		o.Dialect = describe.JSONServer()
	}
	if sp.Options.Admin.On() {
		o.AdminPath = adminPath
		o.AdminToken = sp.Options.Admin.Token != ""
		o.Journal = journal
		o.Dashboard = true
	}
	if a := sp.Options.Auth; a.Enabled {
		o.Login, o.Logout, o.Me = auth.Paths(a)
		o.TokenHeader = a.TokenHeader
		if pw := auth.PasswordField(sp); pw != "" {
			o.Hidden = map[string]string{a.UserResource: pw}
		}
	}
	return o
}
