package jsontext_test

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/jsontext"
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
	var enc jsontext.Encoder
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
	var enc jsontext.Encoder
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

func TestAppendRejectsWhatJSONCannotHold(t *testing.T) {
	var enc jsontext.Encoder
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

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a", "\x00", "\xff\xfe", "é", "\u2028", `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := jsontext.AppendString(nil, s); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func BenchmarkAppendRecord(b *testing.B) {
	rec := map[string]any{"id": 1.0, "email": "ada@example.com", "name": "Ada", "role": "admin", "age": 36.0, "active": true, "createdAt": "2024-01-01T00:00:00Z"}
	var enc jsontext.Encoder
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = enc.Append(buf[:0], rec)
	}
}
