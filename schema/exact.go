package schema

import (
	"encoding/json"
	"strconv"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// inexactInteger reports whether lit is a JSON integer literal that a
// float64 cannot hold exactly (most beyond ±2^53). Records keep such a
// literal as a json.Number, as the server's other decoders do.
func inexactInteger(lit string) bool {
	digits := lit
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) < 16 {
		return false // a float64 holds every integer of 15 digits
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	f, err := strconv.ParseFloat(lit, 64)
	return err == nil && jsonwire.Inexact([]byte(lit), f)
}

// keepExactIntegers replaces each record of data and of the resources'
// initialData that holds an integer a float64 cannot hold exactly with its
// value read from the parse tree, where that integer is a json.Number: the
// rest of the spec came through encoding/json, which rounds it.
func keepExactIntegers(root *node, s *Spec) {
	if d := root.get("data"); d != nil && d.kind == kindObject {
		for i, name := range d.keys {
			replaceInexact(d.vals[i], s.Data[name])
		}
	}
	if rs := root.get("resources"); rs != nil && rs.kind == kindArray {
		for i, r := range rs.vals {
			if i < len(s.Resources) && r.kind == kindObject {
				replaceInexact(r.get("initialData"), s.Resources[i].InitialData)
			}
		}
	}
}

// replaceInexact sets recs[i] from the i-th element of list wherever that
// holds an inexact integer.
func replaceInexact(list *node, recs []map[string]any) {
	if list == nil || list.kind != kindArray {
		return
	}
	for i, rec := range list.vals {
		if i < len(recs) && rec.kind == kindObject && rec.hasInexact() {
			recs[i], _ = rec.value().(map[string]any)
		}
	}
}

// get returns the value of key in object n (the last one, as
// encoding/json reads a repeated key), or nil.
func (n *node) get(key string) *node {
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i] == key {
			return n.vals[i]
		}
	}
	return nil
}

// hasInexact reports whether n holds an inexact integer, at any depth.
func (n *node) hasInexact() bool {
	switch n.kind {
	case kindNumber:
		return inexactInteger(n.text)
	case kindObject, kindArray:
		for _, v := range n.vals {
			if v.hasInexact() {
				return true
			}
		}
	}
	return false
}

// value returns n as encoding/json decodes it into an any, except that an
// inexact integer is a json.Number, digits and all.
func (n *node) value() any {
	switch n.kind {
	case kindBool:
		return n.b
	case kindString:
		return n.text
	case kindNumber:
		if inexactInteger(n.text) {
			return json.Number(n.text)
		}
		f, _ := strconv.ParseFloat(n.text, 64) // the walk checked the range
		return f
	case kindObject:
		m := make(map[string]any, len(n.keys))
		for i, k := range n.keys {
			m[k] = n.vals[i].value()
		}
		return m
	case kindArray:
		l := make([]any, len(n.vals))
		for i, v := range n.vals {
			l[i] = v.value()
		}
		return l
	}
	return nil
}
