package postgres

import (
	"log/slog"
	"time"
)

// Option configures a DB opened by Open.
type Option func(*config)

type config struct {
	prefix      string
	clock       func() time.Time
	foreignKeys bool
	logger      *slog.Logger
}

// DefaultPrefix is the table name prefix used unless WithPrefix says
// otherwise.
const DefaultPrefix = "pretendo_"

// WithPrefix sets the prefix of every table the DB creates: resource users
// lives in table <prefix>users, and the id counters and modification times
// in <prefix>_state. Servers that share a prefix share their data; give
// each its own prefix to keep several apart in one database. The prefix is
// up to 40 ASCII letters, digits and underscores (Open rejects anything
// else); the default is DefaultPrefix.
func WithPrefix(prefix string) Option {
	return func(c *config) { c.prefix = prefix }
}

// WithClock sets the clock the DB reads to stamp the last modification of
// each resource (see DB.Stats). The default is time.Now; a nil clock keeps
// the default.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithForeignKeys sets whether Initialize creates FOREIGN KEY constraints
// for the references of the spec (default true). With them the database
// refuses a record that points at no record, and acts on deletes (ON DELETE
// CASCADE, SET NULL or NO ACTION) even for writes that bypass the server.
// Without them the tables are plain storage, as the memory adapter is, and
// only the server enforces references: the adaptertest kit needs that,
// since it deletes referenced records on purpose. Turning them off does
// not drop constraints created earlier.
func WithForeignKeys(on bool) Option {
	return func(c *config) { c.foreignKeys = on }
}

// WithLogger sets the logger Initialize reports to when it keeps the data
// stored under the prefix instead of loading the initial state. The
// default is slog.Default(); nil keeps it.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}
