package main

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRNGRanges(t *testing.T) {
	tests := map[string]struct {
		lo, hi int
	}{
		"one value":   {5, 5},
		"small":       {1, 6},
		"negative":    {-10, -3},
		"around zero": {-2, 2},
		"wide":        {0, math.MaxInt32},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r := newRNG(3)
			seen := map[int]bool{}
			for range 2000 {
				v := r.between(tt.lo, tt.hi)
				assert.GreaterOrEqual(t, v, tt.lo)
				assert.LessOrEqual(t, v, tt.hi)
				seen[v] = true
			}
			if span := tt.hi - tt.lo + 1; span <= 10 {
				assert.Len(t, seen, span, "every value should come up in 2000 draws")
			}
		})
	}
}

func TestRNGDegenerateBounds(t *testing.T) {
	r := newRNG(1)
	assert.Equal(t, 0, r.intn(0))
	assert.Equal(t, 0, r.intn(-5))
	assert.Equal(t, 0, r.intn(math.MinInt))
	assert.Equal(t, 9, r.between(9, 2), "hi below lo gives lo")
	assert.Equal(t, "only", r.pick([]string{"only"}))
}

func TestRNGSeedsDiffer(t *testing.T) {
	seeds := []int64{0, 1, -1, 2, math.MaxInt64, math.MinInt64}
	firsts := map[uint64]int64{}
	for _, s := range seeds {
		r := newRNG(s)
		assert.NotZero(t, r.state, "seed %d", s)
		v := r.next()
		if prev, dup := firsts[v]; dup {
			t.Errorf("seeds %d and %d start the same stream", prev, s)
		}
		firsts[v] = s
	}
}

func TestRNGIsReproducible(t *testing.T) {
	a, b := newRNG(99), newRNG(99)
	for range 1000 {
		assert.Equal(t, a.next(), b.next())
	}
}
