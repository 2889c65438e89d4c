package pretendo

import (
	"net/http"

	"github.com/pretendo-go/pretendo/internal/auth"
)

// frontend puts the spec extension's frontend (an imported OpenAPI
// document's operations) in front of the router, when it has one.
func (s *Server) frontend(router http.Handler) http.Handler {
	f, ok := s.spec.Extension.(SpecFrontend)
	if !ok {
		return router
	}
	seed := s.cfg.randSeed
	if seed == 0 {
		seed = s.spec.Options.Seed
	}
	admin := ""
	if s.spec.Options.Admin.On() {
		admin = s.adminPath()
	}
	var authEndpoints []string
	if a := s.spec.Options.Auth; a.Enabled {
		login, logout, me := auth.Paths(a)
		authEndpoints = []string{login, logout, me}
	}
	return f.Frontend(router, FrontendEnv{
		AuthPaths: authEndpoints,
		Spec:      s.spec,
		Seed:      seed,
		Logger:    s.cfg.logger,
		AdminPath: admin,
		DocsPath:  s.docsPath(),
	})
}

// logNotes logs, once at Open, what the spec's source document holds that
// the server does not serve.
func (s *Server) logNotes() {
	n, ok := s.spec.Extension.(SpecNotes)
	if !ok {
		return
	}
	for _, note := range n.Notes() {
		s.cfg.logger.Warn(note)
	}
}
