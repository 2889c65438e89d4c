package memory

import (
	"context"

	"github.com/pretendo-go/pretendo/adapter"
)

// The memory adapter is registered as "memory", the library's default.
func init() { adapter.Register("memory", open) }

// open is the Opener of "memory": a new DB on c's clock. A new DB holds
// nothing but the initial state Initialize gives it, so c.Reset needs no
// work.
func open(_ context.Context, c adapter.Config) (adapter.DatabaseAdapter, error) {
	return New(WithClock(c.Clock)), nil
}
