package seed

import (
	mathrand "math/rand"
	"math/rand/v2"
	"reflect"
	"sync"

	"github.com/go-faker/faker/v4"
)

// libraryMu serializes every use of the faker package, whose random source
// is a package variable. It is the one piece of package-level state here: it
// holds no data, and without it two Fakers in different goroutines would
// race on faker's source and perturb each other's sequences.
var libraryMu sync.Mutex

// library runs fn, which calls into the faker package, with faker drawing
// from f's own generator. Faker is pointed back at a neutral source before
// the lock is released, so it never keeps a reference to f.
func (f *Faker) library(fn func()) {
	libraryMu.Lock()
	defer libraryMu.Unlock()
	faker.SetRandomSource(ownSource{f.rng})
	defer faker.SetRandomSource(neutralSource{})
	fn()
}

// ownSource adapts a Faker's generator to the math/rand Source faker wants.
type ownSource struct{ r *rand.Rand }

func (s ownSource) Int63() int64   { return s.r.Int64() }
func (s ownSource) Uint64() uint64 { return s.r.Uint64() }
func (s ownSource) Seed(int64)     {}

// neutralSource is what faker draws from between calls: the runtime's
// goroutine-safe generator, so that faker keeps working for other code.
type neutralSource struct{}

func (neutralSource) Int63() int64   { return rand.Int64() }
func (neutralSource) Uint64() uint64 { return rand.Uint64() }
func (neutralSource) Seed(int64)     {}

var _ mathrand.Source64 = ownSource{}
var _ mathrand.Source64 = neutralSource{}

// text returns the string a faker provider method gives.
func text(v any, _ error) string {
	s, _ := v.(string)
	return s
}

// firstLast draws a first and a last name.
func (f *Faker) firstLast() (first, last string) {
	f.library(func() {
		p := faker.GetPerson()
		first = text(p.FirstName(reflect.Value{}))
		last = text(p.LastName(reflect.Value{}))
	})
	return first, last
}

// words draws n lorem words.
func (f *Faker) words(n int) []string {
	out := make([]string, n)
	f.library(func() {
		l := faker.GetLorem()
		for i := range out {
			out[i] = text(l.Word(reflect.Value{}))
		}
	})
	return out
}

// realAddress draws a real-world US address.
func (f *Faker) realAddress() faker.RealAddress {
	var a faker.RealAddress
	f.library(func() {
		v, _ := faker.GetAddress().RealWorld(reflect.Value{})
		a, _ = v.(faker.RealAddress)
	})
	return a
}

// countryName draws a country name.
func (f *Faker) countryName() string {
	var c faker.CountryInfo
	f.library(func() {
		v, _ := faker.GetAddress().CountryInfo(reflect.Value{})
		c, _ = v.(faker.CountryInfo)
	})
	return c.Name
}

// phoneNumber draws a phone number like 201-886-0269.
func (f *Faker) phoneNumber() string {
	var s string
	f.library(func() { s = text(faker.GetPhoner().PhoneNumber(reflect.Value{})) })
	return s
}
