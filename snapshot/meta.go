package snapshot

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/adapter"
)

// Meta describes a snapshot. Its JSON form is what the admin API lists.
type Meta struct {
	// Name is the snapshot's name (see CheckName).
	Name string `json:"name"`
	// Description is free text given when the snapshot was taken.
	Description string `json:"description"`
	// CreatedAt is when the snapshot was taken, in UTC.
	CreatedAt time.Time `json:"createdAt"`
	// Counts is the number of records of each resource of the snapshot.
	// Stores fill it from the state; it is never nil in a Meta they return.
	Counts map[string]int `json:"counts"`
}

// normalize returns m as stores keep it: counts taken from st, the time in
// UTC without a monotonic reading, and the description valid UTF-8 (as
// encoding/json writes it), so every store reports the same Meta.
func normalize(m Meta, st adapter.State) Meta {
	m.CreatedAt = m.CreatedAt.Round(0).UTC()
	m.Description = validUTF8(m.Description)
	m.Counts = counts(st)
	return m
}

// counts returns the number of records of each resource of st.
func counts(st adapter.State) map[string]int {
	names := st.Resources()
	c := make(map[string]int, len(names))
	for _, name := range names {
		c[name] = st.Len(name)
	}
	return c
}

// clone returns a copy of m that shares no map with it.
func (m Meta) clone() Meta {
	c := make(map[string]int, len(m.Counts))
	for k, v := range m.Counts {
		c[k] = v
	}
	m.Counts = c
	return m
}

// validUTF8 returns s with each byte that is not part of valid UTF-8
// replaced by U+FFFD, as encoding/json does when writing a string.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
