package jsonwire_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

var (
	errOracleTrailing  = errors.New("trailing")
	errOracleNotObject = errors.New("not an object")
)

// oracle is what the handler did before DecodeObject: encoding/json, one
// value, nothing after it, an object; except that an integer a float64
// cannot hold exactly stays a json.Number.
func oracle(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	v, err := oracleNumbers(v)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errOracleTrailing
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errOracleNotObject
	}
	return m, nil
}

// oracleNumbers turns the json.Numbers of v into float64, as encoding/json
// would, except integers the float64 differs from, checked with math/big.
func oracleNumbers(v any) (any, error) {
	switch t := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return nil, err
		}
		exact, ok := new(big.Int).SetString(string(t), 10)
		if !ok {
			return f, nil // a fraction or an exponent
		}
		if got, _ := big.NewFloat(f).Int(nil); got.Cmp(exact) != 0 {
			return t, nil
		}
		return f, nil
	case map[string]any:
		for k, e := range t {
			c, err := oracleNumbers(e)
			if err != nil {
				return nil, err
			}
			t[k] = c
		}
	case []any:
		for i, e := range t {
			c, err := oracleNumbers(e)
			if err != nil {
				return nil, err
			}
			t[i] = c
		}
	}
	return v, nil
}

// oracleKind names the kind of the single valid JSON value in data as
// NotObjectError does.
func oracleKind(t *testing.T, data []byte) string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(data, &v))
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	default:
		return "an object"
	}
}

// fuzzKeys returns the field names the differential checks intern.
func fuzzKeys() map[string]string {
	keys := make(map[string]string)
	for _, k := range []string{"a", "b", "title", "userId", "é", ""} {
		keys[k] = strings.Clone(k)
	}
	return keys
}

// checkAgainstOracle decodes data with DecodeObject and with the oracle and
// requires the same outcome: equal values (float signs included), or
// errors of matching classes. It decodes from a copy that it then
// overwrites, so a result aliasing the input shows as a mismatch, and
// checks that known top-level keys are interned.
func checkAgainstOracle(t *testing.T, data []byte) {
	t.Helper()
	want, wantErr := oracle(data)
	keys := fuzzKeys()
	buf := bytes.Clone(data)
	got, err := jsonwire.DecodeObject(buf, keys, 0)
	for i := range buf {
		buf[i] = 'X'
	}
	if wantErr == nil {
		require.NoError(t, err, "input %q", data)
		require.True(t, reflect.DeepEqual(want, got), "input %q:\nwant %#v\ngot  %#v", data, want, got)
		assertSameFloats(t, want, got)
		for k := range got {
			if canon, ok := keys[k]; ok && len(k) > 0 {
				assert.Same(t, unsafe.StringData(canon), unsafe.StringData(k), "key %q not interned", k)
			}
		}
		return
	}
	require.Error(t, err, "input %q: oracle failed with %v; got %#v", data, wantErr, got)
	assert.Nil(t, got)
	var notObject *jsonwire.NotObjectError
	var syntax *jsonwire.SyntaxError
	switch {
	case errors.Is(wantErr, io.EOF):
		assert.ErrorIs(t, err, jsonwire.ErrEmpty, "input %q", data)
	case errors.Is(wantErr, errOracleTrailing):
		assert.ErrorIs(t, err, jsonwire.ErrTrailing, "input %q", data)
	case errors.Is(wantErr, errOracleNotObject):
		if assert.ErrorAs(t, err, &notObject, "input %q", data) {
			assert.Equal(t, oracleKind(t, data), notObject.Kind, "input %q", data)
		}
	case strings.Contains(wantErr.Error(), "exceeded max depth"):
		assert.ErrorIs(t, err, jsonwire.ErrNesting, "input %q", data)
	default:
		if assert.ErrorAs(t, err, &syntax, "input %q: oracle said %v", data, wantErr) {
			assert.GreaterOrEqual(t, syntax.Offset, int64(0))
			assert.LessOrEqual(t, syntax.Offset, int64(len(data)))
		}
	}
}

