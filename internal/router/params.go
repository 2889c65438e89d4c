package router

import (
	"strings"

	"github.com/pretendo-go/pretendo/internal/routepath"
)

// Params are the parameters of the route that matched a request, read
// from its escaped path when asked for.
type Params struct {
	pattern *routepath.Pattern
	path    string
}

// Path returns the escaped path the route matched.
func (p Params) Path() string { return p.path }

// Segment returns the i-th segment (from 0) of the escaped path, or "" if
// the path has fewer: for the route /{resource}/{id}, Segment(1) is the id
// as the client escaped it.
func (p Params) Segment(i int) string { return Segment(p.path, i) }

// Segment returns the i-th segment (from 0) of the escaped path p, or ""
// if p has fewer.
func Segment(p string, i int) string {
	s := strings.TrimPrefix(p, "/")
	for ; i > 0; i-- {
		_, rest, ok := strings.Cut(s, "/")
		if !ok {
			return ""
		}
		s = rest
	}
	seg, _, _ := strings.Cut(s, "/")
	return seg
}

// Raw returns the value of the route's parameter name as the client
// escaped it, or "" when the route has no such parameter.
func (p Params) Raw(name string) string {
	if p.pattern == nil {
		return ""
	}
	v, _ := p.pattern.Raw(p.path, name)
	return v
}
