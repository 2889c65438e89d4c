package openapi

import (
	"bytes"
	"encoding/json"
	"hash/fnv"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/seed"
)

// frontend serves an imported document's operations in front of the
// server's resource routes.
type frontend struct {
	api     *api
	next    http.Handler
	env     pretendo.FrontendEnv
	maxBody int64
	maxPage int
}

// apiError is an error answer before it takes the document's shape.
type apiError struct {
	status        int
	code, message string
	details       []pretendo.Violation
}

// errorBody is pretendo's error shape, in its order.
type errorBody struct {
	Status  int                  `json:"status"`
	Message string               `json:"message"`
	Code    string               `json:"code"`
	Details []pretendo.Violation `json:"details,omitempty"`
}

// body is e in pretendo's error shape.
func (e *apiError) body() errorBody {
	return errorBody{Status: e.status, Message: e.message, Code: e.code, Details: e.details}
}

// Frontend implements pretendo.SpecFrontend.
func (a *api) Frontend(next http.Handler, env pretendo.FrontendEnv) http.Handler {
	f := &frontend{api: a, next: next, env: env, maxBody: env.Spec.Options.MaxBodyBytes, maxPage: env.Spec.Options.MaxPageSize}
	if f.maxBody <= 0 {
		f.maxBody = 1 << 20
	}
	if f.maxPage <= 0 {
		f.maxPage = 100
	}
	return f
}

// splitPath splits an escaped path into its segments.
func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// route finds the operations of the path of r: those of the first
// template that matches, with its variables.
func (f *frontend) route(p string) ([]*operation, map[string]string) {
	try := func(p string) ([]*operation, map[string]string) {
		segs := splitPath(p)
		var found []*operation
		var vars map[string]string
		var tmpl string
		for _, o := range f.api.ops {
			if tmpl != "" && o.path != tmpl {
				continue
			}
			if v, ok := o.match(segs); ok {
				if tmpl == "" {
					tmpl, vars = o.path, v
				}
				if o.path == tmpl {
					found = append(found, o)
				}
			}
		}
		return found, vars
	}
	if ops, vars := try(p); len(ops) > 0 {
		return ops, vars
	}
	for _, base := range f.api.bases {
		if rest, ok := strings.CutPrefix(p, base); ok && (rest == "" || rest[0] == '/') {
			if ops, vars := try(rest); len(ops) > 0 {
				return ops, vars
			}
		}
	}
	return nil, nil
}

func (f *frontend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.EscapedPath()
	if a := f.env.AdminPath; a != "" && (p == a || strings.HasPrefix(p, a+"/")) || f.env.DocsPath != "" && p == f.env.DocsPath {
		f.next.ServeHTTP(w, r)
		return
	}
	for _, a := range f.env.AuthPaths {
		if p == a {
			f.next.ServeHTTP(w, r)
			return
		}
	}
	ops, vars := f.route(p)
	if len(ops) == 0 {
		if p == "/" || p == "" || f.api.native {
			f.next.ServeHTTP(w, r)
			return
		}
		f.fail(w, r, nil, &apiError{status: http.StatusNotFound, code: pretendo.CodeRouteNotFound, message: "no operation of the document for " + r.Method + " " + r.URL.Path})
		return
	}
	op := find(ops, r.Method)
	head := false
	if op == nil && r.Method == http.MethodHead {
		op, head = find(ops, http.MethodGet), true
	}
	if op == nil {
		w.Header().Set("Allow", allow(ops))
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		f.fail(w, r, ops[0], &apiError{status: http.StatusMethodNotAllowed, code: pretendo.CodeMethodNotAllowed, message: r.Method + " is not an operation of " + ops[0].path})
		return
	}
	if routeOf(op) != nil || forwards(op) {
		// A route of the server itself, described by an exported spec:
		// the server checks the request by the same spec.
		f.next.ServeHTTP(w, r)
		return
	}
	c, aerr := f.check(op, r, vars)
	if aerr != nil {
		f.fail(w, r, op, aerr)
		return
	}
	if head {
		w = headWriter{w}
	}
	if op.act == actOther || op.res == nil {
		f.answer(w, r, op, c)
		return
	}
	f.forward(w, r, op, c)
}

