package jsonfile

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/atomicfile"
	"github.com/pretendo-go/pretendo/memory"
)

// Store is an adapter.DatabaseAdapter that keeps its state in memory (a
// memory.DB answers every call) and in a JSON file. Create one with Open;
// the zero value is not usable. All methods are safe for concurrent use.
type Store struct {
	path string
	cfg  config
	db   *memory.DB
	lock *fileLock

	// writeFile replaces the file; tests swap it to simulate a full disk.
	writeFile func(path string, perm fs.FileMode, write func(io.Writer) error) error
	// saves counts attempted writes of the file, for tests.
	saves atomic.Int64
	// wrote recognizes the contents the last saves wrote (see Wrote).
	wrote wrote

	closed    atomic.Bool
	closeOnce sync.Once
	closeErr  error

	// initMu serializes Initialize and Close.
	initMu sync.Mutex
	// load is the current load of the file; nil before Initialize.
	load atomic.Pointer[loading]

	// saveMu serializes writes and reads of the file and guards resources,
	// depth, texts and saved.
	saveMu    sync.Mutex
	resources []resourceKey
	// refs are the reference fields of the spec, which loads check.
	refs []reference
	// depth is how deeply a record of the file may nest
	// (options.maxDepth).
	depth int
	// texts holds the file text of the records the saves wrote.
	texts *textCache
	// saved is the state the file holds: the one the last good save
	// wrote, or the last load read. With a save interval of 0, a failed
	// save goes back to it (see undo).
	saved adapter.State

	// wmu serializes changes of the state with the counting of generations.
	wmu sync.Mutex
	// gen counts committed changes. A save records the generation it read
	// before taking its Backup: the file then holds at least that many.
	gen atomic.Uint64

	// rmu guards durable and next.
	rmu sync.Mutex
	// durable is the largest generation a successful save (or load) covers.
	durable uint64
	// next is the round of saving that writers of generations above
	// durable wait for.
	next *round

	// kick wakes the background saver, stop ends it, saverDone reports
	// its end. All three are nil without autoSave.
	kick      chan struct{}
	stop      chan struct{}
	saverDone chan struct{}
}

var (
	_ adapter.DatabaseAdapter = (*Store)(nil)
	_ adapter.Saver           = (*Store)(nil)
)

