// Package customroute answers the custom routes of a spec (its routes
// list): a fixed JSON response, its {param} placeholders filled in from
// the path, or, for a route of type javascript, a 501, since the server
// runs no JavaScript.
package customroute

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/reply"
	"github.com/pretendo-go/pretendo/internal/routepath"
	"github.com/pretendo-go/pretendo/schema"
)

// JavaScript is the type of upstream custom routes that run JavaScript.
const JavaScript = "javascript"

// Handler answers a custom route whose path gave vars, decoded.
type Handler func(w http.ResponseWriter, r *http.Request, vars map[string]string)

// New returns the handler of rt, a route of the spec; its errors go to fail.
func New(rt *schema.Route, fail httperr.Fail) Handler {
	if rt.Type == JavaScript {
		return func(w http.ResponseWriter, r *http.Request, _ map[string]string) {
			fail(w, r, httperr.New(http.StatusNotImplemented, httperr.CodeNotImplemented,
				"custom route %s %s is JavaScript, which this server does not run; replace it with pretendo.WithRoute", strings.ToUpper(rt.Method), rt.Path))
		}
	}
	j := &fixed{route: rt, fail: fail, placeholders: hasPlaceholders(rt.Response) || hasPlaceholderHeaders(rt.Headers)}
	return j.serve
}

// fixed answers a custom route of the spec with its fixed response.
type fixed struct {
	route        *schema.Route
	fail         httperr.Fail
	placeholders bool
}

// defaultResponse is the answer of a custom route without a response, as upstream.
var defaultResponse = map[string]any{"message": "Success"}

func (j *fixed) serve(w http.ResponseWriter, r *http.Request, vars map[string]string) {
	rt := j.route
	resp := rt.Response
	if resp == nil {
		resp = defaultResponse
	}
	if j.placeholders {
		resp = substitute(resp, vars)
	}
	data, err := json.Marshal(resp)
	if err != nil {
		j.fail(w, r, err)
		return
	}
	status := rt.Status
	if status == 0 {
		status = http.StatusOK
	}
	h := w.Header()
	// HEAD answers as GET without the body; these statuses have no body at all.
	bodyless := status == http.StatusNoContent || status == http.StatusNotModified || status < 200
	if !bodyless {
		h["Content-Type"] = reply.JSONContentType
		h["Content-Length"] = []string{strconv.Itoa(len(data))}
	}
	for k, v := range rt.Headers {
		if j.placeholders {
			v = fill(v, vars)
		}
		h.Set(k, reply.HeaderText(v))
	}
	w.WriteHeader(status)
	if !bodyless && r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// hasPlaceholders reports whether a response holds a "{name}" placeholder
// in some string, at any depth.
func hasPlaceholders(v any) bool {
	switch t := v.(type) {
	case string:
		return strings.IndexByte(t, '{') >= 0
	case map[string]any:
		for _, e := range t {
			if hasPlaceholders(e) {
				return true
			}
		}
	case []any:
		for _, e := range t {
			if hasPlaceholders(e) {
				return true
			}
		}
	}
	return false
}

func hasPlaceholderHeaders(h map[string]string) bool {
	for _, v := range h {
		if strings.IndexByte(v, '{') >= 0 {
			return true
		}
	}
	return false
}

// substitute returns a copy of v with the placeholders of its strings
// filled in from vars, at any depth. Keys are left alone.
func substitute(v any, vars map[string]string) any {
	switch t := v.(type) {
	case string:
		return fill(t, vars)
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = substitute(e, vars)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = substitute(e, vars)
		}
		return out
	default:
		return v
	}
}

// fill replaces each "{name}" or "{:name}" in s with vars[name]; a
// placeholder of an unknown name stays as it is.
func fill(s string, vars map[string]string) string {
	if strings.IndexByte(s, '{') < 0 {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		rest := s[i+1:]
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			b.WriteString(s[i:])
			return b.String()
		}
		name := strings.TrimPrefix(rest[:end], ":")
		if v, ok := vars[name]; ok && routepath.IsName(name) {
			b.WriteString(v)
			s = rest[end+1:]
			continue
		}
		b.WriteByte('{')
		s = rest
	}
}
