// Package expand embeds related records into the records of an answer
// (the expand parameter), and finds the records related to others (the
// nested routes), with one lookup per relationship for a whole page,
// never one per record.
//
// An expand parameter is resolved once per request into a [Plan]; the
// access check, the lookups and the hiding of secrets in embedded records
// all walk that plan.
package expand

import (
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/schema"
)

// Plan is an expand parameter resolved against the spec: the
// relationships to follow from a resource, each with what to follow from
// its target. The zero Plan embeds nothing.
type Plan struct {
	steps []*Step
	paths []Path
}

// Step is one relationship a Plan follows.
type Step struct {
	// Name is the relationship's name, the key its records are embedded under.
	Name string
	// Rel is the relationship.
	Rel *schema.Relationship
	// Target is the resource it leads to.
	Target *schema.Resource
	// Next is what to follow from the target.
	Next Plan
}

// Path is one path of an expand parameter, as given ("comments.user"),
// with the steps it follows.
type Path struct {
	Text  string
	Steps []*Step
}

// New resolves paths (like "author" or "comments.user") from res, keeping
// the order in which each relationship first appears. A relationship that
// res (or a resource on the way) does not have is an *query.Error: the
// query parser reports it first for HTTP requests, New for the Go API,
// whose queries no parser read.
func New(spec *schema.Spec, res *schema.Resource, paths []string) (Plan, error) {
	var p Plan
	if len(paths) == 0 {
		return p, nil
	}
	for _, text := range paths {
		path := Path{Text: text}
		level, cur := &p, res
		for rest, more := text, true; more; {
			var name string
			name, rest, more = strings.Cut(rest, ".")
			st := level.step(name)
			if st == nil {
				rel := cur.Relationship(name)
				if rel == nil {
					return Plan{}, &query.Error{Param: query.ParamExpand, Reason: "unknown relationship " + name}
				}
				st = &Step{Name: name, Rel: rel, Target: spec.Resource(rel.Resource)}
				level.steps = append(level.steps, st)
			}
			path.Steps = append(path.Steps, st)
			level, cur = &st.Next, st.Target
		}
		p.paths = append(p.paths, path)
	}
	return p, nil
}

// step returns the step of p named name, or nil.
func (p *Plan) step(name string) *Step {
	for _, st := range p.steps {
		if st.Name == name {
			return st
		}
	}
	return nil
}

// Empty reports whether p embeds nothing.
func (p Plan) Empty() bool { return len(p.steps) == 0 }

// Paths returns the paths p was made of, in the order given (those of
// the first level only; deeper levels list none).
func (p Plan) Paths() []Path { return p.paths }

// Each calls fn with recs, records of res, and then with the records
// embedded in them along p, grouped by resource and level.
func (p Plan) Each(res *schema.Resource, recs []adapter.Record, fn func(res *schema.Resource, recs []adapter.Record)) {
	fn(res, recs)
	for _, st := range p.steps {
		var children []adapter.Record
		for _, rec := range recs {
			switch v := rec[st.Name].(type) {
			case adapter.Record:
				children = append(children, v)
			case []any:
				for _, e := range v {
					if m, ok := e.(adapter.Record); ok {
						children = append(children, m)
					}
				}
			}
		}
		st.Next.Each(st.Target, children, fn)
	}
}