// Open prepares a Store for the JSON file at path: it checks that path is
// not a folder, creates its parent folders (mode 0755) and locks the file
// against other stores, in this process or any other, through the lock
// file path+".lock" (on Unix an flock(2) lock, which a crashed process does
// not leave behind). A second Open of a locked file fails with an error
// wrapping [ErrLocked] that names it. Open also removes temporary files that
// an interrupted save left next to path.
//
// Open does not read the file: Initialize does, once it has the spec. The
// caller must call Close when finished, which saves pending changes and
// releases the lock.
func Open(path string, opts ...Option) (*Store, error) {
	cfg := defaults()
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if path == "" {
		return nil, errors.New("jsonfile: empty database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("jsonfile: database path %q: %w", path, err)
	}
	info, err := os.Stat(abs)
	switch {
	case err == nil && info.IsDir():
		return nil, fmt.Errorf("jsonfile: database path %s is a folder; it must name a file, like %s", abs, filepath.Join(abs, "db.json"))
	case err == nil && !info.Mode().IsRegular():
		return nil, fmt.Errorf("jsonfile: database path %s is not a regular file (%v)", abs, info.Mode().Type())
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("jsonfile: database path: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("jsonfile: creating the folder of %s: %w", abs, err)
	}
	lock, err := lockFile(abs+".lock", abs)
	if err != nil {
		return nil, err
	}
	removeTemps(abs)
	s := &Store{
		path:      abs,
		cfg:       cfg,
		db:        memory.New(memory.WithClock(cfg.clock)),
		lock:      lock,
		writeFile: atomicfile.WriteFile,
		next:      newRound(),
		texts:     newTextCache(),
		wrote:     wrote{seed: maphash.MakeSeed()},
	}
	if cfg.autoSave {
		s.kick = make(chan struct{}, 1)
		s.stop = make(chan struct{})
		s.saverDone = make(chan struct{})
		go s.runSaver()
	}
	return s, nil
}

// removeTemps deletes the temporary files of saves that a crash
// interrupted. The caller holds the lock, so no save of path is running.
func removeTemps(path string) {
	dir, base := filepath.Split(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + ".tmp-"
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasPrefix(e.Name(), prefix) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// Name returns "json-file", the adapter's name in specs.
func (s *Store) Name() string { return "json-file" }

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// closedError reports use after Close.
func closedError() error { return fmt.Errorf("jsonfile: %w", adapter.ErrClosed) }

// ready reports a nil or cancelled context or a closed store, waits for a
// lazy load to end, and reports a load that failed (an error wrapping both
// the *LoadError and adapter.ErrUnavailable).
func (s *Store) ready(ctx context.Context) error {
	if ctx == nil {
		return errors.New("jsonfile: nil context")
	}
	if s.closed.Load() {
		return closedError()
	}
	if ld := s.load.Load(); ld != nil {
		select {
		case <-ld.done:
		default:
			select {
			case <-ld.done:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if ld.err != nil {
			return unavailableError{ld.err}
		}
	}
	return ctx.Err()
}

// unavailableError is the error of a failed load as every later call
// reports it: the same text, matching adapter.ErrUnavailable as well, since
// the store serves nothing until the file is fixed.
type unavailableError struct{ err error }

func (e unavailableError) Error() string   { return e.err.Error() }
func (e unavailableError) Unwrap() []error { return []error{e.err, adapter.ErrUnavailable} }

// loaded reports whether the file has been loaded (or created) without
// error, which is when the store may write it.
func (s *Store) loaded() bool {
	ld := s.load.Load()
	if ld == nil {
		return false
	}
	select {
	case <-ld.done:
		return ld.err == nil
	default:
		return false
	}
}

// View runs fn in a read-only transaction; see memory.DB.View. It never
// waits for a save.
func (s *Store) View(ctx context.Context, fn func(adapter.Tx) error) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	return s.db.View(ctx, fn)
}

// Update runs fn in a read-write transaction; see memory.DB.Update. If fn
// changed something and returns nil, the change is saved as the options
// say. With a save interval of 0, Update returns only once a save covers the
// change (concurrent writers share one save). If that save fails (a full
// disk, say), the change is undone before Update returns, with every other
// change not yet in the file, counters and last modifications included, so
// that memory and file agree again; the error wraps adapter.ErrNotSaved and
// the save's cause, and the caller may try again. With a save interval
// above 0, Update returns once the change is made; a failed background save
// keeps the change, is logged, and is tried again an interval later until it
// succeeds or Close makes the last attempt.
func (s *Store) Update(ctx context.Context, fn func(adapter.WriteTx) error) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	if fn == nil {
		return errors.New("jsonfile: Update with a nil function")
	}
	return s.change(ctx, func() (bool, error) {
		t := &trackTx{}
		err := s.db.Update(ctx, func(tx adapter.WriteTx) error {
			t.WriteTx = tx
			return fn(t)
		})
		return t.wrote, err
	})
}

// Backup returns the current state, in O(1); see memory.DB.Backup.
func (s *Store) Backup(ctx context.Context) (adapter.State, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	return s.db.Backup(ctx)
}

// Restore replaces the whole state; see memory.DB.Restore. The new state is
// saved like any change (see Update).
func (s *Store) Restore(ctx context.Context, st adapter.State) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	return s.change(ctx, func() (bool, error) { return true, s.db.Restore(ctx, st) })
}

// Reset returns to the initial state given to Initialize; see
// memory.DB.Reset. It is saved like any change (see Update).
func (s *Store) Reset(ctx context.Context) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	return s.change(ctx, func() (bool, error) { return true, s.db.Reset(ctx) })
}

// Stats reports the record count and last modification of each resource;
// see memory.DB.Stats.
func (s *Store) Stats(ctx context.Context) (map[string]adapter.ResourceStats, error) {
	if err := s.ready(ctx); err != nil {
		return nil, err
	}
	return s.db.Stats(ctx)
}

// change runs apply, which reports whether it changed the state, as the
// next change, and then saves it as the options say.
func (s *Store) change(ctx context.Context, apply func() (bool, error)) error {
	g, r, err := s.commit(ctx, apply)
	if err != nil || r == nil || !s.cfg.autoSave {
		return err
	}
	if s.cfg.interval > 0 {
		s.poke()
		return nil
	}
	return s.waitSaved(ctx, g, r)
}

// commit runs apply under wmu and, if it changed the state, returns the
// generation of the change and the round of saving that will cover it: the
// one that has not started yet. The deferred unlock keeps the store usable
// when a caller's transaction function panics (net/http recovers handler
// panics).
func (s *Store) commit(ctx context.Context, apply func() (bool, error)) (uint64, *round, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	// Recheck under wmu: Close or a new Initialize may have come between.
	if err := s.ready(ctx); err != nil {
		return 0, nil, err
	}
	changed, err := apply()
	if err != nil || !changed {
		return 0, nil, err
	}
	g := s.gen.Add(1)
	s.rmu.Lock()
	defer s.rmu.Unlock()
	return g, s.next, nil
}

// Save writes the current state to the file now, whether or not it
// changed, and returns when the file is on disk. It fails before
// Initialize, after a failed load and after Close. A failed save (a full
// disk, say) leaves the previous file in place and the state in memory as
// it was (changes not yet in the file stay, to be saved later); it is
// logged and returned, wrapping adapter.ErrSaveFailed and the cause, and
// the store keeps serving.
func (s *Store) Save(ctx context.Context) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	if s.closed.Load() {
		return closedError()
	}
	if !s.loaded() {
		return errors.New("jsonfile: Save before Initialize")
	}
	_, err := s.saveLocked(ctx, true, false)
	return err
}

// Close stops background saving, saves pending changes (with or without
// autoSave, but never over a file that failed to load), and releases the
// lock. After Close every method returns an error wrapping
// adapter.ErrClosed. Close returns the error of the final save; the lock is
// released even then. Later calls do nothing and return nil.
func (s *Store) Close() error {
	first := false
	s.closeOnce.Do(func() {
		first = true
		s.closeErr = s.shutdown()
	})
	if !first {
		return nil
	}
	return s.closeErr
}

func (s *Store) shutdown() error {
	s.closed.Store(true)
	s.initMu.Lock()
	defer s.initMu.Unlock()
	// Changes check closed under wmu: once it is free, every change that
	// will ever commit has, and has its generation.
	s.wmu.Lock()
	s.wmu.Unlock()
	if s.stop != nil {
		close(s.stop)
		<-s.saverDone
	}
	if ld := s.load.Load(); ld != nil {
		<-ld.done
	}
	s.saveMu.Lock()
	g := s.gen.Load()
	var err error
	if s.loaded() {
		g, err = s.saveLocked(context.Background(), false, false)
	}
	// Writers still waiting for a save get this one's answer, and so does
	// any that comes later: the last round stays done.
	s.rmu.Lock()
	r := s.next
	s.rmu.Unlock()
	r.gen, r.kept, r.err = g, s.durableGen(), err
	if err == nil && g > r.kept {
		r.err = closedError()
	}
	close(r.done)
	s.saveMu.Unlock()
	_ = s.db.Close()
	return errors.Join(err, s.lock.release())
}

// Version reports a number that changes whenever the state may have
// changed; see adapter.Versioner.
func (s *Store) Version() uint64 { return s.db.Version() }
