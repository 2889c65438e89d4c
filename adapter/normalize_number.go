package adapter

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// float checks that f is a JSON number.
func float(f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, &ValueError{Reason: fmt.Sprintf("%v is not a JSON number", f)}
	}
	return f, nil
}

// integer returns i as a float64 when the float64 holds it exactly.
func integer(i int64) (any, error) {
	if i > MaxSafeInteger || i < -MaxSafeInteger {
		return nil, tooBig(strconv.FormatInt(i, 10))
	}
	return float64(i), nil
}

func tooBig(digits string) error {
	return &ValueError{Reason: "integer " + digits + " is beyond ±(2^53-1), the range a JSON number holds exactly (store it as a string)"}
}

// jsonNumber reads a json.Number as the float64 it spells, which keeps
// "-0" negative as JSON does, except an integer that float64 cannot hold
// exactly: that stays the json.Number, digits and all, as the server's JSON
// decoders keep such integers.
func jsonNumber(s json.Number) (any, error) {
	if !validNumber(string(s)) {
		return nil, &ValueError{Reason: fmt.Sprintf("json.Number %q is not a JSON number", string(s))}
	}
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil {
		return nil, &ValueError{Reason: fmt.Sprintf("json.Number %s is beyond the range of a JSON number", string(s))}
	}
	if isIntegerLiteral(string(s)) && jsonwire.Inexact([]byte(s), f) {
		return s, nil
	}
	return float(f)
}

// isIntegerLiteral reports whether s is an optional minus and digits.
func isIntegerLiteral(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validNumber reports whether s is a number as JSON writes one (which
// strconv.ParseFloat is more lenient about: "0x1p4", "Inf", "1_000").
func validNumber(s string) bool {
	return json.Valid([]byte(s)) && s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9')
}
