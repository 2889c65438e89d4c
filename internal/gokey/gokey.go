// Package gokey converts an id given in Go (any integer, float or string
// type) to the stored form of a primary key, for typed access to records.
package gokey

import (
	"reflect"
	"strconv"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// Convert returns id in the stored form of a key of type keyType: a
// float64 for number and integer keys, else a string. It reports false for
// an id that no key of that type can be.
func Convert(id any, keyType string) (any, bool) {
	rv := reflect.ValueOf(id)
	switch keyType {
	case schema.TypeNumber, schema.TypeInteger:
		var f float64
		switch rv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			f = float64(rv.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			f = float64(rv.Uint())
		case reflect.Float32, reflect.Float64:
			f = rv.Float()
		case reflect.String:
			n, err := strconv.ParseInt(rv.String(), 10, 64)
			if err != nil {
				return nil, false
			}
			f = float64(n)
		default:
			return nil, false
		}
		if _, ok := adapter.Key(f); !ok {
			return nil, false
		}
		return f, true
	default:
		if rv.Kind() != reflect.String {
			return nil, false
		}
		return rv.String(), true
	}
}
