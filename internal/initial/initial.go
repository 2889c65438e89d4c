// Package initial builds the state a server starts from and goes back to
// on reset: a resource's initialData, the spec's data, generated data
// (options.generateData), a seed callback's records, then seed files',
// each record checked by the same rules as an HTTP write and named, on
// error, by its place in what gave it ("data.posts[2]", "seed.yml:
// posts[0]").
package initial

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/seed"
)

// Sources are what an initial state is made of, besides the spec.
type Sources struct {
	// Rules check every record.
	Rules *constraints.Set
	// Clock fills $now defaults.
	Clock func() time.Time
	// GenerateSeed seeds generated data (0: random).
	GenerateSeed int64
	// Callback, when set, adds records; it gets a Faker seeded by CallbackSeed.
	Callback     seed.Func
	CallbackSeed int64
	// Files are data files, loaded in order with LoadFile.
	Files    []string
	LoadFile func(path string) (seed.Data, error)
}

// Error is an error with the context it happened in: what was being done,
// or which record was read.
type Error struct {
	// Context is like "data.posts[2]" or "generating data".
	Context string
	// Err is what went wrong there.
	Err error
}

// prefix begins the text of every error of this module, once.
const prefix = "pretendo: "

// Error returns "pretendo: <context>: <err>", the prefix once.
func (e *Error) Error() string {
	return prefix + e.Context + ": " + strings.TrimPrefix(e.Err.Error(), prefix)
}

// Unwrap returns the error given context.
func (e *Error) Unwrap() error { return e.Err }

// State builds the initial state of sp from src.
func State(ctx context.Context, sp *schema.Spec, src Sources) (adapter.State, error) {
	l := &loader{sp: sp, rules: src.Rules, scratch: memory.New(memory.WithClock(src.Clock)), password: auth.PasswordField(sp)}
	if err := l.scratch.Initialize(ctx, sp, adapter.NewState(nil, nil)); err != nil {
		return nil, &Error{Context: "preparing initial data", Err: err}
	}
	// A resource's own initialData comes first, then the spec's data.
	err := l.load(ctx, func(res *schema.Resource) []map[string]any { return res.InitialData },
		func(ri int, _ *schema.Resource, i int) string {
			return fmt.Sprintf("resources[%d].initialData[%d]", ri, i)
		})
	if err == nil {
		err = l.data(ctx, "data", false, sp.Data)
	}
	if err != nil {
		return nil, err
	}
	if gen := sp.Options.GenerateData; gen.Enabled && len(gen.Counts) > 0 {
		existing, err := l.scratch.Backup(ctx)
		if err != nil {
			return nil, err
		}
		data, err := seed.Generate(sp, seed.Options{Seed: src.GenerateSeed, Counts: gen.Counts, Domain: sp.Options.Domain, Existing: existing})
		if err != nil {
			return nil, &Error{Context: "generating data", Err: err}
		}
		if err := l.data(ctx, "generated", false, data); err != nil {
			return nil, err
		}
	}
	if src.Callback != nil {
		data, err := src.Callback(seed.NewFaker(src.CallbackSeed))
		if err != nil {
			return nil, &Error{Context: "seed callback", Err: err}
		}
		// Go code made these records: normalized here, once.
		if data, err = Normalize("seed", data); err != nil {
			return nil, err
		}
		if err := l.data(ctx, "seed", false, data); err != nil {
			return nil, err
		}
	}
	for _, path := range src.Files {
		data, err := src.LoadFile(path)
		if err != nil {
			return nil, err
		}
		if err := l.data(ctx, path, true, data); err != nil {
			return nil, err
		}
	}
	return l.finish(ctx)
}

// loader loads records into a scratch store.
type loader struct {
	sp       *schema.Spec
	rules    *constraints.Set
	scratch  *memory.DB
	password string // of the user resource, stored hashed
	// loaded lists the records that have references, for the check once
	// everything is in, each with where it came from.
	loaded []loaded
}

// loaded is an initial record whose references are yet to check: the
// index of its resource in the spec, its primary key, and where it came
// from (where, called with ri and index, names it).
type loaded struct {
	where     func(ri int, res *schema.Resource, i int) string
	ri, index int
	key       any
}

