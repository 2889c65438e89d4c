package uuid_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/uuid"
)

func TestValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"123e4567-e89b-42d3-a456-426614174000", true},
		{"123E4567-E89B-42D3-A456-426614174000", true},
		{"00000000-0000-0000-0000-000000000000", true},
		{"", false},
		{"123e4567e89b42d3a456426614174000", false},
		{"{123e4567-e89b-42d3-a456-426614174000}", false},
		{"123e4567-e89b-42d3-a456-42661417400", false},
		{"123e4567-e89b-42d3-a456-4266141740000", false},
		{"123e4567-e89b-42d3-a456_426614174000", false},
		{"123e4567-e89b-42d3-a456-42661417400g", false},
		{"123e4567-e89b-42d3-a4560426614174000", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, uuid.Valid(tt.in))
		})
	}
}

func TestFormatSetsVersionAndVariant(t *testing.T) {
	t.Parallel()
	var ones [16]byte
	for i := range ones {
		ones[i] = 0xff
	}
	assert.Equal(t, "00000000-0000-4000-8000-000000000000", uuid.Format([16]byte{}))
	assert.Equal(t, "ffffffff-ffff-4fff-bfff-ffffffffffff", uuid.Format(ones))
	b := [16]byte{0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00}
	assert.Equal(t, fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], []byte{0x42, 0xd3}, []byte{0xa4, 0x56}, b[10:16]), uuid.Format(b))
}

func TestNewIsRandomAndValid(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		u := uuid.New()
		require.True(t, uuid.Valid(u), u)
		assert.Equal(t, byte('4'), u[14])
		assert.Contains(t, "89ab", string(u[19]))
		assert.False(t, seen[u])
		seen[u] = true
	}
}

func TestSeededRepeats(t *testing.T) {
	t.Parallel()
	a, b, c := uuid.Seeded(42), uuid.Seeded(42), uuid.Seeded(43)
	for range 10 {
		x := a()
		require.True(t, uuid.Valid(x))
		assert.Equal(t, x, b())
		assert.NotEqual(t, x, c())
	}
	// The sequence is the little-endian bytes of a PCG stream, as servers
	// with WithRandSeed have always numbered their records.
	rng := rand.New(rand.NewPCG(7, 0x9e3779b97f4a7c15))
	hi, lo := rng.Uint64(), rng.Uint64()
	var want [16]byte
	for i := range 8 {
		want[i], want[8+i] = byte(hi>>(8*i)), byte(lo>>(8*i))
	}
	assert.Equal(t, uuid.Format(want), uuid.Seeded(7)())
}

func TestSeededIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	gen := uuid.Seeded(1)
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]bool{}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				u := gen()
				mu.Lock()
				seen[u] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, seen, 200)
}
