package pretendo

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/body"
	"github.com/pretendo-go/pretendo/internal/customroute"
	"github.com/pretendo-go/pretendo/internal/dialect"
	"github.com/pretendo-go/pretendo/internal/initial"
	"github.com/pretendo-go/pretendo/internal/journalapi"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/internal/rewrite"
	"github.com/pretendo-go/pretendo/internal/router"
	"github.com/pretendo-go/pretendo/internal/static"
	"github.com/pretendo-go/pretendo/internal/uuid"
	"github.com/pretendo-go/pretendo/journal"
	"github.com/pretendo-go/pretendo/seed"
	"github.com/pretendo-go/pretendo/snapshot"
)

// Server serves the REST API of one spec. It is an http.Handler: pass it to
// httptest.NewServer, mount it under a prefix with http.StripPrefix, or
// route to it from any router. All methods are safe for concurrent use. The
// caller should call Close when finished.
type Server struct {
	spec  *Spec
	cfg   config
	db    adapter.DatabaseAdapter
	rules *constraints.Set
	// handle is the request's way through the server (see handler),
	// built on the first request (see handlerOnce), so that a Fork used
	// only through typed access never pays for one.
	handle      http.Handler
	handlerOnce sync.Once
	info        map[string]*resourceInfo
	qopts       query.Options // what the query parser needs of the spec
	// dialect reads the queries of reads and writes the answers.
	dialect dialect.Dialect
	// bodies reads request bodies within the spec's limits.
	bodies body.Reader
	// initial is the state Reset returns to.
	initial   adapter.State
	snapshots snapshot.Store
	closed    atomic.Bool
	// auth and journal are built once, on first use (see extras), so that
	// a Fork gets its own sessions and journal.
	extrasOnce sync.Once
	auth       *auth.Authenticator
	journal    *journal.Journal
	hub        *journalapi.Hub
	// customs routes the custom routes, set when the router is built.
	customs *router.Router
}

// compile-time check that a Server is a handler.
var _ http.Handler = (*Server)(nil)

// New returns a Server for spec, like Open, and panics if Open fails (a bad
// spec, or initial data that breaks the spec's rules). It suits tests,
// where a broken spec is a programming error.
func New(spec *Spec, opts ...Option) *Server {
	s, err := Open(spec, opts...)
	if err != nil {
		panic(err)
	}
	return s
}

// Open validates spec, loads its initial data through the same rules as
// every write, and returns a Server over the configured adapter (the
// memory adapter unless WithAdapter says otherwise). The server keeps its
// own copy of spec; later changes to spec do not affect it.
func Open(spec *Spec, opts ...Option) (*Server, error) {
	if spec == nil {
		return nil, fmt.Errorf("%w: spec is nil", ErrInvalidSpec)
	}
	if err := spec.Validate(); err != nil {
		return nil, specError("", err)
	}
	if problems := slices.Concat(auth.Check(spec), rewrite.Check(spec), static.Check(spec)); len(problems) > 0 {
		return nil, &SpecError{Problems: problems}
	}
	cfg := newConfig(opts)
	if problems := customroute.Check(cfg.routes); problems != nil {
		return nil, &SpecError{Problems: problems}
	}
	sp, err := initial.CopySpec(spec, ErrInvalidSpec)
	if err != nil {
		return nil, err
	}
	lost := sp.ResolveAliases()
	copts := constraints.Options{
		Strict:   sp.Options.StrictValidation,
		Now:      cfg.clock,
		UUID:     cfg.uuid,
		MaxDepth: sp.Options.Depth(),
	}
	if pw := auth.PasswordField(sp); pw != "" {
		// Passwords are stored hashed: their rules hold for the plain
		// passwords writes send, not for the hash a write keeps.
		copts.Secrets = map[string]string{sp.Options.Auth.UserResource: pw}
	}
	rules, err := constraints.New(sp, copts)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidSpec, err)
	}
	s := &Server{spec: sp, cfg: cfg, rules: rules}
	ctx := context.Background()
	initial, err := s.initialState(ctx)
	if err != nil {
		return nil, err
	}
	// The initial state holds the callback's records now; Reset replays the
	// state, so the callback (and whatever it captured) can go.
	s.cfg.seedFunc = nil
	db, err := openAdapter(sp, cfg)
	if err != nil {
		return nil, err
	}
	if err := db.Initialize(ctx, sp, initial); err != nil {
		_ = db.Close()
		return nil, wrap(err, "initializing storage")
	}
	if cfg.reset && !resetsItself(sp, cfg) {
		if err := db.Reset(ctx); err != nil {
			_ = db.Close()
			return nil, wrap(err, "resetting storage")
		}
	}
	snaps, err := openSnapshots(sp)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	s.db = db
	s.initial = initial
	s.snapshots = snaps
	s.info = buildInfo(sp)
	s.qopts = newQueryOptions(sp)
	s.dialect = dialect.NewPretendo(sp, s.qopts)
	if sp.Options.Dialect == "json-server" {
		s.dialect = dialect.NewJSONServer(sp, func(res *Resource) string { return s.auth.Hidden(res) })
	}
	s.bodies = body.Reader{MaxBytes: sp.Options.MaxBodyBytes, MaxDepth: sp.Options.Depth()}
	s.extras()
	s.logJavaScriptRoutes()
	s.logNotes()
	s.warnUpstream(lost)
	return s, nil
}

// initialState builds the state Reset returns to (see package initial).
func (s *Server) initialState(ctx context.Context) (adapter.State, error) {
	return initial.State(ctx, s.spec, initial.Sources{
		Rules:        s.rules,
		Clock:        s.cfg.clock,
		GenerateSeed: s.generateSeed(),
		Callback:     s.cfg.seedFunc,
		CallbackSeed: s.callbackSeed(),
		Files:        s.cfg.seedFiles,
		LoadFile:     LoadData,
	})
}

