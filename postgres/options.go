package postgres

import "time"

// Option configures a DB opened by Open.
type Option func(*config)

type config struct {
	prefix string
	clock  func() time.Time
}

// DefaultPrefix is the table name prefix used unless WithPrefix says
// otherwise.
const DefaultPrefix = "pretendo_"

// WithPrefix sets the prefix of every table the DB creates: resource users
// lives in table <prefix>users, and the id counters and modification times
// in <prefix>_state. Servers that share a prefix share their data; give
// each its own prefix to keep several apart in one database. The prefix is
// up to 40 ASCII letters, digits and underscores; the default is
// DefaultPrefix, and Open rejects any other.
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
