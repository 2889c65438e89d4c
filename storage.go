package pretendo

import (
	"fmt"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
)

// openAdapter returns the adapter WithAdapter gave, or the one
// options.database chooses (memory when unset).
func openAdapter(sp *Spec, cfg config) (adapter.DatabaseAdapter, error) {
	if cfg.adapter != nil {
		return cfg.adapter, nil
	}
	switch sp.Options.Database.Adapter {
	case "", "memory":
		return memory.New(memory.WithClock(cfg.clock)), nil
	default:
		return nil, fmt.Errorf("%w: options.database.adapter %q has no built-in adapter; plug one in with WithAdapter", ErrInvalidSpec, sp.Options.Database.Adapter)
	}
}
