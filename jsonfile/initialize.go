package jsonfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// loading is one load of the file into memory.
type loading struct {
	done chan struct{}
	// err is set before done is closed.
	err error
}

// finish ends the load with err.
func (l *loading) finish(err error) {
	l.err = err
	close(l.done)
}

// Initialize sets up the resources of spec, with initial as the state
// Reset returns to, then loads the file: its records replace initial (the
// file wins), and each resource's id counter continues from its largest
// number primary key, since the file holds plain data. A missing or empty
// file is written from initial now.
//
// A file that cannot be read or parsed, that holds something other than an
// object of resource name to array of records, a resource the spec does not
// declare, a record without a valid primary key or two records with the same
// one makes Initialize fail with a *LoadError (wrapping [ErrLoad]) that
// names the file, line and column. The file is then never written: every
// method returns the error, and Close leaves the file alone. Fix the file
// and call Initialize again, or Close.
//
// With [WithLazyLoading], Initialize only checks that the file starts like
// a JSON object and parses the rest in the background; see there. With
// [WithReset], it does not read the file at all and writes initial over it.
//
// Calling Initialize again saves pending changes first, then starts over.
func (s *Store) Initialize(ctx context.Context, spec *schema.Spec, initial adapter.State) error {
	if ctx == nil {
		return errors.New("jsonfile: nil context")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.initMu.Lock()
	defer s.initMu.Unlock()
	if s.closed.Load() {
		return closedError()
	}
	if ld := s.load.Load(); ld != nil {
		select {
		case <-ld.done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.loaded() {
		if _, err := s.saveLocked(ctx, false, true); err != nil {
			return err
		}
	}
	if err := s.db.Initialize(ctx, spec, initial); err != nil {
		return fmt.Errorf("jsonfile: %w", err)
	}
	s.texts.reset()
	// From here on memory holds initial, which the file may overrule: until
	// the load ends, every method waits, and if it fails, they all fail.
	s.resources = resourceKeys(spec)
	s.refs = references(spec)
	s.depth = spec.Options.Depth()
	ld := &loading{done: make(chan struct{})}
	s.load.Store(ld)
	if s.cfg.reset {
		_, err := s.saveLocked(ctx, true, true)
		ld.finish(err)
		return err
	}
	data, exists, err := s.readStart()
	if err != nil {
		ld.finish(err)
		return err
	}
	if !exists {
		_, err := s.saveLocked(ctx, true, true)
		ld.finish(err)
		return err
	}
	if s.cfg.lazy {
		if err := checkStart(s.path, data); err != nil {
			ld.finish(err)
			return err
		}
		go func() { ld.finish(s.restoreFile(context.Background(), nil)) }()
		return nil
	}
	err = s.restoreFile(ctx, data)
	ld.finish(err)
	return err
}

// lazyPrefix is how much of the file a lazy Initialize reads.
const lazyPrefix = 64 << 10

// readStart reads the file, or only its start for a lazy load. It reports
// exists == false for a missing or empty file.
func (s *Store) readStart() ([]byte, bool, error) {
	if !s.cfg.lazy {
		return readFile(s.path)
	}
	f, err := os.Open(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, &LoadError{Path: s.path, Err: err}
	}
	defer f.Close()
	buf := make([]byte, lazyPrefix)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, false, &LoadError{Path: s.path, Err: err}
	}
	buf = buf[:n]
	if n == lazyPrefix && len(strings.TrimLeft(string(buf[bomLen(buf):]), " \t\r\n")) == 0 {
		// Nothing but white space so far: look at the whole file.
		return readFile(s.path)
	}
	return buf, n > 0, nil
}

// restoreFile parses data (or, if nil, the whole file) and makes it the
// state. The caller holds saveMu and wmu, or, for a lazy load, nothing: no
// other method touches the state before the load ends.
func (s *Store) restoreFile(ctx context.Context, data []byte) error {
	if data == nil {
		var exists bool
		var err error
		data, exists, err = readFile(s.path)
		if err != nil {
			return err
		}
		if !exists {
			return &LoadError{Path: s.path, Err: fmt.Errorf("the file vanished or was emptied while loading: %w", fs.ErrNotExist)}
		}
	}
	return s.restoreData(ctx, data)
}

// Load replaces the current state with the file's, as Initialize reads it;
// pending changes are dropped. A missing or empty file is an error wrapping
// fs.ErrNotExist, and a broken one a *LoadError; either way the state does
// not change.
func (s *Store) Load(ctx context.Context) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	if !s.loaded() {
		return errors.New("jsonfile: Load before Initialize")
	}
	data, exists, err := readFile(s.path)
	if err != nil {
		return err
	}
	if !exists {
		return &LoadError{Path: s.path, Err: fmt.Errorf("the file is missing or empty: %w", fs.ErrNotExist)}
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.closed.Load() {
		return closedError()
	}
	if err := s.restoreData(ctx, data); err != nil {
		return err
	}
	s.texts.reset()
	return nil
}
