package adapter

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"time"
)

var (
	timeType          = reflect.TypeFor[time.Time]()
	numberType        = reflect.TypeFor[json.Number]()
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// reflect normalizes rv, whatever its type.
func (n *normalizer) reflect(rv reflect.Value) (any, error) {
	if !rv.IsValid() {
		return nil, nil
	}
	t := rv.Type()
	switch t {
	case timeType:
		return FormatTime(rv.Interface().(time.Time)), nil
	case numberType:
		return jsonNumber(json.Number(rv.String()))
	}
	if rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil, nil
		}
		if rv.Kind() == reflect.Interface || t.Elem() == timeType {
			// *time.Time is a json.Marshaler too, which keeps the zone.
			return n.reflect(rv.Elem())
		}
	}
	if out, ok, err := n.marshaled(rv); ok {
		return out, err
	}
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return integer(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > MaxSafeInteger {
			return nil, tooBig(strconv.FormatUint(u, 10))
		}
		return float64(u), nil
	case reflect.Float32:
		// The shortest decimal that reads back as this float32, as JSON
		// writes it, so float32(0.1) is 0.1 and not 0.10000000149011612.
		f := rv.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return float(f)
		}
		g, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', -1, 32), 64)
		return g, nil
	case reflect.Float64:
		return float(rv.Float())
	case reflect.Pointer:
		k, ok := n.enter(func() reflect.Value { return rv })
		if !ok {
			return nil, cycle(t)
		}
		defer n.leave(k)
		return n.reflect(rv.Elem())
	case reflect.Map:
		return n.mapValue(rv)
	case reflect.Slice:
		if rv.IsNil() {
			return nil, nil
		}
		if bytesOf(t) {
			return base64.StdEncoding.EncodeToString(rv.Bytes()), nil
		}
		k, ok := n.enter(func() reflect.Value { return rv })
		if !ok {
			return nil, cycle(t)
		}
		defer n.leave(k)
		return n.list(rv)
	case reflect.Array:
		return n.list(rv)
	case reflect.Struct:
		return n.structValue(rv)
	}
	return nil, &ValueError{Reason: fmt.Sprintf("a %s has no JSON form", t)}
}

// bytesOf reports whether slice type t is encoded as base64 text, as
// encoding/json does for byte slices whose elements marshal as numbers.
func bytesOf(t reflect.Type) bool {
	e := t.Elem()
	if e.Kind() != reflect.Uint8 {
		return false
	}
	p := reflect.PointerTo(e)
	return !p.Implements(marshalerType) && !p.Implements(textMarshalerType)
}