// assertSameFloats fails unless want and got hold the same float64 bits
// wherever want holds a number, which reflect.DeepEqual does not check
// for -0.
func assertSameFloats(t *testing.T, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case float64:
		g, ok := got.(float64)
		if assert.True(t, ok, "want %v, got %#v", w, got) {
			assert.Equal(t, math.Float64bits(w), math.Float64bits(g), "want %v, got %v", w, g)
		}
	case map[string]any:
		g, _ := got.(map[string]any)
		for k, v := range w {
			assertSameFloats(t, v, g[k])
		}
	case []any:
		g, _ := got.([]any)
		if assert.Len(t, g, len(w)) {
			for i, v := range w {
				assertSameFloats(t, v, g[i])
			}
		}
	}
}

func TestDecodeObjectValues(t *testing.T) {
	long := strings.Repeat("abcdefgh", 1<<14)
	tests := []struct {
		name string
		in   string
		want map[string]any
	}{
		{"empty object", `{}`, map[string]any{}},
		{"surrounding whitespace", " \t\r\n{ \"a\" :\t1 ,\n\"b\" : [ ] } \r\n", map[string]any{"a": 1.0, "b": []any{}}},
		{"all kinds", `{"s":"x","n":-1.5e-3,"t":true,"f":false,"z":null,"o":{"k":"v"},"a":[1,"2",null]}`,
			map[string]any{"s": "x", "n": -1.5e-3, "t": true, "f": false, "z": nil, "o": map[string]any{"k": "v"}, "a": []any{1.0, "2", nil}}},
		{"empty containers are not nil", `{"a":[],"o":{},"n":[[],[{}]]}`,
			map[string]any{"a": []any{}, "o": map[string]any{}, "n": []any{[]any{}, []any{map[string]any{}}}}},
		{"many members and elements", `{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"a":[0,1,2,3,4,5,6,7,8,9,[10,11,12,13,14,15,16,17,18]]}`,
			map[string]any{"k0": 0.0, "k1": 1.0, "k2": 2.0, "k3": 3.0, "k4": 4.0, "k5": 5.0, "k6": 6.0, "k7": 7.0, "k8": 8.0, "k9": 9.0,
				"a": []any{0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, []any{10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0}}}},
		{"duplicate key last wins", `{"a":1,"b":2,"a":3}`, map[string]any{"a": 3.0, "b": 2.0}},
		{"duplicate key of other kind", `{"a":{"x":1},"a":"y"}`, map[string]any{"a": "y"}},
		{"duplicate key escaped", `{"a":1,"\u0061":2}`, map[string]any{"a": 2.0}},
		{"empty key", `{"":""}`, map[string]any{"": ""}},
		{"all escapes", `{"e":"\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC"}`, map[string]any{"e": "\"\\/\b\f\n\r\tAé€"}},
		{"escaped NUL", `{"e":"a\u0000b"}`, map[string]any{"e": "a\x00b"}},
		{"surrogate pair", `{"e":"\ud83d\ude00 \uD83D\uDE00"}`, map[string]any{"e": "😀 😀"}},
		{"lone high surrogate", `{"e":"\ud83d"}`, map[string]any{"e": "\ufffd"}},
		{"lone high surrogate before text", `{"e":"\ud83dx"}`, map[string]any{"e": "\ufffdx"}},
		{"lone low surrogate", `{"e":"\ude00"}`, map[string]any{"e": "\ufffd"}},
		{"reversed pair", `{"e":"\ude00\ud83d"}`, map[string]any{"e": "\ufffd\ufffd"}},
		{"high high low", `{"e":"\ud83d\ud83d\ude00"}`, map[string]any{"e": "\ufffd😀"}},
		{"high then other escape", `{"e":"\ud83d\u0041\n"}`, map[string]any{"e": "\ufffdA\n"}},
		{"high then short escape", `{"e":"\ud83d\n"}`, map[string]any{"e": "\ufffd\n"}},
		{"raw unicode", `{"名前":"太郎 é € 😀"}`, map[string]any{"名前": "太郎 é € 😀"}},
		{"invalid UTF-8 byte", "{\"e\":\"a\xffb\"}", map[string]any{"e": "a\ufffdb"}},
		{"truncated multibyte", "{\"e\":\"\xe2\x82\"}", map[string]any{"e": "\ufffd\ufffd"}},
		{"truncated multibyte before escape", "{\"e\":\"\xc3\\n\"}", map[string]any{"e": "\ufffd\n"}},
		{"encoded surrogate", "{\"e\":\"\xed\xa0\x80\"}", map[string]any{"e": "\ufffd\ufffd\ufffd"}},
		{"overlong encoding", "{\"e\":\"\xc0\xaf\"}", map[string]any{"e": "\ufffd\ufffd"}},
		{"invalid UTF-8 in key", "{\"\xff\":1}", map[string]any{"\ufffd": 1.0}},
		{"real U+FFFD kept", "{\"e\":\"\xef\xbf\xbd\"}", map[string]any{"e": "\ufffd"}},
		{"key needing unescape", `{"\u0074itle":"x","a\/b":1}`, map[string]any{"title": "x", "a/b": 1.0}},
		{"numbers", `{"a":0,"b":-0.0,"c":1E+2,"d":1e-2,"e":0.5,"f":-12.5e1,"g":123456789012345678901234567890,"h":1e308,"i":9007199254740993,"j":999999999999999,"k":1e-400,"l":2.2250738585072011e-308}`,
			map[string]any{"a": 0.0, "b": math.Copysign(0, -1), "c": 100.0, "d": 0.01, "e": 0.5, "f": -125.0, "g": json.Number("123456789012345678901234567890"),
				"h": 1e308, "i": json.Number("9007199254740993"), "j": 999999999999999.0, "k": 0.0, "l": 2.225073858507201e-308}},
		{"long string", `{"s":"` + long + `"}`, map[string]any{"s": long}},
		{"long string with escapes", `{"s":"` + long + `\n` + long + `"}`, map[string]any{"s": long + "\n" + long}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jsonwire.DecodeObject([]byte(tt.in), nil, 0)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			checkAgainstOracle(t, []byte(tt.in))
		})
	}
}

