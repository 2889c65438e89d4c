// Package routepath reads the paths of custom routes and matches request
// paths against them.
//
// A path is "/" or "/" and segments. A segment is a literal, a parameter
// (":name" or "{name}") that takes one segment, or, as the last segment
// only, a wildcard ("{*name}" or "*name", Express 5's named wildcard) that
// takes the rest of the path: one segment or more. A bare "*" is a literal,
// as in Express 5. Names are a letter or "_", then letters, digits or "_".
//
// The schema checks spec routes with [Parse] and the server matches
// requests with the same [Pattern], so a path the spec accepts is the path
// the server serves.
package routepath

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Pattern is a parsed route path. The zero Pattern is "/".
type Pattern struct {
	// lits holds the decoded literal of each fixed segment, "" where a
	// parameter sits.
	lits []string
	// escaped holds each literal as a client would escape it.
	escaped []string
	// params holds the parameter name of each fixed segment, "" for literals.
	params []string
	// rest is the name of the wildcard that takes the rest of the path, or "".
	rest string
}

// ErrPath is wrapped by every error of Parse.
var ErrPath = errors.New("routepath: bad path")

// Parse reads a route path. Its errors wrap [ErrPath] and say what is wrong
// in words a spec author understands, naming the path.
func Parse(p string) (Pattern, error) {
	var rp Pattern
	switch {
	case p == "":
		return rp, fmt.Errorf("%w: path is required", ErrPath)
	case p[0] != '/':
		return rp, fmt.Errorf("%w: path %q must start with \"/\"", ErrPath, p)
	case p == "/":
		return rp, nil
	}
	segs := strings.Split(p[1:], "/")
	for i, seg := range segs {
		name, kind := segment(seg)
		switch {
		case seg == "":
			return rp, fmt.Errorf("%w: path %q has an empty segment", ErrPath, p)
		case kind != literal && !IsName(name):
			return rp, fmt.Errorf("%w: path %q has an invalid parameter name %q (want a letter or \"_\", then letters, digits or \"_\")", ErrPath, p, name)
		case kind != literal && (slices.Contains(rp.params, name) || name == rp.rest):
			return rp, fmt.Errorf("%w: path %q repeats parameter %q", ErrPath, p, name)
		case kind == wildcard && i != len(segs)-1:
			return rp, fmt.Errorf("%w: path %q has the wildcard %q before its end (a wildcard takes the rest of the path, so it must be the last segment)", ErrPath, p, seg)
		case kind == wildcard:
			rp.rest = name
			continue
		case kind == param:
			rp.lits, rp.escaped, rp.params = append(rp.lits, ""), append(rp.escaped, ""), append(rp.params, name)
			continue
		case strings.ContainsAny(seg, "{}"):
			return rp, fmt.Errorf("%w: path %q has a brace inside segment %q (a {param} must be a whole segment)", ErrPath, p, seg)
		}
		lit, err := url.PathUnescape(seg)
		if err != nil {
			return rp, fmt.Errorf("%w: path %q has a bad escape in segment %q", ErrPath, p, seg)
		}
		rp.lits, rp.escaped, rp.params = append(rp.lits, lit), append(rp.escaped, url.PathEscape(lit)), append(rp.params, "")
	}
	return rp, nil
}

// The kinds of segment.
const (
	literal = iota
	param
	wildcard
)

// segment returns the kind of seg and, for a parameter or wildcard, its name.
func segment(seg string) (string, int) {
	switch {
	case strings.HasPrefix(seg, "{*") && strings.HasSuffix(seg, "}") && len(seg) >= 3:
		return seg[2 : len(seg)-1], wildcard
	case len(seg) > 1 && seg[0] == '*':
		return seg[1:], wildcard
	case strings.HasPrefix(seg, ":"):
		return seg[1:], param
	case len(seg) >= 2 && seg[0] == '{' && seg[len(seg)-1] == '}':
		return seg[1 : len(seg)-1], param
	}
	return "", literal
}

