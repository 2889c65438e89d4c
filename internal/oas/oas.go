// Package oas holds OpenAPI documents as Go values: ordered JSON objects
// (Object) whose keys keep the order they were set in, so that a document
// lists its paths, operations and properties in the order of the spec it
// describes, and encodes to the same bytes every time.
//
// It is a leaf package with no dependency beyond the standard library: the
// root package builds its document with it (see internal/describe), and the
// OpenAPI importer reads documents into it.
package oas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Version is the OpenAPI version of the documents this module writes.
const Version = "3.1.0"

// Object is a JSON object whose keys keep the order they were first set
// in. The zero value is an empty object ready to use. Values are nil,
// bool, float64, json.Number, string, []any, *Object, or any value
// encoding/json encodes.
type Object struct {
	keys []string
	vals map[string]any
}

// New returns an object holding the key-value pairs kv, in order: New("type",
// "string", "minLength", 1). It panics if kv has an odd length or a key is
// not a string, which is a programming error.
func New(kv ...any) *Object {
	if len(kv)%2 != 0 {
		panic("oas: New with an odd number of arguments")
	}
	o := &Object{}
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			panic(fmt.Sprintf("oas: New with a key of type %T", kv[i]))
		}
		o.Set(k, kv[i+1])
	}
	return o
}

// Set sets key to v, keeping the key's place when it is already set, and
// returns o.
func (o *Object) Set(key string, v any) *Object {
	if o.vals == nil {
		o.vals = make(map[string]any)
	}
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = v
	return o
}

// Get returns the value of key and whether it is set.
func (o *Object) Get(key string) (any, bool) {
	if o == nil {
		return nil, false
	}
	v, ok := o.vals[key]
	return v, ok
}

// Object returns the value of key when it is an object, else nil.
func (o *Object) Object(key string) *Object {
	v, _ := o.Get(key)
	c, _ := v.(*Object)
	return c
}

// String returns the value of key when it is a string, else "".
func (o *Object) String(key string) string {
	v, _ := o.Get(key)
	s, _ := v.(string)
	return s
}

// Delete removes key.
func (o *Object) Delete(key string) {
	if o == nil {
		return
	}
	if _, ok := o.vals[key]; !ok {
		return
	}
	delete(o.vals, key)
	for i, k := range o.keys {
		if k == key {
			o.keys = append(o.keys[:i:i], o.keys[i+1:]...)
			break
		}
	}
}

// Keys returns the keys in order. The caller must not change the slice.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	return o.keys
}

// Len returns the number of keys.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
}

// MarshalJSON writes the object with its keys in order.
func (o *Object) MarshalJSON() ([]byte, error) {
	if o == nil {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		vb, err := marshal(o.vals[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal encodes v without escaping HTML characters, so that patterns and
// descriptions stay readable.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// JSON returns v (an *Object, or any value holding them) as indented JSON
// text ending with a newline.
func JSON(v any) ([]byte, error) {
	b, err := marshal(v)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// Decode reads JSON text into values whose objects are *Object, keeping the
// order of their keys; numbers are json.Number. A key repeated in one
// object keeps its first place and its last value.
func Decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("oas: data after the JSON value")
	}
	return v, nil
}

// maxDepth bounds the nesting Decode reads.
const maxDepth = 10000

func decodeValue(dec *json.Decoder, depth int) (any, error) {
	if depth > maxDepth {
		return nil, errors.New("oas: nested deeper than " + strconv.Itoa(maxDepth) + " levels")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &Object{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				o.Set(k, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return o, nil
		case '[':
			a := []any{}
			for dec.More() {
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return a, nil
		}
		return nil, fmt.Errorf("oas: unexpected %v", t)
	default:
		return t, nil
	}
}
