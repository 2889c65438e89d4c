package jsonwire

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
)

// maxExact is the most digits an integer can have and still convert to a
// float64 exactly, without strconv.
const maxExact = 15

// number reads the number starting at d.pos as strconv.ParseFloat does,
// after checking JSON's stricter grammar: no leading zeros, no '+', digits
// on both sides of the point.
func (d *decoder) number() (any, error) {
	data := d.data
	start := d.pos
	i := start
	if data[i] == '-' {
		i++
	}
	if i >= len(data) {
		return nil, d.eof(InNumber, start)
	}
	var whole uint64
	first := i
	switch c := data[i]; {
	case c == '0':
		i++
	case '1' <= c && c <= '9':
		for ; i < len(data) && '0' <= data[i] && data[i] <= '9'; i++ {
			whole = whole*10 + uint64(data[i]-'0')
		}
	default:
		return nil, d.invalid(i, InNumber, start)
	}
	digits := i - first
	integer := digits <= maxExact
	plain := true // no fraction, no exponent
	if i < len(data) && data[i] == '.' {
		integer, plain = false, false
		if i++; i >= len(data) {
			return nil, d.eof(InFraction, start)
		}
		if c := data[i]; c < '0' || c > '9' {
			return nil, d.invalid(i, InFraction, start)
		}
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		integer, plain = false, false
		if i++; i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) {
			return nil, d.eof(InExponent, start)
		}
		if c := data[i]; c < '0' || c > '9' {
			return nil, d.invalid(i, InExponent, start)
		}
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	d.pos = i
	if integer {
		// Exact, so the same as ParseFloat; -0 keeps its sign.
		f := float64(whole)
		if data[start] == '-' {
			f = -f
		}
		return f, nil
	}
	f, err := strconv.ParseFloat(string(data[start:i]), 64)
	if err != nil && d.lenient {
		return f, nil
	}
	if err != nil {
		var numErr *strconv.NumError
		if errors.As(err, &numErr) {
			err = numErr.Err
		}
		return nil, &SyntaxError{Offset: int64(start), Start: int64(start), Where: NumberRange, msg: "number " + clip(data[start:i]) + " does not fit in a float64", err: err}
	}
	if plain && inexact(data[first:i], f, whole) {
		return json.Number(data[start:i]), nil
	}
	return f, nil
}

// Inexact reports whether f, the float64 nearest to the JSON integer
// literal lit (digits after an optional minus sign, without fraction or
// exponent), differs from it, as it does for most integers beyond ±2^53.
// The decoders of records keep such a literal as a json.Number, so that
// its digits survive.
func Inexact(lit []byte, f float64) bool {
	if len(lit) > 0 && lit[0] == '-' {
		lit = lit[1:]
	}
	var whole uint64
	if len(lit) <= maxUint64Digits {
		for _, c := range lit {
			whole = whole*10 + uint64(c-'0')
		}
	}
	return inexact(lit, f, whole)
}

// maxUint64Digits is the most digits whose value always fits a uint64.
const maxUint64Digits = 19

// inexact is Inexact for the digits of lit, without sign, whose value is
// whole when there are at most maxUint64Digits of them.
func inexact(digits []byte, f float64, whole uint64) bool {
	if len(digits) <= maxExact {
		return false
	}
	f = math.Abs(f)
	if len(digits) <= maxUint64Digits {
		// f is below 1e19, within uint64.
		return uint64(f) != whole
	}
	// A float64 this large is an integer; 'f' with no decimals writes
	// its exact value.
	var buf [32]byte
	return string(strconv.AppendFloat(buf[:0], f, 'f', 0, 64)) != string(digits)
}
