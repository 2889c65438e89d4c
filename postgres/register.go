package postgres

import (
	"context"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// Importing this package registers the adapter as "postgres", the way a
// database/sql driver registers itself: a program names it in a spec
// (options.database.adapter: postgres) after
//
//	import _ "github.com/pretendo-go/pretendo/postgres"
//
// and a program without that import does not link pgx.
func init() { adapter.Register("postgres", open) }

// open is the Opener of "postgres": Open on c.DSN with c's clock and
// logger. With c.Reset, the DB it returns loads the initial state at
// Initialize even where the tables hold data.
func open(ctx context.Context, c adapter.Config) (adapter.DatabaseAdapter, error) {
	if c.DSN == "" {
		return nil, &adapter.OptionError{Option: "dsn", Message: "required with the postgres adapter"}
	}
	db, err := Open(ctx, c.DSN, WithClock(c.Clock), WithLogger(c.Logger))
	if err != nil {
		return nil, err
	}
	if c.Reset {
		return resetting{db}, nil
	}
	return db, nil
}

// resetting is a DB whose Initialize is followed by a Reset, so that it
// starts from the initial state whatever its tables kept.
type resetting struct{ *DB }

// Initialize initializes the DB, then resets it to initial.
func (r resetting) Initialize(ctx context.Context, s *schema.Spec, initial adapter.State) error {
	if err := r.DB.Initialize(ctx, s, initial); err != nil {
		return err
	}
	return r.DB.Reset(ctx)
}
