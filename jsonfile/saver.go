package jsonfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"
)

// round is one save that writers wait for. Writers whose change committed
// before the round began are covered by it; a writer that commits while it
// runs waits for the next one, which covers every such writer at once (group
// commit), so N concurrent writers cost about two writes of the file, not N.
type round struct {
	done chan struct{}
	// gen and err are set before done is closed: the generation the save
	// covered and its error.
	gen uint64
	err error
}

func newRound() *round { return &round{done: make(chan struct{})} }

// poke wakes the background saver without waiting.
func (s *Store) poke() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// runSaver is the background saver: it saves when poked, at most once per
// save interval. After a failed save in interval mode it tries again an
// interval later. It returns when stop is closed.
func (s *Store) runSaver() {
	defer close(s.saverDone)
	interval := s.cfg.interval
	var last time.Time
	retry := false
	for {
		if !retry {
			select {
			case <-s.kick:
			case <-s.stop:
				return
			}
		}
		if interval > 0 {
			if wait := time.Until(last.Add(interval)); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-t.C:
				case <-s.stop:
					t.Stop()
					return
				}
			}
		}
		// Let the goroutines that are ready run first: writers among them
		// commit now and share this round instead of each waiting for one
		// of its own. Without this, on a single P, a saver whose rounds
		// are quick would run round after round for a writer or two each.
		runtime.Gosched()
		err := s.runRound()
		last = time.Now()
		retry = interval > 0 && err != nil
	}
}

// runRound saves what is pending and tells the writers waiting for it.
func (s *Store) runRound() error {
	s.rmu.Lock()
	r := s.next
	s.next = newRound()
	s.rmu.Unlock()
	// Every writer holding r committed before the swap, so the generation
	// read after it covers them all.
	s.saveMu.Lock()
	g := s.gen.Load()
	var err error
	if s.loaded() {
		g, err = s.saveLocked(context.Background(), false)
	} else if g > s.durableGen() {
		err = errors.New("jsonfile: change not saved: the file is not loaded")
	}
	s.saveMu.Unlock()
	r.gen, r.err = g, err
	close(r.done)
	return err
}

// waitSaved waits until a save covers generation g and returns the error
// of the save that covered it.
func (s *Store) waitSaved(ctx context.Context, g uint64) error {
	for {
		s.rmu.Lock()
		if s.durable >= g {
			s.rmu.Unlock()
			return nil
		}
		r := s.next
		s.rmu.Unlock()
		s.poke()
		select {
		case <-r.done:
			if r.gen >= g {
				return r.err
			}
			if s.closed.Load() {
				return closedError()
			}
		case <-ctx.Done():
			return fmt.Errorf("jsonfile: the change is made but not yet saved: %w", ctx.Err())
		}
	}
}

// durableGen returns the largest generation the file is known to hold.
func (s *Store) durableGen() uint64 {
	s.rmu.Lock()
	defer s.rmu.Unlock()
	return s.durable
}

// markDurable records that the file holds generation g.
func (s *Store) markDurable(g uint64) {
	s.rmu.Lock()
	if g > s.durable {
		s.durable = g
	}
	s.rmu.Unlock()
}

// saveLocked writes the current state to the file, unless nothing changed
// since the last good save and force is false. It returns the generation
// the save covers. The caller holds saveMu. Only taking the Backup is
// synchronized with the state, and it costs O(1): encoding and writing run
// while readers and writers go on. A failed save leaves the previous file,
// is logged, and leaves the state dirty.
func (s *Store) saveLocked(ctx context.Context, force bool) (uint64, error) {
	g := s.gen.Load()
	if !force && g <= s.durableGen() {
		return g, nil
	}
	st, err := s.db.Backup(context.Background())
	if err != nil {
		return g, fmt.Errorf("jsonfile: saving %s: %w", s.path, err)
	}
	names := names(s.resources)
	s.saves.Add(1)
	err = s.writeFile(s.path, s.cfg.mode, func(w io.Writer) error {
		return writeState(ctx, w, names, st, s.texts)
	})
	if err != nil {
		err = fmt.Errorf("jsonfile: save failed, %s keeps its previous content: %w", s.path, err)
		s.cfg.logger.Error("jsonfile: save failed", "path", s.path, "err", err)
		return g, err
	}
	s.texts.sweep()
	s.markDurable(g)
	return g, nil
}
