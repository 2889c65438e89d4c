package adapter

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// Untyped is a filter value for a field the resource does not declare (a
// [Filter] of Type ""). The query language gives it as text, and against
// each record it is read by the JSON type of the value stored there: as a
// number against a number, as true or false against a boolean, and as the
// text itself against a string. The ordering operators (gt, gte, lt, lte)
// compare a stored string and the text as instants when both are dates
// ([ParseTime]); see [Compare] for the order of undeclared values. Where
// the text cannot be read as the stored value's type ("abc" against a
// number), it equals nothing and orders against nothing, as values of
// different kinds do.
//
// The query is read once: NewUntyped parses the text as a number, a
// boolean and a date up front, so that matching a record allocates nothing.
// An Untyped is one pointer wide, so that it fits in an interface value
// without a copy. The zero Untyped is the empty text.
type Untyped struct {
	*readings
}

// readings are the readings of one query value.
type readings struct {
	text    string
	num     float64
	tm      time.Time
	isNum   bool
	isBool  bool
	boolean bool
	isTime  bool
	// big is set when the text is an integer that num, a float64, does
	// not hold exactly: numbers compare with the text itself then.
	big bool
}

// NewUntyped returns the filter value given as the text s.
func NewUntyped(s string) Untyped {
	r := &readings{text: s}
	r.num, r.isNum = ParseNumber(s)
	r.big = r.isNum && !strings.ContainsAny(s, ".eE") && jsonwire.Inexact([]byte(s), r.num)
	switch s {
	case "true":
		r.isBool, r.boolean = true, true
	case "false":
		r.isBool = true
	}
	r.tm, r.isTime = instant(s)
	return Untyped{r}
}

// get returns u's readings; those of the empty text for the zero Untyped.
func (u Untyped) get() *readings {
	if u.readings == nil {
		return NewUntyped("").readings
	}
	return u.readings
}

// Text returns the value as the query gave it.
func (u Untyped) Text() string { return u.get().text }

// String returns the text, so that messages show the value as given.
func (u Untyped) String() string { return u.get().text }

// Number returns the value read as a number, and whether it is one.
func (u Untyped) Number() (float64, bool) { r := u.get(); return r.num, r.isNum }

// Bool returns the value read as a boolean, and whether it is one.
func (u Untyped) Bool() (value, ok bool) { r := u.get(); return r.boolean, r.isBool }

// Time returns the value read as a date, and whether it is one.
func (u Untyped) Time() (time.Time, bool) { r := u.get(); return r.tm, r.isTime }

// equal reports whether the stored value v equals u read by v's type. A
// nil u reads as the empty text.
func (u *readings) equal(v any, fold bool) bool {
	if u == nil {
		u = NewUntyped("").readings
	}
	switch a := v.(type) {
	case string:
		if fold {
			return strings.EqualFold(a, u.text)
		}
		return a == u.text
	case bool:
		return u.isBool && a == u.boolean
	}
	if c, ok := u.compareBig(v); ok {
		return c == 0
	}
	if n, ok := number(v); ok {
		return u.isNum && n == u.num
	}
	return false
}

// compareBig orders the stored number v against u exactly, when either
// holds digits a float64 cannot (a json.Number, or a text that is one). It
// reports false otherwise, and when u is not a number.
func (u *readings) compareBig(v any) (int, bool) {
	_, isBig := v.(json.Number)
	if !u.isNum || !isBig && !u.big {
		return 0, false
	}
	if _, ok := number(v); !ok {
		return 0, false
	}
	return compareBig(v, json.Number(u.text))
}

// compare orders the stored value v against u read by v's type, as
// Compare orders two undeclared values. It reports false when u cannot be
// read as v's type, or v is not a scalar.
func (u *readings) compare(v any, fold bool) (int, bool) {
	if u == nil {
		u = NewUntyped("").readings
	}
	switch a := v.(type) {
	case string:
		ta, aIsTime := instant(a)
		return orderText(a, ta, aIsTime, u.text, u.tm, u.isTime, fold), true
	case bool:
		if !u.isBool {
			return 0, false
		}
		return compareBools(a, u.boolean), true
	}
	if c, ok := u.compareBig(v); ok {
		return c, true
	}
	if n, ok := number(v); ok && u.isNum {
		return compareNumbers(n, u.num), true
	}
	return 0, false
}

// orderText orders two strings of undeclared fields: dates (those whose
// instant is given) before every other string, by instant, with equal
// instants equal whatever their text; other strings bytewise, or
// lower-cased first with fold.
func orderText(a string, ta time.Time, aIsTime bool, b string, tb time.Time, bIsTime bool, fold bool) int {
	switch {
	case aIsTime && bIsTime:
		return ta.Compare(tb)
	case aIsTime:
		return -1
	case bIsTime:
		return 1
	}
	if fold {
		a, b = strings.ToLower(a), strings.ToLower(b)
	}
	return strings.Compare(a, b)
}

// Instant reads a string of an undeclared field as a date, as [Compare]
// orders them: s must start with a date (four digits, a dash, two digits,
// a dash, two digits), alone or followed by a T and a time, that
// [ParseTime] reads. Strings that cannot be dates are turned down without
// trying every layout, so nothing is allocated for them.
func Instant(s string) (time.Time, bool) { return instant(s) }

func instant(s string) (time.Time, bool) {
	if len(s) < 10 || len(s) > 10 && s[10] != 'T' || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}, false
		}
	}
	return ParseTime(s)
}

func compareNumbers(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compareBools(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// ParseNumber reads a finite number in decimal notation, as the query
// language writes numbers: an optional minus sign, one or more digits, an
// optional fraction of one or more digits and an optional exponent. It
// turns down what strconv.ParseFloat would also take: a "+" sign, hex,
// underscores, "Inf", "NaN", ".5" and "5.". Negative zero reads as zero.
func ParseNumber(s string) (float64, bool) {
	if !isDecimal(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	if f == 0 {
		return 0, true
	}
	return f, true
}

// isDecimal reports whether s has the form ParseNumber reads.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	n := digits(s, i)
	if n == i {
		return false
	}
	i = n
	if i < len(s) && s[i] == '.' {
		n = digits(s, i+1)
		if n == i+1 {
			return false
		}
		i = n
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		n = digits(s, i)
		if n == i {
			return false
		}
		i = n
	}
	return i == len(s)
}

// digits returns the index of the first non-digit of s at or after i.
func digits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
