package constraints

import (
	"fmt"
	"sort"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// CodeDepth is the code of a field whose value nests objects and arrays
// deeper than options.maxDepth allows.
const CodeDepth = "maxDepth"

// DepthViolation is the violation of a field whose value makes a record
// nest objects and arrays deeper than limit levels, the record being the
// first. Request bodies that the decoder stops at the limit report it too.
func DepthViolation(field string, limit int) Violation {
	return Violation{Field: field, Code: CodeDepth, Message: fmt.Sprintf(
		"%s nests objects and arrays deeper than a record may (%d levels, options.maxDepth)", field, limit)}
}

// depth returns the nesting a record may have.
func (s *Set) depth() int {
	if s.opts.MaxDepth > 0 {
		return s.opts.MaxDepth
	}
	return schema.DefaultMaxDepth
}

// depthViolations reports, in name order, the fields of rec whose values
// nest too deeply.
func (s *Set) depthViolations(rec adapter.Record) []Violation {
	limit := s.depth()
	var names []string
	for k, v := range rec {
		if deeper(v, limit-1) {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	out := make([]Violation, len(names))
	for i, name := range names {
		out[i] = DepthViolation(name, limit)
	}
	return out
}

// deeper reports whether v nests objects and arrays more than levels
// deep. It looks no deeper than that, so a cycle or a value nested
// millions of levels deep costs no more than one at the limit.
func deeper(v any, levels int) bool {
	switch t := v.(type) {
	case map[string]any:
		if levels == 0 {
			return true
		}
		for _, e := range t {
			if deeper(e, levels-1) {
				return true
			}
		}
	case []any:
		if levels == 0 {
			return true
		}
		for _, e := range t {
			if deeper(e, levels-1) {
				return true
			}
		}
	}
	return false
}
