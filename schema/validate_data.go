package schema

import (
	"encoding/json"
	"slices"
)

func (c *checker) data() {
	keys := make([]string, 0, len(c.s.Data))
	for name := range c.s.Data {
		keys = append(keys, name)
	}
	slices.Sort(keys)
	for _, name := range keys {
		dp := child("data", name)
		if c.resource(name) == nil {
			c.unknownResource(dp, name)
		}
		r := c.resource(name)
		for i, rec := range c.s.Data[name] {
			if rec == nil {
				c.add(elem(dp, i), "want an object, got null")
			}
			if r != nil {
				c.inexactNumbers(r, rec, elem(dp, i))
			}
		}
	}
}

// inexactNumbers records each integer of rec, at path, that a float64
// cannot hold exactly (a json.Number, as Decode keeps it) in r's primary
// key or a field r declares a number or integer: those hold float64s, and
// rounding would change the value. Undeclared fields keep such integers.
func (c *checker) inexactNumbers(r *Resource, rec map[string]any, path string) {
	keys := make([]string, 0, len(rec))
	for k, v := range rec {
		if _, ok := v.(json.Number); ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		n := rec[k].(json.Number)
		switch f := r.Field(k); {
		case k == r.Key():
			c.add(child(path, k), "primary key %s is beyond ±(2^53-1), the range of ids a float64 holds exactly", shorten(string(n)))
		case f != nil && (f.Type == TypeNumber || f.Type == TypeInteger):
			c.add(child(path, k), "integer %s is beyond ±(2^53-1), the range a %s field holds exactly (store it as a string, or in a field the resource does not declare)", shorten(string(n)), f.Type)
		}
	}
}
