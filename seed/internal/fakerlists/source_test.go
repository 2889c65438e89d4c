package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-faker/faker/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writePackage writes files into a fresh directory and returns it.
func writePackage(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return dir
}

func TestSourceStrings(t *testing.T) {
	t.Parallel()
	dir := writePackage(t, map[string]string{
		"a.go": `package p

var male = []string{"Al", "Bo"}
var female = []string{` + "`Cy`" + `, "D\u00e9"}
var (
	all, none = append(male, female...), []string{}
	more      = append((all), "Ed", "Al")
	alias     = more
)
`,
		"a_test.go":  "package p\n\nvar male = []string{\"test\"}\n",
		"b_other.go": "//go:build ignore\n\npackage p\n\nvar female = []string{\"ignored\"}\n",
	})
	src, err := parsePackage(dir)
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"male", []string{"Al", "Bo"}},
		{"female", []string{"Cy", "Dé"}},
		{"all", []string{"Al", "Bo", "Cy", "Dé"}},
		{"more", []string{"Al", "Bo", "Cy", "Dé", "Ed", "Al"}},
		{"alias", []string{"Al", "Bo", "Cy", "Dé", "Ed", "Al"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := src.strings(tc.name)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	// A list is never shared with another: evaluating more did not change all.
	all, err := src.strings("all")
	require.NoError(t, err)
	assert.Equal(t, []string{"Al", "Bo", "Cy", "Dé"}, all)
}

func TestSourceStringsErrors(t *testing.T) {
	t.Parallel()
	dir := writePackage(t, map[string]string{"a.go": `package p

var (
	ints     = []int{1, 2}
	mixed    = []string{"a", name}
	keyed    = []string{0: "a"}
	array    = [2]string{"a", "b"}
	call     = words()
	appendTo = append(ints, "x")
	appendN  = append(mixed, mixed, mixed...)
	empty    = []string{}
	self     = append(self, "x")
	ping     = append(pong, "x")
	pong     = append(ping, "y")
	declared []string
	name     = "a"
)

func words() []string { return nil }
`})
	src, err := parsePackage(dir)
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		want error
	}{
		{"missing", errNoVar},
		{"declared", errNoVar},
		{"ints", errShape},
		{"mixed", errShape},
		{"keyed", errShape},
		{"array", errShape},
		{"call", errShape},
		{"appendTo", errShape},
		{"appendN", errShape},
		{"name", errShape},
		{"empty", errEmptyList},
		{"self", errCycle},
		{"ping", errCycle},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := src.strings(tc.name)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestSourceStringsTooLong(t *testing.T) {
	t.Parallel()
	text := "package p\n\nvar l0 = []string{\"x\"}\n"
	for i := 1; i <= 17; i++ {
		text += fmt.Sprintf("var l%d = append(l%d, l%d...)\n", i, i-1, i-1)
	}
	src, err := parsePackage(writePackage(t, map[string]string{"a.go": text}))
	require.NoError(t, err)
	_, err = src.strings("l17")
	assert.ErrorIs(t, err, errTooLong)
	got, err := src.strings("l10")
	require.NoError(t, err)
	assert.Len(t, got, 1<<10)
}

func TestSourceEmbedded(t *testing.T) {
	t.Parallel()
	dir := writePackage(t, map[string]string{
		"a.go": `package p

import _ "embed"

var (
	//go:embed misc/countries.json
	grouped []byte

	//go:embed "misc/countries.json"
	quoted []byte

	//go:embed misc/*.json
	glob []byte

	//go:embed misc/a.json misc/b.json
	two []byte

	//go:embed ../outside.json
	outside []byte

	//go:embed misc/missing.json
	missing []byte

	//go:embed misc/bad.json
	bad []byte

	// no directive
	plain []byte
)

//go:embed misc/countries.json
var single []byte
`,
		"misc/countries.json": `{"countries":[{"abbr":"AD","name":"Andorra"}]}`,
		"misc/bad.json":       `{"countries":[`,
	})
	src, err := parsePackage(dir)
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		want error
	}{
		{"grouped", nil},
		{"quoted", nil},
		{"single", nil},
		{"glob", errNoEmbed},
		{"two", errNoEmbed},
		{"outside", errNoEmbed},
		{"plain", errNoEmbed},
		{"nothing", errNoVar},
		{"missing", os.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v struct {
				Countries []faker.CountryInfo `json:"countries"`
			}
			err := src.embedded(tc.name, &v)
			if tc.want != nil {
				assert.ErrorIs(t, err, tc.want)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, []faker.CountryInfo{{Abbr: "AD", Name: "Andorra"}}, v.Countries)
		})
	}
	t.Run("bad", func(t *testing.T) {
		var v struct{ Countries []faker.CountryInfo }
		assert.Error(t, src.embedded("bad", &v))
	})
}

func TestReadListsErrors(t *testing.T) {
	t.Parallel()
	const listsSrc = `package p

import _ "embed"

var firstNames = []string{"Al"}
var lastNames = []string{"Bo"}
var wordList = []string{"et"}

//go:embed a.json
var addressesUSBytes []byte

//go:embed c.json
var countriesBytes []byte
`
	const addrs = `{"addresses":[{"address1":"1 Main St","city":"Town","state":"CA","postalCode":"90000"}]}`
	const countries = `{"countries":[{"name":"Andorra"}]}`
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  error
	}{
		{"complete", map[string]string{"p.go": listsSrc, "a.json": addrs, "c.json": countries}, nil},
		{"no package", nil, os.ErrNotExist},
		{"no first names", map[string]string{"p.go": "package p\n", "a.json": addrs, "c.json": countries}, errNoVar},
		{"no address file", map[string]string{"p.go": listsSrc, "c.json": countries}, os.ErrNotExist},
		{"no usable address", map[string]string{"p.go": listsSrc, "a.json": `{"addresses":[{"city":"Town"}]}`, "c.json": countries}, errEmptyList},
		{"no addresses key", map[string]string{"p.go": listsSrc, "a.json": `{"places":[]}`, "c.json": countries}, errEmptyList},
		{"no country", map[string]string{"p.go": listsSrc, "a.json": addrs, "c.json": `{"countries":[{"abbr":"AD"}]}`}, errEmptyList},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "absent")
			if tc.files != nil {
				dir = writePackage(t, tc.files)
			}
			l, err := readLists(dir)
			if tc.want != nil {
				assert.ErrorIs(t, err, tc.want)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, &lists{
				FirstNames: []string{"Al"},
				LastNames:  []string{"Bo"},
				Words:      []string{"et"},
				Countries:  []string{"Andorra"},
				Addresses:  []address{{"1 Main St", "Town", "CA", "90000"}},
			}, l)
		})
	}
}

func TestParsePackageReportsSyntaxErrors(t *testing.T) {
	t.Parallel()
	_, err := parsePackage(writePackage(t, map[string]string{"a.go": "package p\n\nvar x = []string{\n"}))
	assert.Error(t, err)
}
