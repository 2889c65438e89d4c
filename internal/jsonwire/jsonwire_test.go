package jsonwire_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

func TestAppendMatchesEncodingJSON(t *testing.T) {
	values := []any{
		nil, true, false, 0.0, -0.5, 1.0, 123456789.0, 1e21, 1e-7, 3.14159, 1e15, -1e15, 123456789012345678.0, math.Copysign(0, -1),
		"", "plain", "quote\" back\\slash", "ctl\x01\n\t\r\b\f", "<html>&", "emoji 🎉", "bad \xff utf8", "line\u2028sep\u2029",
		map[string]any{}, []any{}, map[string]any{"b": 1.0, "a": []any{"x", map[string]any{"z": nil, "y": false}}},
		int(42), int64(-7), map[string]int{"typed": 1},
		manyKeys(5), manyKeys(12), manyKeys(13), manyKeys(40),
		map[string]any{"é": 1.0, "e": 2.0, "E": 3.0, "": 4.0, "a\"b": 5.0, "<": 6.0, "\xff": 7.0},
	}
	var enc jsonwire.Encoder
	for _, v := range values {
		want, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := enc.Append(nil, v)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%#v", v)
	}
}

// manyKeys returns an object of n keys, which the map holds in no order.
func manyKeys(n int) map[string]any {
	m := make(map[string]any, n)
	for i := range n {
		m[string(rune('a'+(i*7)%26))+strconv.Itoa(n-i)] = float64(i)
	}
	return m
}

// FuzzAppendValue checks Append against encoding/json on every value a JSON
// text decodes to: key order, string escapes and number forms.
func FuzzAppendValue(f *testing.F) {
	for _, s := range []string{`{"b":1,"a":[true,null,"x"]}`, `{"z":1,"y":2,"x":3,"w":4,"v":5,"u":6,"t":7,"s":8,"r":9,"q":10,"p":11,"o":12,"n":13}`, `"<\u2028>"`, `[1e21,-0,0.1]`} {
		f.Add([]byte(s))
	}
	var enc jsonwire.Encoder
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		want, err := json.Marshal(v)
		if err != nil {
			t.Skip()
		}
		got, err := enc.Append(nil, v)
		if err != nil || string(got) != string(want) {
			t.Fatalf("Append(%s) = %s, %v; want %s", data, got, err, want)
		}
	})
}

// TestAppendStringWords puts each kind of special character at every
// position of a long string, so that it lands at every offset of the eight
// bytes the encoder checks at once, with HTML escaping on and off.
func TestAppendStringWords(t *testing.T) {
	specials := []string{"\"", "\\", "\n", "\x01", "\x1f", "<", ">", "&", "é", "\u2028", "\xff", "\x7f", " "}
	for _, sp := range specials {
		for pos := 0; pos <= 20; pos++ {
			s := strings.Repeat("a", pos) + sp + strings.Repeat("b", 20-pos)
			want, err := json.Marshal(s)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(jsonwire.AppendString(nil, s)), "%q", s)

			var buf bytes.Buffer
			je := json.NewEncoder(&buf)
			je.SetEscapeHTML(false)
			require.NoError(t, je.Encode(s))
			enc := jsonwire.Encoder{NoHTMLEscape: true}
			got, err := enc.Append(nil, s)
			require.NoError(t, err)
			assert.Equal(t, strings.TrimSuffix(buf.String(), "\n"), string(got), "no HTML escaping: %q", s)
		}
	}
}

func TestAppendRejectsWhatJSONCannotHold(t *testing.T) {
	var enc jsonwire.Encoder
	for _, v := range []any{math.NaN(), math.Inf(1), map[string]any{"x": math.Inf(-1)}} {
		_, err := enc.Append(nil, v)
		assert.Error(t, err, "%v", v)
	}
	deep := any(nil)
	for i := 0; i < 20000; i++ {
		deep = []any{deep}
	}
	_, err := enc.Append(nil, deep)
	assert.Error(t, err)
}

func TestAppendErrorsStayShort(t *testing.T) {
	var enc jsonwire.Encoder
	var deep any = math.NaN()
	for i := range 9000 {
		if i%2 == 0 {
			deep = []any{deep}
		} else {
			deep = map[string]any{strings.Repeat("k", 100): deep}
		}
	}
	_, err := enc.Append(nil, deep)
	require.Error(t, err)
	msg := err.Error()
	assert.Less(t, len(msg), 1000, "%.200s...", msg)
	assert.True(t, strings.HasPrefix(msg, `field "kkkk`), msg)
	assert.Contains(t, msg, "...")
	assert.Contains(t, msg, "has no JSON form")
}

