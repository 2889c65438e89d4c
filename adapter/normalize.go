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
	"strings"
	"time"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
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

// ValueError reports a Go value that has no form in the JSON value model
// (see Normalize). It wraps ErrValidation, and Err when there is one.
type ValueError struct {
	// Resource names the record's resource, when the caller knows it.
	Resource string
	// Field is the path of the value inside the record, like "age",
	// "tags[2]" or "profile.address.city"; empty for the record itself.
	Field string
	// Reason says what is wrong with the value.
	Reason string
	// Err is the underlying error (a failing MarshalJSON, say), or nil.
	Err error
}

// Error returns "pretendo: validation failed: <resource>: <field>: <reason>",
// leaving out the parts that are empty.
func (e *ValueError) Error() string {
	var b strings.Builder
	b.WriteString(ErrValidation.Error())
	b.WriteString(": ")
	if e.Resource != "" {
		b.WriteString(e.Resource + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Reason)
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns ErrValidation, and Err when set.
func (e *ValueError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrValidation}
	}
	return []error{ErrValidation, e.Err}
}

// in prefixes err's field path with seg, a key or "[i]", on the way out
// of the recursion: paths are built only for values that fail.
func in(err error, seg string) error {
	if ve, ok := err.(*ValueError); ok {
		switch {
		case ve.Field == "":
			ve.Field = seg
		case ve.Field[0] == '[':
			ve.Field = seg + ve.Field
		default:
			ve.Field = seg + "." + ve.Field
		}
	}
	return err
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

func index(i int) string { return "[" + strconv.Itoa(i) + "]" }

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

// float checks that f is a JSON number.
func float(f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, &ValueError{Reason: fmt.Sprintf("%v is not a JSON number", f)}
	}
	return f, nil
}

// integer returns i as a float64 when the float64 holds it exactly.
func integer(i int64) (any, error) {
	if i > MaxSafeInteger || i < -MaxSafeInteger {
		return nil, tooBig(strconv.FormatInt(i, 10))
	}
	return float64(i), nil
}

func tooBig(digits string) error {
	return &ValueError{Reason: "integer " + digits + " is beyond ±(2^53-1), the range a JSON number holds exactly (store it as a string)"}
}

// jsonNumber reads a json.Number as the float64 it spells, which keeps
// "-0" negative as JSON does, except an integer that float64 cannot hold
// exactly: that stays the json.Number, digits and all, as the server's JSON
// decoders keep such integers.
func jsonNumber(s json.Number) (any, error) {
	if !validNumber(string(s)) {
		return nil, &ValueError{Reason: fmt.Sprintf("json.Number %q is not a JSON number", string(s))}
	}
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil {
		return nil, &ValueError{Reason: fmt.Sprintf("json.Number %s is beyond the range of a JSON number", string(s))}
	}
	if isIntegerLiteral(string(s)) && jsonwire.Inexact([]byte(s), f) {
		return s, nil
	}
	return float(f)
}

// isIntegerLiteral reports whether s is an optional minus and digits.
func isIntegerLiteral(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validNumber reports whether s is a number as JSON writes one (which
// strconv.ParseFloat is more lenient about: "0x1p4", "Inf", "1_000").
func validNumber(s string) bool {
	return json.Valid([]byte(s)) && s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9')
}

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
