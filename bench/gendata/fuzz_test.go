package main

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzGenerate checks, for any small counts and any seed, that generate
// either refuses the counts or writes valid JSON with the asked numbers of
// records, the same bytes twice.
func FuzzGenerate(f *testing.F) {
	f.Add(0, 0, int64(0))
	f.Add(1, 1, int64(-1))
	f.Add(3, 20, int64(42))
	f.Add(-1, 5, int64(7))
	f.Add(0, 2, int64(9))
	f.Fuzz(func(t *testing.T, users, posts int, seed int64) {
		// Keep each run small; the limits themselves are tested elsewhere.
		if users > 200 || posts > 500 {
			t.Skip()
		}
		c := config{users: users, posts: posts, seed: seed}
		var first bytes.Buffer
		if err := generate(&first, c); err != nil {
			if c.check() == nil {
				t.Fatalf("generate failed on an accepted config %+v: %v", c, err)
			}
			return
		}
		var d dataset
		if err := json.Unmarshal(first.Bytes(), &d); err != nil {
			t.Fatalf("invalid JSON for %+v: %v", c, err)
		}
		if len(d.Users) != users || len(d.Posts) != posts {
			t.Fatalf("got %d users and %d posts, want %d and %d", len(d.Users), len(d.Posts), users, posts)
		}
		for _, p := range d.Posts {
			if p.UserID < 1 || p.UserID > users {
				t.Fatalf("post %d belongs to user %d of %d", p.ID, p.UserID, users)
			}
		}
		var second bytes.Buffer
		if err := generate(&second, c); err != nil || !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("second run differs (err %v)", err)
		}
	})
}
