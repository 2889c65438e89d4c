package seed

import (
	"strconv"
	"strings"
)

// defaultDomain is the email domain used when none is configured.
const defaultDomain = "example.com"

// FirstName returns a first name, like "Maria".
func (f *Faker) FirstName() string {
	first, _ := f.firstLast()
	return first
}

// LastName returns a last name, like "Kovacek".
func (f *Faker) LastName() string {
	_, last := f.firstLast()
	return last
}

// Name returns a full name: a first and a last name, like "Maria Kovacek".
func (f *Faker) Name() string {
	first, last := f.firstLast()
	return first + " " + last
}

// Username returns a lower-case ASCII user name built from a person's
// names, like "maria.kovacek" or "mkovacek42".
func (f *Faker) Username() string {
	first, last := f.firstLast()
	return f.username(first, last)
}

func (f *Faker) username(first, last string) string {
	a, b := asciiLower(first), asciiLower(last)
	if a == "" {
		a = "user"
	}
	var s string
	switch f.Intn(5) {
	case 0:
		s = a + "." + b
	case 1:
		s = a + "_" + b
	case 2:
		s = a + b
	case 3:
		s = a[:1] + b
	default:
		s = a
	}
	s = strings.Trim(s, "._")
	if f.Bool() || len(s) < 3 {
		s += strconv.Itoa(f.IntBetween(1, 99))
	}
	return s
}

// Email returns an email address at domain ("example.com" when empty),
// built from a person's names, like "maria.kovacek@example.com".
func (f *Faker) Email(domain string) string {
	first, last := f.firstLast()
	return f.email(first, last, domain)
}

func (f *Faker) email(first, last, domain string) string {
	domain = strings.TrimSpace(domain)
	if domain == "" {
		domain = defaultDomain
	}
	a, b := asciiLower(first), asciiLower(last)
	local := a
	switch {
	case a == "" && b == "":
		local = "user"
	case a == "":
		local = b
	case b != "":
		local = a + "." + b
	}
	if f.Chance(0.3) {
		local += strconv.Itoa(f.IntBetween(1, 99))
	}
	return local + "@" + domain
}

// Phone returns a phone number like "201-886-0269".
func (f *Faker) Phone() string { return f.phoneNumber() }

// Company returns a company name like "Kovacek Group" or "Kunde & Lynch".
func (f *Faker) Company() string {
	_, a := f.firstLast()
	suffixes := [...]string{"Inc", "LLC", "Group", "and Sons", "Ltd", "Partners", "Labs", "Holdings"}
	if f.Intn(4) == 0 {
		_, b := f.firstLast()
		return a + " & " + b
	}
	return a + " " + suffixes[f.Intn(len(suffixes))]
}

// asciiLower keeps the ASCII letters and digits of s, lower-cased.
func asciiLower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b.WriteByte(c)
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		}
	}
	return b.String()
}
