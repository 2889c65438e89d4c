package main

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/schema"
)

// settleTime is how long the watched files must stay quiet before a
// reload: an editor's save is several events (a write, or a new file
// renamed over the old one), and a reload should see the whole of it.
const settleTime = 100 * time.Millisecond

// reloader rebuilds the server of pretendo start --watch from its files.
type reloader struct {
	o    *startOptions
	src  specSource
	spec *pretendo.Spec
	opts []pretendo.Option
	live *liveServer
	// logger says what each reload did.
	logger *slog.Logger
	// seed hashes the files' contents; sums holds the hash of each
	// watched file as the serving spec was built from it.
	seed maphash.Seed
	sums map[string]uint64
	// watched are the files watched.
	watched []string
	// dataFile is the json-file data file the server started with, "" for
	// another adapter.
	dataFile string
}

// init returns the absolute paths of the files --watch watches, and
// remembers their contents: the spec file unless the spec comes from
// standard input or is the embedded example, the routes file, and the
// json-file data file the server started with.
func (rl *reloader) init() ([]string, error) {
	var paths []string
	if rl.o.spec != "" && rl.o.spec != "-" {
		paths = append(paths, rl.o.spec)
	}
	if rl.o.routes != "" {
		paths = append(paths, rl.o.routes)
	}
	if db := rl.spec.Options.Database; db.Adapter == adapterJSONFile {
		paths = append(paths, db.DBPath)
	}
	for i, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, fmt.Errorf("flag --watch: %w", err)
		}
		paths[i] = abs
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	rl.dataFile = ""
	if db := rl.spec.Options.Database; db.Adapter == adapterJSONFile {
		rl.dataFile, _ = filepath.Abs(db.DBPath)
	}
	rl.seed = maphash.MakeSeed()
	rl.sums = map[string]uint64{}
	rl.watched = paths
	rl.remember(paths)
	return paths, nil
}

// watch reloads the server of rl whenever a file it was built from
// changes, until ctx ends or stop is called; stop returns once no reload
// runs any more. It watches the files' folders, so that a file an editor
// replaces (a new file renamed over it), or deletes and writes again, is
// still followed.
func watch(ctx context.Context, rl *reloader) (stop func(), err error) {
	files, err := rl.init()
	if err != nil {
		return nil, err
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("flag --watch: %w", err)
	}
	watched := map[string]bool{}
	for _, f := range files {
		watched[f] = true
		if err := w.Add(filepath.Dir(f)); err != nil {
			_ = w.Close()
			return nil, fmt.Errorf("flag --watch: watching %s: %w", filepath.Dir(f), err)
		}
	}
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer w.Close()
		settle := time.NewTimer(time.Hour)
		settle.Stop()
		changed := map[string]bool{}
		for {
			select {
			case <-wctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				name := filepath.Clean(ev.Name)
				if !watched[name] || ev.Op == fsnotify.Chmod {
					continue
				}
				changed[name] = true
				settle.Reset(settleTime)
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				rl.logger.Warn("watching the files", "err", err)
			case <-settle.C:
				rl.reload(wctx, changed)
				changed = map[string]bool{}
			}
		}
	}()
	return sync.OnceFunc(func() {
		cancel()
		<-done
	}), nil
}

