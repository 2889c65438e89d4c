package pretendo

import (
	"fmt"
	"net/http"

	"github.com/pretendo-go/pretendo/internal/describe"
	"github.com/pretendo-go/pretendo/internal/docs"
	"github.com/pretendo-go/pretendo/internal/oas"
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
	var routes []describe.Route
	for _, r := range s.cfg.routes {
		routes = append(routes, describe.Route{Method: r.Method, Path: r.Path})
	}
	return docs.Server(s.spec, s.docsPath(), routes, s.adminPath(), s.extras().journal != nil)
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
	return docs.Imported(text, o)
}

// docsHandler serves the document at DocsPath.
func (s *Server) docsHandler() docs.Handler {
	h := docs.Handler{Document: s.OpenAPI, Fail: s.fail}
	if s.spec.Options.Docs.RequireAuth && s.auth != nil {
		h.SignedIn = func(w http.ResponseWriter, r *http.Request) bool {
			_, ok := s.auth.SignedIn(w, r)
			return ok
		}
	}
	return h
}
