package jsonfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
)

// round is one save that writers wait for. Writers whose change committed
// before the round began are covered by it; a writer that commits while it
// runs waits for the next one, which covers every such writer at once (group
// commit), so N concurrent writers cost about two writes of the file, not N.
type round struct {
	done chan struct{}
	// gen, err and kept are set before done is closed: the generation the
	// save covered, its error, and, when it failed, the generation the file
	// holds: an earlier save may have covered a change whose writer waits
	// for this round, which then succeeded all the same.
	gen, kept uint64
	err       error
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
// With a save interval of 0, a failed save undoes what it could not save
// before they hear of it.
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
	kept := s.durableGen()
	if s.loaded() {
		g, err = s.saveLocked(context.Background(), false, false)
		if err != nil && s.cfg.interval == 0 {
			err = s.undo(err, kept)
		}
	} else if g > kept {
		err = errors.New("jsonfile: change not saved: the file is not loaded")
	}
	s.saveMu.Unlock()
	r.gen, r.kept, r.err = g, kept, err
	close(r.done)
	return err
}

// undo goes back to the state the file holds after a save failed with
// cause, so that no writer is told of a failure while its change stays:
// the changes that save covered and those committed since, whose writers
// wait for the next round, all go, and that round fails now. kept is the
// generation the file holds. It returns the error those writers get. The
// caller holds saveMu.
func (s *Store) undo(cause error, kept uint64) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	err := fmt.Errorf("jsonfile: %w: the change was undone, as saving it failed: %w", adapter.ErrNotSaved, cause)
	if rerr := s.db.Revert(context.Background(), s.saved); rerr != nil {
		// Only a closed store gets here; its state is about to go.
		return errors.Join(err, rerr)
	}
	// Memory holds what the file holds again: nothing is pending.
	s.markDurable(s.gen.Load())
	s.rmu.Lock()
	later := s.next
	s.next = newRound()
	s.rmu.Unlock()
	later.gen, later.kept, later.err = s.gen.Load(), kept, err
	close(later.done)
	return err
}

// waitSaved waits for the round r, which covers the caller's change of
// generation g, and returns its error, or nil if the file holds the change
// all the same.
func (s *Store) waitSaved(ctx context.Context, g uint64, r *round) error {
	s.poke()
	select {
	case <-r.done:
		if r.err != nil && g <= r.kept {
			return nil
		}
		return r.err
	case <-ctx.Done():
		return fmt.Errorf("jsonfile: the change is made but not yet saved: %w", ctx.Err())
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
// the save covers. The caller holds saveMu, and wmu if held says so. Only
// taking the Backup is synchronized with the state, and it costs O(1):
// encoding and writing run while readers and writers go on. A failed save
// leaves the previous file, is logged, and leaves the state dirty.
func (s *Store) saveLocked(ctx context.Context, force, held bool) (uint64, error) {
	if !force && s.gen.Load() <= s.durableGen() {
		return s.gen.Load(), nil
	}
	// The generation and the Backup are read together, so that the file
	// holds exactly the changes up to that generation (see undo).
	if !held {
		s.wmu.Lock()
	}
	g := s.gen.Load()
	st, err := s.db.Backup(context.Background())
	if !held {
		s.wmu.Unlock()
	}
	if err != nil {
		return g, fmt.Errorf("jsonfile: saving %s: %w", s.path, err)
	}
	names := names(s.resources)
	s.saves.Add(1)
	wrap := s.cfg.wrapWriter
	err = s.writeFile(s.path, s.cfg.mode, func(w io.Writer) error {
		w, written := s.wrote.hasher(w)
		if wrap != nil {
			w = wrap(w)
		}
		if err := writeState(ctx, w, names, st, s.texts); err != nil {
			return err
		}
		written()
		return nil
	})
	if err != nil {
		err = fmt.Errorf("jsonfile: %w: %s keeps its previous content: %w", adapter.ErrSaveFailed, s.path, err)
		s.cfg.logger.Error("jsonfile: save failed", "path", s.path, "err", err)
		return g, err
	}
	s.texts.sweep()
	s.saved = st
	s.markDurable(g)
	return g, nil
}