func TestDecodeObjectNegativeZero(t *testing.T) {
	for _, in := range []string{`{"n":-0}`, `{"n":-0.0}`, `{"n":-0e5}`, `{"n":-1e-400}`} {
		got, err := jsonwire.DecodeObject([]byte(in), nil, 0)
		require.NoError(t, err, in)
		n, ok := got["n"].(float64)
		require.True(t, ok, in)
		assert.Zero(t, n, in)
		assert.True(t, math.Signbit(n), "%s lost the sign", in)
	}
	got, err := jsonwire.DecodeObject([]byte(`{"n":0}`), nil, 0)
	require.NoError(t, err)
	assert.False(t, math.Signbit(got["n"].(float64)))
}

func TestDecodeObjectErrors(t *testing.T) {
	isEmpty := func(t *testing.T, err error) { assert.ErrorIs(t, err, jsonwire.ErrEmpty) }
	isTrailing := func(t *testing.T, err error) { assert.ErrorIs(t, err, jsonwire.ErrTrailing) }
	isSyntax := func(t *testing.T, err error) {
		var se *jsonwire.SyntaxError
		assert.ErrorAs(t, err, &se)
	}
	notObject := func(kind string) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var ne *jsonwire.NotObjectError
			if assert.ErrorAs(t, err, &ne) {
				assert.Equal(t, kind, ne.Kind)
			}
		}
	}
	tests := []struct {
		name  string
		in    string
		check func(*testing.T, error)
	}{
		{"empty", ``, isEmpty},
		{"whitespace only", " \t\r\n ", isEmpty},
		{"null", `null`, notObject("null")},
		{"empty array", `[]`, notObject("an array")},
		{"array", ` [1,{"a":2}] `, notObject("an array")},
		{"string", `"x"`, notObject("a string")},
		{"number", `1`, notObject("a number")},
		{"negative number", `-0.5e3`, notObject("a number")},
		{"true", `true`, notObject("a boolean")},
		{"false", `false`, notObject("a boolean")},
		{"two objects", `{}{}`, isTrailing},
		{"object then letter", `{"a":1}x`, isTrailing},
		{"object then open brace", `{} {`, isTrailing},
		{"object then close brace", `{}}`, isTrailing},
		{"object then NUL", "{\"a\":1}\x00", isTrailing},
		{"object then invalid UTF-8", "{}\xff", isTrailing},
		{"two numbers", `1 2`, isTrailing},
		{"leading zero at top", `01`, isTrailing},
		{"null then letter", `null x`, isTrailing},
		{"array then object", `[] {}`, isTrailing},
		{"open brace", `{`, isSyntax},
		{"key only", `{"a"`, isSyntax},
		{"key and colon", `{"a":`, isSyntax},
		{"no closing brace", `{"a":1`, isSyntax},
		{"no closing brace after comma", `{"a":1,`, isSyntax},
		{"unterminated string", `{"a":"b`, isSyntax},
		{"unterminated key", `{"a`, isSyntax},
		{"unterminated escape", `{"a":"b\`, isSyntax},
		{"unterminated unicode escape", `{"a":"\u12`, isSyntax},
		{"unterminated pair", `{"a":"\ud83d\u`, isSyntax},
		{"unterminated number", `{"a":-`, isSyntax},
		{"unterminated fraction", `{"a":1.`, isSyntax},
		{"unterminated exponent", `{"a":1e+`, isSyntax},
		{"unterminated literal", `{"a":tru`, isSyntax},
		{"missing value", `{"a":}`, isSyntax},
		{"missing colon", `{"a" 1}`, isSyntax},
		{"lone comma", `{,}`, isSyntax},
		{"trailing comma", `{"a":1,}`, isSyntax},
		{"double comma", `{"a":1,,"b":2}`, isSyntax},
		{"bare key", `{a:1}`, isSyntax},
		{"single quotes", `{'a':1}`, isSyntax},
		{"number key", `{1:1}`, isSyntax},
		{"leading zero", `{"a":01}`, isSyntax},
		{"plus sign", `{"a":+1}`, isSyntax},
		{"bare fraction", `{"a":.5}`, isSyntax},
		{"empty fraction", `{"a":1.}`, isSyntax},
		{"empty fraction before exponent", `{"a":1.e5}`, isSyntax},
		{"hex", `{"a":0x10}`, isSyntax},
		{"empty exponent", `{"a":1e}`, isSyntax},
		{"double minus", `{"a":--1}`, isSyntax},
		{"minus letter", `{"a":-a}`, isSyntax},
		{"NaN", `{"a":NaN}`, isSyntax},
		{"Infinity", `{"a":Infinity}`, isSyntax},
		{"wrong literal", `{"a":nulL}`, isSyntax},
		{"capital literal", `{"a":True}`, isSyntax},
		{"raw control character", "{\"a\":\"\x01\"}", isSyntax},
		{"raw NUL in string", "{\"a\":\"\x00\"}", isSyntax},
		{"raw newline in string", "{\"a\":\"\n\"}", isSyntax},
		{"raw unit separator", "{\"a\":\"\x1f\"}", isSyntax},
		{"raw tab in key", "{\"\t\":1}", isSyntax},
		{"control character after escape", "{\"a\":\"\\n\x01\"}", isSyntax},
		{"unknown escape", `{"a":"\q"}`, isSyntax},
		{"escaped single quote", `{"a":"\'"}`, isSyntax},
		{"capital U escape", `{"a":"\U0041"}`, isSyntax},
		{"bad hex digit", `{"a":"\u12G4"}`, isSyntax},
		{"bad hex in low surrogate", `{"a":"\ud83d\uZZZZ"}`, isSyntax},
		{"array trailing comma", `{"a":[1,]}`, isSyntax},
		{"array leading comma", `{"a":[,1]}`, isSyntax},
		{"array missing comma", `{"a":[1 2]}`, isSyntax},
		{"array closed by brace", `{"a":[1}`, isSyntax},
		{"object closed by bracket", `{"a":{]}`, isSyntax},
		{"NUL", "\x00", isSyntax},
		{"NUL before object", "\x00{}", isSyntax},
		{"byte order mark", "\xef\xbb\xbf{}", isSyntax},
		{"form feed is not whitespace", "\f{}", isSyntax},
		{"vertical tab is not whitespace", "{\v}", isSyntax},
		{"no-break space is not whitespace", "{\u00a0}", isSyntax},
		{"close brace", `}`, isSyntax},
		{"close bracket", `]`, isSyntax},
		{"bad array at top", `[1,`, isSyntax},
		{"bad string at top", `"abc`, isSyntax},
		{"number out of range", `{"a":1e400}`, isSyntax},
		{"negative number out of range", `{"a":-1e400}`, isSyntax},
		{"long number out of range", `{"a":` + strings.Repeat("9", 400) + `}`, isSyntax},
		{"number out of range at top", `1e400`, isSyntax},
		{"number out of range in array at top", `[1e400]`, isSyntax},
		{"number out of range before trailing data", `1e400 x`, isSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jsonwire.DecodeObject([]byte(tt.in), fuzzKeys(), 0)
			require.Error(t, err)
			assert.Nil(t, got)
			tt.check(t, err)
			checkAgainstOracle(t, []byte(tt.in))
		})
	}
}

