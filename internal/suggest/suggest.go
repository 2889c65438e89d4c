// Package suggest finds, for a name that is not known, the known name it
// most likely misspells, for messages that end in (did you mean "x"?),
// and measures how far apart two strings are for callers that rank their
// own candidates.
package suggest

import (
	"strconv"
	"strings"
)

// Limits that keep a hostile input from making a suggestion slow.
const (
	// MaxNames is the most names For compares a name with.
	MaxNames = 100
	// maxText is how many bytes of each string Distance compares.
	maxText = 256
)

// For returns ` (did you mean "x"?)` when name is close to one of names (the
// same but for case, or at most two edits away and not all of x), or "".
// A name longer than maxName bytes, or more than MaxNames names, get "".
func For(name string, names []string, maxName int) string {
	if len(name) > maxName || len(names) > MaxNames {
		return ""
	}
	best, bestDist := "", 3
	for _, known := range names {
		if strings.EqualFold(name, known) {
			return phrase(known)
		}
		if d := Distance(name, known); d < bestDist && d < len(known) {
			best, bestDist = known, d
		}
	}
	if best == "" {
		return ""
	}
	return phrase(best)
}

func phrase(name string) string { return " (did you mean " + strconv.Quote(name) + "?)" }

// Distance is the Levenshtein edit distance between a and b, counted in
// bytes, over at most the first 256 bytes of each, so that a huge input
// costs no more than a long one.
func Distance(a, b string) int {
	a, b = a[:min(len(a), maxText)], b[:min(len(b), maxText)]
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
