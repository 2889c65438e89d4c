package openapi

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/oas"
	"github.com/pretendo-go/pretendo/schema"
)

// importer reads one document into a spec and the API around it.
type importer struct {
	doc  *document
	c    *compiler
	api  *api
	spec *pretendo.Spec
	// problems are the errors that stop the import.
	problems []pretendo.SpecProblem
	// samples are the values made for named schemas so far, for the
	// generate rules of fields (see generator.samples).
	samples map[*jsonSchema][]any
	// fieldValues are the pickOne values made for the fields of a named
	// schema or arrays of it.
	fieldValues map[*jsonSchema][]any
}

// api is what an imported document serves beyond its resources: the
// operations, in matching order, with their resource bindings.
type api struct {
	doc      *document
	ops      []*operation
	bases    []string // path prefixes of the document's servers
	resNames map[string]bool
	title    string
	// native reports a document pretendo exported (it has x-pretendo):
	// paths it does not describe go to the server as they come.
	native bool
	// source is the document as read, for export.
	source *oas.Object
}

// binding ties an operation to a resource.
type binding struct {
	resource string
	key      string
	// keyParam is the path parameter that holds the key, on item paths.
	keyParam string
	// parents maps the path parameters before the collection to fields.
	parents map[string]string
	// wrap is the member that wraps a single record in answers ("" bare).
	wrap string
	// list is the shape of list answers.
	list *listShape
	// record is the schema of the records.
	record *jsonSchema
}

// listShape is how a list answer is written.
type listShape struct {
	// bare sends an array; native sends pretendo's own envelope.
	bare, native bool
	// items is the member that holds the records; the others hold paging
	// numbers and links when documented.
	items                                   string
	total, page, perPage, pages, next, prev string
	maxItems                                int
	// limit is the query parameter that sizes a page, offset the one that
	// skips records, page the one that picks a page.
	limitParam, offsetParam, pageParam string
}

// fail records a problem that stops the import.
func (im *importer) fail(path, format string, args ...any) {
	im.problems = append(im.problems, pretendo.SpecProblem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// read imports the document.
func (im *importer) read() {
	root := im.doc.root
	im.api = &api{doc: im.doc, resNames: map[string]bool{}, source: root, native: root.Object("x-pretendo") != nil}
	im.spec = &pretendo.Spec{}
	if info := root.Object("info"); info != nil {
		im.api.title = info.String("title")
	}
	if servers, ok := get(root, "servers").([]any); ok {
		for _, sv := range servers {
			if o, ok := sv.(*oas.Object); ok {
				if base := serverBase(o.String("url")); base != "" && !slices.Contains(im.api.bases, base) {
					im.api.bases = append(im.api.bases, base)
				}
			}
		}
	}
	if ss := root.Object("components").Object("securitySchemes"); ss.Len() > 0 {
		im.doc.note("security schemes %s are not enforced: requests need no credentials", strings.Join(ss.Keys(), ", "))
	}
	if wh := root.Object("webhooks"); wh != nil && wh.Len() > 0 {
		im.doc.note("webhooks %s are not sent", strings.Join(wh.Keys(), ", "))
	}
	paths := root.Object("paths")
	byPath := map[string][]*operation{}
	var templates []string
	for _, p := range paths.Keys() {
		pi := im.doc.deref(get(paths, p), "paths."+p)
		if pi == nil {
			continue
		}
		if !strings.HasPrefix(p, "/") {
			im.fail("paths."+p, "a path must start with /")
			continue
		}
		segs := parseTemplate(p)
		templates = append(templates, p)
		for _, m := range methods {
			op := pi.Object(m)
			if op == nil {
				continue
			}
			o := im.readOperation(p, segs, pi, m, op)
			byPath[p] = append(byPath[p], o)
			im.api.ops = append(im.api.ops, o)
		}
	}
	im.resources(templates, byPath)
	im.searches()
	im.extensions()
	sortOperations(im.api.ops)
}

// serverBase is the path of a server URL ("/api/v3" of
// "https://host/api/v3"), or "" for the root or a templated URL.
func serverBase(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		} else {
			u = ""
		}
	}
	u = strings.TrimRight(u, "/")
	if u == "" || strings.Contains(u, "{") || !strings.HasPrefix(u, "/") {
		return ""
	}
	return u
}

// find returns the operation of method on path, or nil.
func find(ops []*operation, method string) *operation {
	for _, o := range ops {
		if o.method == method {
			return o
		}
	}
	return nil
}

// successSchema is the JSON schema of an operation's success answer, or nil.
func successSchema(o *operation) *jsonSchema {
	if o == nil || o.success == nil {
		return nil
	}
	if m := jsonMedia(o.success.media); m != nil {
		return m.schema
	}
	return nil
}

// bodySchema is the JSON schema of an operation's request body, or nil.
func bodySchema(o *operation) *jsonSchema {
	if o == nil || o.body == nil {
		return nil
	}
	if m := jsonMedia(o.body.media); m != nil {
		return m.schema
	}
	for _, m := range o.body.media {
		if strings.HasPrefix(m.typ, "application/x-www-form-urlencoded") {
			return m.schema
		}
	}
	return nil
}

