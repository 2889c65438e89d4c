package gokey

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/schema"
)

func TestConvert(t *testing.T) {
	for _, tc := range []struct {
		id      any
		keyType string
		want    any
		ok      bool
	}{
		{7, schema.TypeInteger, float64(7), true},
		{uint8(3), schema.TypeNumber, float64(3), true},
		{"12", schema.TypeInteger, float64(12), true},
		{"x", schema.TypeInteger, nil, false},
		{true, schema.TypeInteger, nil, false},
		{"abc", schema.TypeString, "abc", true},
		{5, schema.TypeString, nil, false},
	} {
		got, ok := Convert(tc.id, tc.keyType)
		assert.Equal(t, tc.ok, ok, "%v", tc.id)
		assert.Equal(t, tc.want, got, "%v", tc.id)
	}
}
