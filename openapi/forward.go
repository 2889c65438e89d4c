package openapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo"
)

// pretendoListParams are the list parameters of pretendo's own query
// language that pass through to the resource routes when the document
// does not use the name.
var pretendoListParams = map[string]bool{"sortBy": true, "q": true, "page": true, "perPage": true}

// listQuery translates the query of a list operation into pretendo's.
func (f *frontend) listQuery(r *http.Request, op *operation, c *checked) url.Values {
	b := op.res
	res := f.env.Spec.Resource(b.resource)
	out := url.Values{}
	documented := map[string]bool{}
	for _, p := range op.params {
		if p.in == "query" {
			documented[p.name] = true
		}
	}
	sh := b.list
	limit := 0
	for k, vs := range r.URL.Query() {
		switch {
		case sh != nil && k == sh.limitParam && len(vs) > 0:
			limit, _ = strconv.Atoi(vs[0])
		case sh != nil && k == sh.pageParam && len(vs) > 0:
			out.Set("page", vs[0])
		case sh != nil && k == sh.offsetParam:
		case documented[k]:
			field := k
			if res != nil && res.Field(field) == nil {
				field = singular(k)
			}
			if res != nil && res.Field(field) != nil {
				for _, v := range vs {
					for _, part := range strings.Split(v, ",") {
						out.Add(field, part)
					}
				}
			}
		case pretendoListParams[k]:
			out[k] = vs
		default:
			name := strings.TrimPrefix(k, "i:")
			if i := strings.IndexByte(name, '['); i > 0 {
				name = name[:i]
			}
			if res != nil && res.Field(name) != nil {
				out[k] = vs
			}
		}
	}
	if sh != nil {
		per := limit
		if per <= 0 && out.Get("perPage") == "" {
			per = f.maxPage
			if sh.bare && !sh.native && sh.pageParam == "" {
				per = f.maxPage
			}
		}
		if sh.maxItems > 0 && (per <= 0 || per > sh.maxItems) {
			per = sh.maxItems
		}
		if per > 0 {
			out.Set("perPage", strconv.Itoa(min(per, f.maxPage)))
		}
		if sh.offsetParam != "" && per > 0 {
			if off, err := strconv.Atoi(r.URL.Query().Get(sh.offsetParam)); err == nil && off > 0 {
				out.Set("page", strconv.Itoa(off/per+1))
			}
		}
	}
	for param, field := range b.parents {
		if v, ok := c.vars[param]; ok {
			out.Set(field, v)
		}
	}
	return out
}

// forward serves a resource operation through the resource routes and
// answers in the document's shape.
func (f *frontend) forward(w http.ResponseWriter, r *http.Request, op *operation, c *checked) {
	b := op.res
	coll := "/" + url.PathEscape(b.resource)
	id := c.vars[b.keyParam]
	item := coll + "/" + url.PathEscape(id)
	body := c.body
	if m, ok := body.(map[string]any); ok && len(b.parents) > 0 {
		for param, field := range b.parents {
			if v, ok := c.vars[param]; ok {
				if fl := f.env.Spec.Resource(b.resource).Field(field); fl != nil && (fl.Type == "number" || fl.Type == "integer") {
					if n, err := strconv.ParseFloat(v, 64); err == nil {
						m[field] = n
						continue
					}
				}
				m[field] = v
			}
		}
	}
	var rc *recorder
	switch op.act {
	case actList:
		rc = f.inner(r, http.MethodGet, coll, f.listQuery(r, op, c), nil)
	case actCreate:
		if body == nil {
			body = map[string]any{}
		}
		rc = f.inner(r, http.MethodPost, coll, nil, body)
	case actGet:
		rc = f.inner(r, http.MethodGet, item, nil, nil)
	case actReplace, actUpdate, actDelete:
		if !f.ownedByParents(r, b, item, c) {
			f.fail(w, r, op, &apiError{status: http.StatusNotFound, code: pretendo.CodeRecordNotFound, message: b.resource + " " + id + " not found"})
			return
		}
		method := map[action]string{actReplace: http.MethodPut, actUpdate: http.MethodPatch, actDelete: http.MethodDelete}[op.act]
		if body == nil && op.act != actDelete {
			body = map[string]any{}
		}
		// A delete whose documented answer has a body answers with the
		// record it deleted, read just before.
		var deleted *recorder
		if op.act == actDelete && op.success != nil && op.success.status != http.StatusNoContent && jsonMedia(op.success.media) != nil {
			deleted = f.inner(r, http.MethodGet, item, nil, nil)
		}
		rc = f.inner(r, method, item, nil, body)
		if deleted != nil && deleted.status < 300 && rc.status < 300 {
			rec := &recorder{header: rc.header, status: rc.status}
			rec.body.Write(deleted.body.Bytes())
			rc = rec
		}
	case actReplaceByBody:
		m, _ := body.(map[string]any)
		key, ok := m[b.key]
		if !ok {
			f.fail(w, r, op, &apiError{status: http.StatusUnprocessableEntity, code: pretendo.CodeValidationFailed, message: "validation failed",
				details: []pretendo.Violation{{Field: b.key, Code: "required", Message: b.key + " is required to name the record"}}})
			return
		}
		rc = f.inner(r, http.MethodPut, coll+"/"+url.PathEscape(keyText(key)), nil, body)
	}
	if op.act == actGet && rc.status < 300 && !f.ownedByParentsRecord(b, c, rc) {
		rc = &recorder{header: http.Header{}, status: http.StatusNotFound}
		rc.body.WriteString(`{"status":404,"code":"RECORD_NOT_FOUND","message":"record not found"}`)
	}
	for _, h := range []string{"Allow", "WWW-Authenticate", "Retry-After"} {
		if v := rc.header.Get(h); v != "" {
			w.Header().Set(h, v)
		}
	}
	if rc.status >= 300 {
		f.fail(w, r, op, innerError(rc))
		return
	}
	f.shape(w, r, op, rc)
}

