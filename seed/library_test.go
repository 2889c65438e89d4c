package seed_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/seed"
)

// TestFakerListsAreRich checks that faker's lists were read whole: a
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
