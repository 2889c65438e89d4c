package yaml12

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	yaml "sigs.k8s.io/yaml/goyaml.v3"
)

// kind is the type a scalar resolves to.
type kind uint8

const (
	kindString kind = iota
	kindNull
	kindBool
	kindInt
	kindFloat
)

// resolved is a scalar's value: text holds a string's value, "true" or
// "false", or an integer's decimal digits; f holds a float.
type resolved struct {
	kind kind
	text string
	f    float64
}

// resolve reads scalar n: by its tag when it has one, as a string when
// quoted or written as a block, else by the core schema.
func resolve(n *yaml.Node) (resolved, error) {
	if n.Style&yaml.TaggedStyle == 0 {
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return resolved{kind: kindString, text: n.Value}, nil
		}
		return resolvePlain(n.Value), nil
	}
	s := resolvePlain(n.Value)
	switch n.Tag {
	case "!!str", "!!timestamp":
		return resolved{kind: kindString, text: n.Value}, nil
	case "!!null":
		if s.kind == kindNull {
			return s, nil
		}
	case "!!bool":
		if s.kind == kindBool {
			return s, nil
		}
	case "!!int":
		if s.kind == kindInt {
			return s, nil
		}
	case "!!float":
		switch s.kind {
		case kindFloat:
			return s, nil
		case kindInt:
			f, _ := strconv.ParseFloat(s.text, 64)
			return resolved{kind: kindFloat, f: f}, nil
		}
	default:
		return resolved{}, errorf(n, ErrUnsupported, "tag %s is not supported (want !!str, !!int, !!float, !!bool or !!null)", n.Tag)
	}
	return resolved{}, errorf(n, ErrUnsupported, "%q is not a valid %s", n.Value, n.Tag)
}

// resolvePlain resolves a plain scalar as js-yaml 4's default schema does
// for JSON-representable types: null, bool, int (decimal with any leading
// zeros, 0b, 0o, 0x), float, else string.
func resolvePlain(v string) resolved {
	switch v {
	case "", "~", "null", "Null", "NULL":
		return resolved{kind: kindNull}
	case "true", "True", "TRUE":
		return resolved{kind: kindBool, text: "true"}
	case "false", "False", "FALSE":
		return resolved{kind: kindBool, text: "false"}
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return resolved{kind: kindFloat, f: math.Inf(1)}
	case "-.inf", "-.Inf", "-.INF":
		return resolved{kind: kindFloat, f: math.Inf(-1)}
	case ".nan", ".NaN", ".NAN":
		return resolved{kind: kindFloat, f: math.NaN()}
	}
	if text, ok := integer(v); ok {
		return resolved{kind: kindInt, text: text}
	}
	if isFloat(v) {
		f, err := strconv.ParseFloat(v, 64)
		if err == nil || isRange(err) {
			return resolved{kind: kindFloat, f: f}
		}
	}
	return resolved{kind: kindString, text: v}
}

// isRange reports whether err is strconv's out-of-range error, whose value
// is ±Inf.
func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// integer reads v as a core-schema integer, returning its decimal digits
// (with a minus sign when negative, never -0), or false.
func integer(v string) (string, bool) {
	neg := false
	digits := v
	if digits != "" && (digits[0] == '-' || digits[0] == '+') {
		neg = digits[0] == '-'
		digits = digits[1:]
	}
	base := 10
	if len(digits) > 2 && digits[0] == '0' {
		switch digits[1] {
		case 'b':
			base = 2
		case 'o':
			base = 8
		case 'x':
			base = 16
		}
		if base != 10 {
			digits = digits[2:]
		}
	}
	if digits == "" {
		return "", false
	}
	for i := 0; i < len(digits); i++ {
		if digitValue(digits[i]) >= base {
			return "", false
		}
	}
	if base != 10 {
		n, _ := new(big.Int).SetString(digits, base)
		digits = n.String()
	} else {
		digits = strings.TrimLeft(digits, "0")
	}
	if digits == "" || digits == "0" {
		return "0", true
	}
	if neg {
		return "-" + digits, true
	}
	return digits, true
}

// digitValue is the value of a digit in bases up to 16, or 99.
func digitValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return 99
}

// isFloat reports whether v is a float as js-yaml 4 reads one:
// [-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)? or \.[0-9]+([eE][-+]?[0-9]+)?
// (the special values are handled before).
func isFloat(v string) bool {
	i := 0
	if strings.HasPrefix(v, ".") {
		i = 1
		if digitsAt(v, i) == i {
			return false
		}
		i = digitsAt(v, i)
	} else {
		if i < len(v) && (v[i] == '-' || v[i] == '+') {
			i++
		}
		j := digitsAt(v, i)
		if j == i {
			return false
		}
		i = j
		if i < len(v) && v[i] == '.' {
			i = digitsAt(v, i+1)
		}
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '-' || v[i] == '+') {
			i++
		}
		j := digitsAt(v, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(v)
}

// digitsAt returns the index after the decimal digits of v from i.
func digitsAt(v string, i int) int {
	for i < len(v) && '0' <= v[i] && v[i] <= '9' {
		i++
	}
	return i
}
