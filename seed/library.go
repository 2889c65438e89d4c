package seed

import (
	mathrand "math/rand"
	"math/rand/v2"
	"reflect"
	"sync"

	"github.com/go-faker/faker/v4"
)

// lists holds the realistic values of the faker package: names, lorem
// words, US addresses and countries.
type lists struct {
	firstNames, lastNames, words, countries []string
	addresses                               []faker.RealAddress
}

// library returns faker's lists, read once per process (see readLists).
// It is the only package-level state here, and it never changes once read.
var library = sync.OnceValue(readLists)

// maxListLen bounds the length of a list read from faker.
const maxListLen = 1 << 13

// readLists reads faker's lists through its public providers. Faker picks
// list elements with its package-level random source; readLists installs
// a source that always returns the same number i, so that a provider returns
// the i-th element of its list, for i = 0, 1, 2, ... until the elements
// repeat. A constant source has no state to disturb: another goroutine
// calling faker meanwhile does not change what is read. After reading, faker
// is left with a source seeded by the runtime, and no Faker ever touches
// faker's package state again: each one draws from its own generator and
// indexes these lists.
func readLists() *lists {
	defer faker.SetRandomSource(runtimeSource{})
	p, a := faker.GetPerson(), faker.GetAddress()
	// Names and words are picked with rand.Int() % len, addresses and
	// countries with rand.Intn(len), which reads the top bits: the index is
	// placed accordingly.
	byInt := func(i int) int64 { return int64(i) }
	byIntn := func(i int) int64 { return int64(i) << 32 }
	l := &lists{
		firstNames: readList(byInt, func() string { return asString(p.FirstName(reflect.Value{})) }),
		lastNames:  readList(byInt, func() string { return asString(p.LastName(reflect.Value{})) }),
		words:      readList(byInt, func() string { return asString(faker.GetLorem().Word(reflect.Value{})) }),
		countries: readList(byIntn, func() string {
			c, _ := a.CountryInfo(reflect.Value{})
			info, _ := c.(faker.CountryInfo)
			return info.Name
		}),
	}
	addrs := readList(byIntn, func() faker.RealAddress {
		v, _ := a.RealWorld(reflect.Value{})
		addr, _ := v.(faker.RealAddress)
		return addr
	})
	for _, addr := range addrs {
		if addr.Address != "" && addr.City != "" {
			l.addresses = append(l.addresses, addr)
		}
	}
	return l
}

// readList calls get with the source fixed at index(i) for growing i and
// returns the shortest prefix whose repetition explains every value read.
func readList[T comparable](index func(int) int64, get func() T) []T {
	seq := make([]T, 2*maxListLen)
	for i := range seq {
		faker.SetRandomSource(constSource(index(i)))
		seq[i] = get()
	}
	for p := 1; p <= maxListLen; p++ {
		periodic := true
		for j := 0; j+p < len(seq); j++ {
			if seq[j] != seq[j+p] {
				periodic = false
				break
			}
		}
		if periodic {
			return seq[:p]
		}
	}
	return seq[:maxListLen]
}

func asString(v any, _ error) string {
	s, _ := v.(string)
	return s
}

// constSource is a math/rand source that always returns the same number.
type constSource int64

func (c constSource) Int63() int64   { return int64(c) }
func (c constSource) Uint64() uint64 { return uint64(c) }
func (constSource) Seed(int64)       {}

// runtimeSource is the source faker keeps after readLists: the runtime's
// goroutine-safe generator, so that faker goes on working for other code.
type runtimeSource struct{}

func (runtimeSource) Int63() int64   { return rand.Int64() }
func (runtimeSource) Uint64() uint64 { return rand.Uint64() }
func (runtimeSource) Seed(int64)     {}

var (
	_ mathrand.Source64 = constSource(0)
	_ mathrand.Source64 = runtimeSource{}
)

// pick returns a random element of list, or the zero value when it is empty.
func pick[T any](f *Faker, list []T) T {
	var zero T
	if len(list) == 0 {
		return zero
	}
	return list[f.rng.IntN(len(list))]
}

// firstLast draws a first and a last name.
func (f *Faker) firstLast() (first, last string) {
	l := library()
	return pick(f, l.firstNames), pick(f, l.lastNames)
}

// words draws n lorem words.
func (f *Faker) words(n int) []string {
	l := library()
	out := make([]string, n)
	for i := range out {
		out[i] = pick(f, l.words)
	}
	return out
}

// realAddress draws a real-world US address.
func (f *Faker) realAddress() faker.RealAddress { return pick(f, library().addresses) }

// countryName draws a country name.
func (f *Faker) countryName() string { return pick(f, library().countries) }

// phoneNumber makes a North American style number like 201-886-0269.
func (f *Faker) phoneNumber() string {
	b := []byte("000-000-0000")
	for i := range b {
		if b[i] == '0' {
			b[i] = byte('0' + f.rng.IntN(10))
		}
	}
	b[0] = byte('2' + f.rng.IntN(8)) // area codes do not start with 0 or 1
	return string(b)
}
