package adapter

import (
	"strconv"
)

// State is an immutable view of a whole store: every resource's records in
// order and its id counter. Adapters return one from Backup and accept any
// implementation in Initialize and Restore; an adapter may recognise its own
// implementation and restore it without copying.
type State interface {
	// Resources lists the resources the state holds records or counters for.
	Resources() []string
	// Len returns the number of records of resource.
	Len(resource string) int
	// Counter returns the largest number primary key ever used in resource.
	Counter(resource string) int64
	// Scan calls fn for each record of resource in order until fn returns
	// false. The records are shared: fn must not modify or retain them.
	Scan(resource string, fn func(Record) bool)
}

// Dataset is plain data: resource name to records in order.
type Dataset map[string][]Record

// NewState returns a State holding d and counters. It takes ownership of d:
// the caller must not modify d afterwards. Resources missing from counters
// count from their largest number primary key, which needs the key name,
// so counters should be complete; Counter reports 0 for absent ones.
func NewState(d Dataset, counters map[string]int64) State {
	return &plainState{data: d, counters: counters}
}

type plainState struct {
	data     Dataset
	counters map[string]int64
	// handed says the records came through HandOver.
	handed bool
}

func (s *plainState) Resources() []string {
	seen := make(map[string]bool, len(s.data))
	var out []string
	for name := range s.data {
		seen[name] = true
		out = append(out, name)
	}
	for name := range s.counters {
		if !seen[name] {
			out = append(out, name)
		}
	}
	return out
}

func (s *plainState) Len(resource string) int       { return len(s.data[resource]) }
func (s *plainState) Counter(resource string) int64 { return s.counters[resource] }
func (s *plainState) Scan(resource string, fn func(Record) bool) {
	for _, r := range s.data[resource] {
		if !fn(r) {
			return
		}
	}
}

// Snapshot copies a State into a Dataset and counters, deep-copying records.
func Snapshot(st State) (Dataset, map[string]int64) {
	d := make(Dataset)
	counters := make(map[string]int64)
	for _, name := range st.Resources() {
		recs := make([]Record, 0, st.Len(name))
		st.Scan(name, func(r Record) bool {
			recs = append(recs, Clone(r))
			return true
		})
		d[name] = recs
		counters[name] = st.Counter(name)
	}
	return d, counters
}

// Key returns the canonical string form of a primary-key value, used to
// index records: numbers without exponent or trailing zeros, strings as is.
// It reports false for values that cannot be a key (nil, bool, objects,
// arrays, non-integral or out-of-range numbers).
func Key(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case float64:
		if t != float64(int64(t)) || t > MaxSafeInteger || t < -MaxSafeInteger {
			return "", false
		}
		return strconv.FormatInt(int64(t), 10), true
	case int:
		return strconv.Itoa(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	default:
		return "", false
	}
}

// MaxSafeInteger is the largest integer a JSON number (a float64) holds exactly.
const MaxSafeInteger = 1<<53 - 1
