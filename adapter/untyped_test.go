package adapter_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/adapter"
)

func TestNewUntypedReadsEachType(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	cases := []struct {
		text   string
		num    float64
		isNum  bool
		b      bool
		isBool bool
		tm     time.Time
		isTime bool
	}{
		{text: "10", num: 10, isNum: true},
		{text: "-1.5e2", num: -150, isNum: true},
		{text: "-0", num: 0, isNum: true},
		{text: "0x10"},
		{text: "1_000"},
		{text: "+1"},
		{text: ".5"},
		{text: "NaN"},
		{text: "Inf"},
		{text: "1e400"},
		{text: "true", b: true, isBool: true},
		{text: "false", isBool: true},
		{text: "TRUE"},
		{text: ""},
		{text: "2024-01-02", tm: at("2024-01-02T00:00:00Z"), isTime: true},
		{text: "2024-01-02T03:04", tm: at("2024-01-02T03:04:00Z"), isTime: true},
		{text: "2024-01-02T03:04:05.5+01:00", tm: at("2024-01-02T02:04:05.5Z"), isTime: true},
		{text: "2024-13-02"},
		{text: "-999-01-02"},
		{text: "2024-01-02t03:04:05z"},
		{text: "2024-01-02 03:04:05"},
		{text: "2024", num: 2024, isNum: true},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			t.Parallel()
			u := adapter.NewUntyped(c.text)
			assert.Equal(t, c.text, u.Text())
			assert.Equal(t, c.text, u.String())
			n, isNum := u.Number()
			assert.Equal(t, c.isNum, isNum, "number")
			assert.Equal(t, c.num, n)
			if n == 0 {
				assert.False(t, math.Signbit(n), "negative zero reads as zero")
			}
			b, isBool := u.Bool()
			assert.Equal(t, c.isBool, isBool, "boolean")
			assert.Equal(t, c.b, b)
			tm, isTime := u.Time()
			assert.Equal(t, c.isTime, isTime, "date")
			assert.True(t, c.tm.Equal(tm), "%v", tm)
		})
	}
}

func TestUntypedMatchesByStoredType(t *testing.T) {
	t.Parallel()
	u := adapter.NewUntyped
	cases := []struct {
		stored any
		op     adapter.Op
		value  adapter.Untyped
		fold   bool
		want   bool
	}{
		{10.0, adapter.OpEq, u("10"), false, true},
		{10.0, adapter.OpEq, u("10.0"), false, true},
		{"10", adapter.OpEq, u("10"), false, true},
		{"10.0", adapter.OpEq, u("10"), false, false},
		{int(10), adapter.OpEq, u("1e1"), false, true},
		{int64(-3), adapter.OpLt, u("-2"), false, true},
		{10.0, adapter.OpEq, u("ten"), false, false},
		{10.0, adapter.OpNe, u("ten"), false, true},
		{true, adapter.OpEq, u("true"), false, true},
		{"true", adapter.OpEq, u("true"), false, true},
		{true, adapter.OpEq, u("1"), false, false},
		{false, adapter.OpLt, u("true"), false, true},
		{"Ada", adapter.OpEq, u("ada"), false, false},
		{"Ada", adapter.OpEq, u("ada"), true, true},
		{10.0, adapter.OpEq, u("10"), true, true},
		{"7", adapter.OpGt, u("10"), false, true},
		{7.0, adapter.OpGt, u("10"), false, false},
		{"b", adapter.OpGt, u("A"), true, true},
		{"2024-01-02T01:00:00+01:00", adapter.OpEq, u("2024-01-02T00:00:00Z"), false, false},
		{"2024-01-02T01:00:00+01:00", adapter.OpGte, u("2024-01-02T00:00:00Z"), false, true},
		{"2024-01-02T01:00:00+01:00", adapter.OpGt, u("2024-01-02T00:00:00Z"), false, false},
		{"2024-01-02T00:00:00.5Z", adapter.OpGt, u("2024-01-02T00:00:00Z"), false, true},
		{"2024-01-02T00:00:00Z", adapter.OpGt, u("2024-01-01"), false, true},
		{"2024-01-02T00:00:00Z", adapter.OpLt, u("2024-01-03"), true, true},
		{"soon", adapter.OpGt, u("2024-01-02"), false, true},
		{"2024-01-02", adapter.OpLt, u("abc"), false, true},
		{"0000", adapter.OpLt, u("2024-01-02"), false, false},
		{"go", adapter.OpContains, u("o"), false, true},
		{[]any{"go", 1.0, true}, adapter.OpContains, u("1"), false, true},
		{[]any{"go", 1.0, true}, adapter.OpContains, u("true"), false, true},
		{[]any{"Go"}, adapter.OpContains, u("GO"), true, true},
		{[]any{"Go"}, adapter.OpContains, u("o"), false, false},
		{10.0, adapter.OpContains, u("1"), false, false},
		{"Hello", adapter.OpStartsWith, u("He"), false, true},
		{"Hello", adapter.OpEndsWith, u("LO"), true, true},
		{42.0, adapter.OpStartsWith, u("4"), false, false},
		{map[string]any{"a": 1.0}, adapter.OpEq, u(`{"a":1}`), false, false},
		{[]any{"x"}, adapter.OpGt, u("a"), false, false},
		{10.0, adapter.OpIn, u("9"), false, false},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%v %s %s fold=%t", c.stored, c.op, c.value, c.fold), func(t *testing.T) {
			t.Parallel()
			f := adapter.Filter{Field: "v", Op: c.op, Values: []any{c.value}, Fold: c.fold}
			assert.Equal(t, c.want, f.Match(adapter.Record{"v": c.stored}))
			// A record without the field is a missing value.
			missing := c.op == adapter.OpNe || c.op == adapter.OpNin
			assert.Equal(t, missing, f.Match(adapter.Record{}))
			assert.Equal(t, missing, f.Match(adapter.Record{"v": nil}))
		})
	}
}

