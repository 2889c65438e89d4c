package describe

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/pretendo-go/pretendo/internal/oas"
	"github.com/pretendo-go/pretendo/internal/routepath"
	"github.com/pretendo-go/pretendo/schema"
)

// customRoutes describes the spec's custom routes, each answering its
// response with its status and headers, and the routes of Go handlers.
func (b *builder) customRoutes() {
	if len(b.sp.Routes) == 0 && len(b.o.GoRoutes) == 0 {
		return
	}
	b.tag("routes", "Custom routes.")
	goPaths := map[string]bool{}
	for _, gr := range b.o.GoRoutes {
		pat, err := routepath.Parse(gr.Path)
		if err != nil {
			continue
		}
		goPaths[strings.ToUpper(gr.Method)+" "+pat.Shape()] = true
		op := oas.New("operationId", "routes.go."+strings.ToLower(gr.Method)+"."+gr.Path, "tags", []any{"routes"},
			"summary", "Answered by a Go handler",
			"responses", oas.New("default", oas.New("description", "The handler's answer.")))
		b.addRoute(pat, gr.Method, op)
	}
	for i := range b.sp.Routes {
		rt := &b.sp.Routes[i]
		pat, err := routepath.Parse(rt.Path)
		if err != nil {
			continue
		}
		method := strings.ToUpper(rt.Method)
		if method == "" {
			method = "GET"
		}
		if goPaths[method+" "+pat.Shape()] {
			continue
		}
		b.addRoute(pat, method, b.routeOp(rt, i))
	}
}

// addRoute adds op for method on the path of pat. A path of the same shape
// that is already described (a resource's /files/{id} for a route
// /files/{*rest}) takes the operation, which then names its parameters as
// that path does: OpenAPI paths of one shape are one path.
func (b *builder) addRoute(pat routepath.Pattern, method string, op *oas.Object) {
	tmpl, names := pat.Template()
	shape := templateShape(tmpl)
	for _, p := range b.paths.Keys() {
		if p != tmpl && templateShape(p) == shape {
			tmpl, names = p, templateParams(p)
			break
		}
	}
	pi := b.paths.Object(tmpl)
	if pi == nil {
		pi = &oas.Object{}
		b.paths.Set(tmpl, pi)
	}
	var ps []any
	for j, n := range names {
		desc := "A path segment."
		if pat.Wildcard() && j == len(names)-1 {
			desc = "The rest of the path, one segment or more, slashes included."
		}
		ps = append(ps, pathParam(n, desc, oas.New("type", "string")))
	}
	if len(ps) > 0 {
		op.Set("parameters", ps)
	}
	pi.Set(strings.ToLower(method), op)
}

// templateShape is a path template with its parameter names left out.
func templateShape(t string) string {
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		if t[i] == '{' {
			if j := strings.IndexByte(t[i:], '}'); j > 0 {
				b.WriteString("{}")
				i += j
				continue
			}
		}
		b.WriteByte(t[i])
	}
	return b.String()
}

// templateParams lists the parameter names of a path template.
func templateParams(t string) []string {
	var out []string
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, t[i+1:i+j])
		t = t[i+j+1:]
	}
}

// routeOp describes one custom route.
func (b *builder) routeOp(rt *schema.Route, i int) *oas.Object {
	op := oas.New("operationId", "routes."+itoa(i), "tags", []any{"routes"})
	if rt.Description != "" {
		op.Set("summary", rt.Description)
	}
	status := rt.Status
	if status == 0 {
		status = http.StatusOK
	}
	responses := &oas.Object{}
	if rt.Type == "javascript" {
		responses.Set("501", b.errorResponse("NOT_IMPLEMENTED: a JavaScript route; a Go handler (WithRoute) replaces it.", []string{"NOT_IMPLEMENTED"}))
	} else {
		r := oas.New("description", "The route's response, {name} placeholders filled in from the path.")
		if len(rt.Headers) > 0 {
			h := &oas.Object{}
			for _, name := range sortedKeys(rt.Headers) {
				h.Set(name, oas.New("schema", oas.New("type", "string"), "example", rt.Headers[name]))
			}
			r.Set("headers", h)
		}
		if status != http.StatusNoContent && status != http.StatusNotModified {
			body := rt.Response
			if body == nil {
				body = map[string]any{"message": "Success"}
			}
			r.Set("content", oas.New("application/json", oas.New("schema", oas.New("description", "Any JSON value."), "example", body)))
		}
		responses.Set(itoa(status), r)
	}
	if a := rt.Auth; a.On() && b.auth {
		op.Set("security", []any{oas.New("bearer", []any{})})
		responses.Set("401", b.errorResponse("UNAUTHORIZED, INVALID_TOKEN", []string{"UNAUTHORIZED", "INVALID_TOKEN"}))
		responses.Set("403", b.errorResponse("FORBIDDEN", []string{"FORBIDDEN"}))
	}
	responses.Set("default", b.errorResponse("Any other error (a simulated one, say).", nil))
	op.Set("responses", responses)
	op.Set("x-pretendo", oas.New("route", rt))
	return op
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
