package seed

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/schema"
)

// problem describes how v breaks the rules of fld (type, enum, min, max,
// lengths, pattern), or returns "" when it keeps them all. The checks are
// the server's own (constraints.CheckValue).
func problem(fld *schema.Field, pattern *patternGen, v any) string {
	if v == nil {
		if fld.Required {
			return "is null but required"
		}
		return ""
	}
	var re *regexp.Regexp
	if pattern != nil {
		re = pattern.re
	}
	if viol := constraints.CheckValue(fld, re, v); viol != nil {
		return fmt.Sprintf("%s: %s", show(v), viol.Message)
	}
	return ""
}

// show quotes a value for an error message, shortening long ones.
func show(v any) string {
	s := fmt.Sprintf("%#v", v)
	if str, ok := v.(string); ok {
		s = strconv.Quote(str)
	}
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// convert reads v as the field's type where a plain reading exists: a
// number or boolean into a string field becomes its text, a numeric string
// into a number field its number, "true"/"false" into a boolean field a
// boolean. Integers are rounded. Anything else is returned as is, for
// problem to report.
func convert(typ string, v any) any {
	switch typ {
	case schema.TypeString:
		switch t := v.(type) {
		case float64:
			return strconv.FormatFloat(t, 'f', -1, 64)
		case bool:
			return strconv.FormatBool(t)
		}
	case schema.TypeNumber, schema.TypeInteger:
		if s, ok := v.(string); ok {
			if n, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
				v = n
			}
		}
		if n, ok := v.(float64); ok && typ == schema.TypeInteger && math.Abs(n) < 1<<62 {
			return math.Round(n)
		}
	case schema.TypeBoolean:
		if s, ok := v.(string); ok {
			if b, err := strconv.ParseBool(s); err == nil {
				return b
			}
		}
	}
	return v
}

// fit bends a free value into the field's numeric range and lengths:
// numbers are clamped to min/max, strings cut or padded with words, arrays
// cut or padded. It is used on inferred and free-text values only, never
// on values whose format matters (emails, picked values, patterns).
func fit(f *Faker, fld *schema.Field, v any) any {
	switch t := v.(type) {
	case float64:
		if fld.Min != nil && t < *fld.Min {
			t = *fld.Min
			if fld.Type == schema.TypeInteger {
				t = math.Ceil(t)
			}
		}
		if fld.Max != nil && t > *fld.Max {
			t = *fld.Max
			if fld.Type == schema.TypeInteger {
				t = math.Floor(t)
			}
		}
		return t
	case string:
		if fld.Pattern != "" {
			return t
		}
		return fitText(f, t, fld.MinLength, fld.MaxLength)
	case []any:
		if fld.MaxLength != nil && len(t) > *fld.MaxLength && *fld.MaxLength >= 0 {
			t = t[:*fld.MaxLength]
		}
		if fld.MinLength != nil && len(t) < *fld.MinLength && *fld.MinLength <= maxFitLength {
			for _, w := range f.words(*fld.MinLength - len(t)) {
				t = append(t, w)
			}
		}
		return t
	}
	return v
}

// maxFitLength is the longest minLength fit pads a string to; a longer one
// is left for problem to report.
const maxFitLength = 100_000

// fitText pads s with words up to minLen characters and cuts it to maxLen.
func fitText(f *Faker, s string, minLen, maxLen *int) string {
	if minLen != nil && *minLen <= maxFitLength {
		n := utf8.RuneCountInString(s)
		if n < *minLen {
			var b strings.Builder
			b.WriteString(s)
			for n < *minLen {
				w := f.Word()
				if n > 0 {
					b.WriteByte(' ')
					n++
				}
				b.WriteString(w)
				n += len(w) // lorem words are ASCII
			}
			s = b.String()
		}
	}
	if maxLen != nil && *maxLen >= 0 && utf8.RuneCountInString(s) > *maxLen {
		s = cutRunes(s, *maxLen)
		if trimmed := strings.TrimRight(s, " "); minLen == nil || utf8.RuneCountInString(trimmed) >= *minLen {
			s = trimmed
		}
	}
	return s
}

// cutRunes keeps the first n characters of s.
func cutRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func floorF(x float64) float64 { return math.Floor(x) }
func ceilF(x float64) float64  { return math.Ceil(x) }
