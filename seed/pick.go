package seed

import (
	"fmt"
	"math"
	"sort"

	"github.com/pretendo-go/pretendo/adapter"
)

// picker chooses among values, uniformly or by weight.
type picker struct {
	values []any
	cum    []float64 // running totals of the weights; nil for uniform
}

// newPicker checks values and weights: at least one value, and weights
// either absent or one non-negative finite number per value, not all zero.
func newPicker(values []any, weights []float64) (*picker, error) {
	if len(values) == 0 {
		return nil, fmt.Errorf("%w: pickOne needs at least one value", ErrInvalidRule)
	}
	if weights == nil {
		return &picker{values: values}, nil
	}
	if len(weights) != len(values) {
		return nil, fmt.Errorf("%w: %d weights for %d values", ErrInvalidRule, len(weights), len(values))
	}
	cum := make([]float64, len(weights))
	total := 0.0
	for i, w := range weights {
		if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return nil, fmt.Errorf("%w: weight %d is %v; weights must be non-negative numbers", ErrInvalidRule, i, w)
		}
		total += w
		cum[i] = total
	}
	if math.IsInf(total, 0) {
		return nil, fmt.Errorf("%w: the weights add up to more than a float64 holds", ErrInvalidRule)
	}
	if total == 0 {
		return nil, fmt.Errorf("%w: the weights are all zero", ErrInvalidRule)
	}
	return &picker{values: values, cum: cum}, nil
}

// pick returns a chosen value, deep-copied so records never share maps or
// slices with the spec or with each other.
func (p *picker) pick(f *Faker) any {
	n := len(p.values)
	if n == 0 {
		return nil
	}
	i := 0
	if p.cum == nil {
		i = f.Intn(n)
	} else {
		u := f.Float64() * p.cum[n-1]
		i = sort.Search(n, func(j int) bool { return p.cum[j] > u })
		for i >= n || i > 0 && p.cum[i] == p.cum[i-1] {
			i-- // rounding at the top end: back to the last value with weight
		}
	}
	return adapter.CloneValue(p.values[i])
}
