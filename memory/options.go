package memory

import "time"

// Option configures a DB created by New.
type Option func(*config)

type config struct {
	clock func() time.Time
}

// WithClock sets the clock the DB reads to stamp the last modification of
// each resource (see [DB.Stats]). The default is time.Now; a nil clock
// keeps the default.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}
