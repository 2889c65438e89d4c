package postgres

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// These tests check the record <-> row mapping without a database: they
// feed encodeRecord's values to the scan targets as PostgreSQL would
// return them.

func testTable(t testing.TB) *table {
	t.Helper()
	spec := &schema.Spec{Resources: []schema.Resource{{Name: "things", Fields: []schema.Field{
		{Name: "id", Type: schema.TypeNumber},
		{Name: "s", Type: schema.TypeString},
		{Name: "i", Type: schema.TypeInteger},
		{Name: "n", Type: schema.TypeNumber},
		{Name: "b", Type: schema.TypeBoolean},
		{Name: "d", Type: schema.TypeDate},
		{Name: "o", Type: schema.TypeObject},
		{Name: "a", Type: schema.TypeArray},
	}}}}
	l, err := newLayout(spec, "p_", `"default"`, true)
	require.NoError(t, err)
	return l.tables["things"]
}

// roundTrip encodes rec and reads it back as a scan of the stored row would.
func roundTrip(t testing.TB, tb *table, rec adapter.Record) (adapter.Record, error) {
	t.Helper()
	e, err := encodeRecord(tb, rec)
	if err != nil {
		return nil, err
	}
	s := newScanned(tb)
	i := 0
	for j, c := range tb.storageOrder() {
		v := e.args[i]
		i++
		if c.instant != "" {
			i++
		}
		switch c.kind {
		case kindInt:
			n, ok := v.(int64)
			s.ints[j] = pgtype.Int8{Int64: n, Valid: ok}
		case kindFloat:
			f, ok := v.(float64)
			s.floats[j] = pgtype.Float8{Float64: f, Valid: ok}
		case kindBool:
			b, ok := v.(bool)
			s.bools[j] = pgtype.Bool{Bool: b, Valid: ok}
		case kindJSON:
			s.jsons[j], _ = v.([]byte)
			if s.jsons[j] != nil {
				s.jsons[j] = jsonbOut(t, s.jsons[j])
			}
		default:
			str, ok := v.(string)
			s.texts[j] = pgtype.Text{String: str, Valid: ok}
		}
	}
	s.extra = jsonbOut(t, e.args[i].([]byte))
	s.exact, _ = e.args[i+1].([]byte)
	s.absent, _ = e.args[i+2].([]string)
	return s.record(tb)
}

// jsonbOut mimics jsonb: it must hold valid JSON without U+0000, and
// numbers lose the sign of zero.
func jsonbOut(t testing.TB, b []byte) []byte {
	t.Helper()
	require.True(t, json.Valid(b), "%s", b)
	require.NotContains(t, string(b), `\u0000`, "jsonb cannot hold U+0000")
	return []byte(strings.ReplaceAll(string(b), "-0,", "0,"))
}

func TestRecordRoundTrip(t *testing.T) {
	tb := testTable(t)
	negZero := math.Copysign(0, -1)
	cases := map[string]adapter.Record{
		"typed":             {"id": 1.0, "s": "x", "i": 3.0, "n": 2.5, "b": true, "d": "2024-01-02", "o": map[string]any{"k": "v"}, "a": []any{1.0, "x"}},
		"all absent":        {"id": 2.0},
		"all null":          {"id": 3.0, "s": nil, "i": nil, "n": nil, "b": nil, "d": nil, "o": nil, "a": nil},
		"wrong types":       {"id": 4.0, "s": 1.0, "i": 2.5, "n": "x", "b": "true", "d": 20240102.0, "o": "o", "a": map[string]any{}},
		"NUL everywhere":    {"id": 5.0, "s": "a\x00b", "d": "\x00", "o": map[string]any{"\x00": "\x00"}, "u\x00": "v", "w": []any{"\x00"}},
		"negative zero":     {"id": 6.0, "i": negZero, "n": negZero, "a": []any{negZero}, "x": negZero},
		"huge and tiny":     {"id": 7.0, "i": 1e300, "n": math.MaxFloat64, "x": math.SmallestNonzeroFloat64, "y": -math.MaxFloat64},
		"int range edge":    {"id": 8.0, "i": 9.223372036854775807e18, "j": -9.223372036854775808e18},
		"undeclared":        {"id": 9.0, "": "empty key", "ключ": []any{nil, true, map[string]any{"a": []any{}}}},
		"unparseable date":  {"id": 10.0, "d": "yesterday"},
		"string number key": {"id": "11"},
		"big integers":      {"id": 12.0, "x": json.Number("9007199254740993"), "o": map[string]any{"k": json.Number("-123456789012345678901234567890")}, "a": []any{json.Number("18446744073709551615")}},
	}
	for name, rec := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := roundTrip(t, tb, rec)
			require.NoError(t, err)
			assert.Equal(t, rec, got)
			for k, v := range rec {
				if f, ok := v.(float64); ok && f == 0 {
					assert.Equal(t, math.Signbit(f), math.Signbit(got[k].(float64)), "sign of %s", k)
				}
			}
		})
	}
}

