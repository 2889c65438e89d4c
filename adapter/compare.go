package adapter

import (
	"encoding/json"
	"math"
	"math/big"
	"reflect"
	"strings"
	"time"

	"github.com/pretendo-go/pretendo/schema"
)

// Equal reports whether the stored value v equals w, reading both as the
// declared type typ (dates compare as instants). Fold compares strings
// case-insensitively. An [Untyped] w is read by the type of v.
func Equal(typ string, v, w any, fold bool) bool {
	if typ == schema.TypeDate {
		if c, ok := compareDates(v, w); ok {
			return c == 0
		}
	}
	switch a := v.(type) {
	case string:
		b, ok := w.(string)
		if !ok {
			return equalUntyped(v, w, fold)
		}
		if fold {
			return strings.EqualFold(a, b)
		}
		return a == b
	case float64, int, int64:
		if n, ok := w.(json.Number); ok {
			c, ok := compareBig(n, v)
			return ok && c == 0
		}
		x, _ := number(a)
		y, ok := number(w)
		if !ok {
			return equalUntyped(v, w, fold)
		}
		return x == y
	case json.Number:
		if c, ok := compareBig(a, w); ok {
			return c == 0
		}
		return equalUntyped(v, w, fold)
	case bool:
		b, ok := w.(bool)
		if !ok {
			return equalUntyped(v, w, fold)
		}
		return a == b
	case nil:
		return w == nil
	default:
		return reflect.DeepEqual(v, w)
	}
}

// equalUntyped reports whether w is an Untyped that equals v.
func equalUntyped(v, w any, fold bool) bool {
	u, ok := w.(Untyped)
	return ok && u.readings.equal(v, fold)
}

// Compare orders two values read as the declared type typ: numbers
// numerically, dates as instants, strings bytewise (or case-insensitively
// with fold), false before true. Values of different kinds order by kind
// (bool, number, string, array, object). It reports false when the values
// cannot be ordered against each other meaningfully (different kinds).
//
// The type "" is that of undeclared fields, whose strings may be dates:
// there strings that [Instant] reads order before all other strings, by
// instant (equal instants are equal, whatever their text), and the others
// bytewise. An [Untyped] w is read by the type of v.
func Compare(typ string, v, w any, fold bool) (int, bool) {
	if typ == schema.TypeDate {
		if c, ok := compareDates(v, w); ok {
			return c, true
		}
	}
	if c, ok := compareBig(v, w); ok {
		return c, true
	}
	if a, ok := number(v); ok {
		if b, ok := number(w); ok {
			switch {
			case a < b:
				return -1, true
			case a > b:
				return 1, true
			}
			return 0, true
		}
	}
	switch a := v.(type) {
	case float64:
		if b, ok := number(w); ok {
			switch {
			case a < b:
				return -1, true
			case a > b:
				return 1, true
			}
			return 0, true
		}
	case string:
		if b, ok := w.(string); ok {
			if typ == "" {
				ta, aIsTime := instant(a)
				tb, bIsTime := instant(b)
				return orderText(a, ta, aIsTime, b, tb, bIsTime, fold), true
			}
			if fold {
				a, b = strings.ToLower(a), strings.ToLower(b)
			}
			return strings.Compare(a, b), true
		}
	case bool:
		if b, ok := w.(bool); ok {
			switch {
			case a == b:
				return 0, true
			case !a:
				return -1, true
			}
			return 1, true
		}
	}
	if u, ok := w.(Untyped); ok {
		return u.readings.compare(v, fold)
	}
	ra, rb := rank(v), rank(w)
	if ra != rb {
		if ra < rb {
			return -1, false
		}
		return 1, false
	}
	// Same kind but not ordered above: arrays or objects, ordered by JSON text.
	ja, _ := json.Marshal(v)
	jb, _ := json.Marshal(w)
	return strings.Compare(string(ja), string(jb)), true
}

func rank(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case bool:
		return 1
	case float64, int, int64, json.Number:
		return 2
	case string:
		return 3
	case []any:
		return 4
	default:
		return 5
	}
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// maxBigDigits bounds the length of a json.Number compared exactly, so
// that a hostile one from Go code ("1e999999999") costs no more than the
// integers the decoders make (a few hundred digits at most).
const maxBigDigits = 400

// compareBig orders v and w exactly when either is a json.Number (an
// integer the decoders keep because a float64 cannot hold it) and the
// other a number. It reports false when neither is a json.Number, or when
// one is not a number: a json.Number that is not one orders as a string.
func compareBig(v, w any) (int, bool) {
	_, nv := v.(json.Number)
	_, nw := w.(json.Number)
	if !nv && !nw {
		return 0, false
	}
	a, ok := bigOf(v)
	if !ok {
		return 0, false
	}
	b, ok := bigOf(w)
	if !ok {
		return 0, false
	}
	return a.Cmp(b), true
}

// bigOf returns the exact value of a number.
func bigOf(v any) (*big.Rat, bool) {
	switch n := v.(type) {
	case json.Number:
		if len(n) > maxBigDigits || strings.ContainsAny(string(n), "eE/") {
			f, err := n.Float64()
			if err != nil {
				return nil, false
			}
			return bigOf(f)
		}
		return new(big.Rat).SetString(string(n))
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return nil, false
		}
		return new(big.Rat).SetFloat64(n), true
	case int:
		return new(big.Rat).SetInt64(int64(n)), true
	case int64:
		return new(big.Rat).SetInt64(n), true
	}
	return nil, false
}

// compareDates orders two date strings as instants. A string that is not
// a date sorts after every date, and two such strings compare as text, so
// the order is total and consistent.
func compareDates(v, w any) (int, bool) {
	a, ok1 := v.(string)
	b, ok2 := w.(string)
	if !ok1 || !ok2 {
		return 0, false
	}
	// Fast path: two canonical UTC timestamps order as their text.
	if CanonicalUTC(a) && CanonicalUTC(b) {
		return strings.Compare(a, b), true
	}
	ta, okA := ParseTime(a)
	tb, okB := ParseTime(b)
	switch {
	case okA && okB:
		return ta.Compare(tb), true
	case okA:
		return -1, true
	case okB:
		return 1, true
	}
	return strings.Compare(a, b), true
}

// CanonicalUTC reports whether s has exactly the form 2006-01-02T15:04:05Z:
// two such strings order as dates when they order as text, which lets a
// store compare them without parsing.
func CanonicalUTC(s string) bool {
	if len(s) != 20 || s[19] != 'Z' {
		return false
	}
	for i := 0; i < 19; i++ {
		c := s[i]
		switch i {
		case 4, 7:
			if c != '-' {
				return false
			}
		case 10:
			if c != 'T' {
				return false
			}
		case 13, 16:
			if c != ':' {
				return false
			}
		default:
			if c < '0' || c > '9' {
				return false
			}
		}
	}
	return true
}

// ParseTime reads a date value: RFC 3339 (with or without fractional
// seconds), a date and time without zone (read as UTC), or a plain date.
func ParseTime(s string) (time.Time, bool) { return schema.ParseDate(s) }
