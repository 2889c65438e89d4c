package seed

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/number"
)

// ruleOptions reads the options map of one generate rule, reporting
// problems with the path of the option concerned.
type ruleOptions struct {
	path string // of the options map: resources[i].fields[j].generate.options
	m    map[string]any
}

// errorf makes an *Error about option key.
func (o ruleOptions) errorf(key, format string, args ...any) error {
	return &Error{Path: o.path + "." + key, Err: fmt.Errorf("%w: "+format, append([]any{ErrInvalidRule}, args...)...)}
}

// number reads a finite number option.
func (o ruleOptions) number(key string) (v float64, ok bool, err error) {
	raw, present := o.m[key]
	if !present || raw == nil {
		return 0, false, nil
	}
	v, ok = toFloat(raw)
	if !ok {
		return 0, false, o.errorf(key, "must be a number, not %s", describe(raw))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, o.errorf(key, "must be a finite number")
	}
	return v, true, nil
}

// integer reads a whole-number option within [lo, hi].
func (o ruleOptions) integer(key string, lo, hi int) (v int, ok bool, err error) {
	f, ok, err := o.number(key)
	if err != nil || !ok {
		return 0, ok, err
	}
	if f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		return 0, false, o.errorf(key, "must be a whole number from %d to %d, not %v", lo, hi, f)
	}
	return int(f), true, nil
}

// text reads a string option.
func (o ruleOptions) text(key string) (s string, ok bool, err error) {
	raw, present := o.m[key]
	if !present || raw == nil {
		return "", false, nil
	}
	s, ok = raw.(string)
	if !ok {
		return "", false, o.errorf(key, "must be a string, not %s", describe(raw))
	}
	return s, true, nil
}

// date reads a date option: an RFC 3339 timestamp or a plain date.
func (o ruleOptions) date(key string) (t time.Time, ok bool, err error) {
	raw, present := o.m[key]
	if !present || raw == nil {
		return time.Time{}, false, nil
	}
	switch v := raw.(type) {
	case time.Time:
		return v, true, nil
	case string:
		if t, ok := adapter.ParseTime(v); ok {
			return t, true, nil
		}
		return time.Time{}, false, o.errorf(key, "%q is not a date (want RFC 3339, like 2024-01-31T12:00:00Z, or 2024-01-31)", v)
	}
	return time.Time{}, false, o.errorf(key, "must be a date string, not %s", describe(raw))
}

// list reads a list option, its elements made JSON-native.
func (o ruleOptions) list(key string) (vs []any, ok bool, err error) {
	raw, present := o.m[key]
	if !present || raw == nil {
		return nil, false, nil
	}
	rv := reflect.ValueOf(raw)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false, o.errorf(key, "must be a list, not %s", describe(raw))
	}
	out := make([]any, rv.Len())
	for i := range out {
		v, err := jsonValue(rv.Index(i).Interface())
		if err != nil {
			return nil, false, o.errorf(fmt.Sprintf("%s[%d]", key, i), "%v", err)
		}
		out[i] = v
	}
	return out, true, nil
}

// numbers reads a list of numbers.
func (o ruleOptions) numbers(key string) (ns []float64, ok bool, err error) {
	vs, ok, err := o.list(key)
	if err != nil || !ok {
		return nil, ok, err
	}
	ns = make([]float64, len(vs))
	for i, v := range vs {
		n, isNum := v.(float64)
		if !isNum {
			return nil, false, o.errorf(fmt.Sprintf("%s[%d]", key, i), "must be a number, not %s", describe(v))
		}
		ns[i] = n
	}
	return ns, true, nil
}

// toFloat reads any Go number, or a json.Number, as a float64.
func toFloat(v any) (float64, bool) {
	if n, ok := v.(json.Number); ok {
		f, err := n.Float64()
		return f, err == nil
	}
	return number.Float(v)
}

// jsonValue converts a Go value into its JSON-native form (float64, string,
// bool, nil, map[string]any, []any), as a JSON round trip would.
func jsonValue(v any) (any, error) {
	switch t := v.(type) {
	case nil, string, bool:
		return t, nil
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, fmt.Errorf("%v is not a JSON number", t)
		}
		return t, nil
	case map[string]any, []any:
		// Check every element; a deep copy keeps the spec unshared.
		b, err := json.Marshal(t)
		if err != nil {
			return nil, fmt.Errorf("not a JSON value: %w", err)
		}
		var out any
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, fmt.Errorf("not a JSON value: %w", err)
		}
		return out, nil
	}
	if f, ok := toFloat(v); ok {
		return jsonValue(f)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("not a JSON value: %w", err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("not a JSON value: %w", err)
	}
	return out, nil
}

// describe names the JSON kind of v for error messages.
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	if _, ok := toFloat(v); ok {
		return "a number"
	}
	return fmt.Sprintf("a %T", v)
}