// marshaled asks a json.Marshaler for its JSON or an
// encoding.TextMarshaler for its text, preferring the former as
// encoding/json does; it reports false when rv is neither.
func (n *normalizer) marshaled(rv reflect.Value) (any, bool, error) {
	if !rv.CanInterface() {
		return nil, false, nil
	}
	t := rv.Type()
	target := rv
	switch {
	case t.Implements(marshalerType):
	case t.Kind() != reflect.Pointer && rv.CanAddr() && reflect.PointerTo(t).Implements(marshalerType):
		target = rv.Addr()
	default:
		target = reflect.Value{}
	}
	if target.IsValid() {
		data, err := target.Interface().(json.Marshaler).MarshalJSON()
		if err != nil {
			return nil, true, &ValueError{Reason: fmt.Sprintf("MarshalJSON of %s failed", t), Err: err}
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var out any
		if err := dec.Decode(&out); err != nil {
			return nil, true, &ValueError{Reason: fmt.Sprintf("MarshalJSON of %s returned invalid JSON %q", t, abbreviate(data))}
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, true, &ValueError{Reason: fmt.Sprintf("MarshalJSON of %s returned invalid JSON %q", t, abbreviate(data))}
		}
		v, err := n.value(out)
		return v, true, err
	}
	switch {
	case t.Implements(textMarshalerType):
		target = rv
	case t.Kind() != reflect.Pointer && rv.CanAddr() && reflect.PointerTo(t).Implements(textMarshalerType):
		target = rv.Addr()
	default:
		return nil, false, nil
	}
	text, err := target.Interface().(encoding.TextMarshaler).MarshalText()
	if err != nil {
		return nil, true, &ValueError{Reason: fmt.Sprintf("MarshalText of %s failed", t), Err: err}
	}
	return string(text), true, nil
}

// abbreviate shortens data for an error message.
func abbreviate(data []byte) string {
	if len(data) > 40 {
		return string(data[:40]) + "..."
	}
	return string(data)
}

func (n *normalizer) list(rv reflect.Value) (any, error) {
	out := make([]any, rv.Len())
	for i := range out {
		c, err := n.reflect(rv.Index(i))
		if err != nil {
			return nil, in(err, index(i))
		}
		out[i] = c
	}
	return out, nil
}

func (n *normalizer) mapValue(rv reflect.Value) (any, error) {
	if rv.IsNil() {
		return nil, nil
	}
	t := rv.Type()
	key := mapKey(t.Key())
	if key == nil {
		return nil, &ValueError{Reason: fmt.Sprintf("a %s has no JSON form: keys must be strings, integers or encoding.TextMarshalers", t)}
	}
	k, ok := n.enter(func() reflect.Value { return rv })
	if !ok {
		return nil, cycle(t)
	}
	defer n.leave(k)
	out := make(map[string]any, rv.Len())
	for it := rv.MapRange(); it.Next(); {
		name, err := key(it.Key())
		if err != nil {
			return nil, err
		}
		c, err := n.reflect(it.Value())
		if err != nil {
			return nil, in(err, name)
		}
		out[name] = c
	}
	return out, nil
}

// mapKey returns how encoding/json turns a key of type t into an object
// key, or nil when it cannot.
func mapKey(t reflect.Type) func(reflect.Value) (string, error) {
	switch {
	case t.Kind() == reflect.String:
		return func(k reflect.Value) (string, error) { return k.String(), nil }
	case t.Implements(textMarshalerType):
		return func(k reflect.Value) (string, error) {
			if k.Kind() == reflect.Pointer && k.IsNil() {
				return "", nil
			}
			text, err := k.Interface().(encoding.TextMarshaler).MarshalText()
			if err != nil {
				return "", &ValueError{Reason: fmt.Sprintf("MarshalText of map key %s failed", t), Err: err}
			}
			return string(text), nil
		}
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(k reflect.Value) (string, error) { return strconv.FormatInt(k.Int(), 10), nil }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(k reflect.Value) (string, error) { return strconv.FormatUint(k.Uint(), 10), nil }
	}
	return nil
}

func (n *normalizer) structValue(rv reflect.Value) (any, error) {
	fields := structFields(rv.Type())
	out := make(map[string]any, len(fields))
fields:
	for _, f := range fields {
		fv := rv
		for _, i := range f.index {
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					// A field of a nil embedded pointer: absent, as in JSON.
					continue fields
				}
				fv = fv.Elem()
			}
			fv = fv.Field(i)
		}
		if f.omitEmpty && isEmpty(fv) || f.omitZero && isZero(fv) {
			continue
		}
		var c any
		var err error
		if f.quoted {
			c, err = quoted(fv)
		} else {
			c, err = n.reflect(fv)
		}
		if err != nil {
			return nil, in(err, f.name)
		}
		out[f.name] = c
	}
	return out, nil
}

// quoted encodes a field with the json option "string": a bool, number or
// string (or a pointer to one) as the string of its JSON text.
func quoted(rv reflect.Value) (any, error) {
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, nil
		}
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(rv.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return float(f)
		}
		b, _ := json.Marshal(rv.Interface())
		return string(b), nil
	}
	b, _ := json.Marshal(rv.String())
	return string(b), nil
}

// isEmpty reports what omitempty leaves out.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZero reports what omitzero leaves out: the zero value, or a value whose
// IsZero method says so.
func isZero(v reflect.Value) bool {
	if v.CanInterface() {
		if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
			if v.Kind() == reflect.Pointer && v.IsNil() {
				return true
			}
			return z.IsZero()
		}
	}
	return v.IsZero()
}
