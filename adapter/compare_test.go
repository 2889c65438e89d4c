package adapter_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

func TestCompareBigIntegers(t *testing.T) {
	big := json.Number("9007199254740993")
	tests := []struct {
		name    string
		v, w    any
		want    int
		ordered bool
	}{
		{"equal digits", big, json.Number("9007199254740993"), 0, true},
		{"above its nearest float64", big, 9007199254740992.0, 1, true},
		{"below the next float64", big, 9007199254740994.0, -1, true},
		{"float64 first", 9007199254740994.0, big, 1, true},
		{"two json.Numbers", json.Number("-123456789012345678901234567890"), big, -1, true},
		{"int", big, 5, 1, true},
		{"int64", big, int64(math.MaxInt64), -1, true},
		{"a string orders after numbers", big, "9007199254740993", -1, false},
		{"a bool before them", true, big, -1, false},
		{"null sorts first", nil, big, -1, false},
		{"exponent form", json.Number("1e400"), 1.0, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ordered := adapter.Compare(schema.TypeNumber, tt.v, tt.w, false)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.ordered, ordered)
			back, _ := adapter.Compare(schema.TypeNumber, tt.w, tt.v, false)
			assert.Equal(t, -tt.want, back, "the other way round")
			assert.Equal(t, tt.want == 0 && tt.ordered, adapter.Equal(schema.TypeNumber, tt.v, tt.w, false))
			assert.Equal(t, tt.want == 0 && tt.ordered, adapter.Equal(schema.TypeNumber, tt.w, tt.v, false))
		})
	}
}

func TestUntypedBigIntegers(t *testing.T) {
	tests := []struct {
		stored  any
		query   string
		equal   bool
		order   int
		ordered bool
	}{
		{json.Number("9007199254740993"), "9007199254740993", true, 0, true},
		{json.Number("9007199254740993"), "9007199254740992", false, 1, true},
		{9007199254740992.0, "9007199254740993", false, -1, true},
		{9007199254740992.0, "9007199254740992", true, 0, true},
		{json.Number("-123456789012345678901234567890"), "-1.2345678901234568e29", false, -1, true},
		{json.Number("9007199254740993"), "abc", false, 0, false},
		{json.Number("9007199254740993"), "true", false, 0, false},
		{"9007199254740993", "9007199254740993", true, 0, true},
	}
	for _, tt := range tests {
		u := adapter.NewUntyped(tt.query)
		assert.Equal(t, tt.equal, adapter.Equal("", tt.stored, u, false), "%v = %s", tt.stored, tt.query)
		got, ordered := adapter.Compare("", tt.stored, u, false)
		assert.Equal(t, tt.ordered, ordered, "%v <> %s", tt.stored, tt.query)
		if ordered {
			assert.Equal(t, tt.order, got, "%v <> %s", tt.stored, tt.query)
		}
	}
}
