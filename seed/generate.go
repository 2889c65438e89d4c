package seed

import (
	"cmp"
	"fmt"
	"math"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// MaxCount is the largest number of records Generate makes for one
// resource: 1,000,000, the limit spec validation applies to
// options.generateData.counts. A larger count is an error wrapping
// [ErrInvalidCount].
const MaxCount = schema.MaxGenerateCount

// Options configures [Generate].
type Options struct {
	// Seed fixes the data: the same spec, options and seed give the same
	// bytes. 0 picks a random seed.
	Seed int64
	// Counts is the number of records to make per resource name.
	Counts map[string]int
	// Domain is the domain of generated email addresses; the spec's
	// options.domain when empty, and "example.com" when both are.
	Domain string
	// Existing holds the records already loaded (the spec's data, say):
	// number keys continue after them, unique values avoid theirs, and
	// foreign keys may point at them. When nil, the spec's data is used.
	Existing adapter.State
}

// Generate makes Counts[name] records for each named resource of s. The
// result holds only the new records, keyed by resource, each resource's
// records in the order they were made; resources with a count of 0 are
// absent. Insert the resources in spec order or any order: a record only
// points at existing records and at records of resources made before it,
// which is the order of dependencies, not of the map.
//
// Errors are [*Error] values locating the problem in the spec and wrapping
// ErrInvalidCount, ErrUnknownResource, ErrInvalidRule, ErrCycle,
// ErrNoTarget or ErrUnsatisfiable. Generate does not modify s or
// opts.Existing, and calls with their own Options may run concurrently.
func Generate(s *schema.Spec, opts Options) (Data, error) {
	if s == nil {
		s = &schema.Spec{}
	}
	for _, name := range sortedKeys(opts.Counts) {
		path := "options.generateData.counts." + name
		n := opts.Counts[name]
		switch {
		case s.Resource(name) == nil:
			return nil, &Error{Path: path, Err: fmt.Errorf("%w: %q is not a resource of the spec", ErrUnknownResource, name)}
		case n < 0:
			return nil, &Error{Path: path, Err: fmt.Errorf("%w: %d is negative", ErrInvalidCount, n)}
		case n > MaxCount:
			return nil, &Error{Path: path, Err: fmt.Errorf("%w: %d is above the limit of %d records per resource", ErrInvalidCount, n, MaxCount)}
		}
	}
	existing := opts.Existing
	if existing == nil {
		existing = adapter.NewState(adapter.Dataset(s.Data), nil)
	}
	g := &generator{
		spec:     s,
		f:        NewFaker(opts.Seed),
		counts:   opts.Counts,
		domain:   cmp.Or(opts.Domain, s.Options.Domain),
		existing: existing,
		made:     make(Data),
	}
	return g.run()
}

// generator holds the state of one Generate call.
type generator struct {
	spec     *schema.Spec
	f        *Faker
	counts   map[string]int
	domain   string
	existing adapter.State
	fks      map[string]map[string]*foreignKey
	made     Data
}

// fieldPlan is how one field of a resource gets its values.
type fieldPlan struct {
	name    string
	fld     *schema.Field // nil for an undeclared foreign key
	path    string
	gen     valueFunc // nil: left to the field's default
	fit     bool      // gen's values may be bent to the field's range and lengths
	fk      *foreignKey
	pool    *targetPool
	unique  *uniqueSet
	pattern *patternGen
	key     bool // the primary key, made like other fields
}

func (g *generator) run() (Data, error) {
	fks, err := foreignKeys(g.spec)
	if err != nil {
		return nil, err
	}
	g.fks = fks
	order, err := generationOrder(g.spec, g.counts, fks)
	if err != nil {
		return nil, err
	}
	for _, r := range order {
		if err := g.resource(r); err != nil {
			return nil, err
		}
	}
	return g.made, nil
}

// resource makes the records of r.
func (g *generator) resource(r *schema.Resource) error {
	count := g.counts[r.Name]
	idx := g.resourceIndex(r)
	keys, err := g.keyMaker(r, idx)
	if err != nil {
		return err
	}
	plans, err := g.plan(r, idx, count, keys != nil)
	if err != nil {
		return err
	}
	recs := make([]map[string]any, 0, count)
	rc := &recordCtx{domain: g.domain}
	for range count {
		rec := make(map[string]any, len(plans)+1)
		rc.rec = rec
		if keys != nil {
			id, err := keys()
			if err != nil {
				return err
			}
			rec[r.Key()] = id
		}
		for _, p := range plans {
			if p.gen == nil && p.fk == nil {
				continue
			}
			v, err := g.value(p, rc)
			if err != nil {
				return err
			}
			rec[p.name] = v
		}
		recs = append(recs, rec)
		// A reference of r to itself may point at the records made so far.
		for _, p := range plans {
			if p.pool != nil && p.fk.target == r.Name {
				p.pool.add(rec[p.fk.key])
			}
		}
	}
	g.made[r.Name] = recs
	return nil
}

func (g *generator) resourceIndex(r *schema.Resource) int {
	for i := range g.spec.Resources {
		if &g.spec.Resources[i] == r {
			return i
		}
	}
	return -1
}

// plan decides how every field of r gets its values, in spec order, with
// undeclared foreign keys last. KeyMade tells that the key maker assigns the
// primary key.
func (g *generator) plan(r *schema.Resource, idx, count int, keyMade bool) ([]*fieldPlan, error) {
	var plans []*fieldPlan
	fks := g.fks[r.Name]
	keyName := r.Key()
	for j := range r.Fields {
		fld := &r.Fields[j]
		p := &fieldPlan{name: fld.Name, fld: fld, path: fmt.Sprintf("resources[%d].fields[%d]", idx, j)}
		if fld.Pattern != "" {
			pg, err := newPatternGen(fld.Pattern)
			if err != nil {
				return nil, &Error{Path: p.path + ".pattern", Err: fmt.Errorf("%w: %w", ErrUnsatisfiable, err)}
			}
			p.pattern = pg
		}
		if fld.Name == keyName && keyMade {
			continue
		}
		p.key = fld.Name == keyName
		if fk := fks[fld.Name]; fk != nil {
			if p.key {
				// A primary key that points at another record: one each.
				fk.required, fk.distinct, fk.strict = true, true, true
			}
			if err := g.planForeignKey(r, p, fk, count); err != nil {
				return nil, err
			}
			plans = append(plans, p)
			continue
		}
		if fld.Generate == nil && fld.DefaultValue != nil && !fld.Required && !fld.Unique && fld.Name != keyName {
			plans = append(plans, p) // left to the default
			continue
		}
		var c compiled
		if fld.Generate != nil {
			var err error
			if c, err = compileRule(fld, p.path+".generate"); err != nil {
				return nil, err
			}
			if err := checkRuleValues(fld, p); err != nil {
				return nil, err
			}
		} else {
			c = inferField(r, fld, count)
			if p.pattern != nil && len(fld.Enum) == 0 {
				c.gen = matching(c.gen, p.pattern)
			}
		}
		p.gen, p.fit = c.gen, c.fit
		if fld.Unique || fld.Name == keyName {
			p.unique = newUniqueSet()
			held := g.seedUnique(r.Name, fld.Name, p.unique)
			if c.distinct >= 0 && held+count > c.distinct {
				return nil, &Error{Path: p.path, Err: fmt.Errorf("%w: unique field %s.%s can take at most %d different values; %d existing and %d asked",
					ErrUnsatisfiable, r.Name, fld.Name, c.distinct, held, count)}
			}
		}
		plans = append(plans, p)
	}
	for _, name := range sortedKeys(fks) {
		if r.Field(name) != nil {
			continue
		}
		p := &fieldPlan{name: name, path: fks[name].path}
		if err := g.planForeignKey(r, p, fks[name], count); err != nil {
			return nil, err
		}
		plans = append(plans, p)
	}
	return plans, nil
}

// matching makes values with gen and keeps those that match pattern;
// others are replaced by a string made from the pattern itself.
func matching(gen valueFunc, pattern *patternGen) valueFunc {
	return func(f *Faker, rc *recordCtx) any {
		v := gen(f, rc)
		if s, ok := v.(string); ok && pattern.match(s) {
			return v
		}
		return pattern.generate(f)
	}
}

// checkRuleValues checks the values of pickOne and constant rules against
// the field's rules up front, so that a bad value is reported by its path
// instead of being skipped at random.
func checkRuleValues(fld *schema.Field, p *fieldPlan) error {
	g := fld.Generate
	var values []any
	switch g.Type {
	case schema.RulePickOne:
		o := ruleOptions{path: p.path + ".generate.options", m: g.Options}
		values, _, _ = o.list("values")
	case schema.RuleConstant:
		v, err := jsonValue(g.Options["value"])
		if err != nil {
			return nil
		}
		values = []any{v}
	default:
		return nil
	}
	for i, v := range values {
		if prob := problem(fld, p.pattern, convert(fld.Type, v)); prob != "" {
			path := p.path + ".generate.options.value"
			if g.Type == schema.RulePickOne {
				path = fmt.Sprintf("%s.generate.options.values[%d]", p.path, i)
			}
			return &Error{Path: path, Err: fmt.Errorf("%w: field %s: %s", ErrUnsatisfiable, fld.Name, prob)}
		}
	}
	return nil
}

// seedUnique fills u with the values resource.field holds in the existing
// records, and returns how many there are.
func (g *generator) seedUnique(resource, field string, u *uniqueSet) int {
	g.existing.Scan(resource, func(rec adapter.Record) bool {
		if v, ok := rec[field]; ok && v != nil {
			u.add(v)
		}
		return true
	})
	return len(u.seen)
}

// maxAttempts bounds the values drawn for one field of one record before
// Generate gives up on it; uniqueRetries is how many of them are fresh
// draws before a taken value is made unique by a suffix (tried on the
// next three draws).
const (
	maxAttempts   = 25
	uniqueRetries = 5
)

// value makes one value of the field p plans.
func (g *generator) value(p *fieldPlan, rc *recordCtx) (any, error) {
	if p.fk != nil {
		return p.pool.pick(g.f, p)
	}
	last := ""
	for attempt := range maxAttempts {
		v := convert(p.fld.Type, p.gen(g.f, rc))
		if p.fit {
			v = fit(g.f, p.fld, v)
		}
		if last = problem(p.fld, p.pattern, v); last != "" {
			continue
		}
		if v == nil && p.key {
			last = "the primary key is null"
			continue
		}
		if p.unique == nil || v == nil {
			return v, nil // nulls never collide
		}
		if !p.unique.has(v) {
			p.unique.add(v)
			return v, nil
		}
		last = show(v) + " is taken"
		if attempt >= uniqueRetries && attempt < uniqueRetries+3 {
			if w, ok := p.unique.disambiguate(p.fld, p.pattern, v); ok {
				p.unique.add(w)
				return w, nil
			}
		}
	}
	hint := "add a generate rule that fits the field"
	if p.fld.Generate != nil {
		hint = "change the generate rule or the field's rules"
	}
	return nil, &Error{Path: p.path, Err: fmt.Errorf("%w: field %s: no valid value in %d attempts (last: %s); %s",
		ErrUnsatisfiable, p.fld.Name, maxAttempts, last, hint)}
}

// keyFromPipeline reports whether r's primary key is made like any other
// field (a string key with a rule or rules a UUID may break) rather than by
// the key maker.
func (g *generator) keyFromPipeline(r *schema.Resource) bool {
	kf := r.KeyField()
	if kf == nil || kf.Type != schema.TypeString {
		return false
	}
	if _, isFK := g.fks[r.Name][kf.Name]; isFK {
		return false
	}
	return kf.Generate != nil || kf.Pattern != "" || len(kf.Enum) > 0 || kf.MinLength != nil && *kf.MinLength > 36 ||
		kf.MaxLength != nil && *kf.MaxLength < 36
}

// keyMaker returns the function that assigns r's primary keys: the next
// integer for number keys, a fresh UUID for uuid and string keys. It
// returns nil when the key is made by the field pipeline or as a foreign
// key.
func (g *generator) keyMaker(r *schema.Resource, idx int) (func() (any, error), error) {
	if g.keyFromPipeline(r) {
		return nil, nil
	}
	key := r.Key()
	if _, isFK := g.fks[r.Name][key]; isFK {
		return nil, nil
	}
	typ := schema.TypeNumber
	path := fmt.Sprintf("resources[%d].primaryKey", idx)
	kf := r.KeyField()
	if kf != nil {
		typ = kf.Type
		for j := range r.Fields {
			if &r.Fields[j] == kf {
				path = fmt.Sprintf("resources[%d].fields[%d]", idx, j)
			}
		}
	}
	switch typ {
	case schema.TypeNumber, schema.TypeInteger:
		last := g.existing.Counter(r.Name)
		g.existing.Scan(r.Name, func(rec adapter.Record) bool {
			if n, ok := rec[key].(float64); ok && n == math.Trunc(n) && n > float64(last) && n <= adapter.MaxSafeInteger {
				last = int64(n)
			}
			return true
		})
		next := last + 1
		if kf != nil && kf.Min != nil && float64(next) < *kf.Min {
			next = int64(math.Ceil(*kf.Min))
		}
		limit := int64(adapter.MaxSafeInteger)
		if kf != nil && kf.Max != nil && *kf.Max < float64(limit) {
			limit = int64(math.Floor(*kf.Max))
		}
		if n := int64(g.counts[r.Name]); next > limit || limit-next+1 < n {
			return nil, &Error{Path: path, Err: fmt.Errorf("%w: %s ids from %d would pass the largest allowed id %d", ErrUnsatisfiable, r.Name, next, limit)}
		}
		return func() (any, error) {
			id := next
			next++
			return float64(id), nil
		}, nil
	case schema.TypeUUID, schema.TypeString:
		taken := newUniqueSet()
		g.seedUnique(r.Name, key, taken)
		return func() (any, error) {
			for {
				id := g.f.UUID()
				if !taken.has(id) {
					taken.add(id)
					return id, nil
				}
			}
		}, nil
	}
	return nil, &Error{Path: path, Err: fmt.Errorf("%w: a primary key of type %s cannot be generated (want number, integer, string or uuid)", ErrUnsatisfiable, typ)}
}

// planForeignKey prepares the pool of targets of a foreign key.
func (g *generator) planForeignKey(r *schema.Resource, p *fieldPlan, fk *foreignKey, count int) error {
	p.fk = fk
	pool := &targetPool{}
	if !fk.broken {
		g.existing.Scan(fk.target, func(rec adapter.Record) bool {
			pool.add(rec[fk.key])
			return true
		})
		if fk.target != r.Name {
			for _, rec := range g.made[fk.target] {
				pool.add(rec[fk.key])
			}
		}
	}
	if fk.distinct {
		// Targets already pointed at by existing records are taken.
		used := newUniqueSet()
		g.seedUnique(r.Name, fk.field, used)
		pool.used = used
		if fk.strict && fk.required && fk.target != r.Name && len(pool.values)-len(used.seen) < count {
			return &Error{Path: p.path, Err: fmt.Errorf("%w: unique foreign key %s.%s needs %d different %s but only %d are free",
				ErrUnsatisfiable, r.Name, fk.field, count, fk.target, max(len(pool.values)-len(used.seen), 0))}
		}
	}
	if fk.required && !fk.broken && len(pool.values) == 0 && fk.target != r.Name {
		return &Error{Path: p.path, Err: fmt.Errorf("%w: required foreign key %s.%s points at %s, which has no records (none existing, none generated)",
			ErrNoTarget, r.Name, fk.field, fk.target)}
	}
	p.pool = pool
	return nil
}

// targetPool holds the values a foreign key may take.
type targetPool struct {
	values []any
	// used, for distinct foreign keys, holds the targets already taken;
	// free holds the indexes of values not yet drawn.
	used *uniqueSet
	free []int
	// freeReady tells whether free has been filled.
	freeReady bool
}

func (t *targetPool) add(v any) {
	if v == nil {
		return
	}
	t.values = append(t.values, v)
	if t.freeReady {
		t.free = append(t.free, len(t.values)-1)
	}
}

// pick draws a target for a record: uniformly, or for distinct keys one not
// used yet while any is left.
func (t *targetPool) pick(f *Faker, p *fieldPlan) (any, error) {
	fk := p.fk
	if fk.broken {
		return nil, nil
	}
	if t.used != nil {
		if !t.freeReady {
			t.free = make([]int, len(t.values))
			for i := range t.free {
				t.free[i] = i
			}
			t.freeReady = true
		}
		for len(t.free) > 0 {
			i := f.Intn(len(t.free))
			v := t.values[t.free[i]]
			t.free[i] = t.free[len(t.free)-1]
			t.free = t.free[:len(t.free)-1]
			if !t.used.has(v) {
				t.used.add(v)
				return v, nil
			}
		}
		if fk.strict {
			if fk.required {
				return nil, &Error{Path: p.path, Err: fmt.Errorf("%w: unique foreign key %s.%s has no free %s left to point at",
					ErrUnsatisfiable, fk.resource, fk.field, fk.target)}
			}
			return nil, nil
		}
	}
	if len(t.values) == 0 {
		if fk.required {
			return nil, &Error{Path: p.path, Err: fmt.Errorf("%w: required foreign key %s.%s points at %s, which has no records to point at yet",
				ErrNoTarget, fk.resource, fk.field, fk.target)}
		}
		return nil, nil
	}
	return t.values[f.Intn(len(t.values))], nil
}