// TestCompareUndeclaredIsATotalOrder checks that the type "" orders values
// of every kind consistently, so that sorts are deterministic: dates by
// instant before other strings, equal instants equal.
func TestCompareUndeclaredIsATotalOrder(t *testing.T) {
	t.Parallel()
	values := []any{
		nil, false, true, -1.0, 10.0, int(3), "", "10", "A", "a", "soon",
		"2024-01-01T00:00:00Z", "2024-01-01T01:00:00+01:00", "2024-01-01", "2024-01-01T00:00:00.5Z",
		"2023-12-31T23:59:59.999999999Z", "2024-01-01T00:00", "-999-01-01", "2024-13-01",
		[]any{"a"}, []any{1.0}, map[string]any{"k": "v"},
	}
	cmp := func(a, b any) int {
		c, _ := adapter.Compare("", a, b, false)
		return c
	}
	for _, a := range values {
		assert.Equal(t, 0, cmp(a, a), "reflexive for %v", a)
		for _, b := range values {
			assert.Equal(t, -cmp(a, b), cmp(b, a), "antisymmetric for %v, %v", a, b)
			for _, c := range values {
				if cmp(a, b) <= 0 && cmp(b, c) <= 0 {
					assert.LessOrEqual(t, cmp(a, c), 0, "transitive for %v <= %v <= %v", a, b, c)
				}
			}
		}
	}
	assert.Equal(t, 0, cmp("2024-01-01T00:00:00Z", "2024-01-01T01:00:00+01:00"), "equal instants")
	assert.Equal(t, 0, cmp("2024-01-01T00:00:00Z", "2024-01-01"), "a plain date is midnight UTC")
	assert.Equal(t, -1, cmp("2024-01-01T00:00:00.5Z", "2024-01-01T00:00:01Z"), "by instant, not by text")
	assert.Equal(t, -1, cmp("2099-01-01", "0"), "dates before other strings")
	assert.Equal(t, -1, cmp("-999-01-01", "0"), "a signed year is not a date here")
	assert.True(t, adapter.Less([]adapter.SortKey{{Field: "v", Desc: true}}, adapter.Record{"v": "soon"}, adapter.Record{"v": "2024-01-01"}))
	assert.True(t, adapter.Less([]adapter.SortKey{{Field: "v", Desc: true}}, adapter.Record{"v": "2024-01-01"}, adapter.Record{}), "missing last descending")
}

func TestInstantMatchesParseTime(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"2024-01-02", "2024-01-02T03:04", "2024-01-02T03:04:05", "2024-01-02T03:04:05.123456789Z",
		"2024-01-02T03:04:05,5Z", "2024-01-02T03:04:05.1234567891Z", "2024-02-30", "2024-01-02T24:00:00Z",
		"0000-01-01", "9999-12-31T23:59:59-23:59", "+999-01-02", "2024-01-02T", "2024-01-02Z", "２０２４-01-02",
	} {
		want, wantOK := adapter.ParseTime(s)
		got, ok := adapter.Instant(s)
		if s[0] == '+' {
			assert.False(t, ok, "%q: a signed year is not an instant", s)
			continue
		}
		assert.Equal(t, wantOK, ok, "%q", s)
		assert.True(t, want.Equal(got), "%q", s)
	}
}

func TestInstantAllocatesNothingForText(t *testing.T) {
	for _, s := range []string{"hello world", "2024", "12345678901", "2024-01-02 03:04"} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { adapter.Instant(s) }), "%q", s)
	}
	u := adapter.NewUntyped("Hello")
	f := adapter.Filter{Field: "v", Op: adapter.OpEq, Values: []any{u}, Fold: true}
	rec := adapter.Record{"v": "hello"}
	assert.Zero(t, testing.AllocsPerRun(100, func() { f.Match(rec) }), "matching reads the query value once")
}

func TestZeroUntypedIsTheEmptyText(t *testing.T) {
	t.Parallel()
	var u adapter.Untyped
	assert.Equal(t, "", u.Text())
	_, isNum := u.Number()
	assert.False(t, isNum)
	f := adapter.Filter{Field: "v", Op: adapter.OpEq, Values: []any{u}}
	assert.True(t, f.Match(adapter.Record{"v": ""}))
	assert.False(t, f.Match(adapter.Record{"v": 0.0}))
	assert.Equal(t, adapter.NewUntyped(""), adapter.NewUntyped(""), "values compare by their readings")
}
