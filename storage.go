package pretendo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/jsonfile"
	_ "github.com/pretendo-go/pretendo/memory" // registers "memory"
)

// Adapter names accepted by options.database.adapter. The memory and
// json-file adapters are always registered; postgres is registered by
//
//	import _ "github.com/pretendo-go/pretendo/postgres"
//
// and a spec that names it in a program without that import fails to open
// with an error that says so.
const (
	AdapterMemory   = "memory"
	AdapterJSONFile = "json-file"
	AdapterPostgres = "postgres"
)

// DefaultDBPath is the json-file path when options.database.dbPath is empty.
const DefaultDBPath = jsonfile.DefaultPath

// resetsItself reports whether the adapter openAdapter returns applies
// WithReset at Initialize, rather than by a Reset after it: every
// registered adapter does (the json-file store without reading its file,
// so that a broken file never stops it); one given by WithAdapter does not.
func resetsItself(_ *Spec, cfg config) bool {
	return cfg.adapter == nil
}

// openAdapter returns the adapter WithAdapter gave, or opens the one
// registered under the name options.database.adapter gives (memory when
// unset). A name nobody registered, or an option the adapter cannot open
// with, is a *SpecError at that option.
func openAdapter(sp *Spec, cfg config) (adapter.DatabaseAdapter, error) {
	if cfg.adapter != nil {
		return cfg.adapter, nil
	}
	db := sp.Options.Database
	name := db.Adapter
	if name == "" {
		name = AdapterMemory
	}
	c := adapter.Config{
		Path:        db.DBPath,
		DSN:         db.DSN,
		AutoSave:    db.AutoSave,
		LazyLoading: db.Optimizations.LazyLoading,
		Reset:       cfg.reset,
		Clock:       cfg.clock,
		Logger:      cfg.logger,
	}
	if db.SaveInterval != nil {
		d := time.Duration(*db.SaveInterval) * time.Millisecond
		c.SaveInterval = &d
	}
	store, err := adapter.Open(context.Background(), name, c)
	var notRegistered *adapter.NotRegisteredError
	var option *adapter.OptionError
	switch {
	case errors.As(err, &notRegistered):
		return nil, &SpecError{Problems: []SpecProblem{{Path: "options.database.adapter", Message: notRegistered.Error()}}}
	case errors.As(err, &option):
		return nil, &SpecError{Problems: []SpecProblem{{Path: "options.database." + option.Option, Message: option.Message}}}
	case err != nil:
		return nil, fmt.Errorf("pretendo: opening %s store: %w", name, err)
	}
	return store, nil
}
