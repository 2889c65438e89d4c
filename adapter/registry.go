package adapter

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config is what an [Opener] gets to open a store: the spec's
// options.database, and the clock, logger and reset choice of the server
// that opens it. An option a store has no use for is ignored by it (a
// memory store has no path).
type Config struct {
	// Path is options.database.dbPath, the file of a file-backed store;
	// "" leaves the store's default.
	Path string
	// DSN is options.database.dsn, the database a networked store
	// connects to.
	DSN string
	// AutoSave is options.database.autoSave; nil leaves the store's
	// default.
	AutoSave *bool
	// SaveInterval is options.database.saveInterval; nil leaves the
	// store's default.
	SaveInterval *time.Duration
	// LazyLoading is options.database.optimizations.lazyLoading.
	LazyLoading bool
	// Reset asks for a store that starts from the initial state Initialize
	// gives it, whatever it kept before (a file, tables): the server does
	// not call Reset after Initialize for a store an Opener returned.
	Reset bool
	// Clock stamps modification times; nil leaves the store's default
	// (time.Now).
	Clock func() time.Time
	// Logger is where the store reports what it does not return as an
	// error (a failed background save, data it kept); nil leaves the
	// store's default (slog.Default()).
	Logger *slog.Logger
}

// Opener opens a store for c, not yet initialized: the server calls
// Initialize on what it returns, and Close when it is done with it. An
// Opener reports an option it cannot open with (a required one left
// empty) as an *[OptionError].
type Opener func(ctx context.Context, c Config) (DatabaseAdapter, error)

// registry holds the registered Openers by name. Like database/sql's
// drivers, it is filled by the init functions of the packages a program
// imports, and read when a server opens the store its spec names.
var registry = struct {
	sync.RWMutex
	openers map[string]Opener
}{openers: make(map[string]Opener)}

// Register makes an adapter available to [Open] under name. It is meant to
// be called from the init function of the package that implements the
// adapter, as database/sql drivers register: the memory and jsonfile
// packages register "memory" and "json-file", and importing
//
//	import _ "github.com/pretendo-go/pretendo/postgres"
//
// registers "postgres". A server opens the one its spec names in
// options.database.adapter, which is one of these three (the spec format
// knows no other); a store of one's own plugs into a server with
// pretendo.WithAdapter. Register panics if name is empty, if open is nil,
// or if name is already registered.
func Register(name string, open Opener) {
	registry.Lock()
	defer registry.Unlock()
	if name == "" {
		panic("adapter: Register with an empty name")
	}
	if open == nil {
		panic("adapter: Register of a nil Opener for " + strconv.Quote(name))
	}
	if _, dup := registry.openers[name]; dup {
		panic("adapter: Register called twice for " + strconv.Quote(name))
	}
	registry.openers[name] = open
}

// Drivers returns the names of the registered adapters, sorted.
func Drivers() []string {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(registry.openers))
	for name := range registry.openers {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Open opens a store with the Opener registered under name. It fails with
// a *[NotRegisteredError] if no package registered name, and otherwise
// returns what the Opener returns.
func Open(ctx context.Context, name string, c Config) (DatabaseAdapter, error) {
	registry.RLock()
	open := registry.openers[name]
	registry.RUnlock()
	if open == nil {
		return nil, &NotRegisteredError{Name: name, Import: packages[name], Registered: Drivers()}
	}
	return open(ctx, c)
}

// packages names the package that registers each adapter pretendo ships,
// for the error that says which import a program lacks.
var packages = map[string]string{
	"memory":    "github.com/pretendo-go/pretendo/memory",
	"json-file": "github.com/pretendo-go/pretendo/jsonfile",
	"postgres":  "github.com/pretendo-go/pretendo/postgres",
}

// NotRegisteredError reports an adapter name that no imported package
// registered. Its message says what to do: add the import of the package
// that registers it, for an adapter pretendo ships, or else register one or
// plug a store in with pretendo.WithAdapter.
type NotRegisteredError struct {
	// Name is the adapter name asked for.
	Name string
	// Import is the path of the package pretendo ships that registers
	// Name, or "" if none does.
	Import string
	// Registered lists the names that are registered, sorted.
	Registered []string
}

// Error names the adapter and the import to add, or the registered names.
func (e *NotRegisteredError) Error() string {
	msg := "adapter " + strconv.Quote(e.Name) + " is not registered"
	if e.Import != "" {
		return msg + ": add import _ " + strconv.Quote(e.Import) + " to the program"
	}
	return msg + " (registered: " + strings.Join(e.Registered, ", ") +
		"): import the package that registers it, or plug a store in with pretendo.WithAdapter"
}

// OptionError reports an option of options.database that an adapter
// cannot open with.
type OptionError struct {
	// Option is the option's key under options.database, like "dsn".
	Option string
	// Message says what is wrong with it, like "required with the
	// postgres adapter".
	Message string
}

// Error names the option and what is wrong with it.
func (e *OptionError) Error() string {
	return "options.database." + e.Option + ": " + e.Message
}
