package schema

import (
	"math"
	"reflect"
	"strconv"

	"github.com/pretendo-go/pretendo/internal/number"
	"github.com/pretendo-go/pretendo/internal/uuid"
)

// valueMatches reports whether v is a value of field type typ.
func valueMatches(typ string, v any) bool {
	switch typ {
	case TypeString:
		_, ok := v.(string)
		return ok
	case TypeNumber:
		_, ok := toFloat(v)
		return ok
	case TypeInteger:
		f, ok := toFloat(v)
		return ok && f == math.Trunc(f)
	case TypeBoolean:
		_, ok := v.(bool)
		return ok
	case TypeDate:
		s, ok := v.(string)
		return ok && isDate(s)
	case TypeUUID:
		s, ok := v.(string)
		return ok && uuid.Valid(s)
	case TypeObject:
		if _, ok := v.(map[string]any); ok {
			return true
		}
		return v != nil && reflect.TypeOf(v).Kind() == reflect.Map
	case TypeArray:
		_, ok := toList(v)
		return ok
	}
	return false
}

// sameValue reports whether a and b are equal, numbers compared by value.
func sameValue(a, b any) bool {
	if x, ok := toFloat(a); ok {
		y, ok := toFloat(b)
		return ok && x == y
	}
	if a == nil || b == nil {
		return a == b
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta.Comparable() && ta == tb {
		return a == b
	}
	return reflect.DeepEqual(a, b)
}

// toFloat reads a finite number of any Go numeric type.
func toFloat(v any) (float64, bool) {
	f, ok := number.Float(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// toList reads a slice of any element type as []any.
func toList(v any) ([]any, bool) {
	if l, ok := v.([]any); ok {
		return l, true
	}
	if v == nil {
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	l := make([]any, rv.Len())
	for i := range l {
		l[i] = rv.Index(i).Interface()
	}
	return l, true
}

// isDate reports whether s is a date as stored values hold them: RFC 3339
// (with or without fractional seconds), a date and time without a zone, or
// a plain date.
func isDate(s string) bool {
	_, ok := ParseDate(s)
	return ok
}

// typeNoun names a value of field type t, for messages.
func typeNoun(t string) string {
	switch t {
	case TypeInteger, TypeObject, TypeArray:
		return "an " + t
	case TypeDate:
		return "a date (RFC 3339 or YYYY-MM-DD)"
	}
	return "a " + t
}

// describe shows a value in a message.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return quote(x)
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return formatFloat(x)
	}
	if f, ok := toFloat(v); ok {
		return formatFloat(f)
	}
	if _, ok := toList(v); ok {
		return "an array"
	}
	if reflect.TypeOf(v).Kind() == reflect.Map {
		return "an object"
	}
	return "a value of type " + reflect.TypeOf(v).String()
}

// formatFloat shows a number the way JSON would.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
