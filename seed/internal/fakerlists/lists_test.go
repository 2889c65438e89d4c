package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/go-faker/faker/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// generated is the file go generate writes in package seed.
const generated = "../../library_gen.go"

// TestGeneratedListsMatchFaker regenerates the lists in memory from the
// faker version that go.mod selects and compares them with the checked-in
// file: after an upgrade of faker, run go generate ./seed.
func TestGeneratedListsMatchFaker(t *testing.T) {
	t.Parallel()
	mod, err := findModule(fakerPath)
	require.NoError(t, err)
	l, err := readLists(mod.Dir)
	require.NoError(t, err)
	want, err := render(l, mod)
	require.NoError(t, err)
	got, err := os.ReadFile(generated)
	require.NoError(t, err)
	assertSameLines(t, want, got)
	assert.Contains(t, string(got), fakerPath+" "+mod.Version)
}

// assertSameLines reports the first line where got differs from the
// freshly generated want.
func assertSameLines(t *testing.T, want, got []byte) {
	t.Helper()
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(w), len(g)) {
		switch {
		case i >= len(g):
			t.Errorf("seed/library_gen.go is stale: it ends at line %d, faker gives more: run go generate ./seed", i)
		case i >= len(w):
			t.Errorf("seed/library_gen.go is stale: faker ends at line %d, the file goes on: run go generate ./seed", i)
		case w[i] != g[i]:
			t.Errorf("seed/library_gen.go is stale from line %d: has %q, faker gives %q: run go generate ./seed", i+1, g[i], w[i])
		default:
			continue
		}
		return
	}
}

// TestListsHoldWhatFakerDraws checks, through faker's public API, that the
// variables read are the ones its providers draw from.
func TestListsHoldWhatFakerDraws(t *testing.T) {
	t.Parallel()
	mod, err := findModule(fakerPath)
	require.NoError(t, err)
	l, err := readLists(mod.Dir)
	require.NoError(t, err)

	assert.GreaterOrEqual(t, len(l.FirstNames), 1000)
	assert.GreaterOrEqual(t, len(l.LastNames), 400)
	assert.GreaterOrEqual(t, len(l.Words), 200)
	assert.GreaterOrEqual(t, len(l.Countries), 200)
	assert.GreaterOrEqual(t, len(l.Addresses), 900)

	for range 500 {
		assert.Contains(t, l.FirstNames, faker.FirstName())
		assert.Contains(t, l.LastNames, faker.LastName())
		assert.Contains(t, l.Words, faker.Word())
		assert.Contains(t, l.Countries, faker.GetCountryInfo().Name)
		a := faker.GetRealAddress()
		if a.Address != "" && a.City != "" {
			assert.True(t, slices.Contains(l.Addresses, address{a.Address, a.City, a.State, a.PostalCode}), "%+v", a)
		}
	}
}
