package pretendo

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

// DocsPath is where a server publishes its OpenAPI document, unless
// options.docs.enabled is false.
const DocsPath = "/__docs"

// docsPath is the path of the OpenAPI document, or "" when it is off.
func (s *Server) docsPath() string {
	if !s.spec.Options.Docs.On() {
		return ""
	}
	return DocsPath
}

// OpenAPI returns the OpenAPI 3.1 document (JSON, indented) that describes
// the API the server serves: every resource route and nested route with
// its query parameters, envelopes, paging and error answers, sign-in when
// it is on, the custom routes, the admin API (tagged admin) and the
// document's own route. Field schemas carry the spec's rules. For a spec
// read from an OpenAPI document, it is that document's API, in OpenAPI
// 3.1, with the admin API added. The same document is served at GET
// /__docs and printed by pretendo openapi.
func (s *Server) OpenAPI() ([]byte, error) {
	doc, err := s.openAPIDocument()
	if err != nil {
		return nil, err
	}
	b, err := oas.JSON(doc)
	if err != nil {
		return nil, fmt.Errorf("pretendo: writing the OpenAPI document: %w", err)
	}
	return b, nil
}

// describeOptions says what the server serves beyond its resources.
func (s *Server) describeOptions() describe.Options {
	o := describe.Options{
		DocsPath: s.docsPath(),
		ReadOnly: s.spec.Options.ReadOnly,
		// The homepage: a static folder's, or json-server's own.
		Static:   s.spec.Options.Static != "" || s.spec.Options.Dialect == schema.DialectJSONServer,
		Rewrites: s.spec.Options.Rewrites,
	}
	if s.spec.Options.Dialect == schema.DialectJSONServer {
		o.Dialect = describe.JSONServer()
	}
	for _, r := range s.cfg.routes {
		o.GoRoutes = append(o.GoRoutes, describe.Route{Method: r.method, Path: r.path})
	}
	if s.spec.Options.Admin.On() {
		o.AdminPath = s.adminPath()
		o.AdminToken = s.spec.Options.Admin.Token != ""
		o.Journal = s.extras().journal != nil
		o.Dashboard = true
	}
	if a := s.spec.Options.Auth; a.Enabled {
		o.Login, o.Logout, o.Me = auth.Paths(a)
		o.TokenHeader = a.TokenHeader
		if pw := auth.PasswordField(s.spec); pw != "" {
			o.Hidden = map[string]string{a.UserResource: pw}
		}
	}
	return o
}

// openAPIDocument builds the document.
func (s *Server) openAPIDocument() (*oas.Object, error) {
	o := s.describeOptions()
	d, ok := s.spec.Extension.(OpenAPIDescriber)
	if !ok {
		return describe.Document(s.spec, o), nil
	}
	text, err := d.OpenAPI()
	if err != nil {
		return nil, fmt.Errorf("pretendo: describing the imported API: %w", err)
	}
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

// serveDocs answers GET and HEAD /__docs with the OpenAPI document, as
// JSON or, with ?format=yaml, YAML; the router answers other methods.
func (s *Server) serveDocs(w http.ResponseWriter, r *http.Request) {
	if s.spec.Options.Docs.RequireAuth && s.auth != nil {
		if _, ok := s.auth.SignedIn(w, r); !ok {
			return
		}
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "yaml" {
		s.fail(w, r, httperr.New(http.StatusBadRequest, CodeInvalidQuery, "format: %q is not a document format (want json or yaml)", format))
		return
	}
	body, err := s.OpenAPI()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format == "yaml" {
		if body, err = yaml12.EncodeJSON(body); err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = w.Write(body)
		}
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
