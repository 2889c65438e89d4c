package adapter_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
)

type role string

type color int

func (c color) MarshalText() ([]byte, error) { return []byte([]string{"red", "green"}[c]), nil }

type celsius float64

func (c celsius) MarshalJSON() ([]byte, error) { return json.Marshal(map[string]any{"c": float64(c)}) }

// ptrMarshaler marshals through a pointer receiver, which encoding/json
// uses only when the value is addressable.
type ptrMarshaler struct{ N int }

func (p *ptrMarshaler) MarshalJSON() ([]byte, error) { return []byte(`"ptr"`), nil }

type failing struct{}

func (failing) MarshalJSON() ([]byte, error) { return nil, errors.New("boom") }

type badJSON struct{}

func (badJSON) MarshalJSON() ([]byte, error) { return []byte(`{"a":`), nil }

type twoValues struct{}

func (twoValues) MarshalJSON() ([]byte, error) { return []byte(`1 2`), nil }

type hugeMarshal struct{}

func (hugeMarshal) MarshalJSON() ([]byte, error) { return []byte(`{"n":12345678901234567890}`), nil }

type Base struct {
	ID        int       `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
}

type inner struct {
	Promoted string `json:"promoted"`
}

type user struct {
	Base
	inner
	Name     string            `json:"name"`
	Email    string            `json:"email,omitempty"`
	Age      *int              `json:"age,omitempty"`
	Secret   string            `json:"-"`
	Dash     string            `json:"-,"`
	Plain    bool              // no tag: the Go name
	Count    int64             `json:"count,string"`
	Score    float32           `json:"score"`
	Tags     []string          `json:"tags"`
	Meta     map[string]uint16 `json:"meta"`
	Zero     time.Time         `json:"zero,omitzero"`
	Role     role              `json:"role"`
	private  int
	Ignored  chan int `json:"-"`
	Empty    []int    `json:"empty,omitempty"`
	NilSlice []int    `json:"nilSlice"`
}

// conflict has two embedded fields promoted to the same name at the same
// depth: encoding/json drops both.
type A struct{ X int }
type B struct{ X int }
type conflict struct {
	A
	B
	Y int
}

// tagWins has an untagged and a tagged field promoted to one name.
type C struct {
	X int `json:"X"`
}
type tagWins struct {
	A
	C
}

type node struct {
	Next *node `json:"next"`
}

func TestNormalize(t *testing.T) {
	at := time.Date(2024, 5, 1, 14, 0, 0, 123_000_000, time.FixedZone("CEST", 2*3600))
	age := 30
	pm := ptrMarshaler{N: 1}
	cases := []struct {
		name string
		in   any
		want any
	}{
		{"nil", nil, nil},
		{"string", "ada", "ada"},
		{"bool", true, true},
		{"float64", 1.5, 1.5},
		{"negative zero", math.Copysign(0, -1), math.Copysign(0, -1)},
		{"int", 1, 1.0},
		{"int8", int8(-8), -8.0},
		{"int16", int16(16), 16.0},
		{"int32", int32(32), 32.0},
		{"int64", int64(64), 64.0},
		{"uint", uint(1), 1.0},
		{"uint8", uint8(8), 8.0},
		{"uint16", uint16(16), 16.0},
		{"uint32", uint32(32), 32.0},
		{"uint64", uint64(64), 64.0},
		{"uintptr", uintptr(7), 7.0},
		{"largest safe int", int64(1<<53 - 1), float64(1<<53 - 1)},
		{"smallest safe int", int64(-(1<<53 - 1)), -float64(1<<53 - 1)},
		{"float32 by its shortest decimal", float32(0.1), 0.1},
		{"large float64", 1e300, 1e300},
		{"json.Number integer", json.Number("42"), 42.0},
		{"json.Number fraction", json.Number("-1.25e2"), -125.0},
		{"json.Number beyond what a float64 holds", json.Number("9007199254740993"), json.Number("9007199254740993")},
		{"json.Number beyond int64", json.Number("-123456789012345678901234567890"), json.Number("-123456789012345678901234567890")},
		{"json.Number beyond 2^53 that a float64 holds", json.Number("9007199254740994"), 9007199254740994.0},
		{"big.Int beyond 2^53 that a float64 holds", new(big.Int).Lsh(big.NewInt(1), 60), float64(1 << 60)},
		{"huge number from MarshalJSON", hugeMarshal{}, map[string]any{"n": json.Number("12345678901234567890")}},
		{"time.Time in UTC", at, "2024-05-01T12:00:00.123Z"},
		{"time.Time pointer", &at, "2024-05-01T12:00:00.123Z"},
		{"zero time.Time", time.Time{}, "0001-01-01T00:00:00Z"},
		{"named string", role("admin"), "admin"},
		{"pointer", &age, 30.0},
		{"nil pointer", (*int)(nil), nil},
		{"pointer to pointer", func() any { p := &age; return &p }(), 30.0},
		{"[]string", []string{"a", "b"}, []any{"a", "b"}},
		{"[]int", []int{1, 2}, []any{1.0, 2.0}},
		{"nil slice", []int(nil), nil},
		{"[]byte as base64", []byte("hi"), "aGk="},
		{"array", [2]int{1, 2}, []any{1.0, 2.0}},
		{"[]any", []any{1, "x", nil, []any{int8(2)}}, []any{1.0, "x", nil, []any{2.0}}},
		{"map[string]any", map[string]any{"n": 1, "m": map[string]any{"k": uint(2)}}, map[string]any{"n": 1.0, "m": map[string]any{"k": 2.0}}},
		{"nil map", map[string]any(nil), nil},
		{"map[string]int", map[string]int{"a": 1}, map[string]any{"a": 1.0}},
		{"map[int]string", map[int]string{1: "a"}, map[string]any{"1": "a"}},
		{"map[uint8]bool", map[uint8]bool{7: true}, map[string]any{"7": true}},
		{"map with TextMarshaler keys", map[color]int{0: 1}, map[string]any{"red": 1.0}},
		{"named map", map[role][]int{"a": {1}}, map[string]any{"a": []any{1.0}}},
		{"TextMarshaler", color(1), "green"},
		{"TextMarshaler from net", net.IPv4(10, 0, 0, 1), "10.0.0.1"},
		{"json.Marshaler", celsius(21.5), map[string]any{"c": 21.5}},
		{"json.RawMessage", json.RawMessage(`{"a":[1,true]}`), map[string]any{"a": []any{1.0, true}}},
		{"big.Int", big.NewInt(12), 12.0},
		{"pointer-receiver Marshaler, addressable", &pm, "ptr"},
		{"pointer-receiver Marshaler, not addressable", pm, map[string]any{"N": 1.0}},
		{"struct", user{
			Base:  Base{ID: 7, CreatedAt: at},
			inner: inner{Promoted: "p"},
			Name:  "Ada", Age: &age, Secret: "s", Dash: "d", Plain: true, Count: 12, Score: 0.5,
			Tags: []string{"x"}, Meta: map[string]uint16{"m": 3}, Role: "admin", private: 9,
		}, map[string]any{
			"id": 7.0, "createdAt": "2024-05-01T12:00:00.123Z", "promoted": "p",
			"name": "Ada", "age": 30.0, "-": "d", "Plain": true, "count": "12", "score": 0.5,
			"tags": []any{"x"}, "meta": map[string]any{"m": 3.0}, "role": "admin", "nilSlice": nil,
		}},
		{"struct omitempty and omitzero", user{}, map[string]any{
			"id": 0.0, "createdAt": "0001-01-01T00:00:00Z", "promoted": "", "name": "", "-": "",
			"Plain": false, "count": "0", "score": 0.0, "tags": nil, "meta": nil, "role": "", "nilSlice": nil,
		}},
		{"ambiguous promoted fields dropped", conflict{A{1}, B{2}, 3}, map[string]any{"Y": 3.0}},
		{"tagged promoted field wins", tagWins{A{1}, C{2}}, map[string]any{"X": 2.0}},
		{"anonymous struct", struct {
			N int `json:"n"`
		}{4}, map[string]any{"n": 4.0}},
		{"nil embedded pointer leaves its fields out", struct {
			*Base
			N int
		}{N: 1}, map[string]any{"N": 1.0}},
		{"interface field", struct{ V any }{V: int16(3)}, map[string]any{"V": 3.0}},
		{"shared, not cyclic", func() any { s := []int{1}; return []any{s, s} }(), []any{[]any{1.0}, []any{1.0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := adapter.Normalize(c.in)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
}

// Wherever encoding/json and Normalize both apply, they agree: the struct
// rules are encoding/json's.
func TestNormalizeAgreesWithEncodingJSON(t *testing.T) {
	values := []any{
		user{Base: Base{ID: 7, CreatedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}, Name: "n", Count: 3, Tags: []string{}},
		user{},
		conflict{A{1}, B{2}, 3},
		tagWins{A{1}, C{2}},
		map[color][]byte{1: []byte("xyz")},
		[]any{float32(1.1), float32(3.4e38), uint64(1 << 52), -0.000001, 1e21},
		struct {
			F float64 `json:"f,string"`
			B *bool   `json:"b,string,omitempty"`
			S string  `json:"s,string"`
		}{F: 1e-7, S: `q"uote`},
	}
	for _, v := range values {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var want any
		require.NoError(t, json.Unmarshal(b, &want))
		got, err := adapter.Normalize(v)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%T", v)
	}
}