// reload rebuilds the server from its files after changed changed, or,
// when only the data file changed, loads that into the running server. A
// file that does not read, parse or validate leaves the running server as
// it is, and says why in the log. A change of the data file that is the
// server's own save (of a json-file store, or of a json-server db.json,
// which is the spec and the data file at once) is no change.
func (rl *reloader) reload(ctx context.Context, changed map[string]bool) {
	names := make([]string, 0, len(changed))
	for name := range changed {
		names = append(names, name)
	}
	slices.Sort(names)
	log := rl.logger.With("files", names)
	contents := map[string][]byte{}
	news := map[string]bool{}
	for name := range changed {
		data, err := os.ReadFile(name)
		if err != nil {
			log.Error("reload failed: the server keeps the API it had", "err", err)
			return
		}
		contents[name] = data
		sum := maphash.Bytes(rl.seed, data)
		if rl.ownSave(name, data) {
			rl.sums[name] = sum
			continue
		}
		if sum != rl.sums[name] {
			news[name] = true
		}
	}
	specFile, _ := filepath.Abs(rl.o.spec)
	switch {
	case len(news) == 0:
		return
	case len(news) == 1 && news[rl.dataFile] && rl.dataFile != specFile:
		// The data file alone: another program wrote it, and the running
		// server reads it as POST /admin/load does.
		if _, err := rl.live.current().Load(ctx); err != nil {
			log.Error("reload failed: the server keeps the data it had", "err", err)
			return
		}
		rl.sums[rl.dataFile] = maphash.Bytes(rl.seed, contents[rl.dataFile])
		log.Info("reloaded", "data", rl.dataFile)
		return
	}
	src := rl.src
	if rl.o.spec != "" && rl.o.spec != "-" {
		var err error
		if src, err = readSpec(rl.o.spec, nil); err != nil {
			log.Error("reload failed: the server keeps the API it had", "err", err)
			return
		}
	}
	spec, err := buildSpec(rl.o, src, rl.logger)
	if err == nil {
		err = check(ctx, spec, rl.opts)
	}
	if err == nil && spec.Options.Database.Adapter == adapterJSONFile {
		err = prepareDBPath(spec.Options.Database.DBPath)
	}
	if err != nil {
		var ie *invalidSpecError
		var se *pretendo.SpecError
		if !errors.As(err, &ie) && errors.As(err, &se) {
			ie = newInvalidSpecError(specName(rl.o), err)
		}
		if ie != nil {
			err = errors.New(ie.Error() + ": " + strings.Join(ie.lines(), "; "))
		}
		log.Error("reload failed: the server keeps the API it had", "err", err)
		return
	}
	// The spec file that holds the data was changed by its user: the new
	// server starts from what it holds, whatever the old one had not yet
	// saved. Otherwise the old server saves, and the new one loads that.
	reset := news[specFile] && holdsData(spec, specFile)
	old := rl.live.hold()
	if err := old.Close(); err != nil {
		log.Warn("closing the previous server", "err", err)
	}
	srv, err := pretendo.Open(spec, append(slices.Clip(rl.opts), pretendo.WithReset(reset))...)
	if err != nil {
		log.Error("reload failed: the server keeps the API it had", "err", err)
		srv, err = pretendo.Open(rl.spec, append(slices.Clip(rl.opts), pretendo.WithReset(false))...)
		if err != nil {
			log.Error("the previous API did not reopen either: requests fail until the files are fixed", "err", err)
			rl.live.release(old)
			return
		}
		rl.live.release(srv)
		return
	}
	rl.live.release(srv)
	rl.src, rl.spec = src, spec
	// The files as they are now, the old server's last save and the new
	// one's first included: events of those are no news.
	rl.remember(rl.watched)
	for name, data := range contents {
		if _, ok := rl.sums[name]; !ok {
			rl.sums[name] = maphash.Bytes(rl.seed, data)
		}
	}
	log.Info("reloaded", "resources", len(spec.Resources))
}

// remember records the hash of the content of each of files, as it is now;
// a file that does not read is left as it was.
func (rl *reloader) remember(files []string) {
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil {
			rl.sums[f] = maphash.Bytes(rl.seed, data)
		}
	}
}

// ownSave reports whether data, the content of the watched file name, is
// what the running server last saved there.
func (rl *reloader) ownSave(name string, data []byte) bool {
	srv := rl.live.current()
	store, ok := srv.Adapter().(interface {
		Path() string
		Wrote(data []byte) bool
	})
	return ok && store.Path() == name && store.Wrote(data)
}

// holdsData reports whether the json-file store of spec keeps its data in
// the file path.
func holdsData(spec *pretendo.Spec, path string) bool {
	db := spec.Options.Database
	if db.Adapter != adapterJSONFile {
		return false
	}
	abs, err := filepath.Abs(db.DBPath)
	return err == nil && abs == path
}

// check opens spec in memory, so that a spec or data that the server would
// refuse is found before the running server closes.
func check(ctx context.Context, spec *pretendo.Spec, opts []pretendo.Option) error {
	test := *spec
	test.Options.Database = schema.Database{}
	srv, err := pretendo.Open(&test, append(slices.Clip(opts), pretendo.WithReset(false))...)
	if err != nil {
		return err
	}
	if _, err := srv.Stats(ctx); err != nil {
		_ = srv.Close()
		return err
	}
	return srv.Close()
}
