package jsonfile

import (
	"context"

	"github.com/pretendo-go/pretendo/adapter"
)

// DefaultPath is the file the "json-file" adapter keeps when
// options.database.dbPath is empty.
const DefaultPath = "./data/db.json"

// The JSON-file adapter is registered as "json-file".
func init() { adapter.Register("json-file", open) }

// open is the Opener of "json-file": Open on c.Path (or [DefaultPath])
// with c's save options, clock and logger. c.Reset becomes [WithReset], so
// that a file that does not parse never stops a reset start.
func open(_ context.Context, c adapter.Config) (adapter.DatabaseAdapter, error) {
	path := c.Path
	if path == "" {
		path = DefaultPath
	}
	opts := []Option{WithClock(c.Clock), WithLogger(c.Logger)}
	if c.AutoSave != nil {
		opts = append(opts, WithAutoSave(*c.AutoSave))
	}
	if c.SaveInterval != nil {
		opts = append(opts, WithSaveInterval(*c.SaveInterval))
	}
	if c.LazyLoading {
		opts = append(opts, WithLazyLoading(true))
	}
	if c.Reset {
		opts = append(opts, WithReset(true))
	}
	store, err := Open(path, opts...)
	if err != nil {
		return nil, err
	}
	return store, nil
}
