// Package static is the stage of a server's chain that serves the files
// of a folder (options.static) and the homepage, as json-server serves its
// public folder: GET and HEAD of a path that is a file of the folder get
// the file, a folder with an index.html gets that, and GET / gets the
// folder's index.html or else a page that lists the resources. In the
// json-server dialect the homepage is served without a folder too, as
// json-server serves its own.
//
// Files never hide the API: a path under the admin API, a resource's, a
// custom route's or an auth endpoint's goes on to the router, file or not.
// Nothing outside the folder is served (no "..", no link leading out, the
// folder opened as an os.Root), nor any name starting with a dot, and a
// folder's contents are never listed.
package static

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/schema"
)

// Config is what the stage needs of a server.
type Config struct {
	// Spec gives the folder (options.static), the resources and the
	// auth endpoints.
	Spec *schema.Spec
	// AdminPath is the path of the admin API.
	AdminPath string
	// Routed reports whether a custom route serves r (the admin API may
	// be included).
	Routed func(r *http.Request) bool
	// Stats counts the records of each resource, for the homepage.
	Stats func(ctx context.Context) (map[string]adapter.ResourceStats, error)
}

// Check returns the problem of sp's options.static: a folder that is not
// one.
func Check(sp *schema.Spec) []schema.Problem {
	dir := sp.Options.Static
	if dir == "" {
		return nil
	}
	fi, err := os.Stat(dir)
	switch {
	case err != nil:
		return []schema.Problem{{Path: "options.static", Message: "cannot serve files from " + quote(dir) + ": " + err.Error()}}
	case !fi.IsDir():
		return []schema.Problem{{Path: "options.static", Message: quote(dir) + " is not a folder"}}
	}
	return nil
}

// quote quotes a path for a message.
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// server is the stage of one server.
type server struct {
	c        Config
	dir      string
	homepage bool
	// reserved holds the first segments of the API's paths: resources,
	// the admin API, the auth endpoints.
	reserved map[string]bool
}

// New returns the stage; with no folder, in pretendo's dialect, it hands
// every request on.
func New(c Config) func(http.Handler) http.Handler {
	o := c.Spec.Options
	jsonServer := o.Dialect == schema.DialectJSONServer
	s := &server{c: c, dir: o.Static, homepage: o.Static != "" || jsonServer}
	if !s.homepage {
		return func(next http.Handler) http.Handler { return next }
	}
	s.reserved = map[string]bool{}
	for _, res := range c.Spec.Resources {
		s.reserved[res.Name] = true
	}
	if jsonServer {
		s.reserved["db"] = true // GET /db
	}
	if o.Admin.On() {
		s.reserved[firstSegment(c.AdminPath)] = true
	}
	if o.Auth.Enabled {
		login, logout, me := auth.Paths(o.Auth)
		for _, p := range []string{login, logout, me} {
			s.reserved[firstSegment(p)] = true
		}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !s.serve(w, r) {
				next.ServeHTTP(w, r)
			}
		})
	}
}

// firstSegment is the first segment of the path p.
func firstSegment(p string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return seg
}

// serve answers r with a file or the homepage, or reports false to hand
// it on.
func (s *server) serve(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	p := r.URL.Path
	if p == "/" {
		if !s.serveFile(w, r, "index.html") {
			s.serveHomepage(w, r)
		}
		return true
	}
	if s.dir == "" || s.reserved[firstSegment(p)] || (s.c.Routed != nil && s.c.Routed(r)) {
		return false
	}
	name, ok := fileName(p)
	if !ok {
		return false
	}
	return s.serveFile(w, r, name)
}

// fileName is the name in the folder of the decoded URL path p, or false
// when p names no file the stage may serve: a segment that is empty
// (but the last), "." or "..", or starts with a dot, or holds a
// backslash or a NUL.
func fileName(p string) (string, bool) {
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, seg := range segs {
		if seg == "" && i == len(segs)-1 {
			continue
		}
		if seg == "" || strings.HasPrefix(seg, ".") || strings.ContainsAny(seg, "\\\x00") {
			return "", false
		}
	}
	return path.Join(segs...), true
}

// serveFile answers r with the file name of the folder (a folder's
// index.html, after a redirect that adds the slash a folder's URL ends
// with), or reports false when there is none.
func (s *server) serveFile(w http.ResponseWriter, r *http.Request, name string) bool {
	if s.dir == "" {
		return false
	}
	f, fi, ok := s.open(name)
	if !ok {
		return false
	}
	defer f.Close()
	if fi.IsDir() {
		idx, ifi, ok := s.open(path.Join(name, "index.html"))
		if !ok {
			return false
		}
		defer idx.Close()
		if !strings.HasSuffix(r.URL.Path, "/") {
			// A relative target keeps a mount prefix.
			target := path.Base(r.URL.EscapedPath()) + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			w.Header().Set("Location", target)
			w.WriteHeader(http.StatusMovedPermanently)
			return true
		}
		f, fi = idx, ifi
	}
	http.ServeContent(w, r, fi.Name(), fi.ModTime(), f)
	return true
}

// open opens name in the folder, refusing a name that leads out of it,
// and reports false when there is no such file or folder.
func (s *server) open(name string) (*os.File, fs.FileInfo, bool) {
	f, err := os.OpenInRoot(s.dir, name)
	if err != nil {
		return nil, nil, false
	}
	fi, err := f.Stat()
	if err != nil || !(fi.Mode().IsRegular() || fi.IsDir()) {
		f.Close()
		return nil, nil, false
	}
	return f, fi, true
}
