// Package uuid makes and checks the version 4 (random) UUIDs of records,
// in their canonical text form: 32 hexadecimal digits grouped 8-4-4-4-12.
// Every part of pretendo that writes or checks a UUID uses it: field
// defaults ($uuid), generated data, uuid field rules and query values.
package uuid

import (
	crand "crypto/rand"
	"math/rand/v2"
	"sync"
)

// Valid reports whether s is 32 hexadecimal digits, of either case,
// grouped 8-4-4-4-12 by hyphens. It checks the form only, not the version.
func Valid(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// Format returns the canonical lower-case text of the version 4 UUID made
// of the random bytes b, whose version and variant bits it sets.
func Format(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	var out [36]byte
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j], out[j+1] = hex[c>>4], hex[c&0xf]
		j += 2
	}
	return string(out[:])
}

// New returns a version 4 UUID from the operating system's random source.
func New() string {
	var b [16]byte
	_, _ = crand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return Format(b)
}

// Seeded returns a generator of version 4 UUIDs whose sequence depends on
// seed alone, for servers whose random choices must repeat. It is safe
// for concurrent use.
func Seeded(seed int64) func() string {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	return func() string {
		mu.Lock()
		hi, lo := rng.Uint64(), rng.Uint64()
		mu.Unlock()
		var b [16]byte
		for i := 0; i < 8; i++ {
			b[i] = byte(hi >> (8 * i))
			b[8+i] = byte(lo >> (8 * i))
		}
		return Format(b)
	}
}
