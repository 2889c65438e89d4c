package seed

import (
	crand "crypto/rand"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"time"

	"github.com/pretendo-go/pretendo/internal/uuid"
)

// pcgStream is the second word of every Faker's PCG state. It is part of the
// seeding scheme: changing it changes all generated data.
const pcgStream = 0x70726574656e646f // "pretendo"

// Faker makes random but reproducible values: names, words, emails, dates,
// numbers. Two Fakers made with the same non-zero seed return the same
// sequence of values on every machine, whatever else runs in the process.
//
// A Faker is not safe for concurrent use: give each goroutine its own.
type Faker struct {
	seed int64
	rng  *rand.Rand
}

// NewFaker returns a Faker whose values follow from seed. A seed of 0 asks
// for a random one (see [RandomSeed]); [Faker.Seed] reports the seed used.
func NewFaker(seed int64) *Faker {
	if seed == 0 {
		seed = RandomSeed()
	}
	return &Faker{seed: seed, rng: rand.New(rand.NewPCG(uint64(seed), pcgStream))}
}

// RandomSeed returns a random non-zero seed from crypto/rand, for callers
// that want to log the seed of a run so that it can be reproduced.
func RandomSeed() int64 {
	var b [8]byte
	for {
		if _, err := crand.Read(b[:]); err != nil {
			// crypto/rand does not fail on supported platforms; fall back to
			// the runtime-seeded generator rather than giving up.
			return int64(rand.Uint64()>>1) | 1
		}
		if s := int64(binary.LittleEndian.Uint64(b[:])); s != 0 {
			return s
		}
	}
}

// Seed returns the seed the Faker was made with: the one given to
// [NewFaker], or the random one chosen when that was 0.
func (f *Faker) Seed() int64 { return f.seed }

// Intn returns a random int in [0, n), or 0 when n <= 0.
func (f *Faker) Intn(n int) int {
	if n <= 0 {
		return 0
	}
	return f.rng.IntN(n)
}

// IntBetween returns a random int in [lo, hi], both included. The bounds
// may come in either order.
func (f *Faker) IntBetween(lo, hi int) int {
	return int(f.int64Between(int64(lo), int64(hi)))
}

func (f *Faker) int64Between(lo, hi int64) int64 {
	if lo > hi {
		lo, hi = hi, lo
	}
	span := uint64(hi-lo) + 1
	if span == 0 { // the whole range of int64
		return int64(f.rng.Uint64())
	}
	return lo + int64(f.rng.Uint64N(span))
}

// Float64 returns a random float64 in [0, 1).
func (f *Faker) Float64() float64 { return f.rng.Float64() }

// Bool returns true or false with equal chances.
func (f *Faker) Bool() bool { return f.rng.Uint64()&1 == 1 }

// Chance returns true with probability p (clamped to [0, 1]; NaN counts as 0).
func (f *Faker) Chance(p float64) bool {
	if !(p > 0) {
		return false
	}
	return f.rng.Float64() < p
}

// UUID returns a version 4 UUID in its canonical lower-case text form.
func (f *Faker) UUID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], f.rng.Uint64())
	binary.BigEndian.PutUint64(b[8:], f.rng.Uint64())
	return uuid.Format(b)
}

// maxDecimals is the most decimals Number rounds to; float64 holds about 15
// significant digits.
const maxDecimals = 15

// Number returns a random number in [lo, hi] rounded to decimals places
// (clamped to [0, 15]). The bounds may come in either order; NaN counts as 0
// and infinities as the largest finite float64. When no number with that
// many decimals lies in the range (lo 0.1, hi 0.2, decimals 0), the result
// is lo.
func (f *Faker) Number(lo, hi float64, decimals int) float64 {
	lo, hi = finite(lo), finite(hi)
	if lo > hi {
		lo, hi = hi, lo
	}
	decimals = min(max(decimals, 0), maxDecimals)
	u := f.rng.Float64()
	v := lo*(1-u) + hi*u // no overflow even when hi-lo would overflow
	v = min(max(v, lo), hi)
	scale := math.Pow10(decimals)
	if math.Abs(v)*scale >= 1<<53 {
		return v // already as precise as float64 gets at this magnitude
	}
	r := math.Round(v*scale) / scale
	if r < lo {
		r = math.Ceil(lo*scale) / scale
	}
	if r > hi {
		r = math.Floor(hi*scale) / scale
	}
	if r < lo || r > hi {
		return lo
	}
	return r
}

func finite(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return 0
	case math.IsInf(x, 1):
		return math.MaxFloat64
	case math.IsInf(x, -1):
		return -math.MaxFloat64
	}
	return x
}

// The window of dates made without explicit bounds: fixed, so that a seed
// gives the same data whatever the day it runs.
var (
	defaultFrom = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	defaultTo   = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Date returns a random instant in [from, to], in UTC, with whole seconds.
// The bounds may come in either order. When both are zero the window is
// [2020-01-01, 2025-01-01]; when one is zero it is a five-year window
// starting or ending at the other. When no whole second lies between the
// bounds, the result is from, in UTC.
func (f *Faker) Date(from, to time.Time) time.Time {
	switch {
	case from.IsZero() && to.IsZero():
		from, to = defaultFrom, defaultTo
	case from.IsZero():
		from = to.AddDate(-5, 0, 0)
	case to.IsZero():
		to = from.AddDate(5, 0, 0)
	}
	if from.After(to) {
		from, to = to, from
	}
	lo, hi := from.Unix(), to.Unix()
	if from.Nanosecond() > 0 {
		lo++
	}
	if lo > hi {
		return from.UTC()
	}
	return time.Unix(f.int64Between(lo, hi), 0).UTC()
}

// PickOne returns one of values at random, or nil when values is empty.
// With weights of the same length (non-negative, finite, not all zero) a
// value's chance is its share of the total weight; otherwise every value is
// equally likely. A value that is a map or a slice is returned as a deep
// copy.
func (f *Faker) PickOne(values []any, weights []float64) any {
	if len(values) == 0 {
		return nil
	}
	p, err := newPicker(values, weights)
	if err != nil {
		p = &picker{values: values}
	}
	return p.pick(f)
}
