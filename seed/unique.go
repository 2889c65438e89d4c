package seed

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/schema"
)

// uniqueSet remembers the values a unique field already holds.
type uniqueSet struct {
	seen map[string]struct{}
	// next is the next numeric suffix to try for a string, so that many
	// collisions on one base cost one probe each.
	next map[string]int
}

func newUniqueSet() *uniqueSet {
	return &uniqueSet{seen: make(map[string]struct{}), next: make(map[string]int)}
}

// uniqueKey is the identity of a value for uniqueness: strings and numbers
// never collide with each other, and equal numbers always collide.
func uniqueKey(v any) string {
	switch t := v.(type) {
	case string:
		return "s" + t
	case float64:
		if t == 0 {
			t = 0 // -0 and 0 are one value
		}
		return "n" + strconv.FormatFloat(t, 'g', -1, 64)
	case bool:
		return "b" + strconv.FormatBool(t)
	case nil:
		return "z"
	}
	if f, ok := toFloat(v); ok {
		return uniqueKey(f)
	}
	b, _ := json.Marshal(v)
	return "j" + string(b)
}

func (u *uniqueSet) has(v any) bool {
	_, ok := u.seen[uniqueKey(v)]
	return ok
}

func (u *uniqueSet) add(v any) { u.seen[uniqueKey(v)] = struct{}{} }

// countDistinct counts the different values of vs.
func countDistinct(vs []any) int {
	u := newUniqueSet()
	for _, v := range vs {
		u.add(v)
	}
	return len(u.seen)
}

// maxProbes bounds the candidates tried when making a taken value unique.
const maxProbes = 10_000

// disambiguate turns a taken value into a free one that still keeps the
// field's rules: a numeric suffix for strings ("maria.kovacek2@example.com",
// "dolor sit 2"), the next free number for numbers, the next free second for
// dates. It reports false when it finds none.
func (u *uniqueSet) disambiguate(fld *schema.Field, pattern *patternGen, v any) (any, bool) {
	ok := func(c any) bool { return !u.has(c) && problem(fld, pattern, c) == "" }
	switch t := v.(type) {
	case string:
		if fld.Type == schema.TypeDate {
			at, err := time.Parse(time.RFC3339, t)
			if err != nil {
				return nil, false
			}
			for i := 1; i <= maxProbes; i++ {
				if c := at.Add(time.Duration(i) * time.Second).UTC().Format(schema.DateLayout); ok(c) {
					return c, true
				}
			}
			return nil, false
		}
		if fld.Type == schema.TypeUUID {
			return nil, false
		}
		probes := maxProbes
		if pattern != nil {
			probes = 20 // a suffix rarely keeps a pattern: leave it to new draws
		}
		n := max(u.next[t], 2)
		for i := 0; i < probes; i, n = i+1, n+1 {
			if fld.MaxLength != nil && len(strconv.Itoa(n)) > *fld.MaxLength {
				break // no room left for a suffix
			}
			c := withSuffix(t, n, fld.MaxLength)
			if ok(c) {
				u.next[t] = n + 1
				return c, true
			}
		}
		return nil, false
	case float64:
		step := 1.0
		if t != math.Trunc(t) {
			step = 0.01
		}
		for i := 1; i <= maxProbes; i++ {
			for _, c := range [...]float64{t + float64(i)*step, t - float64(i)*step} {
				if step != 1 {
					c = math.Round(c*100) / 100
				}
				if ok(c) {
					return c, true
				}
			}
		}
	}
	return nil, false
}

// withSuffix appends n to s (before the @ of an email, after a space in
// text), cutting s so that the result keeps maxLen characters.
func withSuffix(s string, n int, maxLen *int) string {
	sfx := strconv.Itoa(n)
	head, tail := s, ""
	if at := strings.LastIndexByte(s, '@'); at > 0 && strings.Count(s, "@") == 1 {
		head, tail = s[:at], s[at:]
	} else if strings.ContainsRune(s, ' ') {
		sfx = " " + sfx
	}
	if maxLen != nil {
		room := *maxLen - utf8.RuneCountInString(tail) - len(sfx)
		if room < 0 {
			room = 0
		}
		head = cutRunes(head, room)
	}
	return head + sfx + tail
}
