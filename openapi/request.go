package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo"
)

// unescapePath decodes a path segment, keeping it as sent when it does not
// decode.
func unescapePath(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// coerce reads a parameter's text as the type its schema wants; text that
// is not of that type stays a string, which validation then refuses.
func coerce(s *jsonSchema, raw string) any {
	f := flatten(s, 0)
	switch f.mainType() {
	case "integer", "number":
		if n, err := strconv.ParseFloat(raw, 64); err == nil {
			return n
		}
	case "boolean":
		if b, err := strconv.ParseBool(raw); err == nil && (raw == "true" || raw == "false") {
			return b
		}
	case "null":
		if raw == "" || raw == "null" {
			return nil
		}
	}
	return raw
}

// paramValue reads the value of a query, header or cookie parameter from
// its texts: arrays by the parameter's style, objects as deepObject or
// exploded form members.
func paramValue(p *parameter, q url.Values, texts []string) (any, bool) {
	f := flatten(p.schema, 0)
	switch f.mainType() {
	case "array":
		if len(texts) == 0 {
			return nil, false
		}
		var parts []string
		if p.explode && p.in == "query" {
			parts = texts
		} else {
			sep := ","
			switch p.style {
			case "spaceDelimited":
				sep = " "
			case "pipeDelimited":
				sep = "|"
			}
			parts = strings.Split(texts[0], sep)
		}
		out := make([]any, len(parts))
		for i, t := range parts {
			if f.Items != nil {
				out[i] = coerce(f.Items, t)
			} else {
				out[i] = t
			}
		}
		return out, true
	case "object":
		if p.in != "query" {
			return nil, false
		}
		obj := map[string]any{}
		if p.style == "deepObject" {
			prefix := p.name + "["
			for k, vs := range q {
				if strings.HasPrefix(k, prefix) && strings.HasSuffix(k, "]") && len(vs) > 0 {
					name := k[len(prefix) : len(k)-1]
					ps := f.prop(name)
					if ps == nil {
						ps = &jsonSchema{}
					}
					obj[name] = coerce(ps, vs[0])
				}
			}
		} else {
			for _, pr := range f.Properties {
				if vs, ok := q[pr.Name]; ok && len(vs) > 0 {
					obj[pr.Name] = coerce(pr.Schema, vs[0])
				}
			}
		}
		if len(obj) == 0 {
			return nil, false
		}
		return obj, true
	}
	if len(texts) == 0 {
		return nil, false
	}
	return coerce(p.schema, texts[0]), true
}

// errBodyTooLarge reports a body over the limit.
var errBodyTooLarge = errors.New("body too large")

// readBody reads at most limit bytes of the request body.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errBodyTooLarge
	}
	return b, nil
}

// checked is a request that passed validation: its path parameters and
// decoded body.
type checked struct {
	vars    map[string]string
	body    any
	hasBody bool
	raw     []byte
}