// keyText writes a key value as it goes into a path.
func keyText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// ownedByParents reports whether the record of a nested item path belongs
// to the parents the path names.
func (f *frontend) ownedByParents(r *http.Request, b *binding, item string, c *checked) bool {
	if len(b.parents) == 0 {
		return true
	}
	rc := f.inner(r, http.MethodGet, item, nil, nil)
	if rc.status >= 300 {
		return true // the write answers the 404
	}
	return f.ownedByParentsRecord(b, c, rc)
}

// ownedByParentsRecord checks the record of an inner answer.
func (f *frontend) ownedByParentsRecord(b *binding, c *checked, rc *recorder) bool {
	if len(b.parents) == 0 {
		return true
	}
	var env struct {
		Data map[string]any `json:"data"`
	}
	if json.Unmarshal(rc.body.Bytes(), &env) != nil {
		return false
	}
	for param, field := range b.parents {
		if keyText(env.Data[field]) != c.vars[param] {
			return false
		}
	}
	return true
}

// shape writes a successful inner answer in the document's shape.
func (f *frontend) shape(w http.ResponseWriter, r *http.Request, op *operation, rc *recorder) {
	b := op.res
	status := rc.status
	if op.success != nil && op.success.status > 0 {
		status = op.success.status
	}
	var env struct {
		Data json.RawMessage `json:"data"`
		Meta struct {
			Pagination struct {
				CurrentPage int `json:"currentPage"`
				PerPage     int `json:"perPage"`
				TotalPages  int `json:"totalPages"`
				TotalItems  int `json:"totalItems"`
				Links       struct {
					Next string `json:"next"`
					Prev string `json:"prev"`
				} `json:"links"`
			} `json:"pagination"`
		} `json:"meta"`
	}
	_ = json.Unmarshal(rc.body.Bytes(), &env)
	var page *pageInfo
	if op.act == actList {
		pg := env.Meta.Pagination
		page = &pageInfo{total: pg.TotalItems}
		if pg.Links.Next != "" {
			q := r.URL.Query()
			if sh := b.list; sh != nil && sh.pageParam != "" {
				q.Set(sh.pageParam, strconv.Itoa(pg.CurrentPage+1))
			} else if sh != nil && sh.offsetParam != "" {
				q.Set(sh.offsetParam, strconv.Itoa(pg.CurrentPage*pg.PerPage))
			} else {
				q.Set("page", strconv.Itoa(pg.CurrentPage+1))
			}
			page.next = r.URL.Path + "?" + q.Encode()
			page.link = "<" + page.next + `>; rel="next"`
		}
	}
	if loc := rc.header.Get("Location"); loc != "" && op.act == actCreate {
		if p := f.itemURL(op, env.Data); p != "" {
			w.Header().Set("Location", p)
		}
	}
	if op.success != nil {
		f.headers(w, r, op.success, page)
	}
	var m *media
	if op.success != nil {
		m = jsonMedia(op.success.media)
	}
	if m == nil || status == http.StatusNoContent || op.act == actDelete && len(env.Data) == 0 {
		w.WriteHeader(status)
		return
	}
	var data any
	_ = json.Unmarshal(env.Data, &data)
	var out any
	if op.act == actList {
		sh := b.list
		switch {
		case sh == nil || sh.native:
			out = json.RawMessage(rc.body.Bytes())
		case sh.bare:
			out = data
		default:
			pg := env.Meta.Pagination
			obj := map[string]any{sh.items: data}
			set := func(name string, v any) {
				if name != "" {
					obj[name] = v
				}
			}
			set(sh.total, pg.TotalItems)
			set(sh.page, pg.CurrentPage)
			set(sh.perPage, pg.PerPage)
			set(sh.pages, pg.TotalPages)
			if page.next != "" {
				set(sh.next, page.next)
			}
			out = obj
		}
	} else if wrap := opWrap(op); wrap != "" {
		out = map[string]any{wrap: data}
	} else {
		out = data
	}
	writeJSON(w, r, status, out)
}

// opWrap is the member that wraps the record in op's answer ("" bare):
// each operation's own, as its documented answer has it (a document may
// wrap reads and send deletes bare), else its resource's.
func opWrap(op *operation) string {
	if s := successSchema(op); s != nil {
		_, wrap := unwrapItem(s)
		return wrap
	}
	return op.res.wrap
}

// itemURL is the path of a created record by the document's item path.
func (f *frontend) itemURL(op *operation, data json.RawMessage) string {
	var rec map[string]any
	if json.Unmarshal(data, &rec) != nil {
		return ""
	}
	for _, o := range f.api.ops {
		if o.res == op.res && o.act == actGet {
			var b strings.Builder
			for _, s := range o.segs {
				b.WriteByte('/')
				switch {
				case s.param == "":
					b.WriteString(s.lit)
				case s.param == op.res.keyParam:
					b.WriteString(url.PathEscape(keyText(rec[op.res.key])))
				default:
					b.WriteString(url.PathEscape(keyText(rec[op.res.parents[s.param]])))
				}
			}
			return b.String()
		}
	}
	return ""
}
