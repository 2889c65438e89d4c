package snapshot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/pretendo-go/pretendo/adapter"
)

// Memory is a Store that keeps snapshots in the process. It holds the
// states themselves, not copies: an adapter.State is immutable, so Put and
// Get cost O(1) in the number of records (O(resources) for the counts), and
// Get returns the very state given to Put. Snapshots are lost when the
// process ends.
//
// The zero Memory is not ready for use; call NewMemory.
type Memory struct {
	max int
	mu  sync.RWMutex
	// byName holds the snapshots by exact name.
	byName map[string]memoryEntry
	// byFold maps the folded form of each stored name to the name.
	byFold map[string]string
}

type memoryEntry struct {
	meta  Meta
	state adapter.State
}

// NewMemory returns an empty in-memory Store.
func NewMemory(opts ...Option) *Memory {
	return &Memory{max: newConfig(opts).max, byName: make(map[string]memoryEntry), byFold: make(map[string]string)}
}

// Put stores st under m.Name; see Store.Put.
func (s *Memory) Put(ctx context.Context, m Meta, st adapter.State, overwrite bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckName(m.Name); err != nil {
		return err
	}
	if st == nil {
		return fmt.Errorf("snapshot: putting %q: %w", m.Name, errNilState)
	}
	m = normalize(m, st)

	s.mu.Lock()
	defer s.mu.Unlock()
	if other, ok := s.byFold[foldKey(m.Name)]; ok {
		if other != m.Name {
			return caseClash(m.Name, other)
		}
		if !overwrite {
			return fmt.Errorf("%w: %q", ErrExists, m.Name)
		}
	} else if s.max > 0 && len(s.byName) >= s.max {
		return full(s.max)
	}
	s.byName[m.Name] = memoryEntry{meta: m, state: st}
	s.byFold[foldKey(m.Name)] = m.Name
	return nil
}

// Get returns the snapshot named name; see Store.Get. The state returned is
// the one given to Put.
func (s *Memory) Get(ctx context.Context, name string) (Meta, adapter.State, error) {
	if err := ctx.Err(); err != nil {
		return Meta{}, nil, err
	}
	if err := CheckName(name); err != nil {
		return Meta{}, nil, err
	}
	s.mu.RLock()
	e, ok := s.byName[name]
	s.mu.RUnlock()
	if !ok {
		return Meta{}, nil, fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	return e.meta.clone(), e.state, nil
}

// List returns the metadata of every snapshot, sorted by name.
func (s *Memory) List(ctx context.Context) ([]Meta, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	out := make([]Meta, 0, len(s.byName))
	for _, e := range s.byName {
		out = append(out, e.meta.clone())
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Delete removes the snapshot named name; see Store.Delete.
func (s *Memory) Delete(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckName(name); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byName[name]; !ok {
		return fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	delete(s.byName, name)
	delete(s.byFold, foldKey(name))
	return nil
}

// errNilState reports a Put without a state.
var errNilState = errors.New("nil state")

// caseClash reports a name that differs only in case from a stored one.
func caseClash(name, other string) error {
	return fmt.Errorf("%w %q: differs only in case from existing snapshot %q", ErrInvalidName, name, other)
}