// wrapKeys are the members that commonly wrap a single record.
var wrapKeys = []string{"data", "item", "result", "record", "resource", "entity", "value"}

// itemKeys are the members that commonly hold the records of a list.
var itemKeys = []string{"data", "items", "results", "records", "content", "list", "entries", "values", "rows", "hits", "elements"}

// unwrapItem finds the record schema in a single-record answer schema:
// the schema itself, or the object under a wrapping member.
func unwrapItem(s *jsonSchema) (*jsonSchema, string) {
	if s == nil {
		return nil, ""
	}
	f := flatten(s, 0)
	if len(f.Properties) >= 1 && len(f.Properties) <= 2 {
		for _, k := range wrapKeys {
			if p := f.prop(k); p != nil && flatten(p, 0).isObject() && f.prop("id") == nil {
				return p, k
			}
		}
	}
	return s, ""
}

// unwrapList finds the record schema in a list answer schema, and the
// shape of the list.
func unwrapList(s *jsonSchema, resource string) (*jsonSchema, *listShape) {
	if s == nil {
		return nil, nil
	}
	f := flatten(s, 0)
	if f.mainType() == "array" && f.Items != nil {
		sh := &listShape{bare: true}
		if f.MaxItems != nil {
			sh.maxItems = *f.MaxItems
		}
		return f.Items, sh
	}
	if !f.isObject() {
		return nil, nil
	}
	var items string
	for _, k := range append([]string{resource}, itemKeys...) {
		if p := f.prop(k); p != nil && flatten(p, 0).mainType() == "array" {
			items = k
			break
		}
	}
	if items == "" {
		for _, p := range f.Properties {
			if flatten(p.Schema, 0).mainType() == "array" && flatten(p.Schema, 0).Items != nil {
				items = p.Name
				break
			}
		}
	}
	if items == "" {
		return nil, nil
	}
	arr := flatten(f.prop(items), 0)
	sh := &listShape{items: items}
	if arr.MaxItems != nil {
		sh.maxItems = *arr.MaxItems
	}
	if meta := f.prop("meta"); meta != nil && flatten(meta, 0).prop("pagination") != nil {
		sh.native = true
	}
	for _, p := range f.Properties {
		n := normalName(p.Name)
		switch {
		case n == "total" || n == "totalitems" || n == "totalcount" || n == "count" || n == "totalelements" || n == "totalresults":
			sh.total = p.Name
		case n == "page" || n == "currentpage" || n == "pagenumber" || n == "number":
			sh.page = p.Name
		case n == "perpage" || n == "pagesize" || n == "limit" || n == "size":
			sh.perPage = p.Name
		case n == "totalpages" || n == "pages" || n == "pagecount":
			sh.pages = p.Name
		case n == "next" || n == "nextpage" || n == "nexturl":
			sh.next = p.Name
		case n == "prev" || n == "previous" || n == "prevpage" || n == "previousurl":
			sh.prev = p.Name
		}
	}
	return arr.Items, sh
}

// resourceName makes a resource name of a path literal.
var badName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

func (im *importer) resourceName(lit string) string {
	n := badName.ReplaceAllString(lit, "_")
	if n == "" || !(n[0] >= 'a' && n[0] <= 'z' || n[0] >= 'A' && n[0] <= 'Z') {
		n = "r" + n
	}
	base := n
	for i := 2; im.api.resNames[n]; i++ {
		n = fmt.Sprintf("%s%d", base, i)
	}
	im.api.resNames[n] = true
	return n
}

// extensions reads the document's x-pretendo: options and data.
func (im *importer) extensions() {
	x := im.doc.root.Object("x-pretendo")
	if x == nil {
		return
	}
	if v, ok := x.Get("options"); ok {
		b, err := json.Marshal(v)
		if err == nil {
			err = json.Unmarshal(b, &im.spec.Options)
		}
		if err != nil {
			im.fail("x-pretendo.options", "%v", err)
		}
	}
	if d := x.Object("data"); d != nil {
		for _, name := range d.Keys() {
			arr, _ := get(d, name).([]any)
			for _, rec := range arr {
				if m, ok := plain(rec).(map[string]any); ok {
					if im.spec.Data == nil {
						im.spec.Data = map[string][]map[string]any{}
					}
					im.spec.Data[name] = append(im.spec.Data[name], m)
				}
			}
		}
	}
}

// forwards reports whether an operation is marked x-pretendo.forward: a
// route of the server itself (an exported document's resource routes),
// handed to it as it comes once the request is validated.
func forwards(o *operation) bool {
	b, _ := get(o.x, "forward").(bool)
	return b
}

// routeOf reads the custom route an exported document carries on an
// operation (x-pretendo.route), or nil.
func routeOf(o *operation) *schema.Route {
	v, ok := o.x.Get("route")
	if !ok {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var r schema.Route
	if json.Unmarshal(b, &r) != nil {
		return nil
	}
	return &r
}
