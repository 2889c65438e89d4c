package schema

import (
	"strings"
)

// Validate checks the semantics of a spec: what [Decode] checks after the
// structure, for specs built in Go code. It returns nil or an [*Error]
// listing every problem, each with its path, sorted in the order of the
// Spec type's fields. It does not modify s.
//
// It checks that there is at least one resource (unless the spec has an
// Extension, which serves operations of its own); that resource names are
// valid, unique and do not clash with the admin API or the auth endpoints
// when those are enabled; that field names are unique and field types
// known; that every primary key is declared with a type that can be a key;
// that rules (enum, min, max, minLength, maxLength, pattern, defaultValue,
// generate) fit their field's type; that references and relationships name
// declared resources and fields of compatible types; that data names known
// resources; that options are in range; and that custom routes are well
// formed and unique. Record contents are checked later, by the server.
func (s *Spec) Validate() error {
	if s == nil {
		return &Error{Problems: []Problem{{Message: "spec is nil"}}}
	}
	ps := s.check()
	if len(ps) == 0 {
		return nil
	}
	sortCanonical(ps)
	return &Error{Problems: ps}
}

// check returns the semantic problems of s, in the order they were found.
func (s *Spec) check() []Problem {
	c := checker{s: s, byName: make(map[string]*Resource, len(s.Resources)), fieldIndex: make(map[*Resource]map[string]*Field)}
	for i := range s.Resources {
		r := &s.Resources[i]
		c.names = append(c.names, r.Name)
		if _, ok := c.byName[r.Name]; !ok {
			c.byName[r.Name] = r
		}
	}
	c.resources()
	c.data()
	c.options()
	c.routes()
	return c.problems
}

// checker walks a spec collecting semantic problems.
type checker struct {
	report
	s          *Spec
	byName     map[string]*Resource // the first resource of each name
	names      []string             // resource names in spec order
	fieldIndex map[*Resource]map[string]*Field
}

// declared returns the first field of r named name, or nil, as
// Resource.Field does but in constant time once r has been indexed.
func (c *checker) declared(r *Resource, name string) *Field {
	idx, ok := c.fieldIndex[r]
	if !ok {
		idx = make(map[string]*Field, len(r.Fields))
		for i := range r.Fields {
			if _, dup := idx[r.Fields[i].Name]; !dup {
				idx[r.Fields[i].Name] = &r.Fields[i]
			}
		}
		c.fieldIndex[r] = idx
	}
	return idx[name]
}

// resource returns the first resource named name, or nil, as Spec.Resource
// does but in constant time.
func (c *checker) resource(name string) *Resource { return c.byName[name] }

// typeList is the list of field types as messages show it.
func typeList() string { return strings.Join(Types, ", ") }

func (c *checker) resources() {
	if len(c.s.Resources) == 0 && c.s.Extension == nil {
		// A spec read from another format may serve operations alone.
		c.add("resources", "at least one resource is required")
	}
	builtins := c.builtins()
	first := make(map[string]int, len(c.s.Resources))
	for i := range c.s.Resources {
		r := &c.s.Resources[i]
		p := elem("resources", i)
		c.resourceName(r, p, i, first, builtins)
		c.fields(r, p)
		c.primaryKey(r, p)
		c.relationships(r, p)
		c.access(r, p)
		if r.Latency != nil {
			c.latency(*r.Latency, child(p, "latency"))
		}
		for k, rec := range r.InitialData {
			if rec == nil {
				c.add(elem(child(p, "initialData"), k), "want an object, got null")
			}
			c.inexactNumbers(r, rec, elem(child(p, "initialData"), k))
		}
	}
}

// builtins maps the first path segment of each enabled built-in route
// group to a description of it, for name clashes.
func (c *checker) builtins() map[string]string {
	b := make(map[string]string, 2)
	o := &c.s.Options
	if o.Admin.On() {
		path := o.Admin.Path
		if path == "" {
			path = "/admin"
		}
		b[firstSegment(path)] = "the admin API at " + quote(path) + " (rename the resource, change options.admin.path or disable the admin API)"
	}
	if o.Auth.Enabled {
		path := o.Auth.AuthEndpoint
		if path == "" {
			path = "/auth/login"
		}
		b[firstSegment(path)] = "the auth endpoints at " + quote(path) + " (rename the resource or change options.auth.authEndpoint)"
	}
	return b
}

// firstSegment returns the first segment of a URL path.
func firstSegment(path string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return seg
}

func (c *checker) resourceName(r *Resource, p string, i int, first map[string]int, builtins map[string]string) {
	np := child(p, "name")
	switch {
	case r.Name == "":
		c.add(np, "name is required")
		return
	case !validName(r.Name):
		c.add(np, "invalid resource name %s (want a letter, then letters, digits, \"_\" or \"-\")", quote(r.Name))
	}
	if j, ok := first[r.Name]; ok {
		c.add(np, "duplicate resource name %s (also resources[%d])", quote(r.Name), j)
	} else {
		first[r.Name] = i
	}
	if what, ok := builtins[r.Name]; ok {
		c.add(np, "resource name %s clashes with %s", quote(r.Name), what)
	}
}

// validName reports whether s matches ^[A-Za-z][A-Za-z0-9_-]*$.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z':
		case i > 0 && (ch >= '0' && ch <= '9' || ch == '_' || ch == '-'):
		default:
			return false
		}
	}
	return true
}

// resourceNames lists the names of the spec's resources, for suggestions.
func (c *checker) resourceNames() []string { return c.names }

// unknownResource records that path names no resource.
func (c *checker) unknownResource(path, name string) {
	c.add(path, "unknown resource%s", Suggest(name, c.resourceNames()))
}