func TestAppendFlatDepth(t *testing.T) {
	v := map[string]any{"a": map[string]any{"b": []any{1.0, map[string]any{"c": 2.0}}, "d": []any{}}, "e": "<x>"}
	tests := []struct {
		name string
		enc  jsonwire.Encoder
		want string
	}{
		{"indented", jsonwire.Encoder{Indent: "  "}, ""},
		{"flat from 2", jsonwire.Encoder{Indent: "  ", FlatDepth: 2, NoHTMLEscape: true},
			"{\n  \"a\": {\n    \"b\": [1,{\"c\":2}],\n    \"d\": []\n  },\n  \"e\": \"<x>\"\n}"},
		{"flat from 1", jsonwire.Encoder{Indent: "  ", FlatDepth: 1},
			"{\n  \"a\": {\"b\":[1,{\"c\":2}],\"d\":[]},\n  \"e\": \"\\u003cx\\u003e\"\n}"},
		{"flat depth without indent", jsonwire.Encoder{FlatDepth: 1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := tt.enc
			got, err := enc.Append(nil, v)
			require.NoError(t, err)
			want := tt.want
			if want == "" {
				b, err := json.Marshal(v)
				if enc.Indent != "" {
					b, err = json.MarshalIndent(v, "", enc.Indent)
				}
				require.NoError(t, err)
				want = string(b)
			}
			assert.Equal(t, want, string(got))
			assert.Equal(t, tt.enc.Indent, enc.Indent, "the encoder is left as it was")
			var back any
			require.NoError(t, json.Unmarshal(got, &back))
			assert.Equal(t, v, back)
		})
	}
}

// TestAppendFlatDepthKeepsTextLinear checks that a deeply nested value
// indents no more than its first levels: its text grows with its size, not
// with the square of its depth.
func TestAppendFlatDepthKeepsTextLinear(t *testing.T) {
	var v any = "x"
	for range 2000 {
		v = []any{v, map[string]any{"k": 1.0}}
	}
	compact, err := (&jsonwire.Encoder{}).Append(nil, v)
	require.NoError(t, err)
	enc := jsonwire.Encoder{Indent: "  ", FlatDepth: 8}
	got, err := enc.Append(nil, v)
	require.NoError(t, err)
	assert.Less(t, len(got), len(compact)+1000, "%d bytes indented, %d compact", len(got), len(compact))
	// Records of a file sit deeper: AppendAt starts at their level.
	got, err = enc.AppendAt(nil, v, 2)
	require.NoError(t, err)
	assert.Less(t, len(got), len(compact)+1000)
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a", "\x00", "\xff\xfe", "é", "\u2028", `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := jsonwire.AppendString(nil, s); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func BenchmarkAppendRecord(b *testing.B) {
	rec := map[string]any{"id": 1.0, "email": "ada@example.com", "name": "Ada", "role": "admin", "age": 36.0, "active": true, "createdAt": "2024-01-01T00:00:00Z"}
	var enc jsonwire.Encoder
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = enc.Append(buf[:0], rec)
	}
}

func BenchmarkAppendPost(b *testing.B) {
	rec := map[string]any{"id": 10001.0, "userId": 5.0, "title": "Garden honest bright measure",
		"body":      "Under question listen distant explore keep keep network often. Garden honest bright measure often over bridge a window bright prepare.",
		"createdAt": "2026-01-01T12:00:00Z"}
	for _, indent := range []string{"", "  "} {
		b.Run("indent="+strconv.Quote(indent), func(b *testing.B) {
			enc := jsonwire.Encoder{Indent: indent, NoHTMLEscape: indent != ""}
			buf := make([]byte, 0, 512)
			b.ReportAllocs()
			for b.Loop() {
				buf, _ = enc.Append(buf[:0], rec)
			}
		})
	}
}

func TestAppendNumberAsEncodingJSON(t *testing.T) {
	var enc jsonwire.Encoder
	for _, n := range []json.Number{"0", "-0", "12.5e3", "1E-7", "9007199254740993", "-123456789012345678901234567890", "", "abc", "01", "-", "1.", ".5", "1e", "1e+", "+1", "1 ", "0x10", "NaN"} {
		want, wantErr := json.Marshal(n)
		got, err := enc.Append(nil, n)
		if wantErr != nil {
			assert.Error(t, err, "%q", n)
			continue
		}
		require.NoError(t, err, "%q", n)
		assert.Equal(t, string(want), string(got), "%q", n)
	}
}