func TestSyntaxErrorSaysWhatAndWhere(t *testing.T) {
	tests := []struct {
		in     string
		offset int64
		msg    string
	}{
		{`{"a":}`, 5, `invalid character '}' looking for beginning of value at offset 5`},
		{`{"a" 1}`, 5, `invalid character '1' after object key at offset 5`},
		{`{,}`, 1, `invalid character ',' looking for beginning of object key string at offset 1`},
		{`{"a":1,}`, 7, `invalid character '}' looking for beginning of object key string at offset 7`},
		{`{"a":1 "b":2}`, 7, `invalid character '"' after object key:value pair at offset 7`},
		{`{"a":[1 2]}`, 8, `invalid character '2' after array element at offset 8`},
		{`{"a":"b`, 7, `unexpected end of JSON input at offset 7`},
		{"{\"a\":\"\x01\"}", 6, `invalid character '\x01' in string literal at offset 6`},
		{`{"a":"\q"}`, 7, `invalid character 'q' in string escape code at offset 7`},
		{`{"a":"\u12G4"}`, 10, `invalid character 'G' in \u hexadecimal character escape at offset 10`},
		{`{"a":tRue}`, 6, `invalid character 'R' in literal true (expecting 'r') at offset 6`},
		{`{"a":-x}`, 6, `invalid character 'x' in numeric literal at offset 6`},
		{`{"a":1.x}`, 7, `invalid character 'x' after decimal point in numeric literal at offset 7`},
		{`{"a":1ex}`, 7, `invalid character 'x' in exponent of numeric literal at offset 7`},
		{`{'a':1}`, 1, `invalid character '\'' looking for beginning of object key string at offset 1`},
		{`{"a":1e400}`, 5, `number 1e400 does not fit in a float64 at offset 5`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := jsonwire.DecodeObject([]byte(tt.in), nil, 0)
			var se *jsonwire.SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.offset, se.Offset)
			assert.Equal(t, tt.msg, se.Error())
		})
	}
}

