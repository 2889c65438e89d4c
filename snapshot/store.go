package snapshot

import (
	"context"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// Option configures a Store made by NewMemory or OpenDir.
type Option func(*config)

type config struct {
	max   int
	depth int
}

// WithMax bounds the number of snapshots a store keeps to n: a Put of a
// new name while n snapshots are kept fails with an error wrapping
// ErrFull, touching nothing; a Put that replaces a snapshot always works.
// The default, 0 (or less), sets no bound.
func WithMax(n int) Option { return func(c *config) { c.max = n } }

// WithMaxDepth sets how many levels of objects and arrays a record of a
// snapshot file may nest, the record itself being the first (spec key
// options.maxDepth; default schema.DefaultMaxDepth; n <= 0 keeps it). A
// Dir's Get fails with a *FileError naming the record on a file with a
// deeper one; the memory store holds states, which are never read back from
// text, and ignores it.
func WithMaxDepth(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.depth = n
		}
	}
}

func newConfig(opts []Option) config {
	c := config{depth: schema.DefaultMaxDepth}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// Store keeps named snapshots.
//
// Every method checks the name with CheckName first and fails with an
// error wrapping ErrInvalidName, touching nothing, for a bad one. Names are
// exact: a name that differs only in case from a stored one is a different,
// absent, name for Get and Delete, and cannot be Put (see Put).
//
// All methods are safe for concurrent use. The states passed to Put and
// returned by Get are immutable; the Meta values returned are the caller's.
type Store interface {
	// Put stores st under m.Name, with m's description and creation time
	// and counts taken from st (m.Counts is ignored). If the name is taken,
	// Put fails with ErrExists unless overwrite is set, in which case the
	// snapshot is replaced. A new name beyond the store's WithMax bound
	// fails with ErrFull. A name that equals a stored one ignoring case
	// but not exactly fails with ErrInvalidName, overwrite or not, because
	// the two would be one file on a case-insensitive disk.
	Put(ctx context.Context, m Meta, st adapter.State, overwrite bool) error

	// Get returns the snapshot named name, or an error wrapping ErrNotFound.
	Get(ctx context.Context, name string) (Meta, adapter.State, error)

	// List returns the metadata of every snapshot, sorted by name.
	List(ctx context.Context) ([]Meta, error)

	// Delete removes the snapshot named name, or fails with ErrNotFound.
	Delete(ctx context.Context, name string) error
}

var (
	_ Store = (*Memory)(nil)
	_ Store = (*Dir)(nil)
)
