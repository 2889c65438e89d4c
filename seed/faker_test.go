package seed_test

import (
	"math"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/seed"
)

func TestNewFakerSeed(t *testing.T) {
	t.Parallel()
	assert.Equal(t, int64(42), seed.NewFaker(42).Seed())
	assert.Equal(t, int64(-9), seed.NewFaker(-9).Seed())
	a, b := seed.NewFaker(0), seed.NewFaker(0)
	assert.NotZero(t, a.Seed(), "seed 0 picks a random non-zero seed")
	assert.NotEqual(t, a.Seed(), b.Seed())
	again := seed.NewFaker(a.Seed())
	assert.Equal(t, a.UUID(), again.UUID(), "the reported seed reproduces the run")
	assert.NotZero(t, seed.RandomSeed())
}

func TestFakerIntn(t *testing.T) {
	t.Parallel()
	f := seed.NewFaker(1)
	for _, n := range []int{0, -1, math.MinInt} {
		assert.Equal(t, 0, f.Intn(n), "n=%d", n)
	}
	assert.Equal(t, 0, f.Intn(1))
	for range 200 {
		v := f.Intn(7)
		assert.True(t, v >= 0 && v < 7, "%d", v)
	}
	big := f.Intn(math.MaxInt)
	assert.GreaterOrEqual(t, big, 0)
}

func TestFakerIntBetween(t *testing.T) {
	t.Parallel()
	f := seed.NewFaker(2)
	tests := []struct{ lo, hi int }{
		{1, 3}, {3, 1}, {-5, -5}, {math.MinInt, math.MaxInt}, {math.MaxInt - 1, math.MaxInt}, {math.MinInt, math.MinInt + 1},
	}
	for _, tc := range tests {
		lo, hi := min(tc.lo, tc.hi), max(tc.lo, tc.hi)
		for range 50 {
			v := f.IntBetween(tc.lo, tc.hi)
			assert.True(t, v >= lo && v <= hi, "IntBetween(%d, %d) = %d", tc.lo, tc.hi, v)
		}
	}
	seen := map[int]bool{}
	for range 200 {
		seen[f.IntBetween(1, 3)] = true
	}
	assert.Equal(t, map[int]bool{1: true, 2: true, 3: true}, seen, "both ends are reachable")
}

func TestFakerNumber(t *testing.T) {
	t.Parallel()
	f := seed.NewFaker(3)
	tests := []struct {
		name     string
		lo, hi   float64
		decimals int
		wantLo   float64
		wantHi   float64
		exact    float64 // when not NaN, the only possible result
	}{
		{"plain", 1, 2, 2, 1, 2, math.NaN()},
		{"reversed", 5, -5, 0, -5, 5, math.NaN()},
		{"equal bounds", 7.25, 7.25, 2, 7.25, 7.25, 7.25},
		{"no whole number in range", 0.1, 0.2, 0, 0.1, 0.2, 0.1},
		{"negative decimals", 0, 10, -4, 0, 10, math.NaN()},
		{"huge decimals", 0, 1, 1 << 30, 0, 1, math.NaN()},
		{"NaN bounds", math.NaN(), math.NaN(), 1, 0, 0, 0},
		{"infinite bounds", math.Inf(-1), math.Inf(1), 0, -math.MaxFloat64, math.MaxFloat64, math.NaN()},
		{"widest finite range", -math.MaxFloat64, math.MaxFloat64, 2, -math.MaxFloat64, math.MaxFloat64, math.NaN()},
		{"tiny range", 1e-300, 2e-300, 0, 1e-300, 2e-300, 1e-300},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for range 100 {
				v := f.Number(tc.lo, tc.hi, tc.decimals)
				require.False(t, math.IsNaN(v) || math.IsInf(v, 0), "%v", v)
				assert.True(t, v >= tc.wantLo && v <= tc.wantHi, "%v not in [%v, %v]", v, tc.wantLo, tc.wantHi)
				if !math.IsNaN(tc.exact) {
					assert.Equal(t, tc.exact, v)
				}
				if tc.decimals == 0 && tc.name == "reversed" {
					assert.Equal(t, math.Trunc(v), v)
				}
			}
		})
	}
	assert.InDelta(t, 1.23, f.Price(1.23, 1.23), 0)
}

func TestFakerDate(t *testing.T) {
	t.Parallel()
	f := seed.NewFaker(4)
	jan := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	feb := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	berlin := time.FixedZone("CET", 3600)
	tests := []struct {
		name     string
		from, to time.Time
		lo, hi   time.Time
	}{
		{"range", jan, feb, jan, feb},
		{"reversed", feb, jan, jan, feb},
		{"zero bounds use the fixed window", time.Time{}, time.Time{}, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"only from", jan, time.Time{}, jan, jan.AddDate(5, 0, 0)},
		{"only to", time.Time{}, feb, feb.AddDate(-5, 0, 0), feb},
		{"same instant", jan, jan, jan, jan},
		{"other zone", jan.In(berlin), feb.In(berlin), jan, feb},
		{"far past and future", time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)},
	}
	from := jan.Add(100 * time.Millisecond)
	assert.Equal(t, from, f.Date(from, jan.Add(200*time.Millisecond)), "no whole second in the window: from")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for range 50 {
				d := f.Date(tc.from, tc.to)
				assert.Equal(t, time.UTC, d.Location())
				assert.Zero(t, d.Nanosecond())
				assert.False(t, d.Before(tc.lo) || d.After(tc.hi), "%v not in [%v, %v]", d, tc.lo, tc.hi)
			}
		})
	}
}

