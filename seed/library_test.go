package seed_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/seed"
)

// TestFakerListsAreRich checks that faker's lists were copied whole: a
// misread list would collapse to a handful of values.
func TestFakerListsAreRich(t *testing.T) {
	t.Parallel()
	f := seed.NewFaker(12)
	for _, tc := range []struct {
		name string
		fn   func() string
		min  int
	}{
		{"FirstName", f.FirstName, 500},
		{"LastName", f.LastName, 200},
		{"Word", f.Word, 100},
		{"Country", f.Country, 150},
		{"City", f.City, 100},
		{"Address", f.Address, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]bool{}
			for range 20_000 {
				v := tc.fn()
				assert.NotEmpty(t, v)
				seen[v] = true
			}
			assert.GreaterOrEqual(t, len(seen), tc.min)
		})
	}
}

// TestFakerIsNotLinked checks that package seed picks from its generated
// copy of faker's lists and never calls faker, whose package-level random
// source it would otherwise have to manage.
func TestFakerIsNotLinked(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", "github.com/pretendo-go/pretendo/seed").Output()
	require.NoError(t, err)
	var linked []string
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/go-faker/faker") {
			linked = append(linked, pkg)
		}
	}
	assert.Empty(t, linked)
}
