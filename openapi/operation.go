package openapi

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/internal/oas"
)

// methods are the HTTP methods an OpenAPI path item may describe, in the
// order operations are listed.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// action is what the server does for an operation.
type action int

const (
	actOther action = iota
	actList
	actCreate
	actGet
	actReplace
	actUpdate
	actDelete
	// actReplaceByBody replaces the record whose key the body holds (PUT
	// /pet with the pet).
	actReplaceByBody
)

// operation is one documented operation.
type operation struct {
	method string // upper case
	path   string // the template
	segs   []segment
	id     string
	params []*parameter
	body   *requestBody
	// responses are the documented responses in document order; success
	// is the first 2xx one (nil when none).
	responses []*response
	success   *response
	act       action
	res       *binding
	x         *oas.Object
}

// segment is a segment of a path template: a literal or a parameter.
type segment struct {
	lit, param string
}

// parameter is a documented parameter.
type parameter struct {
	name, in   string
	required   bool
	schema     *jsonSchema
	style      string
	explode    bool
	allowEmpty bool
}

// requestBody is a documented request body.
type requestBody struct {
	required bool
	// media lists the media types in document order with their schemas.
	media []media
}

// media is a media type of a body with its schema and examples.
type media struct {
	typ      string
	schema   *jsonSchema
	examples []any
}

// response is a documented response.
type response struct {
	code    string // "200", "2XX", "default"
	status  int    // 0 for ranges and default
	media   []media
	headers []header
}

// header is a documented response header.
type header struct {
	name   string
	schema *jsonSchema
}

// jsonMedia returns the JSON media type of a list: application/json, a
// +json type, or */*, else nil.
func jsonMedia(ms []media) *media {
	for i := range ms {
		if isJSONType(ms[i].typ) {
			return &ms[i]
		}
	}
	return nil
}

// isJSONType reports whether a media type is JSON.
func isJSONType(t string) bool {
	t = strings.ToLower(strings.TrimSpace(strings.Split(t, ";")[0]))
	return t == "application/json" || strings.HasSuffix(t, "+json") || t == "*/*" || t == "application/*"
}

// readOperation reads the operation method of the path item pi.
func (im *importer) readOperation(path string, segs []segment, pi *oas.Object, method string, op *oas.Object) *operation {
	at := "paths." + path + "." + method
	o := &operation{method: strings.ToUpper(method), path: path, segs: segs, id: op.String("operationId"), x: op.Object("x-pretendo")}
	byKey := map[string]*parameter{}
	var order []string
	for _, list := range []any{get(pi, "parameters"), get(op, "parameters")} {
		arr, _ := list.([]any)
		for i, pv := range arr {
			p := im.doc.deref(pv, at+".parameters["+strconv.Itoa(i)+"]")
			if p == nil {
				continue
			}
			par := im.readParameter(p, at)
			if par == nil {
				continue
			}
			key := par.in + ":" + par.name
			if _, ok := byKey[key]; !ok {
				order = append(order, key)
			}
			byKey[key] = par
		}
	}
	for _, k := range order {
		o.params = append(o.params, byKey[k])
	}
	if rb := im.doc.deref(get(op, "requestBody"), at+".requestBody"); rb != nil {
		o.body = &requestBody{media: im.readContent(rb, at+".requestBody")}
		o.body.required, _ = get(rb, "required").(bool)
	}
	if rs := op.Object("responses"); rs != nil {
		for _, code := range rs.Keys() {
			r := im.doc.deref(get(rs, code), at+".responses."+code)
			if r == nil {
				continue
			}
			res := &response{code: code}
			if n, err := strconv.Atoi(code); err == nil && n >= 200 && n <= 599 {
				res.status = n
			}
			res.media = im.readContent(r, at+".responses."+code)
			if hs := r.Object("headers"); hs != nil {
				for _, name := range hs.Keys() {
					h := im.doc.deref(get(hs, name), at+".headers."+name)
					if h == nil || strings.EqualFold(name, "Content-Type") {
						continue
					}
					res.headers = append(res.headers, header{name: name, schema: im.schemaOf(h, at+".headers."+name)})
				}
			}
			o.responses = append(o.responses, res)
		}
	}
	for _, r := range o.responses {
		if r.status >= 200 && r.status < 300 {
			o.success = r
			break
		}
	}
	if o.success == nil {
		for _, r := range o.responses {
			if strings.EqualFold(r.code, "2XX") {
				o.success = r
				r.status = http.StatusOK
				break
			}
		}
	}
	if cb := op.Object("callbacks"); cb != nil && cb.Len() > 0 {
		im.doc.note("%s: callbacks %s are not made", at, strings.Join(cb.Keys(), ", "))
	}
	return o
}