func TestDecodeObjectNumberOutOfRangeWrapsErrRange(t *testing.T) {
	for _, in := range []string{`{"a":1e400}`, `{"a":[-1e999]}`, `1e400`} {
		_, err := jsonwire.DecodeObject([]byte(in), nil, 0)
		assert.ErrorIs(t, err, strconv.ErrRange, in)
		assert.NotErrorIs(t, err, jsonwire.ErrNesting, in)
	}
	_, err := jsonwire.DecodeObject([]byte(`{"a":1e`+strings.Repeat("9", 100000)+`}`), nil, 0)
	var se *jsonwire.SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Less(t, len(se.Error()), 200, "the message quotes a long number whole")
}

// nested returns an object holding levels-1 nested arrays: levels levels of
// nesting in all.
func nested(levels int) []byte {
	return []byte(`{"a":` + strings.Repeat("[", levels-1) + strings.Repeat("]", levels-1) + `}`)
}

func TestDecodeObjectDepth(t *testing.T) {
	for _, levels := range []int{2, 3, 9999, 10000} {
		t.Run(strconv.Itoa(levels), func(t *testing.T) {
			got, err := jsonwire.DecodeObject(nested(levels), nil, 0)
			require.NoError(t, err)
			depth := 1
			for v := got["a"]; ; {
				a, ok := v.([]any)
				require.True(t, ok, "level %d holds %#v", depth+1, v)
				depth++
				if len(a) == 0 {
					break
				}
				require.Len(t, a, 1)
				v = a[0]
			}
			assert.Equal(t, levels, depth)
			checkAgainstOracle(t, nested(levels))
		})
	}
	deepObjects := []byte(strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000))
	got, err := jsonwire.DecodeObject(deepObjects, nil, 0)
	require.NoError(t, err)
	assert.Contains(t, got, "a")

	hostile := map[string][]byte{
		"10001 levels":                nested(10001),
		"10001 objects":               []byte(strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001)),
		"10001 arrays at top":         []byte(strings.Repeat("[", 10001) + strings.Repeat("]", 10001)),
		"a million unclosed brackets": []byte(`{"a":` + strings.Repeat("[", 1_000_000)),
		"a million unclosed objects":  bytes.Repeat([]byte(`{"a":`), 1_000_000),
	}
	for name, in := range hostile {
		t.Run(name, func(t *testing.T) {
			got, err := jsonwire.DecodeObject(in, nil, 0)
			assert.Nil(t, got)
			assert.ErrorIs(t, err, jsonwire.ErrNesting)
			var de *jsonwire.DepthError
			if assert.ErrorAs(t, err, &de) {
				assert.Equal(t, 10000, de.Limit)
				assert.Contains(t, "[{", string(in[de.Offset]))
			}
		})
	}
	checkAgainstOracle(t, nested(10001))
}

