package memory

import (
	"fmt"
	"slices"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
)

// state is the whole store: a table per resource. A DB's live state changes
// in place under the DB's lock. A frozen state, which is what Backup
// returns, never changes; it implements adapter.State by reading its own
// trees, and shares their nodes with the live state until a write copies
// them (see freeze).
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

// frozen returns an immutable copy of the live state s in O(1) in records.
// The caller must hold the DB's lock exclusively.
func (s *state) frozen() *state {
	next := &state{layout: s.layout, tables: make(map[string]*table, len(s.tables))}
	for name, t := range s.tables {
		next.tables[name] = t.frozen()
	}
	return next
}

// thawed returns a live copy of the frozen state s, with layout l and every
// table last modified at now (or when s says, for a zero now), without
// writing to s: the O(1) (in records) path of Restore, Reset and Revert.
func (s *state) thawed(l *layout, now time.Time) *state {
	next := &state{layout: l, tables: make(map[string]*table, len(s.tables))}
	for name, t := range s.tables {
		next.tables[name] = t.thawed(now)
	}
	return next
}

// stateFrom returns st as a live state of layout l. A frozen state of this
// package built under an equal layout is thawed (O(1) in records); any other
// is rebuilt from its records (O(n)).
func stateFrom(l *layout, st adapter.State, now time.Time) (*state, error) {
	if ms, ok := st.(*state); ok && ms != nil && ms.layout.equal(l) {
		return ms.thawed(l, now), nil
	}
	return build(l, st, now)
}

// build copies the records of st into a new live state of layout l, checking that
// every record has a valid primary key and that no two share one. A nil st
// gives empty tables. The records of a State from adapter.HandOver are kept
// as they are; those of any other are normalized copies.
func build(l *layout, st adapter.State, now time.Time) (*state, error) {
	next := &state{layout: l, tables: make(map[string]*table, len(l.names))}
	if st != nil {
		for _, name := range st.Resources() {
			if _, ok := l.resources[name]; !ok {
				return nil, fmt.Errorf("memory: state holds resource %q, which the spec does not declare", name)
			}
		}
	}
	handed := adapter.HandedOver(st)
	for _, name := range l.names {
		rl := l.resources[name]
		t := newTable(rl, now)
		next.tables[name] = t
		if st == nil {
			continue
		}
		rows := make([]*row, 0, st.Len(name))
		var err error
		st.Scan(name, func(r adapter.Record) bool {
			if !handed {
				// A State built by Go code may hold Go values
				// (adapter.NewState takes any): they are normalized on
				// the way in.
				r, err = adapter.NormalizeRecord(r)
				if err != nil {
					err = fmt.Errorf("memory: %s[%d]: %w", name, len(rows), err)
					return false
				}
			} else if r == nil {
				err = fmt.Errorf("memory: %s[%d]: %w", name, len(rows), &adapter.ValueError{Reason: "a record must be a JSON object, not null"})
				return false
			}
			k, ok := adapter.Key(r[rl.key])
			if !ok {
				err = fmt.Errorf("memory: %s[%d]: primary key %q missing or not a valid key", name, len(rows), rl.key)
				return false
			}
			if !handed {
				// Handed records come from a decoder that shares its
				// keys already.
				r = rl.adopt(r)
			}
			rows = append(rows, t.newRow(uint64(len(rows))+1, k, r))
			return true
		})
		// A repeated key before the record that failed is the first error.
		if derr := t.load(rows); derr != nil {
			return nil, fmt.Errorf("memory: %s%w", name, derr)
		}
		if err != nil {
			return nil, err
		}
		if c := st.Counter(name); c > t.counter {
			t.counter = c
		}
	}
	return next, nil
}
