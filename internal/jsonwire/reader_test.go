package jsonwire_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// A file format walks its own structure and reads each value with the
// Reader, at offsets of the whole text.
func TestReaderWalksAFile(t *testing.T) {
	t.Parallel()
	data := []byte(` {"users": [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Bob", "big": 12345678901234567890}]}`)
	r := jsonwire.NewReader(data)
	r.InternKeys(16)
	expect := func(c byte) {
		t.Helper()
		r.SkipSpace()
		b, ok := r.Peek()
		require.True(t, ok)
		require.Equal(t, string(c), string(b), "at offset %d", r.Offset())
		r.Next()
	}
	expect('{')
	key, err := r.Key()
	require.NoError(t, err)
	assert.Equal(t, "users", key)
	expect(':')
	expect('[')
	var recs []map[string]any
	for {
		v, err := r.Value(3)
		require.NoError(t, err)
		recs = append(recs, v.(map[string]any))
		r.SkipSpace()
		if b, _ := r.Peek(); b == ']' {
			r.Next()
			break
		}
		expect(',')
	}
	expect('}')
	r.SkipSpace()
	_, more := r.Peek()
	assert.False(t, more)
	assert.Equal(t, len(data), r.Offset())

	require.Len(t, recs, 2)
	assert.Equal(t, map[string]any{"id": 1.0, "name": "Ada"}, recs[0])
	assert.Equal(t, json.Number("12345678901234567890"), recs[1]["big"])
	assert.Same(t, unsafe.StringData(firstKey(recs[0], "name")), unsafe.StringData(firstKey(recs[1], "name")),
		"the records share the strings of their keys")
}

func TestReaderInternsUpToItsLimit(t *testing.T) {
	t.Parallel()
	r := jsonwire.NewReader([]byte(`{"alpha": 1, "beta": 2} {"alpha": 3, "beta": 4}`))
	r.InternKeys(1)
	first, err := r.Value(0)
	require.NoError(t, err)
	second, err := r.Value(0)
	require.NoError(t, err)
	a1, a2 := firstKey(first.(map[string]any), "alpha"), firstKey(second.(map[string]any), "alpha")
	b1, b2 := firstKey(first.(map[string]any), "beta"), firstKey(second.(map[string]any), "beta")
	// One of the two keys was kept, the other allocated each time.
	shared := unsafe.StringData(a1) == unsafe.StringData(a2)
	assert.NotEqual(t, shared, unsafe.StringData(b1) == unsafe.StringData(b2))
}

// Every syntax error says where it was met and where the piece of text at
// fault began, so that a caller can word it in its own terms.
func TestReaderSyntaxErrorsSayWhere(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		text          string
		where         jsonwire.Where
		offset, start int64
	}{
		{"nothing", ``, jsonwire.InValue, 0, 0},
		{"not a value", `  }`, jsonwire.InValue, 2, 2},
		{"a key that is not a string", `{1: 2}`, jsonwire.InKey, 1, 1},
		{"no colon", `{"a" 1}`, jsonwire.AfterKey, 5, 5},
		{"no comma in an object", `{"a": 1 "b": 2}`, jsonwire.AfterMember, 8, 8},
		{"no comma in an array", `[1 2]`, jsonwire.AfterElement, 3, 3},
		{"a broken literal", `[tru]`, jsonwire.InLiteral, 4, 1},
		{"a cut literal", `[nul`, jsonwire.InLiteral, 4, 1},
		{"a minus alone", `[-]`, jsonwire.InNumber, 2, 1},
		{"a point alone", `[1.]`, jsonwire.InFraction, 3, 1},
		{"an exponent alone", `[1e+]`, jsonwire.InExponent, 4, 1},
		{"a number too large", `[1, 1e400]`, jsonwire.NumberRange, 4, 4},
		{"an unclosed string", `["abc`, jsonwire.InString, 5, 1},
		{"a control character", "[\"a\tb\"]", jsonwire.InString, 3, 1},
		{"a bad escape", `["a\x"]`, jsonwire.InEscape, 4, 3},
		{"a cut escape", `["a\`, jsonwire.InEscape, 4, 3},
		{"a bad hex escape", `["a\u12x4"]`, jsonwire.InHexEscape, 7, 3},
		{"a cut hex escape", `["a\u12`, jsonwire.InHexEscape, 7, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := jsonwire.NewReader([]byte(tt.text)).Value(0)
			var se *jsonwire.SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.where, se.Where)
			assert.Equal(t, tt.offset, se.Offset)
			assert.Equal(t, tt.start, se.Start)
			assert.Equal(t, se.Reason()+" at offset "+strconv.FormatInt(se.Offset, 10), se.Error())
			// encoding/json words the same problem alike (at the end of
			// the text it has quirks of its own).
			var v any
			var je *json.SyntaxError
			if jerr := json.Unmarshal([]byte(tt.text), &v); errors.As(jerr, &je) && se.Offset < int64(len(tt.text)) {
				assert.Equal(t, je.Error(), se.Reason())
			}
		})
	}
}