func TestDecodeObjectDepthLimit(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		field string // "" when the input is within the limit
		at    int    // offset of the bracket past the limit
	}{
		{name: "flat object at limit 1", in: `{"a":1,"b":"x"}`, limit: 1},
		{name: "array at limit 1", in: `{"a":1,"b":[]}`, limit: 1, field: "b", at: 11},
		{name: "object at limit 1", in: `{"b":{}}`, limit: 1, field: "b", at: 5},
		{name: "at the limit", in: `{"a":[[{"b":[]}]]}`, limit: 5},
		{name: "one past", in: `{"a":[[{"b":[[]]}]]}`, limit: 5, field: "a", at: 13},
		{name: "second member", in: `{"a":[[1]], "zz" : [[[2]]]}`, limit: 3, field: "zz", at: 21},
		{name: "escaped key", in: `{"\u0061\n":[[[]]]}`, limit: 3, field: "a\n", at: 14},
		{name: "invalid text after the limit is not read", in: `{"a":[[[[[[ oops`, limit: 3, field: "a", at: 7},
		{name: "a million unclosed", in: `{"a":` + strings.Repeat("[", 1_000_000), limit: 32, field: "a", at: 5 + 31},
		{name: "the default", in: string(nested(10000)), limit: 0},
		{name: "a limit above the default is the default", in: string(nested(10001)), limit: 20000, field: "a", at: 5 + 9999},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jsonwire.DecodeObject([]byte(tt.in), nil, tt.limit)
			if tt.field == "" {
				require.NoError(t, err)
				require.NotNil(t, got)
				return
			}
			assert.Nil(t, got)
			require.ErrorIs(t, err, jsonwire.ErrNesting)
			var de *jsonwire.DepthError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.field, de.Field)
			assert.Equal(t, int64(tt.at), de.Offset)
			want := tt.limit
			if want > 10000 {
				want = 10000
			}
			assert.Equal(t, want, de.Limit)
			assert.Contains(t, de.Error(), strconv.Itoa(want)+" levels")
		})
	}
}

