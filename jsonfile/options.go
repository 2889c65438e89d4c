package jsonfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"time"
)

// Option configures a Store opened by Open.
type Option func(*config)

// Defaults of the options.
const (
	// DefaultSaveInterval is the save interval of spec key
	// options.database.saveInterval when it is absent (5000 ms).
	DefaultSaveInterval = 5 * time.Second
	// DefaultFileMode is the permission of the database file.
	DefaultFileMode fs.FileMode = 0o644
)

type config struct {
	autoSave   bool
	interval   time.Duration
	clock      func() time.Time
	logger     *slog.Logger
	lazy       bool
	reset      bool
	mode       fs.FileMode
	wrapWriter func(io.Writer) io.Writer
}

func defaults() config {
	return config{
		autoSave: true,
		interval: DefaultSaveInterval,
		clock:    time.Now,
		logger:   slog.Default(),
		mode:     DefaultFileMode,
	}
}

// validate reports option values that cannot apply.
func (c *config) validate() error {
	var errs []error
	if c.interval < 0 {
		errs = append(errs, fmt.Errorf("jsonfile: save interval %v is negative (0 saves on every change)", c.interval))
	}
	if c.mode&^fs.ModePerm != 0 {
		errs = append(errs, fmt.Errorf("jsonfile: file mode %v holds more than permission bits", c.mode))
	} else if c.mode&0o600 != 0o600 {
		errs = append(errs, fmt.Errorf("jsonfile: file mode %v does not let the owner read and write the file", c.mode))
	}
	return errors.Join(errs...)
}

// WithAutoSave turns automatic saving on or off (spec key
// options.database.autoSave; default true). With it on, changes are saved
// as [WithSaveInterval] says; with it off, the file is written only by
// [Store.Save] and [Store.Close].
func WithAutoSave(on bool) Option {
	return func(c *config) { c.autoSave = on }
}

// WithSaveInterval sets how often automatic saves may happen (spec key
// options.database.saveInterval, in milliseconds; default
// [DefaultSaveInterval]). With d > 0, changes are written in the
// background, at most once per d. With d == 0, every change is written
// before the call that made it returns (concurrent changes share one
// write). A negative d makes Open fail.
func WithSaveInterval(d time.Duration) Option {
	return func(c *config) { c.interval = d }
}

// WithClock sets the clock that stamps each resource's last modification
// (see [Store.Stats]); the root package's WithClock passes its clock here.
// The default is time.Now; nil keeps it. Save timing always uses real time.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithLogger sets the logger that failed saves, and records of a loaded
// file that point at no record, are reported to.
// The default is slog.Default(); nil keeps it.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithLazyLoading makes Initialize return before the file is parsed (spec
// key options.database.optimizations.lazyLoading; default false): a faster
// start for large files; a broken file is reported on first use instead of
// at Open. Initialize still checks that the file can be read and starts like
// a JSON object; the rest is parsed in the background, and every method
// waits for it. If the file turns out to be broken, every method returns
// the error (wrapping the *LoadError, [ErrLoad] and adapter.ErrUnavailable)
// and Close leaves the file alone.
func WithLazyLoading(on bool) Option {
	return func(c *config) { c.lazy = on }
}

// WithReset makes Initialize start from its initial state and write it
// over the file, without reading what the file holds (default false): a
// file that does not parse, or that holds another spec's resources, is
// replaced too. The CLI's --reset flag sets it.
func WithReset(on bool) Option {
	return func(c *config) { c.reset = on }
}

// WithFileMode sets the permission bits of the database file (default
// [DefaultFileMode]); the umask does not apply. The owner must be able to
// read and write it, or Open fails.
func WithFileMode(mode fs.FileMode) Option {
	return func(c *config) { c.mode = mode }
}

// WithFileWriter makes every save write the file's new content through the
// writer wrap returns for the one the save would use, so that a test can
// simulate a full disk (a Write that fails with syscall.ENOSPC), a slow one,
// or count what is written. The file is still replaced atomically: a save
// whose writer fails leaves the previous file in place and fails as a full
// disk would make it fail. wrap is called once per save, from one goroutine
// at a time; nil (the default) writes straight to the file.
func WithFileWriter(wrap func(io.Writer) io.Writer) Option {
	return func(c *config) { c.wrapWriter = wrap }
}