// headWriter drops the body of an answer to HEAD served as GET.
type headWriter struct{ http.ResponseWriter }

func (h headWriter) Write(b []byte) (int, error) { return len(b), nil }

// fail answers an error in the shape the operation documents for its
// status, or pretendo's error shape.
func (f *frontend) fail(w http.ResponseWriter, r *http.Request, op *operation, e *apiError) {
	var out any = e.body()
	if op != nil {
		if rsp := op.responseFor(e.status); rsp != nil {
			if m := jsonMedia(rsp.media); m != nil && m.schema != nil {
				out = f.shapeError(m.schema, e, r)
			}
			f.headers(w, r, rsp, nil)
		}
	}
	writeJSON(w, r, e.status, out)
}

// shapeError fits an error into the document's error schema: the status,
// code, message and details go into the members whose names say so, and
// the members it requires besides are generated.
func (f *frontend) shapeError(s *jsonSchema, e *apiError, r *http.Request) any {
	flat := flatten(s, 0)
	var native map[string]any
	if b, err := json.Marshal(e.body()); err == nil && json.Unmarshal(b, &native) == nil && valid(s, native, toClient) {
		return e.body()
	}
	if !flat.isObject() {
		g := f.generator(r, "error")
		return g.value(s, "error")
	}
	out := map[string]any{}
	for _, p := range flat.Properties {
		ps := flatten(p.Schema, 0)
		n := strings.ToLower(p.Name)
		switch {
		case n == "code" || n == "status" || n == "statuscode" || n == "httpstatus":
			if ps.allows("integer") && !ps.allows("string") {
				out[p.Name] = float64(e.status)
			} else if n == "status" {
				out[p.Name] = strconv.Itoa(e.status)
			} else {
				out[p.Name] = e.code
			}
		case n == "message" || n == "error" || n == "detail" || n == "title" || n == "description" || n == "msg":
			if ps.allows("string") {
				out[p.Name] = e.message
			}
		case n == "details" || n == "errors":
			if ps.allows("array") && len(e.details) > 0 {
				var ds []any
				for _, d := range e.details {
					ds = append(ds, map[string]any{"field": d.Field, "code": d.Code, "message": d.Message})
				}
				out[p.Name] = ds
			}
		}
	}
	g := f.generator(r, "error")
	for _, req := range flat.Required {
		if _, ok := out[req]; !ok {
			if ps := flat.prop(req); ps != nil {
				out[req] = g.value(ps, req)
			}
		}
	}
	for k, v := range out {
		if ps := flat.prop(k); ps != nil && !valid(ps, v, toClient) {
			out[k] = g.value(ps, k)
		}
	}
	if !valid(s, out, toClient) {
		return g.value(s, "error")
	}
	return out
}

// writeJSON writes v as the JSON body of an answer.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"status":500,"message":"internal error","code":"INTERNAL_ERROR"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}

// generator returns a generator seeded by the request: the server's seed,
// the method, path, query and body, so that the same request gets the same
// answer on every run.
func (f *frontend) generator(r *http.Request, salt string) *generator {
	h := fnv.New64a()
	_, _ = io.WriteString(h, strconv.FormatInt(f.env.Seed, 10)+"\x00"+r.Method+"\x00"+r.URL.EscapedPath()+"\x00"+r.URL.RawQuery+"\x00"+salt)
	return &generator{f: seed.NewFaker(int64(h.Sum64()>>1) | 1)}
}