func TestNormalizeRefuses(t *testing.T) {
	loop := map[string]any{}
	loop["self"] = loop
	list := []any{nil}
	list[0] = list
	n := &node{}
	n.Next = n
	cases := []struct {
		name  string
		in    any
		field string
		text  string
	}{
		{"chan", map[string]any{"c": make(chan int)}, "c", "chan int has no JSON form"},
		{"func", map[string]any{"f": func() {}}, "f", "func() has no JSON form"},
		{"complex64", []any{complex64(1)}, "[0]", "complex64 has no JSON form"},
		{"complex128", map[string]any{"z": []any{1, complex(1, 2)}}, "z[1]", "complex128 has no JSON form"},
		{"NaN", map[string]any{"n": math.NaN()}, "n", "NaN is not a JSON number"},
		{"+Inf", map[string]any{"n": math.Inf(1)}, "n", "+Inf is not a JSON number"},
		{"-Inf float32", map[string]any{"n": float32(math.Inf(-1))}, "n", "-Inf is not a JSON number"},
		{"int64 beyond 2^53", map[string]any{"id": int64(1<<53 + 1)}, "id", "integer 9007199254740993 is beyond"},
		{"int64 below -2^53", map[string]any{"id": int64(-(1 << 53))}, "id", "integer -9007199254740992 is beyond"},
		{"uint64 beyond 2^53", map[string]any{"id": uint64(math.MaxUint64)}, "id", "integer 18446744073709551615 is beyond"},
		{"json.Number beyond float64", map[string]any{"n": json.Number("1e400")}, "n", "beyond the range"},
		{"json.Number not a number", map[string]any{"n": json.Number("0x10")}, "n", "is not a JSON number"},
		{"map cycle", loop, strings.TrimSuffix(strings.Repeat("self.", 101), "."), "cycle through map[string]interface {}"},
		{"slice cycle", list, strings.Repeat("[0]", 101), "cycle through []interface {}"},
		{"pointer cycle", n, "", "cycle through *adapter_test.node"},
		{"map with struct keys", map[string]any{"m": map[struct{}]int{{}: 1}}, "m", "keys must be strings"},
		{"failing MarshalJSON", map[string]any{"f": failing{}}, "f", "MarshalJSON of adapter_test.failing failed: boom"},
		{"invalid MarshalJSON", map[string]any{"f": badJSON{}}, "f", "returned invalid JSON"},
		{"two values from MarshalJSON", map[string]any{"f": twoValues{}}, "f", "returned invalid JSON"},
		{"struct field", struct {
			Tags []any `json:"tags"`
		}{Tags: []any{1, math.NaN()}}, "tags[1]", "NaN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := adapter.Normalize(c.in)
			require.Error(t, err)
			assert.ErrorIs(t, err, adapter.ErrValidation)
			var ve *adapter.ValueError
			require.ErrorAs(t, err, &ve)
			if c.name != "pointer cycle" {
				assert.Equal(t, c.field, ve.Field)
			}
			assert.Contains(t, err.Error(), c.text)
			assert.Equal(t, 1, strings.Count(err.Error(), "pretendo:"), err.Error())
		})
	}
}