func TestEncodeRejects(t *testing.T) {
	tb := testTable(t)
	cases := map[string]adapter.Record{
		"nil record":  nil,
		"no key":      {"s": "x"},
		"null key":    {"id": nil},
		"bool key":    {"id": true},
		"fraction":    {"id": 1.5},
		"letters key": {"id": "abc"},
		"huge key":    {"id": 1e300},
		"NaN field":   {"id": 1.0, "x": math.NaN()},
		"Inf nested":  {"id": 1.0, "a": []any{math.Inf(1)}},
		"channel":     {"id": 1.0, "x": make(chan int)},
	}
	for name, rec := range cases {
		_, err := encodeRecord(tb, rec)
		assert.Error(t, err, name)
	}
}

func TestKeyArg(t *testing.T) {
	tb := testTable(t)
	for _, c := range []struct {
		id   any
		want any
		ok   bool
	}{
		{1.0, int64(1), true}, {"42", int64(42), true}, {"042", nil, false}, {"-0", nil, false},
		{float64(adapter.MaxSafeInteger), int64(adapter.MaxSafeInteger), true}, {1e300, nil, false},
		{math.NaN(), nil, false}, {"💥", nil, false}, {nil, nil, false}, {[]any{1.0}, nil, false},
	} {
		got, ok := keyArg(tb, c.id)
		assert.Equal(t, c.ok, ok, "%v", c.id)
		assert.Equal(t, c.want, got, "%v", c.id)
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("x", 100)
	assert.Equal(t, "users", shorten("users"))
	assert.Len(t, shorten(long), maxIdent)
	assert.NotEqual(t, shorten(long+"a"), shorten(long+"b"), "long names stay distinct")
	assert.Equal(t, shorten(long), shorten(long), "and stable")
	assert.Equal(t, `"a""b"`, quote(`a"b`))
}

func TestFinishNumbersUsedParameters(t *testing.T) {
	g := &gen{}
	unused := g.arg("never", "text")
	a := g.arg(1.0, "float8")
	b := g.arg("x", "text")
	sql, args := g.finish("SELECT " + b + ", " + a + ", " + b)
	assert.Equal(t, "SELECT $1::text, $2::float8, $1::text", sql)
	assert.Equal(t, []any{"x", 1.0}, args)
	assert.NotContains(t, sql, unused)
}

// FuzzRecord checks that any JSON object round-trips through a row.
func FuzzRecord(f *testing.F) {
	for _, s := range []string{`{"s":"a\u0000"}`, `{"i":2.5,"n":"x"}`, `{"d":"2024-01-02T10:00:00+02:00","o":[1]}`, `{"":{"\u0000":-0}}`, `{"a":[null,{"b":[]}]}`} {
		f.Add(s)
	}
	tb := testTable(f)
	f.Fuzz(func(t *testing.T, doc string) {
		var rec adapter.Record
		if json.Unmarshal([]byte(doc), &rec) != nil || rec == nil {
			return
		}
		rec["id"] = 1.0
		got, err := roundTrip(t, tb, rec)
		require.NoError(t, err)
		assert.Equal(t, rec, got)
	})
}
