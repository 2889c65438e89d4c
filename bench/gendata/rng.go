package main

// rng is a small xorshift64* generator. The benchmark data must be the same
// bytes on every machine and Go version, so it does not use math/rand,
// whose streams are not promised to stay fixed.
type rng struct {
	state uint64
}

// newRNG returns a generator for seed. Every seed, 0 and negative ones
// included, gives its own non-zero starting state.
func newRNG(seed int64) *rng {
	// Scramble the seed with a few multiply-xorshift rounds so that
	// neighbouring seeds start far apart, then keep the state non-zero,
	// which xorshift needs.
	z := uint64(seed) + 0x6a09e667f3bcc909
	z = (z ^ z>>31) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>29) * 0x94d049bb133111eb
	z ^= z >> 32
	if z == 0 {
		z = 0x3c6ef372fe94f82b
	}
	return &rng{state: z}
}

// next returns the next 64 pseudo-random bits.
func (r *rng) next() uint64 {
	x := r.state
	x ^= x >> 12
	x ^= x << 25
	x ^= x >> 27
	r.state = x
	return x * 0x2545f4914f6cdd1d
}

// intn returns a number in [0, n). It returns 0 when n <= 0.
func (r *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	// The high bits of xorshift64* are its best; the modulo bias is below
	// one part in 2^40 for the small ranges used here.
	return int((r.next() >> 1) % uint64(n))
}

// between returns a number in [lo, hi]; lo when hi < lo.
func (r *rng) between(lo, hi int) int {
	if hi < lo {
		return lo
	}
	return lo + r.intn(hi-lo+1)
}

// pick returns one of words.
func (r *rng) pick(words []string) string {
	return words[r.intn(len(words))]
}
