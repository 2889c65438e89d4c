package query

import (
	"math"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/uuid"
	"github.com/pretendo-go/pretendo/schema"
)

// readValue reads s as a value of the declared type typ: float64 for
// numbers and integers, bool for booleans, and s itself for strings, dates
// and uuids once checked. The type "" (an undeclared field) reads s as an
// adapter.Untyped, which each record reads by its stored value's type. It
// reports false when s is not a value of typ; object and array types have
// no scalar values.
func readValue(typ, s string) (any, bool) {
	switch typ {
	case schema.TypeString:
		return s, true
	case schema.TypeNumber:
		if f, ok := readNumber(s); ok {
			return f, true
		}
	case schema.TypeInteger:
		if f, ok := readNumber(s); ok && f == math.Trunc(f) {
			return f, true
		}
	case schema.TypeBoolean:
		if b, ok := readBool(s); ok {
			return b, true
		}
	case schema.TypeDate:
		if _, ok := adapter.ParseTime(s); ok {
			return s, true
		}
	case schema.TypeUUID:
		if uuid.Valid(s) {
			return s, true
		}
	case "":
		return adapter.NewUntyped(s), true
	}
	return nil, false
}

// readScalar reads s as a JSON number or boolean when it is one, and as a
// string otherwise. It reads the elements an array field may contain.
func readScalar(s string) any {
	if b, ok := readBool(s); ok {
		return b
	}
	if f, ok := readNumber(s); ok {
		return f
	}
	return s
}

// readBool reads exactly "true" or "false".
func readBool(s string) (bool, bool) {
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// readNumber reads a finite number in decimal notation (see
// adapter.ParseNumber). Negative zero reads as zero.
func readNumber(s string) (float64, bool) { return adapter.ParseNumber(s) }

// readPositive reads a positive decimal integer that fits in an int: digits
// only, no sign, no spaces, no exponent.
func readPositive(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int(c - '0')
		if n > (math.MaxInt-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, n > 0
}

// typeNoun names a field type for messages: "a number", "an integer", ...
func typeNoun(typ string) string {
	switch typ {
	case schema.TypeInteger, schema.TypeObject, schema.TypeArray:
		return "an " + typ
	case schema.TypeBoolean:
		return "a boolean (true or false)"
	}
	return "a " + typ
}