func TestDepthErrorClipsLongKeys(t *testing.T) {
	key := strings.Repeat("é", 1000)
	_, err := jsonwire.DecodeObject([]byte(`{"`+key+`":[[]]}`), nil, 2)
	var de *jsonwire.DepthError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, key, de.Field)
	assert.Less(t, len(de.Error()), 200)
	assert.True(t, utf8.ValidString(de.Error()))
}

func TestDecodeObjectInternsKeys(t *testing.T) {
	// The canonical strings live apart from any literal, so only interning
	// can make a decoded key share their bytes.
	keys := make(map[string]string)
	for _, k := range []string{"title", "body", "é", "tags"} {
		keys[k] = strings.Clone(k)
	}
	data := []byte(`{"\u0074itle":"x","body":"y","\u00e9":1,"other":2,"nested":{"title":3},"tags":[{"body":4}]}`)
	got, err := jsonwire.DecodeObject(data, keys, 0)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"title": "x", "body": "y", "é": 1.0, "other": 2.0,
		"nested": map[string]any{"title": 3.0}, "tags": []any{map[string]any{"body": 4.0}}}, got)

	stored := func(m map[string]any, name string) string {
		k := firstKey(m, name)
		require.Equal(t, name, k)
		return k
	}
	for _, name := range []string{"title", "body", "é", "tags"} {
		assert.Same(t, unsafe.StringData(keys[name]), unsafe.StringData(stored(got, name)), "key %q", name)
	}
	assert.Same(t, unsafe.StringData(keys["title"]), unsafe.StringData(stored(got["nested"].(map[string]any), "title")))
	inner := got["tags"].([]any)[0].(map[string]any)
	assert.Same(t, unsafe.StringData(keys["body"]), unsafe.StringData(stored(inner, "body")))
	assert.Len(t, keys, 4, "DecodeObject changed keys")

	// A value equal to a field name is not interned: only keys are.
	got, err = jsonwire.DecodeObject([]byte(`{"title":"title"}`), keys, 0)
	require.NoError(t, err)
	assert.NotSame(t, unsafe.StringData(keys["title"]), unsafe.StringData(got["title"].(string)))

	// Without keys every key is a fresh string.
	got, err = jsonwire.DecodeObject(data, nil, 0)
	require.NoError(t, err)
	assert.Equal(t, "x", got["title"])
	assert.NotSame(t, unsafe.StringData(keys["title"]), unsafe.StringData(stored(got, "title")))
}

func TestDecodeObjectDoesNotAliasInput(t *testing.T) {
	in := `{"title":"abc","k\u00e9y":"v\n","arr":["s",{"x":"y"}],"n":{"deep":"z"},"num":12.5}`
	want, err := oracle([]byte(in))
	require.NoError(t, err)
	for _, keys := range []map[string]string{nil, fuzzKeys()} {
		data := []byte(in)
		got, err := jsonwire.DecodeObject(data, keys, 0)
		require.NoError(t, err)
		for i := range data {
			data[i] = '#'
		}
		assert.Equal(t, want, got)
	}
}

func TestDecodeObjectConcurrentSharedKeys(t *testing.T) {
	keys := fuzzKeys()
	want, err := oracle([]byte(smallBody))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				got, err := jsonwire.DecodeObject([]byte(smallBody), keys, 0)
				if assert.NoError(t, err) {
					assert.Equal(t, want, got)
					assert.Same(t, unsafe.StringData(keys["title"]), unsafe.StringData(firstKey(got, "title")))
				}
			}
		}()
	}
	wg.Wait()
}

// firstKey returns the key of m equal to name, as m stores it.
func firstKey(m map[string]any, name string) string {
	for k := range m {
		if k == name {
			return k
		}
	}
	return ""
}

func TestDecodeObjectMatchesOracle(t *testing.T) {
	for _, in := range fuzzSeeds() {
		checkAgainstOracle(t, []byte(in))
	}
}

