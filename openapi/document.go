package openapi

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/internal/oas"
)

// document is an OpenAPI document as read: its tree, with what the reader
// could not serve noted once each.
type document struct {
	root    *oas.Object
	version string
	v31     bool
	notes   []string
	noted   map[string]bool
}

// note records something of the document that is not served, once.
func (d *document) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if d.noted == nil {
		d.noted = map[string]bool{}
	}
	if !d.noted[msg] {
		d.noted[msg] = true
		d.notes = append(d.notes, msg)
	}
}

// resolve follows a $ref to a value of the document: a local JSON pointer
// ("#/components/schemas/Pet"). It returns the value, the name of the
// component it names (the last token), and false for a reference it cannot
// follow (an external document, a pointer to nothing), which it notes.
func (d *document) resolve(ref, at string) (any, string, bool) {
	if !strings.HasPrefix(ref, "#") {
		d.note("%s: external reference %q is not followed (only references inside the document are); the schema allows any value", at, ref)
		return nil, "", false
	}
	ptr, err := url.PathUnescape(ref[1:])
	if err != nil {
		ptr = ref[1:]
	}
	v, ok := pointer(d.root, ptr)
	if !ok {
		d.note("%s: reference %q points at nothing; the schema allows any value", at, ref)
		return nil, "", false
	}
	name := ptr[strings.LastIndexByte(ptr, '/')+1:]
	return v, unescapeToken(name), true
}

// deref follows $refs of a non-schema object (a parameter, a response, a
// request body), a few levels deep, and returns the object it lands on.
func (d *document) deref(v any, at string) *oas.Object {
	for range 16 {
		o, ok := v.(*oas.Object)
		if !ok {
			return nil
		}
		ref := o.String("$ref")
		if ref == "" {
			return o
		}
		target, _, ok := d.resolve(ref, at)
		if !ok {
			return nil
		}
		v = target
	}
	return nil
}

// pointer follows a JSON pointer ("/components/schemas/Pet") from root.
func pointer(root any, ptr string) (any, bool) {
	if ptr == "" {
		return root, true
	}
	if ptr[0] != '/' {
		return nil, false
	}
	cur := root
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = unescapeToken(tok)
		switch t := cur.(type) {
		case *oas.Object:
			v, ok := t.Get(tok)
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(t) {
				return nil, false
			}
			cur = t[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// pointerUnescaper undoes the escapes of JSON pointer tokens.
var pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

// unescapeToken undoes the escapes of a JSON pointer token.
func unescapeToken(s string) string { return pointerUnescaper.Replace(s) }
