package pretendo

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/jsonfile"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/postgres"
)

// Adapter names accepted by options.database.adapter.
const (
	AdapterMemory   = "memory"
	AdapterJSONFile = "json-file"
	AdapterPostgres = "postgres"
)

// DefaultDBPath is the json-file path when options.database.dbPath is empty.
const DefaultDBPath = "./data/db.json"

// resetsItself reports whether the adapter openAdapter returns for sp
// applies WithReset at Initialize (a json-file store it builds does, so
// that a broken file never stops it), rather than by a Reset after it.
func resetsItself(sp *Spec, cfg config) bool {
	return cfg.adapter == nil && sp.Options.Database.Adapter == AdapterJSONFile
}

// openAdapter returns the adapter WithAdapter gave, or the one
// options.database chooses (memory when unset).
func openAdapter(sp *Spec, cfg config) (adapter.DatabaseAdapter, error) {
	if cfg.adapter != nil {
		return cfg.adapter, nil
	}
	db := sp.Options.Database
	switch db.Adapter {
	case "", AdapterMemory:
		return memory.New(memory.WithClock(cfg.clock)), nil
	case AdapterJSONFile:
		path := db.DBPath
		if path == "" {
			path = DefaultDBPath
		}
		opts := []jsonfile.Option{jsonfile.WithClock(cfg.clock), jsonfile.WithLogger(cfg.logger)}
		if db.AutoSave != nil {
			opts = append(opts, jsonfile.WithAutoSave(*db.AutoSave))
		}
		if db.SaveInterval != nil {
			opts = append(opts, jsonfile.WithSaveInterval(time.Duration(*db.SaveInterval)*time.Millisecond))
		}
		if db.Optimizations.LazyLoading {
			opts = append(opts, jsonfile.WithLazyLoading(true))
		}
		if cfg.reset {
			opts = append(opts, jsonfile.WithReset(true))
		}
		store, err := jsonfile.Open(path, opts...)
		if err != nil {
			return nil, fmt.Errorf("pretendo: opening json-file store: %w", err)
		}
		return store, nil
	case AdapterPostgres:
		if db.DSN == "" {
			return nil, fmt.Errorf("%w: options.database.dsn is required with the postgres adapter", ErrInvalidSpec)
		}
		pg, err := postgres.Open(context.Background(), db.DSN, postgres.WithClock(cfg.clock), postgres.WithLogger(cfg.logger))
		if err != nil {
			return nil, fmt.Errorf("pretendo: opening postgres store: %w", err)
		}
		return pg, nil
	default:
		return nil, fmt.Errorf("%w: options.database.adapter %q has no built-in adapter; plug one in with WithAdapter", ErrInvalidSpec, db.Adapter)
	}
}

// unavailableMessage is the answer to a request that storage cannot serve
// (err matches ErrUnavailable): for a json-file that did not load, the
// file, the place in it, the cause and the ways out.
func unavailableMessage(err error) string {
	var le *jsonfile.LoadError
	if !errors.As(err, &le) {
		return "storage unavailable: " + apiMessage(err)
	}
	return "the database file did not load, so nothing that needs records can be served: " + loadErrorText(le) +
		"; fix the file and restart, restart with --reset (WithReset in Go) to replace it with the initial data, " +
		"or with --db PATH to use another file"
}

// loadErrorText is "file:line:column: cause" for a client, whose file
// names the server's own path.
func loadErrorText(le *jsonfile.LoadError) string {
	place := le.Path
	if le.Line > 0 {
		place += ":" + strconv.Itoa(le.Line) + ":" + strconv.Itoa(le.Column)
	}
	return place + ": " + apiMessage(le.Err)
}
