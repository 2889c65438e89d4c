package seed

//go:generate go run ./internal/fakerlists -o library_gen.go

// The realistic values of github.com/go-faker/faker/v4 (first and last
// names, lorem words, country names and US addresses) are copied at build
// time into library_gen.go, from the faker version that go.mod selects. A
// Faker picks from them with its own generator, so faker's package-level
// random source plays no part. TestGeneratedListsMatchFaker in
// internal/fakerlists fails when the copy and faker part ways.

// address is a real-world US address.
type address struct {
	street, city, state, zip string
}

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
	return pick(f, firstNames), pick(f, lastNames)
}

// words draws n lorem words.
func (f *Faker) words(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = pick(f, loremWords)
	}
	return out
}

// realAddress draws a real-world US address.
func (f *Faker) realAddress() address { return pick(f, addresses) }

// countryName draws a country name.
func (f *Faker) countryName() string { return pick(f, countries) }

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