func TestReaderSkipChecksOnlyTheSyntax(t *testing.T) {
	t.Parallel()
	r := jsonwire.NewReader([]byte(`{"a": [1e400, {"b": "c"}]} [1,]`))
	require.NoError(t, r.Skip(0), "a number too large is valid JSON")
	err := r.Skip(0)
	var se *jsonwire.SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, jsonwire.InValue, se.Where)
	assert.EqualValues(t, 30, se.Offset)

	_, err = jsonwire.NewReader([]byte(`[1e400]`)).Value(0)
	require.ErrorAs(t, err, &se, "Value still refuses it")
	assert.Equal(t, jsonwire.NumberRange, se.Where)
}

func TestReaderCountsDepthFromEachValue(t *testing.T) {
	t.Parallel()
	r := jsonwire.NewReader([]byte(`[[1]] [[1]] {"a": [[1]]}`))
	for range 2 {
		_, err := r.Value(2)
		require.NoError(t, err)
	}
	_, err := r.Value(2)
	var de *jsonwire.DepthError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 2, de.Limit)
	assert.Equal(t, "a", de.Field)
	assert.EqualValues(t, 19, de.Offset)
}

func TestReaderUnexpected(t *testing.T) {
	t.Parallel()
	r := jsonwire.NewReader([]byte(`{} x`))
	require.NoError(t, r.Skip(0))
	r.SkipSpace()
	err := r.Unexpected(jsonwire.AfterValue)
	var se *jsonwire.SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "invalid character 'x' after top-level value", se.Reason())
	assert.EqualValues(t, 3, se.Offset)

	var v any
	assert.EqualError(t, json.Unmarshal([]byte(`{} x`), &v), se.Reason())

	r.SetOffset(100)
	assert.Equal(t, 4, r.Offset(), "an offset past the end is the end")
	assert.EqualError(t, r.Unexpected(jsonwire.InValue), "unexpected end of JSON input at offset 4")
}

// FuzzReader checks that the Reader reads an object as DecodeObject does,
// and that Skip accepts what Value accepts, ending at the same offset.
func FuzzReader(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := jsonwire.NewReader(data)
		r.InternKeys(8)
		v, err := r.Value(5)
		end := r.Offset()
		r.SkipSpace()
		_, trailing := r.Peek()
		if m, ok := v.(map[string]any); ok && err == nil && !trailing {
			want, werr := jsonwire.DecodeObject(data, nil, 5)
			require.NoError(t, werr)
			require.True(t, reflect.DeepEqual(want, m), "Reader %#v, DecodeObject %#v", m, want)
		}
		s := jsonwire.NewReader(data)
		serr := s.Skip(5)
		var se, sse *jsonwire.SyntaxError
		switch {
		case err == nil:
			require.NoError(t, serr)
			require.Equal(t, end, s.Offset())
		case errors.As(err, &se) && se.Where == jsonwire.NumberRange:
			// Skip goes on, and may meet bad JSON further on.
			if serr != nil {
				require.ErrorAs(t, serr, &sse)
				require.Greater(t, sse.Offset, se.Offset)
			}
		default:
			require.Equal(t, err, serr, "Skip fails as Value does")
			if errors.As(err, &se) {
				assert.LessOrEqual(t, se.Start, se.Offset)
				assert.LessOrEqual(t, se.Offset, int64(len(data)))
			}
		}
	})
}
