// Package dashboard serves the dashboard: a page at {admin}/ui/ that shows
// a server's resources and records, lets a person edit them, take and
// restore snapshots, and watch the request journal live. It is plain HTML,
// CSS and JavaScript, embedded in the binary: no CDN, no build step.
//
// The page talks to the server's own API only: the resource routes, the
// admin API (with the admin token, which a login box asks for) and the
// journal's stream. Every URL it uses is relative to the page, so it works
// when the server is mounted under a prefix.
package dashboard

import (
	"bytes"
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed ui
var files embed.FS

// Config is what the page needs to know of the server.
type Config struct {
	// AdminPath is the path of the admin API, like "/admin"; the page is
	// served at AdminPath + "/ui/".
	AdminPath string
	// Resources lists the resources in spec order.
	Resources []Resource
	// Auth describes the sign-in of users, nil when options.auth is off.
	Auth *Auth
	// NotFound answers a path below the page that is no file of it.
	NotFound http.Handler
}

// Resource is one resource as the page lists it.
type Resource struct {
	Name string `json:"name"`
	// Key is the name of the primary key field.
	Key string `json:"key"`
	// Fields are the declared fields, in spec order: the columns of the
	// records table, before any field a record has besides.
	Fields []string `json:"fields"`
}

// Auth is the sign-in of users, for the resources that need one.
type Auth struct {
	// Login is the login path, like "/auth/login".
	Login string `json:"login"`
	// Header is the header that carries a user's token.
	Header string `json:"header"`
}

// pageConfig is the configuration written into the page.
type pageConfig struct {
	// Root is the API's root relative to the page, like "../../".
	Root string `json:"root"`
	// Admin is the admin API relative to the page: "../".
	Admin     string     `json:"admin"`
	AdminPath string     `json:"adminPath"`
	Resources []Resource `json:"resources"`
	Auth      *Auth      `json:"auth"`
}

// Handler serves the page and its files.
type Handler struct {
	base     string // AdminPath + "/ui"
	index    []byte
	notFound http.Handler
}

// New returns the handler of the dashboard for cfg. It panics if the
// embedded files are missing, which only a broken build can cause.
func New(cfg Config) *Handler {
	admin := "/" + strings.Trim(cfg.AdminPath, "/")
	depth := strings.Count(admin, "/") + 1 // the admin path's segments, and "ui"
	pc := pageConfig{
		Root:      strings.Repeat("../", depth),
		Admin:     "../",
		AdminPath: admin,
		Resources: cfg.Resources,
		Auth:      cfg.Auth,
	}
	if pc.Resources == nil {
		pc.Resources = []Resource{}
	}
	conf, err := json.Marshal(pc)
	if err != nil {
		panic("dashboard: " + err.Error())
	}
	index, err := fs.ReadFile(files, "ui/index.html")
	if err != nil {
		panic("dashboard: " + err.Error())
	}
	// The configuration goes in a data block, which the script reads: the
	// page runs no inline script. A script element's text is not HTML
	// decoded; json.Marshal writes <, > and & as \u escapes, so no value
	// can end the element.
	index = bytes.Replace(index, []byte("{{config}}"), conf, 1)
	notFound := cfg.NotFound
	if notFound == nil {
		notFound = http.NotFoundHandler()
	}
	return &Handler{base: admin + "/ui", index: index, notFound: notFound}
}

// contentTypes are the types of the page's files, by extension.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
}

// csp allows the page its own files and its own server, nothing else.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// ServeHTTP serves GET and HEAD of {admin}/ui (a redirect to ui/),
// {admin}/ui/ (the page) and {admin}/ui/<file>. The server routes only
// those methods here.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, h.base)
	switch {
	case !ok:
		h.notFound.ServeHTTP(w, r)
		return
	case rest == "":
		// Relative, so that it holds under any prefix the server is
		// mounted at.
		w.Header().Set("Location", "ui/")
		w.WriteHeader(http.StatusFound)
		return
	}
	name := strings.TrimPrefix(rest, "/")
	body := h.index
	if name != "" && name != "index.html" {
		if strings.Contains(name, "/") || strings.HasPrefix(name, ".") {
			h.notFound.ServeHTTP(w, r)
			return
		}
		data, err := fs.ReadFile(files, "ui/"+name)
		if err != nil {
			h.notFound.ServeHTTP(w, r)
			return
		}
		body = data
	} else {
		name = "index.html"
	}
	ct, ok := contentTypes[path.Ext(name)]
	if !ok {
		h.notFound.ServeHTTP(w, r)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", ct)
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	hd.Set("Cache-Control", "no-cache")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", csp)
	hd.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