// load imports records of each resource; where names the position of a
// record in its source, for errors.
func (l *loader) load(ctx context.Context, records func(res *schema.Resource) []map[string]any, where func(ri int, res *schema.Resource, i int) string) error {
	return l.scratch.Update(ctx, func(tx adapter.WriteTx) error {
		for ri := range l.sp.Resources {
			res := &l.sp.Resources[ri]
			field := ""
			if res.Name == l.sp.Options.Auth.UserResource {
				field = l.password
			}
			refs := hasReferences(res)
			for i, rec := range records(res) {
				sec, err := auth.Hash(res.Name, field, rec)
				if err == nil {
					rec, err = l.rules.Import(tx, res.Name, rec)
				}
				if err == nil {
					err = sec.Seal(tx, res.Name, rec)
				}
				if err != nil {
					return &Error{Context: where(ri, res, i), Err: err}
				}
				if refs {
					l.loaded = append(l.loaded, loaded{where: where, ri: ri, index: i, key: rec[res.Key()]})
				}
			}
		}
		return nil
	})
}

// data loads records by resource name from origin, named "data.users[0]",
// or for a file (file set) "seed.yml: users[0]", counting in that file alone.
func (l *loader) data(ctx context.Context, origin string, file bool, data map[string][]map[string]any) error {
	for name := range data {
		if l.sp.Resource(name) == nil {
			return fmt.Errorf("%w: %s: unknown resource %q", constraints.ErrValidation, origin, name)
		}
	}
	format := "%s.%s[%d]"
	if file {
		format = "%s: %s[%d]"
	}
	return l.load(ctx, func(res *schema.Resource) []map[string]any { return data[res.Name] },
		func(_ int, res *schema.Resource, i int) string { return fmt.Sprintf(format, origin, res.Name, i) })
}

// finish checks the references once everything is in, since records may
// point at each other in any order (a broken one is named by where it
// came from), and returns the state.
func (l *loader) finish(ctx context.Context) (adapter.State, error) {
	err := l.scratch.View(ctx, func(tx adapter.Tx) error {
		for _, r := range l.loaded {
			res := &l.sp.Resources[r.ri]
			rec, err := tx.Get(res.Name, r.key)
			if err == nil {
				err = l.rules.CheckRecordReferences(tx, res.Name, rec)
			}
			if err != nil {
				return &Error{Context: r.where(r.ri, res, r.index), Err: err}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l.scratch.Backup(ctx)
}

// hasReferences reports whether a field of res references another record.
func hasReferences(res *schema.Resource) bool {
	for i := range res.Fields {
		if res.Fields[i].References != nil {
			return true
		}
	}
	return false
}

// Normalize returns a copy of the records Go code handed in, each
// normalized to the JSON value model by adapter.NormalizeRecord. A value
// without a JSON form is an error naming origin, resource, index and field:
// "pretendo: seed.users[1]: validation failed: age: NaN is not a JSON number".
func Normalize(origin string, d map[string][]map[string]any) (map[string][]map[string]any, error) {
	if d == nil {
		return nil, nil
	}
	names := make([]string, 0, len(d))
	for name := range d {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make(map[string][]map[string]any, len(d))
	for _, name := range names {
		recs, err := NormalizeRecords(origin+"."+name, d[name])
		if err != nil {
			return nil, err
		}
		out[name] = recs
	}
	return out, nil
}

// NormalizeRecords is Normalize for the records at origin (like
// "resources[0].initialData").
func NormalizeRecords(origin string, recs []map[string]any) ([]map[string]any, error) {
	if recs == nil {
		return nil, nil
	}
	out := make([]map[string]any, len(recs))
	for i, rec := range recs {
		if rec == nil {
			continue // the rules read a nil record as an empty one
		}
		n, err := adapter.NormalizeRecord(rec)
		if err != nil {
			return nil, &Error{Context: fmt.Sprintf("%s[%d]", origin, i), Err: err}
		}
		out[i] = n
	}
	return out, nil
}
