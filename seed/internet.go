package seed

import (
	"fmt"
	"strings"
)

// URL returns a web address, like "https://www.kovacek.com/dolor".
func (f *Faker) URL() string {
	_, last := f.firstLast()
	host := asciiLower(last)
	if host == "" {
		host = "example"
	}
	tlds := [...]string{"com", "org", "net", "io", "dev", "info"}
	u := "https://"
	if f.Bool() {
		u += "www."
	}
	u += host + "." + tlds[f.Intn(len(tlds))]
	if f.Bool() {
		u += "/" + strings.Join(f.words(f.IntBetween(1, 2)), "-")
	}
	return u
}

// ImageURL returns the address of a placeholder image, like
// "https://picsum.photos/seed/dolor42/640/480".
func (f *Faker) ImageURL() string {
	sizes := [...][2]int{{640, 480}, {800, 600}, {320, 240}, {200, 200}, {1024, 768}}
	s := sizes[f.Intn(len(sizes))]
	return fmt.Sprintf("https://picsum.photos/seed/%s%d/%d/%d", f.Word(), f.IntBetween(1, 999), s[0], s[1])
}

// Avatar returns the address of a square placeholder picture for a
// profile, like "https://picsum.photos/seed/dolor42/200/200".
func (f *Faker) Avatar() string {
	return fmt.Sprintf("https://picsum.photos/seed/%s%d/200/200", f.Word(), f.IntBetween(1, 999))
}

// Password returns 12 to 20 random letters, digits and symbols.
func (f *Faker) Password() string {
	const set = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*+-=?@^_"
	b := make([]byte, f.IntBetween(12, 20))
	for i := range b {
		b[i] = set[f.Intn(len(set))]
	}
	return string(b)
}

// Price returns a price with two decimals in [lo, hi] (see [Faker.Number]).
func (f *Faker) Price(lo, hi float64) float64 { return f.Number(lo, hi, 2) }

// Color returns a hexadecimal RGB colour, like "#1a2b3c".
func (f *Faker) Color() string {
	return fmt.Sprintf("#%06x", f.Intn(1<<24))
}

// Characters returns n random ASCII letters and digits (none when n <= 0;
// at most 10,000).
func (f *Faker) Characters(n int) string {
	const set = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	n = min(max(n, 0), maxWords)
	b := make([]byte, n)
	for i := range b {
		b[i] = set[f.Intn(len(set))]
	}
	return string(b)
}