// generateSeed is the seed of generated data: generateData.seed, else
// options.seed, else WithRandSeed, else random (0).
func (s *Server) generateSeed() int64 {
	switch o := s.spec.Options; {
	case o.GenerateData.Seed != 0:
		return o.GenerateData.Seed
	case o.Seed != 0:
		return o.Seed
	}
	return s.cfg.randSeed
}

// callbackSeed seeds the Faker handed to the seed callback: WithRandSeed,
// else options.seed, else random (0).
func (s *Server) callbackSeed() int64 {
	if s.cfg.randSeed != 0 {
		return s.cfg.randSeed
	}
	return s.spec.Options.Seed
}

// extras are the parts of a server built on first use, so that a Fork
// gets its own: the auth sessions and the journal.
type extras struct {
	auth    *auth.Authenticator
	journal *journal.Journal
	// hub is the journal's listener, which feeds the journal API's
	// streams; nil with the journal off.
	hub *journalapi.Hub
}

// extras returns the server's auth state and journal, building them once.
// The fields s.auth and s.journal are set too, for the request path.
func (s *Server) extras() extras {
	s.extrasOnce.Do(func() {
		s.auth = newAuth(s)
		s.journal = journal.New(journalSize(s.spec, s.cfg), s.cfg.clock)
		if s.journal != nil {
			s.hub = new(journalapi.Hub)
			s.journal.Listen(s.hub)
		}
	})
	return extras{auth: s.auth, journal: s.journal, hub: s.hub}
}

// Spec returns a copy of the server's spec.
func (s *Server) Spec() *Spec {
	c, err := s.spec.Clone()
	if err != nil {
		// The server's own spec was cloned from JSON-only values at Open.
		panic("pretendo: " + err.Error())
	}
	return c
}

// Adapter returns the storage adapter the server uses.
func (s *Server) Adapter() adapter.DatabaseAdapter { return s.db }

// ServeHTTP serves the REST API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handlerOnce.Do(func() { s.handle = s.handler() })
	s.handle.ServeHTTP(w, r)
}

// Close releases the server and its adapter, flushing a json-file store.
// Requests served after Close fail; Close is idempotent.
func (s *Server) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	if hub := s.extras().hub; hub != nil {
		hub.Close() // ends the journal's streams
	}
	return s.db.Close()
}

// Reset restores the initial state: the spec's data, generated data and
// the seed callback's records. It keeps the request journal (see
// ClearRequests).
func (s *Server) Reset(ctx context.Context) error {
	return s.db.Reset(ctx)
}

// Stats reports the record count and last modification of each resource.
func (s *Server) Stats(ctx context.Context) (map[string]ResourceStats, error) {
	return s.db.Stats(ctx)
}

// ResourceStats describes one resource: its record count and last change.
type ResourceStats = adapter.ResourceStats

// Option configures a Server.
type Option func(*config)

type config struct {
	adapter  adapter.DatabaseAdapter
	seedFunc seed.Func
	logger   *slog.Logger
	clock    func() time.Time
	randSeed int64
	uuid     func() string
	// routes are the WithRoute custom routes, in order.
	routes []customroute.Go
	// journalSize is the WithJournal size, when journalSet.
	journalSize int
	journalSet  bool
	// reset is WithReset's setting.
	reset bool
	// seedFiles are the WithSeedFile data files, in order.
	seedFiles []string
}

func newConfig(opts []Option) config {
	cfg := config{clock: time.Now, logger: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.randSeed != 0 {
		cfg.uuid = uuid.Seeded(cfg.randSeed)
	}
	return cfg
}

// WithAdapter stores data in a instead of the default memory adapter,
// overriding options.database of the spec. The server initializes a and
// closes it on Close.
func WithAdapter(a DatabaseAdapter) Option { return func(c *config) { c.adapter = a } }

// WithSeed adds the records fn returns to the initial state, after the
// spec's data and generated data; Reset replays them. fn gets a Faker
// seeded by WithRandSeed (else options.seed, else at random). Its records
// may hold any Go value with a JSON form (see adapter.Normalize: ints,
// time.Time, structs with json tags, ...) and are validated like any
// write: a bad one fails Open, naming the resource, index and field.
func WithSeed(fn func(f *seed.Faker) (seed.Data, error)) Option {
	return func(c *config) { c.seedFunc = fn }
}

// WithSeedFile adds the records of the data file at path (YAML or JSON:
// resource name to a list of records, read as [LoadData] reads it) to the
// initial state, after the seed callback's; Reset replays them. Each is
// checked like any write, and a bad one fails Open naming the file and the
// record's index in it ("seed.yml: posts[0]: ..."). Several files load in
// the order given. The CLI's --seed flag uses it.
func WithSeedFile(path string) Option {
	return func(c *config) { c.seedFiles = append(c.seedFiles, path) }
}

// WithReset makes Open start from the initial state (spec data, generated
// data, seed records), discarding what the storage holds, as the CLI's
// --reset flag does; default false. A json-file store that Open builds
// from the spec replaces its file without reading it, so a file that does
// not parse or holds another spec's resources is replaced too; any other
// adapter is Reset right after Initialize (a json-file store given with
// WithAdapter needs jsonfile.WithReset for a broken file).
func WithReset(on bool) Option { return func(c *config) { c.reset = on } }

// WithLogger sends the server's log to l (default: discarded).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithClock sets the clock for $now defaults, updatedAt and stats
// (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithRandSeed makes every random choice of the server repeatable: UUIDs
// of new records, generated data and seed callbacks without a seed of
// their own. The default, 0, is random.
func WithRandSeed(seed int64) Option { return func(c *config) { c.randSeed = seed } }
