package memory

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
)

// state is one immutable version of the whole store. It is what a DB
// publishes after each committed write and what Backup returns: it
// implements adapter.State by reading its own trees, so a backup costs
// nothing and later writes, which work on forks, never change it.
type state struct {
	layout *layout
	tables map[string]*table
}

var _ adapter.State = (*state)(nil)

// emptyState returns a state with no resources.
func emptyState() *state {
	return &state{layout: emptyLayout(), tables: map[string]*table{}}
}

// Resources lists the resources of the state in spec order.
func (s *state) Resources() []string { return slices.Clone(s.layout.names) }

// Len returns the number of records of resource (0 if unknown).
func (s *state) Len(resource string) int {
	if t, ok := s.tables[resource]; ok {
		return t.rows.Len()
	}
	return 0
}

// Counter returns the largest number primary key ever stored in resource.
func (s *state) Counter(resource string) int64 {
	if t, ok := s.tables[resource]; ok {
		return t.counter
	}
	return 0
}

// Scan calls fn for each record of resource in insertion order until fn
// returns false. The records are shared: fn must not modify or retain them.
func (s *state) Scan(resource string, fn func(adapter.Record) bool) {
	t, ok := s.tables[resource]
	if !ok {
		return
	}
	t.rows.Scan(func(r *row) bool { return fn(r.rec) })
}

// stamped returns s with every table's modification time set to now,
// sharing every tree: the O(1) (in records) path of Restore and Reset.
func (s *state) stamped(l *layout, now time.Time) *state {
	next := &state{layout: l, tables: make(map[string]*table, len(s.tables))}
	for name, t := range s.tables {
		next.tables[name] = t.stamped(now)
	}
	return next
}

// with returns a copy of s in which the tables of changed replace their
// namesakes, stamped with now.
func (s *state) with(changed map[string]*table, now time.Time) *state {
	next := &state{layout: s.layout, tables: maps.Clone(s.tables)}
	for name, t := range changed {
		t.modified = now
		next.tables[name] = t
	}
	return next
}

// stateFrom returns st as a state of layout l. A state of this package built
// under an equal layout is reused as it is (O(1) in records); any other is
// rebuilt from its records (O(n)).
func stateFrom(l *layout, st adapter.State, now time.Time) (*state, error) {
	if ms, ok := st.(*state); ok && ms != nil && ms.layout.equal(l) {
		return ms.stamped(l, now), nil
	}
	return build(l, st, now)
}

// build copies the records of st into a new state of layout l, checking that
// every record has a valid primary key and that no two share one. A nil st
// gives empty tables.
func build(l *layout, st adapter.State, now time.Time) (*state, error) {
	next := &state{layout: l, tables: make(map[string]*table, len(l.names))}
	if st != nil {
		for _, name := range st.Resources() {
			if _, ok := l.resources[name]; !ok {
				return nil, fmt.Errorf("memory: state holds resource %q, which the spec does not declare", name)
			}
		}
	}
	for _, name := range l.names {
		rl := l.resources[name]
		t := newTable(rl, now)
		next.tables[name] = t
		if st == nil {
			continue
		}
		var err error
		i := 0
		st.Scan(name, func(r adapter.Record) bool {
			k, ok := adapter.Key(r[rl.key])
			if !ok {
				err = fmt.Errorf("memory: %s[%d]: primary key %q missing or not a valid key", name, i, rl.key)
				return false
			}
			if _, dup := t.lookup(k); dup {
				err = fmt.Errorf("memory: %s[%d]: primary key %q=%s already used by another record: %w", name, i, rl.key, k, adapter.ErrConflict)
				return false
			}
			t.insert(k, adapter.Clone(r))
			i++
			return true
		})
		if err != nil {
			return nil, err
		}
		if c := st.Counter(name); c > t.counter {
			t.counter = c
		}
	}
	return next, nil
}
