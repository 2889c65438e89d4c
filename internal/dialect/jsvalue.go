package dialect

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
)

// This file holds the few rules of JavaScript that json-server 0.17's
// queries follow, since its filters compare a record's values as
// JavaScript does: String(v) for equality and _like, the relational
// operators for _gte, _lte and _sort, and parseInt for _page and the
// slices.

// jsString is String(v) of a JSON value v, as JavaScript spells it: 1 for
// the number 1, 1e+21, true, a,b for an array, [object Object].
func jsString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return jsNumber(x)
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return jsNumber(f)
		}
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil {
				parts[i] = jsString(e)
			}
		}
		return strings.Join(parts, ",")
	case map[string]any:
		return "[object Object]"
	}
	return ""
}

// jsNumber is Number.prototype.toString of f: plain digits from 1e-7 up
// to 1e21, else the exponent form with a sign (1e+21, 1e-7).
func jsNumber(f float64) string {
	if f == 0 {
		return "0"
	}
	if a := math.Abs(f); a >= 1e-7 && a < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	sign := exp[0]
	exp = strings.TrimLeft(exp[1:], "0")
	return mant + "e" + string(sign) + exp
}

// jsNumberOf is Number(v) for a value that is not a string: NaN for
// objects, 1 and 0 for booleans, 0 for null.
func jsNumberOf(v any) float64 {
	switch x := v.(type) {
	case nil:
		return 0
	case bool:
		if x {
			return 1
		}
		return 0
	case float64:
		return x
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return math.NaN()
		}
		return f
	case string:
		return jsStringNumber(x)
	case []any:
		return jsStringNumber(jsString(x))
	}
	return math.NaN()
}

// jsStringNumber is Number(s): the whole string, trimmed, as a decimal
// number (or 0x hex, or Infinity), 0 when blank, else NaN.
func jsStringNumber(s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		n, err := strconv.ParseUint(s[2:], 16, 64)
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return math.NaN()
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeErr(err) {
		return math.NaN()
	}
	return f
}

// isRangeErr reports whether err is strconv's out-of-range error, whose
// value (±Inf or 0) JavaScript gives too.
func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// jsLess is a < b for JSON values and strings as JavaScript's abstract
// relational comparison reads them: two strings (objects and arrays become
// their strings first) compare by UTF-16 code units, anything else as
// numbers, and NaN is never less nor greater.
func jsLess(a, b any) bool {
	pa, pb := jsPrimitive(a), jsPrimitive(b)
	sa, aStr := pa.(string)
	sb, bStr := pb.(string)
	if aStr && bStr {
		return compareUTF16(sa, sb) < 0
	}
	x, y := jsNumberOf(pa), jsNumberOf(pb)
	return x < y
}

// jsPrimitive is ToPrimitive of v: objects and arrays become their
// strings, everything else stays.
func jsPrimitive(v any) any {
	switch v.(type) {
	case []any, map[string]any:
		return jsString(v)
	}
	return v
}

// compareUTF16 orders two strings by their UTF-16 code units, as
// JavaScript compares strings.
func compareUTF16(a, b string) int {
	if isASCII(a) && isASCII(b) {
		return strings.Compare(a, b)
	}
	x, y := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	return len(x) - len(y)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// jsParseInt is parseInt(s, 10): optional space and sign, then the
// leading decimal digits; NaN when there are none. Digits beyond float64's
// range give ±Inf, as in JavaScript.
func jsParseInt(s string) float64 {
	s = strings.TrimLeft(s, " \t\n\r\v\f\u00a0\ufeff")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s[:n], 64)
	if err != nil && !isRangeErr(err) {
		return math.NaN()
	}
	if neg {
		f = -f
	}
	return f
}

// jsSliceBounds are the bounds Array.prototype.slice(start, end) takes
// from an array of n elements: negative counts from the end, NaN is 0,
// both clamped to the array.
func jsSliceBounds(n int, start, end float64) (int, int) {
	clamp := func(f float64) int {
		switch {
		case math.IsNaN(f):
			return 0
		case f < 0:
			f = math.Max(float64(n)+math.Trunc(f), 0)
		default:
			f = math.Min(math.Trunc(f), float64(n))
		}
		return int(f)
	}
	s, e := clamp(start), clamp(end)
	if e < s {
		e = s
	}
	return s, e
}