func TestFakerPickOne(t *testing.T) {
	t.Parallel()
	f := seed.NewFaker(5)
	assert.Nil(t, f.PickOne(nil, nil))
	assert.Nil(t, f.PickOne([]any{}, []float64{1}))
	values := []any{"a", "b", "c"}
	for _, tc := range []struct {
		name    string
		weights []float64
		want    []any
	}{
		{"uniform", nil, values},
		{"zero weights skip values", []float64{0, 0, 1}, []any{"c"}},
		{"mismatched weights fall back to uniform", []float64{1}, values},
		{"negative weights fall back to uniform", []float64{1, -1, 1}, values},
		{"NaN weights fall back to uniform", []float64{math.NaN(), 1, 1}, values},
		{"all zero falls back to uniform", []float64{0, 0, 0}, values},
		{"huge weights", []float64{math.MaxFloat64 / 4, 0, math.MaxFloat64 / 4}, []any{"a", "c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[any]bool{}
			for range 300 {
				v := f.PickOne(values, tc.weights)
				assert.Contains(t, tc.want, v)
				seen[v] = true
			}
			assert.Len(t, seen, len(tc.want), "every allowed value shows up")
		})
	}
	m := map[string]any{"k": []any{1.0}}
	got := f.PickOne([]any{m}, nil).(map[string]any)
	got["k"].([]any)[0] = 2.0
	assert.Equal(t, 1.0, m["k"].([]any)[0], "picked values are copies")
}

func TestFakerTextAndPeople(t *testing.T) {
	t.Parallel()
	f := seed.NewFaker(6)
	tests := []struct {
		name string
		fn   func() string
		re   string
	}{
		{"FirstName", f.FirstName, `^[A-Z][A-Za-z'-]+$`},
		{"LastName", f.LastName, `^[A-Z][A-Za-z' -]+$`},
		{"Name", f.Name, `^\S+ \S+`},
		{"Username", f.Username, `^[a-z0-9][a-z0-9._]{2,}$`},
		{"Email", func() string { return f.Email("") }, `^[a-z0-9.]+@example\.com$`},
		{"Email with a domain", func() string { return f.Email(" mail.test ") }, `^[a-z0-9.]+@mail\.test$`},
		{"Email with a unicode domain", func() string { return f.Email("bücher.de") }, `^[a-z0-9.]+@bücher\.de$`},
		{"Phone", f.Phone, `^\d{3}-\d{3}-\d{4}$`},
		{"Company", f.Company, `^\S`},
		{"City", f.City, `^[A-Z]`},
		{"State", f.State, `^[A-Z]{2}$`},
		{"Country", f.Country, `^\S`},
		{"Address", f.Address, `^\d+ \S`},
		{"ZipCode", f.ZipCode, `^\d{5}$`},
		{"Word", f.Word, `^[a-z]+$`},
		{"Sentence", f.Sentence, `^[A-Z][a-z]*( [a-z]+){4,11}\.$`},
		{"Paragraph", f.Paragraph, `^([A-Z][^.]*\. ){2,5}[A-Z][^.]*\.$`},
		{"Title", f.Title, `^[A-Z][a-z]*( [A-Z][a-z]*){1,5}$`},
		{"Slug", f.Slug, `^[a-z]+(-[a-z]+){1,3}$`},
		{"UUID", f.UUID, uuidRE.String()},
		{"Color", f.Color, `^#[0-9a-f]{6}$`},
		{"Password", f.Password, `^\S{12,20}$`},
		{"Characters", func() string { return f.Characters(9) }, `^[A-Za-z0-9]{9}$`},
		{"URL", f.URL, `^https://`},
		{"ImageURL", f.ImageURL, `^https://picsum\.photos/seed/[a-z]+\d+/\d+/\d+$`},
		{"Avatar", f.Avatar, `^https://picsum\.photos/seed/[a-z]+\d+/200/200$`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			re := regexp.MustCompile(tc.re)
			for range 30 {
				assert.Regexp(t, re, tc.fn())
			}
		})
	}
	for range 30 {
		u, err := url.Parse(f.URL())
		require.NoError(t, err)
		assert.NotEmpty(t, u.Host)
	}
}

func TestFakerHostileCounts(t *testing.T) {
	t.Parallel()
	f := seed.NewFaker(7)
	assert.Empty(t, f.Words(0))
	assert.Empty(t, f.Words(-3))
	assert.Len(t, f.Words(math.MaxInt), 10_000, "Words is capped")
	assert.Len(t, f.Words(4), 4)
	assert.Empty(t, f.Characters(math.MinInt))
	assert.Len(t, f.Characters(math.MaxInt), 10_000, "Characters is capped")
	assert.False(t, f.Chance(0))
	assert.False(t, f.Chance(-1))
	assert.False(t, f.Chance(math.NaN()))
	assert.True(t, f.Chance(1))
	assert.True(t, f.Chance(math.Inf(1)))
}

func TestFakerUUIDIsVersion4(t *testing.T) {
	t.Parallel()
	f := seed.NewFaker(8)
	seen := map[string]bool{}
	for range 1000 {
		u := f.UUID()
		require.Regexp(t, uuidRE, u)
		assert.False(t, seen[u])
		seen[u] = true
		assert.Equal(t, u, strings.ToLower(u))
	}
}