// IsName reports whether s can name a parameter: a letter or "_", then
// letters, digits or "_".
func IsName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// Shape returns the pattern with its parameter names left out: patterns of
// the same shape match the same requests.
func (rp Pattern) Shape() string {
	var b strings.Builder
	for i, lit := range rp.escaped {
		b.WriteByte('/')
		if rp.params[i] != "" {
			// An escaped literal never holds a NUL byte, so this marks a
			// parameter unambiguously.
			b.WriteByte(0)
		} else {
			b.WriteString(lit)
		}
	}
	if rp.rest != "" {
		b.WriteString("/\x00*")
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// Params returns the number of parameters, the wildcard included.
func (rp Pattern) Params() int {
	n := 0
	for _, p := range rp.params {
		if p != "" {
			n++
		}
	}
	if rp.rest != "" {
		n++
	}
	return n
}

// Wildcard reports whether the pattern ends in a wildcard.
func (rp Pattern) Wildcard() bool { return rp.rest != "" }

// Compare orders patterns so that the one a request should reach first
// comes first when several match it: patterns without a wildcard before
// those with one, fewer parameters first, and a literal before a parameter
// at the first segment where they differ. Longer fixed parts come first
// among wildcards (/files/docs/{*p} before /files/{*p}).
func Compare(a, b Pattern) int {
	if a.Wildcard() != b.Wildcard() {
		if a.Wildcard() {
			return 1
		}
		return -1
	}
	if a.Wildcard() && len(a.params) != len(b.params) {
		return len(b.params) - len(a.params)
	}
	if d := a.Params() - b.Params(); d != 0 {
		return d
	}
	for i := range min(len(a.params), len(b.params)) {
		ap, bp := a.params[i] != "", b.params[i] != ""
		if ap != bp {
			if ap {
				return 1
			}
			return -1
		}
	}
	return 0
}

// Match reports whether the escaped request path p matches, without
// allocating.
func (rp Pattern) Match(p string) bool {
	if len(rp.lits) == 0 && rp.rest == "" {
		return p == "/"
	}
	if p == "" || p[0] != '/' {
		return false
	}
	if rp.rest == "" && strings.Count(p, "/") != len(rp.lits) {
		return false
	}
	rest := p[1:]
	for i := range rp.lits {
		seg, tail, more := strings.Cut(rest, "/")
		if rp.rest != "" && !more {
			return false // the wildcard needs a segment of its own
		}
		rest = tail
		switch {
		case seg == "":
			return false
		case rp.params[i] != "":
		case seg == rp.escaped[i]:
		default:
			// Clients escape differently (%2A or *, %c3 or %C3): compare
			// the decoded segment. Without a '%' this does not allocate.
			if lit, err := url.PathUnescape(seg); err != nil || lit != rp.lits[i] {
				return false
			}
		}
	}
	return rp.rest == "" || rest != ""
}

// Vars returns the decoded parameters of the escaped request path p, which
// matches. The wildcard's value is the rest of the path, decoded, with its
// slashes.
func (rp Pattern) Vars(p string) map[string]string {
	out := make(map[string]string, rp.Params())
	rest := strings.TrimPrefix(p, "/")
	for _, name := range rp.params {
		seg, tail, _ := strings.Cut(rest, "/")
		rest = tail
		if name != "" {
			out[name] = unescape(seg)
		}
	}
	if rp.rest != "" {
		out[rp.rest] = unescape(rest)
	}
	return out
}

// unescape decodes a path part, or returns it as is when it is not valid
// escaping (Match has already refused such literals).
func unescape(s string) string {
	if v, err := url.PathUnescape(s); err == nil {
		return v
	}
	return s
}

// Raw returns the value of the parameter name in the escaped request path
// p, which matches, as the client escaped it (for a wildcard, the rest of
// the path), and whether the pattern has such a parameter.
func (rp Pattern) Raw(p, name string) (string, bool) {
	rest := strings.TrimPrefix(p, "/")
	for _, n := range rp.params {
		seg, tail, _ := strings.Cut(rest, "/")
		rest = tail
		if n != "" && n == name {
			return seg, true
		}
	}
	if rp.rest != "" && rp.rest == name {
		return rest, true
	}
	return "", false
}

// Template returns the pattern as an OpenAPI path template, every parameter
// and the wildcard as {name} ("/users/{id}/avatar", "/files/{filePath}"),
// and the names of its parameters in order, the wildcard last.
func (rp Pattern) Template() (string, []string) {
	var b strings.Builder
	var names []string
	for i, lit := range rp.escaped {
		b.WriteByte('/')
		if rp.params[i] != "" {
			b.WriteString("{" + rp.params[i] + "}")
			names = append(names, rp.params[i])
			continue
		}
		b.WriteString(lit)
	}
	if rp.rest != "" {
		b.WriteString("/{" + rp.rest + "}")
		names = append(names, rp.rest)
	}
	if b.Len() == 0 {
		return "/", nil
	}
	return b.String(), names
}
