package number_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/number"
)

func TestFloat(t *testing.T) {
	t.Parallel()
	type myInt int
	tests := []struct {
		name string
		in   any
		want float64
		ok   bool
	}{
		{"float64", 1.5, 1.5, true},
		{"float32", float32(0.25), 0.25, true},
		{"int", -7, -7, true},
		{"int8", int8(-128), -128, true},
		{"int16", int16(300), 300, true},
		{"int32", int32(1 << 30), 1 << 30, true},
		{"int64", int64(1) << 53, 1 << 53, true},
		{"uint", uint(7), 7, true},
		{"uint8", uint8(255), 255, true},
		{"uint16", uint16(65535), 65535, true},
		{"uint32", uint32(1 << 31), 1 << 31, true},
		{"uint64 rounds", uint64(math.MaxUint64), math.MaxUint64, true},
		{"uintptr", uintptr(9), 0, false},
		{"infinity as it is", math.Inf(1), math.Inf(1), true},
		{"a string", "1", 0, false},
		{"a json.Number", json.Number("1"), 0, false},
		{"a defined type", myInt(1), 0, false},
		{"nil", nil, 0, false},
		{"a bool", true, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := number.Float(tt.in)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}
