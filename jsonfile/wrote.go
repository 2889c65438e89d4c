package jsonfile

import (
	"hash/maphash"
	"io"
	"sync"
)

// wroteKept is how many of its last saves a Store recognizes.
const wroteKept = 8

// wrote remembers the contents of the last saves, by their hash.
type wrote struct {
	seed maphash.Seed
	mu   sync.Mutex
	sums [wroteKept]uint64
	n    int
}

// hasher returns a writer that hashes what the save writes through it, and
// the function that remembers the hash once the content is complete.
func (wr *wrote) hasher(w io.Writer) (io.Writer, func()) {
	h := new(maphash.Hash)
	h.SetSeed(wr.seed)
	return io.MultiWriter(w, h), func() {
		wr.mu.Lock()
		wr.sums[wr.n%wroteKept] = h.Sum64()
		wr.n++
		wr.mu.Unlock()
	}
}

// Wrote reports whether data is the content of the file as one of the
// store's last few saves wrote it, so that a program that watches the file
// can tell the store's own saves from another writer's changes. The hash
// is recorded before the save replaces the file, so a watcher never sees
// the new file before Wrote knows it.
func (s *Store) Wrote(data []byte) bool {
	sum := maphash.Bytes(s.wrote.seed, data)
	s.wrote.mu.Lock()
	defer s.wrote.mu.Unlock()
	for i := range min(s.wrote.n, wroteKept) {
		if s.wrote.sums[i] == sum {
			return true
		}
	}
	return false
}