// fuzzSeeds returns varied inputs for the fuzzer to start from.
func fuzzSeeds() []string {
	return []string{
		``,
		`  `,
		`{}`,
		`{"a":1}`,
		`{"title":"x","userId":5,"tags":["a","b"],"meta":{"ok":true,"n":null}}`,
		`{"a":1,"a":2}`,
		`{"\u0061":"\ud83d\ude00","b":"\ud800","c":"\udc00\ud800"}`,
		"{\"é\":\"caf\xc3\xa9 \xff \xe2\x82\"}",
		`{"a":-0,"b":1E+2,"c":0.5e-3,"d":123456789012345678901234567890}`,
		`{"a":1e400}`,
		`{"a":01}`,
		`{"a":"\"\\\/\b\f\n\r\t"}`,
		`{"a":[[[[[]]]]],"b":[{},{"c":[]}]}`,
		`{"a":1}x`,
		`{}{}`,
		`{"a":}`,
		`{"a" 1}`,
		`{,}`,
		`{"a":1,}`,
		`{"a":"b`,
		`null`,
		`[1,2]`,
		`"x"`,
		`true`,
		`-1.5`,
		"{\"a\":\"\x01\"}",
		"\x00",
		`{"a":tru}`,
		" \n{\r\"b\"\t:\n[ 1 , 2 ]\n}\n",
	}
}

func FuzzDecodeObject(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAgainstOracle(t, data)
	})
}

const (
	smallBody = `{"title":"Benchmark post","body":"Short text to store.","userId":5,"createdAt":"2026-01-01T12:00:00Z"}`
	largeBody = `{"id":42,"title":"A longer post with \"quotes\" and a tab\there","body":"Line one.\nLine two: caf\u00e9, ` +
		`\u20ac5 and \ud83d\ude00.","userId":7,"published":true,"rating":4.75,"tags":["go","json","fast","decoder"],` +
		`"author":{"name":"Ada Lovelace","email":"ada@example.com","roles":["admin","editor"],"age":36},` +
		`"createdAt":"2026-01-01T12:00:00Z","updatedAt":null,"views":123456,"ratio":-0.125}`
)

func BenchmarkDecodeObject(b *testing.B) {
	bodies := []struct {
		name   string
		body   string
		fields []string
	}{
		{"small", smallBody, []string{"title", "body", "userId", "createdAt"}},
		{"large", largeBody, []string{"id", "title", "body", "userId", "published", "rating", "tags", "author", "createdAt", "updatedAt", "views", "ratio"}},
	}
	for _, bb := range bodies {
		data := []byte(bb.body)
		keys := make(map[string]string, len(bb.fields))
		for _, k := range bb.fields {
			keys[k] = k
		}
		b.Run(bb.name+"/jsonwire", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := jsonwire.DecodeObject(data, keys, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bb.name+"/encoding_json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := oracle(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestDecodeObjectBigIntegers(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"9007199254740992", 9007199254740992.0},
		{"9007199254740993", json.Number("9007199254740993")},
		{"-9007199254740993", json.Number("-9007199254740993")},
		{"9007199254740994", 9007199254740994.0},
		{"12345678901234567", json.Number("12345678901234567")},
		{"999999999999999", 999999999999999.0},
		{"9999999999999999999", json.Number("9999999999999999999")},
		{"18446744073709551615", json.Number("18446744073709551615")},
		{"18446744073709551616", 18446744073709551616.0},
		{"10000000000000000000000", 1e22},
		{"100000000000000000000000", json.Number("100000000000000000000000")},
		{"9007199254740993.0", 9007199254740992.0},
		{"9007199254740993e0", 9007199254740992.0},
		{"-0", math.Copysign(0, -1)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := jsonwire.DecodeObject([]byte(`{"n":`+tt.in+`}`), nil, 0)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got["n"])
			f, err := strconv.ParseFloat(tt.in, 64)
			require.NoError(t, err)
			_, isNumber := tt.want.(json.Number)
			if !strings.ContainsAny(tt.in, ".e") {
				assert.Equal(t, isNumber, jsonwire.Inexact([]byte(tt.in), f))
			}
			checkAgainstOracle(t, []byte(`{"n":`+tt.in+`}`))

			// The encoder writes it back as it came.
			var enc jsonwire.Encoder
			out, err := enc.Append(nil, got)
			require.NoError(t, err)
			if isNumber {
				assert.Equal(t, `{"n":`+tt.in+`}`, string(out))
			}
		})
	}
}