// headers sets the documented headers of an answer: the paging ones from
// page, the others generated.
func (f *frontend) headers(w http.ResponseWriter, r *http.Request, rsp *response, page *pageInfo) {
	g := f.generator(r, "headers")
	for _, h := range rsp.headers {
		if w.Header().Get(h.name) != "" {
			continue
		}
		n := strings.ToLower(h.name)
		if page != nil {
			switch {
			case strings.Contains(n, "total") || strings.Contains(n, "count"):
				w.Header().Set(h.name, strconv.Itoa(page.total))
				continue
			case n == "link" && page.link != "":
				w.Header().Set(h.name, page.link)
				continue
			case strings.Contains(n, "next"):
				if page.next != "" {
					w.Header().Set(h.name, page.next)
				}
				continue
			}
		}
		v := g.value(h.schema, h.name)
		var text string
		switch t := v.(type) {
		case string:
			text = t
		case nil:
			continue
		default:
			b, _ := json.Marshal(t)
			text = strings.Trim(string(b), `"`)
		}
		w.Header().Set(h.name, text)
	}
}

// answer serves an operation that is not a resource route: its documented
// example, or a value generated from its schema, with its first success
// status.
func (f *frontend) answer(w http.ResponseWriter, r *http.Request, op *operation, c *checked) {
	rsp := op.success
	if rsp == nil {
		for _, x := range op.responses {
			if x.status >= 200 && x.status < 400 {
				rsp = x
				break
			}
		}
	}
	status := http.StatusOK
	if rsp == nil {
		writeJSON(w, r, status, map[string]any{"message": "Success"})
		return
	}
	if rsp.status > 0 {
		status = rsp.status
	}
	f.headers(w, r, rsp, nil)
	if len(rsp.media) == 0 || status == http.StatusNoContent || status == http.StatusNotModified {
		w.WriteHeader(status)
		return
	}
	g := f.generator(r, "body")
	m := jsonMedia(rsp.media)
	if m == nil {
		m = &rsp.media[0]
		var text string
		for _, ex := range m.examples {
			if s, ok := ex.(string); ok {
				text = s
				break
			}
		}
		if text == "" && m.schema != nil {
			if s, ok := g.value(m.schema, "value").(string); ok {
				text = s
			}
		}
		w.Header().Set("Content-Type", m.typ)
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = io.WriteString(w, text)
		}
		return
	}
	var body any
	found := false
	for _, ex := range m.examples {
		if m.schema == nil || valid(m.schema, ex, toClient) {
			body, found = ex, true
			break
		}
	}
	if !found {
		if m.schema == nil {
			body = map[string]any{}
		} else {
			body = g.value(m.schema, "value")
		}
	}
	writeJSON(w, r, status, body)
}

// pageInfo is what an answer's paging headers need.
type pageInfo struct {
	total      int
	link, next string
}

// recorder keeps an inner answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (rc *recorder) Header() http.Header { return rc.header }
func (rc *recorder) WriteHeader(s int) {
	if rc.status == 0 {
		rc.status = s
	}
}
func (rc *recorder) Write(b []byte) (int, error) {
	if rc.status == 0 {
		rc.status = http.StatusOK
	}
	return rc.body.Write(b)
}

// inner sends a request to the resource routes and returns their answer.
func (f *frontend) inner(r *http.Request, method, path string, query url.Values, body any) *recorder {
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	req := r.Clone(r.Context())
	req.Method = method
	req.URL = &url.URL{Path: path, RawQuery: query.Encode()}
	req.RequestURI = ""
	req.Body = io.NopCloser(bytes.NewReader(raw))
	req.ContentLength = int64(len(raw))
	req.Header = r.Header.Clone()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Del("Content-Length")
	rc := &recorder{header: http.Header{}}
	f.next.ServeHTTP(rc, req)
	if rc.status == 0 {
		rc.status = http.StatusOK
	}
	return rc
}

// innerError reads the error answer of the resource routes.
func innerError(rc *recorder) *apiError {
	var e struct {
		Status  int                  `json:"status"`
		Message string               `json:"message"`
		Code    string               `json:"code"`
		Details []pretendo.Violation `json:"details"`
	}
	_ = json.Unmarshal(rc.body.Bytes(), &e)
	if e.Code == "" {
		e.Code, e.Message = "ERROR", http.StatusText(rc.status)
	}
	return &apiError{status: rc.status, code: e.Code, message: e.Message, details: e.Details}
}
