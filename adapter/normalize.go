package adapter

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"time"
)

// Normalize returns v in the JSON value model that records hold (nil, bool,
// float64, string, []any and map[string]any, and json.Number for an integer
// a float64 cannot hold exactly), as a deep copy that shares nothing with v. It is how Go values enter a store: the server applies it
// to seed callbacks' records, to the spec's data, to the values given to
// Collection, and the memory adapter to a State it did not build itself.
//
// It converts a value as encoding/json would encode it, with these choices:
//   - every int and uint kind and float32 become a float64 (a float32 by its
//     shortest decimal form, so float32(0.1) is 0.1); an integer beyond
//     ±(2^53-1), the range a float64 holds exactly, is an error: store it as
//     a string;
//   - a json.Number, the form JSON text gives numbers, becomes the float64
//     it spells, unless it is an integer a float64 cannot hold exactly (most
//     beyond ±2^53): that one stays a json.Number, keeping its digits, as
//     the server's JSON decoders keep such integers (a field declared number
//     or integer, and a primary key, refuse it);
//   - a time.Time becomes an RFC 3339 string in UTC with the value's own
//     precision (time.RFC3339Nano), the form $now defaults take;
//   - pointers and interfaces stand for what they point at, nil for nil;
//   - slices and arrays become []any ([]byte a base64 string); maps with
//     string, integer or encoding.TextMarshaler keys become map[string]any;
//   - structs become map[string]any through their json tags: names, "-",
//     omitempty, omitzero and string, embedded structs promoting their
//     fields;
//   - a json.Marshaler is asked for its JSON and an encoding.TextMarshaler
//     for its text.
//
// A value that has no JSON form is an error wrapping ErrValidation, a
// *ValueError that names where in v it sits: a channel, a func, a complex
// number, NaN, ±Inf, a cycle, or a map with other keys.
func Normalize(v any) (any, error) {
	var n normalizer
	return n.value(v)
}

// NormalizeRecord is Normalize for a whole record: v must come out as a
// JSON object, so it is a map with string keys or a struct (or a pointer to
// one); anything else, nil included, is an error wrapping ErrValidation.
func NormalizeRecord(v any) (Record, error) {
	out, err := Normalize(v)
	if err != nil {
		return nil, err
	}
	rec, ok := out.(map[string]any)
	if !ok {
		return nil, &ValueError{Reason: "a record must be a JSON object, not " + kindOf(out)}
	}
	return rec, nil
}

// cycleDepth is the nesting below which the normalizer does not look for
// cycles: a cycle is found once it has been walked around this deep, and
// values nested less deeply, nearly all, cost no bookkeeping.
const cycleDepth = 100

// normalizer walks one value. It tracks the pointers, maps and slices on
// the path from the root once the path is deeper than cycleDepth.
type normalizer struct {
	depth int
	path  map[visit]bool
}

// visit identifies a pointer, map or slice on the current path.
type visit struct {
	ptr uintptr
	typ reflect.Type
	len int
}

// enter notes a container on the path, which rv gives when enter needs
// it (deeper than cycleDepth); it reports false when the container is
// already on the path, a cycle. leave must follow a true enter.
func (n *normalizer) enter(rv func() reflect.Value) (visit, bool) {
	n.depth++
	if n.depth <= cycleDepth {
		return visit{}, true
	}
	v := rv()
	k := visit{ptr: uintptr(v.UnsafePointer()), typ: v.Type()}
	if v.Kind() == reflect.Slice {
		k.len = v.Len()
	}
	if n.path == nil {
		n.path = make(map[visit]bool)
	}
	if n.path[k] {
		n.depth--
		return k, false
	}
	n.path[k] = true
	return k, true
}

func (n *normalizer) leave(k visit) {
	if k.typ != nil {
		delete(n.path, k)
	}
	n.depth--
}

func cycle(t reflect.Type) error {
	return &ValueError{Reason: fmt.Sprintf("the value contains itself (a cycle through %s)", t)}
}

// value normalizes v, taking the common types without reflection.
func (n *normalizer) value(v any) (any, error) {
	// Values already in the model are returned as they came, v itself, so
	// that copying a record does not box its strings and numbers again.
	switch t := v.(type) {
	case nil:
		return nil, nil
	case string, bool:
		return v, nil
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return float(t)
		}
		return v, nil
	case int:
		return integer(int64(t))
	case int64:
		return integer(t)
	case json.Number:
		return jsonNumber(t)
	case time.Time:
		return FormatTime(t), nil
	case map[string]any:
		if t == nil {
			return nil, nil
		}
		k, ok := n.enter(func() reflect.Value { return reflect.ValueOf(t) })
		if !ok {
			return nil, cycle(reflect.TypeOf(t))
		}
		defer n.leave(k)
		out := make(map[string]any, len(t))
		for key, e := range t {
			c, err := n.value(e)
			if err != nil {
				return nil, in(err, key)
			}
			out[key] = c
		}
		return out, nil
	case []any:
		if t == nil {
			return nil, nil
		}
		k, ok := n.enter(func() reflect.Value { return reflect.ValueOf(t) })
		if !ok {
			return nil, cycle(reflect.TypeOf(t))
		}
		defer n.leave(k)
		out := make([]any, len(t))
		for i, e := range t {
			c, err := n.value(e)
			if err != nil {
				return nil, in(err, index(i))
			}
			out[i] = c
		}
		return out, nil
	}
	return n.reflect(reflect.ValueOf(v))
}

// FormatTime returns t as records store dates: RFC 3339 in UTC, with t's
// own precision (time.RFC3339Nano), as $now defaults are written.
func FormatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// kindOf names the JSON kind of a normalized value.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	}
	return "an object"
}