// check validates the request against op: path, query, header and cookie
// parameters, then the body. Parameter problems come back with status 400
// and code INVALID_QUERY; body problems with 422 VALIDATION_FAILED (400
// INVALID_JSON for a body that is not JSON).
func (f *frontend) check(op *operation, r *http.Request, vars map[string]string) (*checked, *apiError) {
	c := &checked{vars: vars}
	var problems []pretendo.Violation
	q := r.URL.Query()
	for _, p := range op.params {
		var v any
		var ok bool
		switch p.in {
		case "path":
			var raw string
			raw, ok = vars[p.name]
			if ok {
				if fl := flatten(p.schema, 0); fl.mainType() == "array" {
					v, ok = paramValue(&parameter{name: p.name, in: "path", schema: p.schema, style: "simple"}, nil, []string{raw})
				} else {
					v = coerce(p.schema, raw)
				}
			}
		case "query":
			v, ok = paramValue(p, q, q[p.name])
			if ok && !p.allowEmpty {
				if s, isStr := v.(string); isStr && s == "" && flatten(p.schema, 0).mainType() != "string" {
					ok = false
				}
			}
		case "header":
			if strings.EqualFold(p.name, "Accept") || strings.EqualFold(p.name, "Content-Type") || strings.EqualFold(p.name, "Authorization") {
				continue
			}
			v, ok = paramValue(p, nil, r.Header.Values(p.name))
		case "cookie":
			if ck, err := r.Cookie(p.name); err == nil {
				v, ok = coerce(p.schema, ck.Value), true
			}
		}
		if !ok {
			if p.required {
				problems = append(problems, pretendo.Violation{Field: p.name, Code: "required", Message: p.in + " parameter " + p.name + " is required"})
			}
			continue
		}
		for _, pr := range validate(p.schema, v, "", toServer) {
			pr.Field = p.name + strings.TrimPrefix(strings.TrimPrefix(pr.Field, ""), "")
			if pr.Message != "" && !strings.HasPrefix(pr.Message, p.name) {
				pr.Message = p.in + " parameter " + p.name + " " + pr.Message
			}
			problems = append(problems, pr)
		}
	}
	if len(problems) > 0 {
		return nil, &apiError{status: http.StatusBadRequest, code: pretendo.CodeInvalidQuery, message: "the request's parameters do not match the document", details: problems}
	}
	raw, err := readBody(r, f.maxBody)
	if errors.Is(err, errBodyTooLarge) {
		return nil, &apiError{status: http.StatusRequestEntityTooLarge, code: pretendo.CodeBodyTooLarge, message: "request body larger than " + strconv.FormatInt(f.maxBody, 10) + " bytes"}
	}
	if err != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: pretendo.CodeInvalidJSON, message: "the request body could not be read"}
	}
	c.raw = raw
	if op.body == nil {
		return c, nil
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		if op.body.required {
			return nil, &apiError{status: http.StatusUnprocessableEntity, code: pretendo.CodeValidationFailed, message: "a request body is required",
				details: []pretendo.Violation{{Field: "", Code: "required", Message: "the request body is required"}}}
		}
		return c, nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var m *media
	switch {
	case ct == "" || isJSONType(ct) || ct == "text/plain":
		m = jsonMedia(op.body.media)
		if m == nil && ct != "" {
			m = mediaOf(op.body.media, ct)
		}
		if m == nil && ct == "" && len(op.body.media) > 0 {
			m = &op.body.media[0]
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(raw))
		if err := dec.Decode(&v); err != nil || dec.More() {
			if m == nil || isJSONType(m.typ) || ct != "text/plain" {
				return nil, &apiError{status: http.StatusBadRequest, code: pretendo.CodeInvalidJSON, message: "the request body is not JSON"}
			}
			v = string(raw)
		}
		if _, err := dec.Token(); err != io.EOF && err == nil {
			return nil, &apiError{status: http.StatusBadRequest, code: pretendo.CodeInvalidJSON, message: "the request body has data after the JSON value"}
		}
		c.body, c.hasBody = v, true
	case ct == "application/x-www-form-urlencoded":
		m = mediaOf(op.body.media, ct)
		if m == nil {
			return nil, &apiError{status: http.StatusUnsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE", message: "the operation takes no body of type " + ct}
		}
		form, err := url.ParseQuery(string(raw))
		if err != nil {
			return nil, &apiError{status: http.StatusBadRequest, code: pretendo.CodeInvalidJSON, message: "the form body cannot be read"}
		}
		obj := map[string]any{}
		var s *jsonSchema
		if m != nil && m.schema != nil {
			s = flatten(m.schema, 0)
		}
		for k, vs := range form {
			var ps *jsonSchema
			if s != nil {
				ps = s.prop(k)
			}
			if ps == nil {
				ps = &jsonSchema{}
			}
			val, _ := paramValue(&parameter{name: k, in: "query", schema: ps, style: "form", explode: true}, form, vs)
			obj[k] = val
		}
		c.body, c.hasBody = obj, true
	default:
		m = mediaOf(op.body.media, ct)
		if m == nil {
			return nil, &apiError{status: http.StatusUnsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE", message: "the operation takes no body of type " + ct}
		}
		return c, nil // files, XML: taken as they are
	}
	if m != nil && m.schema != nil {
		if ps := validate(m.schema, c.body, "", toServer); len(ps) > 0 {
			return nil, &apiError{status: http.StatusUnprocessableEntity, code: pretendo.CodeValidationFailed, message: "validation failed", details: ps}
		}
	}
	return c, nil
}

// mediaOf returns the media type of ms that matches ct (exactly, by its
// family, or */*), or nil.
func mediaOf(ms []media, ct string) *media {
	for i := range ms {
		t, _, _ := mime.ParseMediaType(ms[i].typ)
		if strings.EqualFold(t, ct) {
			return &ms[i]
		}
	}
	for i := range ms {
		t, _, _ := mime.ParseMediaType(ms[i].typ)
		if t == "*/*" || strings.HasSuffix(t, "/*") && strings.HasPrefix(ct, strings.TrimSuffix(t, "*")) {
			return &ms[i]
		}
	}
	return nil
}
