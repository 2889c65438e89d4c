package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/journalapi"
	"github.com/pretendo-go/pretendo/jsonfile"
)

// Defaults of the listening address, as in the TypeScript CLI.
const (
	defaultPort = 3000
	defaultHost = "localhost"
)

// progressAfter is how long opening may take before a terminal shows progress.
const progressAfter = time.Second

// runStart serves a spec until ctx is cancelled, then shuts down
// gracefully: it stops accepting, lets requests in flight finish (for at
// most --shutdown-timeout) and closes the server, which flushes a
// json-file store.
func runStart(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o, err := parseStart(args)
	if err != nil {
		return err
	}
	if o.help {
		_, err := io.WriteString(stdout, startUsageText)
		return err
	}
	src, err := readSpec(o.spec, stdin)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if o.quiet {
		level = slog.LevelWarn
	}
	logger := newLogger(stderr, o.jsonLog, level)
	spec, err := buildSpec(o, src, logger)
	if err != nil {
		return printInvalid(stderr, err)
	}
	db := spec.Options.Database
	if o.snapshot != "" && !(db.Snapshots.Enabled && db.Snapshots.Directory != "") {
		return usageErrorf("flag --snapshot needs a snapshot folder: set options.database.snapshots " +
			"(enabled: true, directory: DIR) in the spec, or pass " +
			"--database.snapshots.enabled=true --database.snapshots.directory=DIR")
	}

	// The access log is on unless --quiet or options.logRequests: false
	// turns it off; the server writes it through the logger.
	logRequests := !o.quiet && (spec.Options.LogRequests == nil || *spec.Options.LogRequests)
	spec.Options.LogRequests = &logRequests
	// The request journal is on, as in the library: front-end tests read
	// it over HTTP (/admin/requests). --journal, options.journal.size or
	// upstream's logMaxEntries size it; 0 turns it off.
	opts := []pretendo.Option{pretendo.WithLogger(logger), pretendo.WithReset(o.reset)}
	if o.seedFile != "" {
		// Read it once here, so that a missing or unreadable file is an
		// error of the flag; Open reads it again and names each bad record
		// by its index in the file.
		if _, err := pretendo.LoadData(o.seedFile); err != nil {
			return fmt.Errorf("flag --seed: %w", err)
		}
		opts = append(opts, pretendo.WithSeedFile(o.seedFile))
	}
	if db.Adapter == adapterJSONFile {
		if err := prepareDBPath(db.DBPath); err != nil {
			return err
		}
	}

	// Listen before the data is prepared: a port in use fails at once, and
	// a client that connects early waits in the backlog instead of being
	// refused.
	ln, err := listen(o, spec)
	if err != nil {
		return err
	}
	defer ln.Close()

	srv, err := openServer(spec, o, stderr, opts)
	if err != nil {
		return err
	}
	closeSrv := func() error {
		if err := srv.Close(); err != nil {
			return fmt.Errorf("closing the store: %w", err)
		}
		return nil
	}
	if ctx.Err() != nil {
		// Interrupted while the data was prepared: stop before serving.
		return closeSrv()
	}
	if err := prepareState(ctx, srv, o); err != nil {
		_ = closeSrv()
		return err
	}
	// A lazy load goes on in the background: counting the records would
	// wait for it, so the banner goes without, and the log says how the
	// load ended.
	lazy := db.Adapter == adapterJSONFile && db.Optimizations.LazyLoading && !o.reset && o.snapshot == ""
	var counts map[string]int
	if lazy {
		lctx, cancel := context.WithCancel(ctx)
		loaded := reportLoad(lctx, srv, logger)
		defer func() {
			cancel()
			<-loaded
		}()
	} else if counts, err = recordCounts(ctx, srv); err != nil {
		_ = closeSrv()
		return err
	} else {
		releaseLoadMemory()
	}
	live := &liveServer{srv: srv}
	closeSrv = func() error {
		if err := live.current().Close(); err != nil {
			return fmt.Errorf("closing the store: %w", err)
		}
		return nil
	}
	// The files are watched before the banner says the server is up, so
	// that no change after it is missed.
	if o.watch {
		stopWatch, err := watch(ctx, &reloader{o: o, src: src, spec: spec, opts: opts, live: live, logger: logger})
		if err != nil {
			_ = closeSrv()
			return err
		}
		// The watcher stops before the server closes, so that no reload
		// opens a server after the last Close.
		defer stopWatch()
		closeWatched := closeSrv
		closeSrv = func() error {
			stopWatch()
			return closeWatched()
		}
	}
	url := "http://" + net.JoinHostPort(displayHost(hostOf(o, spec)), strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	b := banner{version: version(), source: src, url: url, spec: spec, counts: counts, loading: lazy, quiet: o.quiet}
	if err := b.write(stdout); err != nil {
		_ = closeSrv()
		return fmt.Errorf("writing to standard output: %w", err)
	}
	if o.jsonLog {
		logger.Info("listening", "url", url, "adapter", db.Adapter, "dbPath", db.DBPath)
	}

	limits := limitsOf(spec)
	conns := limitConns(ln, limits.maxConns)
	// Shutdown waits for requests in flight, and a stream of the journal
	// never ends by itself: the streams end when the shutdown begins.
	streamsStop := make(chan struct{})
	hs := &http.Server{
		Handler:           live,
		ReadHeaderTimeout: limits.readHeader,
		ReadTimeout:       limits.read,
		WriteTimeout:      limits.write,
		IdleTimeout:       limits.idle,
		ConnState:         conns.track,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		// Requests must outlive ctx: they finish during the shutdown.
		BaseContext: func(net.Listener) context.Context {
			return journalapi.WithStop(context.WithoutCancel(ctx), streamsStop)
		},
	}
	hs.RegisterOnShutdown(func() { close(streamsStop) })
	served := make(chan error, 1)
	go func() { served <- hs.Serve(conns) }()

	select {
	case err := <-served:
		_ = closeSrv()
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	if err := shutdown(hs, o.shutdownTimeout, logger); err != nil {
		_ = closeSrv()
		return err
	}
	<-served
	if err := closeSrv(); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}

// buildSpec reads the spec of src as the command serves it: with the
// command's default adapter, then the flags and the rules of --routes
// applied, ./public as the static folder unless a flag or the spec says
// otherwise, and the json-file path settled. It runs at start and at each
// reload of --watch.
func buildSpec(o *startOptions, src specSource, logger *slog.Logger) (*pretendo.Spec, error) {
	spec, err := src.parse(o.db)
	if err != nil {
		return nil, err
	}
	defaultAdapter(spec)
	settings := o.settings
	if o.routes != "" {
		rules, err := readRoutes(o.routes)
		if err != nil {
			return nil, err
		}
		settings = append(slices.Clip(settings), setting{"--routes", []string{"rewrites"}, rules})
	}
	if spec, err = applySettings(spec, settings); err != nil {
		return nil, err
	}
	if !o.static && spec.Options.Static == "" {
		if fi, err := os.Stat(defaultStatic); err == nil && fi.IsDir() {
			spec.Options.Static = defaultStatic
		}
	}
	// Upstream aliases (options.dbPath, ...) count before the paths are
	// settled; Open would resolve them too, but after the folder checks.
	for _, note := range spec.ResolveAliases() {
		logger.Warn(note)
	}
	defaultDBFile(spec)
	return spec, nil
}

// defaultStatic is the folder served without --static, when it exists, as
// json-server serves ./public.
const defaultStatic = "public"

// shutdown stops hs gracefully, waiting at most timeout for requests in
// flight; the ones still running then are cut off.
func shutdown(hs *http.Server, timeout time.Duration, logger *slog.Logger) error {
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		logger.Warn("requests still running after the shutdown timeout were cut off", "timeout", timeout)
		if err := hs.Close(); err != nil {
			return fmt.Errorf("stopping the server: %w", err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("stopping the server: %w", err)
	}
	return nil
}

// newLogger returns a text or JSON logger on w at the given level.
func newLogger(w io.Writer, jsonFormat bool, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if jsonFormat {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// listen opens the listening socket. A port in use is one clear line.
func listen(o *startOptions, spec *pretendo.Spec) (net.Listener, error) {
	port := spec.Options.Port
	if o.portSet {
		port = o.port
	} else if port == 0 {
		port = defaultPort
	}
	host := hostOf(o, spec)
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, fmt.Errorf("port %d is already in use on %s (choose another with --port, or --port 0 for any free port)", port, host)
	case err != nil:
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	return ln, nil
}

// hostOf is the host to listen on: the flag, else the spec, else localhost.
func hostOf(o *startOptions, spec *pretendo.Spec) string {
	switch {
	case o.host != "":
		return o.host
	case spec.Options.Host != "":
		return spec.Options.Host
	}
	return defaultHost
}

// displayHost is the host the banner's URL shows: an address that listens
// on every interface is reached through localhost.
func displayHost(host string) string {
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return defaultHost
	}
	return host
}

// openServer opens the pretendo server, showing progress on a terminal
// when preparing the data takes long.
func openServer(spec *pretendo.Spec, o *startOptions, stderr io.Writer, opts []pretendo.Option) (*pretendo.Server, error) {
	label := "loading data"
	if g := spec.Options.GenerateData; g.Enabled {
		total := 0
		for _, n := range g.Counts {
			total += n
		}
		if total > 0 {
			label = "generating " + strconv.Itoa(total) + " records"
		}
	}
	p := startProgress(stderr, isTerminal(stderr), label, progressAfter, 250*time.Millisecond, time.After)
	srv, err := pretendo.Open(spec, opts...)
	p.stop()
	if err != nil {
		var se *pretendo.SpecError
		if errors.As(err, &se) {
			return nil, newInvalidSpecError(specName(o), err)
		}
		if errors.Is(err, jsonfile.ErrLoad) {
			return nil, fmt.Errorf("opening the server: %w (to start from the spec's initial data, replacing the file, "+
				"pass --reset; to keep it, pass --db PATH to use another file)", err)
		}
		return nil, fmt.Errorf("opening the server: %w", err)
	}
	return srv, nil
}

// specName names the spec argument in messages.
func specName(o *startOptions) string {
	switch o.spec {
	case "":
		return embeddedName
	case "-":
		return "standard input"
	}
	return o.spec
}

// prepareState applies --snapshot to the opened server (Open applied
// --reset).
func prepareState(ctx context.Context, srv *pretendo.Server, o *startOptions) error {
	switch {
	case o.snapshot != "":
		err := srv.Restore(ctx, o.snapshot)
		if errors.Is(err, pretendo.ErrSnapshotNotFound) {
			return fmt.Errorf("flag --snapshot: no snapshot named %q", o.snapshot)
		}
		if err != nil {
			return fmt.Errorf("flag --snapshot: %w", err)
		}
	}
	return nil
}

// reportLoad logs how the background load of the database file ends: the
// records it holds, or why it failed (every request then fails with the
// same error). The channel is closed once it has logged, or when ctx ends.
func reportLoad(ctx context.Context, srv *pretendo.Server, logger *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		counts, err := recordCounts(ctx, srv)
		switch {
		case ctx.Err() != nil:
		case err != nil:
			logger.Error("the database file did not load; requests fail until it is fixed "+
				"(or restart with --reset to replace it, or --db PATH to use another file)", "err", err)
		default:
			total := 0
			for _, n := range counts {
				total += n
			}
			logger.Info("database file loaded", "records", total)
			releaseLoadMemory()
		}
	}()
	return done
}

// recordCounts returns the number of records of each resource.
func recordCounts(ctx context.Context, srv *pretendo.Server) (map[string]int, error) {
	stats, err := srv.Stats(ctx)
	if err != nil {
		return nil, fmt.Errorf("counting records: %w", err)
	}
	counts := make(map[string]int, len(stats))
	for name, st := range stats {
		counts[name] = st.Count
	}
	return counts, nil
}