// schemaOf reads the schema of a parameter or header: its schema, or the
// schema of its content.
func (im *importer) schemaOf(p *oas.Object, at string) *jsonSchema {
	if v, ok := p.Get("schema"); ok {
		return im.c.compile(v, at+".schema")
	}
	if ms := im.readContent(p, at); len(ms) > 0 && ms[0].schema != nil {
		return ms[0].schema
	}
	return &jsonSchema{}
}

// readParameter reads a parameter object.
func (im *importer) readParameter(p *oas.Object, at string) *parameter {
	par := &parameter{name: p.String("name"), in: p.String("in")}
	if par.name == "" || par.in == "" {
		return nil
	}
	par.required, _ = get(p, "required").(bool)
	if par.in == "path" {
		par.required = true
	}
	par.schema = im.schemaOf(p, at+".parameters."+par.name)
	par.style = p.String("style")
	if par.style == "" {
		if par.in == "query" || par.in == "cookie" {
			par.style = "form"
		} else {
			par.style = "simple"
		}
	}
	if e, ok := get(p, "explode").(bool); ok {
		par.explode = e
	} else {
		par.explode = par.style == "form"
	}
	par.allowEmpty, _ = get(p, "allowEmptyValue").(bool)
	return par
}

// readContent reads the content map of a body or response.
func (im *importer) readContent(o *oas.Object, at string) []media {
	c := o.Object("content")
	if c == nil {
		return nil
	}
	var out []media
	for _, typ := range c.Keys() {
		mo, _ := get(c, typ).(*oas.Object)
		m := media{typ: typ}
		if mo != nil {
			if v, ok := mo.Get("schema"); ok {
				m.schema = im.c.compile(v, at+".content."+typ+".schema")
			}
			if v, ok := mo.Get("example"); ok {
				m.examples = append(m.examples, plain(v))
			}
			if exs := mo.Object("examples"); exs != nil {
				for _, name := range exs.Keys() {
					ex := im.doc.deref(get(exs, name), at+".examples."+name)
					if ex == nil {
						continue
					}
					if v, ok := ex.Get("value"); ok {
						m.examples = append(m.examples, plain(v))
					} else if ex.String("externalValue") != "" {
						im.doc.note("%s: external example %q is not fetched", at, name)
					}
				}
			}
		}
		out = append(out, m)
	}
	return out
}

// parseTemplate splits a path template into segments.
func parseTemplate(path string) []segment {
	var out []segment
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		if s == "" {
			continue
		}
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && len(s) > 2 {
			out = append(out, segment{param: s[1 : len(s)-1]})
		} else {
			out = append(out, segment{lit: s})
		}
	}
	return out
}

// match matches the escaped request path segments against the template,
// returning the decoded path parameters.
func (o *operation) match(segs []string) (map[string]string, bool) {
	if len(segs) != len(o.segs) {
		return nil, false
	}
	var vars map[string]string
	for i, s := range o.segs {
		if s.param == "" {
			if s.lit != segs[i] {
				return nil, false
			}
			continue
		}
		if segs[i] == "" {
			return nil, false
		}
		if vars == nil {
			vars = map[string]string{}
		}
		vars[s.param] = unescapePath(segs[i])
	}
	return vars, true
}

// literals counts the literal segments, for precedence.
func (o *operation) literals() int {
	n := 0
	for _, s := range o.segs {
		if s.param == "" {
			n++
		}
	}
	return n
}

// sortOperations orders operations so that more literal paths match first.
func sortOperations(ops []*operation) {
	sort.SliceStable(ops, func(i, j int) bool {
		a, b := ops[i], ops[j]
		if len(a.segs) != len(b.segs) {
			return len(a.segs) < len(b.segs)
		}
		for k := range a.segs {
			al, bl := a.segs[k].param == "", b.segs[k].param == ""
			if al != bl {
				return al
			}
		}
		return false
	})
}

// responseFor returns the documented response for status: exact, then its
// range (4XX), then default; nil when none.
func (o *operation) responseFor(status int) *response {
	code := strconv.Itoa(status)
	for _, r := range o.responses {
		if r.code == code {
			return r
		}
	}
	rng := code[:1] + "XX"
	for _, r := range o.responses {
		if strings.EqualFold(r.code, rng) {
			return r
		}
	}
	for _, r := range o.responses {
		if r.code == "default" {
			return r
		}
	}
	return nil
}

// allow lists the methods documented on the operations of one path.
func allow(ops []*operation) string {
	var ms []string
	for _, o := range ops {
		if !slices.Contains(ms, o.method) {
			ms = append(ms, o.method)
		}
	}
	if slices.Contains(ms, "GET") && !slices.Contains(ms, "HEAD") {
		ms = append(ms, "HEAD")
	}
	if !slices.Contains(ms, "OPTIONS") {
		ms = append(ms, "OPTIONS")
	}
	return strings.Join(ms, ", ")
}