func TestNormalizeCopies(t *testing.T) {
	tags := []any{"a"}
	in := map[string]any{"tags": tags, "profile": map[string]any{"city": "x"}}
	got, err := adapter.NormalizeRecord(in)
	require.NoError(t, err)
	got["tags"].([]any)[0] = "changed"
	got["profile"].(map[string]any)["city"] = "changed"
	assert.Equal(t, "a", tags[0])
	assert.Equal(t, "x", in["profile"].(map[string]any)["city"])
}

func TestNormalizeRecord(t *testing.T) {
	rec, err := adapter.NormalizeRecord(struct {
		ID int `json:"id"`
	}{1})
	require.NoError(t, err)
	assert.Equal(t, adapter.Record{"id": 1.0}, rec)

	for _, in := range []any{nil, map[string]any(nil), 1, "x", []any{}, (*Base)(nil)} {
		_, err := adapter.NormalizeRecord(in)
		assert.ErrorIs(t, err, adapter.ErrValidation, "%#v", in)
		assert.ErrorContains(t, err, "a record must be a JSON object")
	}
}

func TestValueErrorText(t *testing.T) {
	err := &adapter.ValueError{Resource: "users", Field: "age", Reason: "NaN is not a JSON number"}
	assert.Equal(t, "pretendo: validation failed: users: age: NaN is not a JSON number", err.Error())
}
