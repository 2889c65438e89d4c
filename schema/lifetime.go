package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// DefaultTokenLifetime is how long a login token lives when neither
// options.auth.tokenExpiration nor options.auth.jwt.expiresIn says.
const DefaultTokenLifetime = time.Hour

// maxLifetime is the longest lifetime a time.Duration holds.
const maxLifetime = time.Duration(math.MaxInt64)

// TokenLifetime returns how long a login token lives: tokenExpiration
// seconds when it is above 0, else jwt.expiresIn when given, else
// DefaultTokenLifetime. It expects a spec that passed Validate, which
// refuses an expiresIn that Lifetime cannot read.
func (a Auth) TokenLifetime() time.Duration {
	if a.TokenExpiration > 0 {
		return time.Duration(a.TokenExpiration) * time.Second
	}
	if a.JWT != nil && a.JWT.ExpiresIn != nil {
		if d, err := a.JWT.Lifetime(); err == nil {
			return d
		}
	}
	return DefaultTokenLifetime
}

// spanUnits maps the units of a time span, as upstream's jsonwebtoken reads
// them (through the "ms" package), to their length. A year is 365.25 days.
var spanUnits = map[string]time.Duration{
	"ms": time.Millisecond, "msec": time.Millisecond, "msecs": time.Millisecond,
	"millisecond": time.Millisecond, "milliseconds": time.Millisecond,
	"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	"w": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
	"y": 8766 * time.Hour, "yr": 8766 * time.Hour, "yrs": 8766 * time.Hour, "year": 8766 * time.Hour, "years": 8766 * time.Hour,
}

// Lifetime reads expiresIn as upstream's jsonwebtoken does: a number is
// seconds, a string is a number and a unit ("90s", "30m", "1.5h",
// "2 days", "1w", "1y"; the unit in any case, a space allowed before it).
// A string without a unit, which jsonwebtoken would read as milliseconds,
// is refused, as is a lifetime of 0 or less or one longer than a
// time.Duration holds (about 292 years).
func (j *JWT) Lifetime() (time.Duration, error) {
	var n float64
	unit := time.Second
	switch v := j.ExpiresIn.(type) {
	case string:
		var err error
		if n, unit, err = parseSpan(v); err != nil {
			return 0, err
		}
	case json.Number:
		f, err := v.Float64()
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("expiresIn %s is not a number", v)
		}
		n = f
	default:
		f, ok := toFloat(v)
		if !ok {
			return 0, fmt.Errorf("expiresIn %s: want a number of seconds or a time span such as \"30m\" or \"1h\"", describe(v))
		}
		n = f
	}
	if !(n > 0) {
		return 0, fmt.Errorf("expiresIn %s must be more than 0", describe(j.ExpiresIn))
	}
	d := n * float64(unit)
	if d >= float64(maxLifetime) {
		return 0, fmt.Errorf("expiresIn %s is too long (at most about 292 years)", describe(j.ExpiresIn))
	}
	if d < 1 {
		return 0, fmt.Errorf("expiresIn %s must be more than 0", describe(j.ExpiresIn))
	}
	return time.Duration(d), nil
}

// parseSpan reads a time span such as "30m" or "2 days" as a number of
// units.
func parseSpan(s string) (float64, time.Duration, error) {
	text := strings.TrimSpace(s)
	end := 0
	for end < len(text) && (text[end] >= '0' && text[end] <= '9' || text[end] == '.' || end == 0 && text[end] == '-') {
		end++
	}
	num, rest := text[:end], strings.ToLower(strings.TrimLeft(text[end:], " "))
	n, err := strconv.ParseFloat(num, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, 0, fmt.Errorf("expiresIn %s is not a time span (want a number of seconds, or a number and a unit such as \"90s\", \"30m\", \"1h\", \"2 days\")", quote(s))
	}
	if rest == "" {
		return 0, 0, fmt.Errorf("expiresIn %s has no unit; write %s for seconds, or a span such as %s or \"1h\"", quote(s), num, quote(num+"s"))
	}
	unit, ok := spanUnits[rest]
	if !ok {
		return 0, 0, fmt.Errorf("expiresIn %s is not a time span (unknown unit %s; want ms, s, m, h, d, w or y, or their names)", quote(s), quote(rest))
	}
	return n, unit, nil
}
