package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/pretendo-go/pretendo"
)

// jsonValue reads a flag value: as JSON when it is a JSON document (a
// number, true, false, null, an array, an object or a quoted string), else
// as the plain string.
func jsonValue(s string) any {
	if !json.Valid([]byte(s)) {
		return s
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return s
	}
	return v
}

// applySettings returns spec with the settings applied, in order, to its
// options. The result goes through the strict decoder, so an unknown
// option or a value of the wrong type is a usage error naming the flag
// that caused it. spec itself is not modified.
func applySettings(spec *pretendo.Spec, settings []setting) (*pretendo.Spec, error) {
	if len(settings) == 0 {
		return spec, nil
	}
	base, err := json.Marshal(spec)
	if err != nil {
		return nil, fmt.Errorf("encoding the spec: %w", err)
	}
	out, err := decodeWith(base, settings)
	if err == nil {
		// The text of a spec leaves out what a format's reader attached
		// (an imported OpenAPI document's operations).
		out.Extension = spec.Extension
		return out, nil
	}
	// Find the first flag that breaks the spec, applying them one by one;
	// the spec without any of them was valid.
	for k := range settings {
		if _, err := decodeWith(base, settings[:k+1]); err != nil {
			return nil, blame(settings[k].flag, err)
		}
	}
	return nil, blame(settings[len(settings)-1].flag, err)
}

// decodeWith applies settings to the JSON document base and decodes it
// with the strict spec decoder.
func decodeWith(base []byte, settings []setting) (*pretendo.Spec, error) {
	dec := json.NewDecoder(bytes.NewReader(base))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("decoding the spec: %w", err)
	}
	for _, s := range settings {
		if err := set(doc, s); err != nil {
			return nil, err
		}
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encoding the spec: %w", err)
	}
	return pretendo.ParseSpec(data)
}

// errNotObject reports a path that goes through a value that is not an object.
var errNotObject = errors.New("is not an object")

// set puts s.value at options.<s.path> in doc, creating the objects on
// the way.
func set(doc map[string]any, s setting) error {
	m := doc
	at := "options"
	keys := append([]string{"options"}, s.path[:len(s.path)-1]...)
	for i, k := range keys {
		if i > 0 {
			at += "." + k
		}
		switch next := m[k].(type) {
		case map[string]any:
			m = next
		case nil:
			child := map[string]any{}
			m[k] = child
			m = child
		default:
			return fmt.Errorf("%s %w (it holds %s)", at, errNotObject, describeJSON(next))
		}
	}
	m[s.path[len(s.path)-1]] = s.value
	return nil
}

// describeJSON names the JSON type of a decoded value.
func describeJSON(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	}
	return "a value"
}

// blame turns the error an override caused into a usage error naming its
// flag, on one line.
func blame(flag string, err error) error {
	var se *pretendo.SpecError
	if errors.As(err, &se) && len(se.Problems) > 0 {
		msgs := make([]string, len(se.Problems))
		for i, p := range se.Problems {
			msgs[i] = p.String()
		}
		return usageErrorf("flag %s: %s", quoteFlag(flag), strings.Join(msgs, "; "))
	}
	return usageErrorf("flag %s: %w", quoteFlag(flag), err)
}
