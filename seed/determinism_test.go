package seed_test

import (
	"bytes"
	"flag"
	mathrand "math/rand"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/go-faker/faker/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/seed"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, shopSpec)
	first, err := seed.Generate(s, seed.Options{Seed: 99, Counts: shopCounts})
	require.NoError(t, err)
	second, err := seed.Generate(mustSpec(t, shopSpec), seed.Options{Seed: 99, Counts: shopCounts})
	require.NoError(t, err)
	assert.Equal(t, string(mustJSON(t, first)), string(mustJSON(t, second)))
}

// TestGenerateGolden pins the bytes of a seeded run, so that a change of
// machine, Go release or dependency that alters the data is noticed. Run
// with -update to accept a deliberate change.
func TestGenerateGolden(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/blog-api.yml")
	require.NoError(t, err)
	d, err := seed.Generate(mustSpec(t, string(b)), seed.Options{Seed: 42, Counts: map[string]int{
		"users": 3, "posts": 4, "comments": 5, "categories": 2, "postCategories": 3,
	}})
	require.NoError(t, err)
	var got bytes.Buffer
	got.Write(mustJSON(t, d))
	got.WriteByte('\n')
	golden := filepath.Join("testdata", "golden", "blog-seed42.json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
		require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), got.String())
}

func TestGenerateSeedsDiffer(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, shopSpec)
	run := func(sd int64) string {
		d, err := seed.Generate(s, seed.Options{Seed: sd, Counts: shopCounts})
		require.NoError(t, err)
		return string(mustJSON(t, d))
	}
	assert.NotEqual(t, run(1), run(2), "different seeds, different data")
	assert.NotEqual(t, run(0), run(0), "seed 0 differs on every run")
}

// draws takes a mix of faker-backed and own values from f.
func draws(f *seed.Faker, n int) []string {
	out := make([]string, 0, 6*n)
	for range n {
		out = append(out, f.Name(), f.Sentence(), f.City(), f.Phone(), f.Country(), f.UUID())
	}
	return out
}

func TestFakersDoNotInterfere(t *testing.T) {
	t.Parallel()
	const n = 300
	want := draws(seed.NewFaker(77), n)
	other := draws(seed.NewFaker(78), n)
	require.NotEqual(t, want, other)

	results := make([][]string, 6)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sd := int64(77)
			if i%2 == 1 {
				sd = 78 // another seed running at the same time
			}
			results[i] = draws(seed.NewFaker(sd), n)
		}()
	}
	wg.Wait()
	for i, got := range results {
		if i%2 == 0 {
			assert.Equal(t, want, got, "goroutine %d", i)
		} else {
			assert.Equal(t, other, got, "goroutine %d", i)
		}
	}
}

func TestFakerLeavesNoTraceInFaker(t *testing.T) {
	t.Parallel()
	a, b := seed.NewFaker(5), seed.NewFaker(5)
	require.Equal(t, a.Word(), b.Word())
	// Were faker drawing from b's generator, these calls would advance it
	// and a and b would part ways; were b drawing from faker's source,
	// seeding faker would change b.
	for range 20 {
		_ = faker.Word()
		_ = faker.FirstName()
	}
	faker.SetRandomSource(faker.NewSafeSource(mathrand.NewSource(1)))
	assert.Equal(t, draws(a, 20), draws(b, 20))
}

func TestGenerateConcurrently(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, shopSpec)
	ref, err := seed.Generate(s, seed.Options{Seed: 31, Counts: shopCounts})
	require.NoError(t, err)
	want := string(mustJSON(t, ref))

	got := make([]string, 8)
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sd := int64(31)
			if i%2 == 1 {
				sd = int64(1000 + i)
			}
			d, err := seed.Generate(s, seed.Options{Seed: sd, Counts: shopCounts})
			errs[i] = err
			if err == nil {
				b, _ := jsonString(d)
				got[i] = b
			}
		}()
	}
	wg.Wait()
	for i := range got {
		require.NoError(t, errs[i])
		if i%2 == 0 {
			assert.Equal(t, want, got[i], "goroutine %d", i)
		} else {
			assert.NotEqual(t, want, got[i], "goroutine %d", i)
		}
	}
}
