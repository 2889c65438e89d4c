package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dataset is the decoded output of generate.
type dataset struct {
	Users []user `json:"users"`
	Posts []post `json:"posts"`
}

func mustGenerate(t testing.TB, c config) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, generate(&buf, c))
	return buf.Bytes()
}

func TestGenerateIsDeterministic(t *testing.T) {
	tests := map[string]config{
		"empty":          {users: 0, posts: 0, seed: 1},
		"users only":     {users: 7, posts: 0, seed: 1},
		"small":          {users: 3, posts: 20, seed: 42},
		"seed zero":      {users: 5, posts: 5, seed: 0},
		"negative seed":  {users: 5, posts: 5, seed: -9_223_372_036_854_775_808},
		"benchmark size": {users: 1000, posts: 10000, seed: 42},
	}
	for name, c := range tests {
		t.Run(name, func(t *testing.T) {
			first := mustGenerate(t, c)
			second := mustGenerate(t, c)
			assert.Equal(t, first, second, "same config, different bytes")
		})
	}
}

func TestGenerateSeedChangesData(t *testing.T) {
	base := mustGenerate(t, config{users: 10, posts: 10, seed: 42})
	for _, seed := range []int64{0, 1, 41, 43, -42, 1 << 62} {
		other := mustGenerate(t, config{users: 10, posts: 10, seed: seed})
		assert.NotEqual(t, base, other, "seed %d gives the bytes of seed 42", seed)
	}
}

// TestGenerateGolden pins the bytes: a change to the generator, its word
// lists or its PRNG changes every benchmark's data set and must be
// deliberate.
func TestGenerateGolden(t *testing.T) {
	tests := []struct {
		name string
		c    config
		want string
	}{
		{"tiny", config{users: 2, posts: 3, seed: 1}, tinySHA},
		{"benchmark", config{users: 1000, posts: 10000, seed: 42}, benchmarkSHA},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum := sha256.Sum256(mustGenerate(t, tt.c))
			assert.Equal(t, tt.want, hex.EncodeToString(sum[:]))
		})
	}
}

// The sha256 of two outputs; see TestGenerateGolden.
const (
	tinySHA      = "4a85f61a37ce8b46bbe33cc6ace19973a11c283023c7ee8f8c01a8a214a2c3d3"
	benchmarkSHA = "757a596faf80f21f966fac36e15aae184106d1ef124a7d9d710e102d19562788"
)

func TestGenerateShape(t *testing.T) {
	c := config{users: 50, posts: 400, seed: 7}
	out := mustGenerate(t, c)

	var d dataset
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&d))
	require.Len(t, d.Users, c.users)
	require.Len(t, d.Posts, c.posts)

	// The layout is exactly json.MarshalIndent's with two spaces, plus a
	// final newline: what json-server and pretendo's json-file store write.
	again, err := json.MarshalIndent(d, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, string(append(again, '\n')), string(out))

	emails := map[string]bool{}
	for i, u := range d.Users {
		assert.Equal(t, i+1, u.ID)
		assert.NotEmpty(t, u.Username)
		assert.Contains(t, []string{"admin", "editor", "user"}, u.Role)
		assert.GreaterOrEqual(t, u.Age, 18)
		assert.LessOrEqual(t, u.Age, 79)
		assert.False(t, emails[u.Email], "duplicate email %s", u.Email)
		emails[u.Email] = true
	}
	owners := map[int]bool{}
	for i, p := range d.Posts {
		assert.Equal(t, i+1, p.ID)
		assert.NotEmpty(t, p.Title)
		assert.NotEmpty(t, p.Body)
		assert.GreaterOrEqual(t, p.UserID, 1)
		assert.LessOrEqual(t, p.UserID, c.users)
		owners[p.UserID] = true
		at, err := time.Parse(time.RFC3339, p.CreatedAt)
		if assert.NoError(t, err) {
			assert.False(t, at.Before(createdAtFrom), p.CreatedAt)
			assert.True(t, at.Before(createdAtFrom.Add(createdAtSpan*time.Second)), p.CreatedAt)
		}
	}
	assert.Greater(t, len(owners), c.users/2, "posts should spread over the users")
}

func TestGenerateEmptyArrays(t *testing.T) {
	out := mustGenerate(t, config{})
	assert.Equal(t, "{\n  \"users\": [],\n  \"posts\": []\n}\n", string(out))
}

func TestGenerateRefuses(t *testing.T) {
	tests := map[string]struct {
		c    config
		want error
	}{
		"negative users":       {config{users: -1}, errNegativeCount},
		"negative posts":       {config{users: 1, posts: -1}, errNegativeCount},
		"most negative":        {config{users: -1 << 63}, errNegativeCount},
		"too many users":       {config{users: maxUsers + 1}, errTooMany},
		"too many posts":       {config{users: 1, posts: maxPosts + 1}, errTooMany},
		"huge posts":           {config{users: 1, posts: 1<<63 - 1}, errTooMany},
		"posts without owners": {config{users: 0, posts: 1}, errNoUsers},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			err := generate(&buf, tt.c)
			assert.ErrorIs(t, err, tt.want)
			assert.Zero(t, buf.Len(), "nothing is written for a refused config")
		})
	}
}

var errWriteFailed = errors.New("write failed")

// failingWriter accepts limit bytes, then fails.
type failingWriter struct{ limit int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.limit {
		n := w.limit
		w.limit = 0
		return n, errWriteFailed
	}
	w.limit -= len(p)
	return len(p), nil
}

func TestGenerateReportsWriteErrors(t *testing.T) {
	for _, limit := range []int{0, 10, 70_000, 1 << 20} {
		err := generate(&failingWriter{limit: limit}, config{users: 1000, posts: 10000, seed: 42})
		assert.ErrorIs(t, err, errWriteFailed, "limit %d", limit)
	}
}
