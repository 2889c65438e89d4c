// Package number reads Go numbers as the float64s that records and specs
// hold, for every part of pretendo that takes numbers from Go code.
package number

// Float returns v as a float64 when v has one of Go's integer or
// floating-point types (not a type defined on one), and false for anything
// else. An integer beyond 2^53 rounds to the nearest float64; NaN and the
// infinities come back as they are, for the caller to refuse.
func Float(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int8:
		return float64(n), true
	case int16:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint8:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint64:
		return float64(n), true
	}
	return 0, false
}
