package pretendo

import (
	"context"
	"errors"
	"fmt"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/snapshot"
)

// SnapshotInfo describes a named snapshot: its name, description, when it
// was taken and how many records of each resource it holds.
type SnapshotInfo = snapshot.Meta

// Snapshot errors, matched with errors.Is.
var (
	// ErrSnapshotNotFound reports an unknown snapshot name.
	ErrSnapshotNotFound = snapshot.ErrNotFound
	// ErrSnapshotExists reports a snapshot name already taken.
	ErrSnapshotExists = snapshot.ErrExists
	// ErrInvalidName reports a snapshot name that is not 1-64 characters of
	// [A-Za-z0-9._-] not starting with a dot, or that is a device name of
	// Windows (CON, NUL, COM1, ..., with or without an extension).
	ErrInvalidName = snapshot.ErrInvalidName
	// ErrTooManySnapshots reports a new snapshot beyond
	// options.database.snapshots.max.
	ErrTooManySnapshots = snapshot.ErrFull
)

// defaultMaxSnapshots bounds the number of snapshots a server keeps unless
// options.database.snapshots.max says otherwise.
const defaultMaxSnapshots = 100

// maxSnapshots is the number of snapshots sp lets a server keep.
func maxSnapshots(sp *Spec) int {
	if n := sp.Options.Database.Snapshots.Max; n > 0 {
		return n
	}
	return defaultMaxSnapshots
}

// openSnapshots returns the snapshot store the spec asks for: a folder of
// files when options.database.snapshots is enabled with a directory, else
// memory, keeping at most options.database.snapshots.max snapshots.
func openSnapshots(sp *Spec) (snapshot.Store, error) {
	conf := sp.Options.Database.Snapshots
	limit := snapshot.WithMax(maxSnapshots(sp))
	if conf.Enabled && conf.Directory != "" {
		dir, err := snapshot.OpenDir(conf.Directory, limit, snapshot.WithMaxDepth(sp.Options.Depth()))
		if err != nil {
			return nil, wrap(err, "opening snapshot directory")
		}
		return dir, nil
	}
	return snapshot.NewMemory(limit), nil
}

// Snapshot saves the whole current state under name. With the default
// memory adapter and in-memory snapshots it costs O(1), whatever the number
// of records. A taken name is an error wrapping ErrSnapshotExists, which
// says how to replace it: SnapshotWithDescription with overwrite true. A
// new name when options.database.snapshots.max (default 100) are kept is
// an error wrapping ErrTooManySnapshots.
func (s *Server) Snapshot(ctx context.Context, name string) error {
	_, err := s.SnapshotWithDescription(ctx, name, "", false)
	return err
}

// SnapshotWithDescription is Snapshot with a description, replacing an
// existing snapshot of the same name when overwrite is true.
func (s *Server) SnapshotWithDescription(ctx context.Context, name, description string, overwrite bool) (SnapshotInfo, error) {
	m, err := s.takeSnapshot(ctx, name, description, overwrite)
	if errors.Is(err, ErrSnapshotExists) {
		err = fmt.Errorf("%w (SnapshotWithDescription(ctx, %q, description, true) replaces it)", err, name)
	}
	return m, err
}

func (s *Server) takeSnapshot(ctx context.Context, name, description string, overwrite bool) (SnapshotInfo, error) {
	if err := snapshot.CheckName(name); err != nil {
		return SnapshotInfo{}, err
	}
	st, err := s.db.Backup(ctx)
	if err != nil {
		return SnapshotInfo{}, err
	}
	m := SnapshotInfo{Name: name, Description: description, CreatedAt: s.cfg.clock()}
	if err := s.snapshots.Put(ctx, m, st, overwrite); err != nil {
		return SnapshotInfo{}, err
	}
	m, _, err = s.snapshots.Get(ctx, name)
	return m, err
}

// Restore replaces the whole state with the snapshot called name, id
// counters included, atomically: a request running meanwhile sees the old
// state or the new one. An unknown name wraps ErrSnapshotNotFound. It
// keeps the request journal (see ClearRequests).
func (s *Server) Restore(ctx context.Context, name string) error {
	_, err := s.restore(ctx, name)
	return err
}

func (s *Server) restore(ctx context.Context, name string) (SnapshotInfo, error) {
	if err := snapshot.CheckName(name); err != nil {
		return SnapshotInfo{}, err
	}
	m, st, err := s.snapshots.Get(ctx, name)
	if err != nil {
		return SnapshotInfo{}, err
	}
	return m, s.db.Restore(ctx, st)
}

// Snapshots lists the snapshots, sorted by name.
func (s *Server) Snapshots(ctx context.Context) ([]SnapshotInfo, error) {
	return s.snapshots.List(ctx)
}

// DeleteSnapshot removes the snapshot called name.
func (s *Server) DeleteSnapshot(ctx context.Context, name string) error {
	if err := snapshot.CheckName(name); err != nil {
		return err
	}
	return s.snapshots.Delete(ctx, name)
}

// Fork returns an independent Server that starts from the current state of
// s and shares no mutable data with it: writes to either are invisible to
// the other. The fork keeps its data in memory whatever adapter s uses (a
// fork of a json-file server never writes the file), starts with copies of
// s's snapshots in memory, and resets to the same initial state. With the
// memory adapter a fork costs O(1) in the number of records; its router is
// built on its first HTTP request. The caller should Close the fork when
// finished.
//
// Fork panics if s is closed, a programming error.
func (s *Server) Fork() *Server {
	f, err := s.fork()
	if err != nil {
		panic(err)
	}
	return f
}

func (s *Server) fork() (*Server, error) {
	ctx := context.Background()
	current, err := s.db.Backup(ctx)
	if err != nil {
		return nil, wrap(err, "fork")
	}
	db := memory.New(memory.WithClock(s.cfg.clock))
	if err := db.Initialize(ctx, s.spec, s.initial); err != nil {
		return nil, wrap(err, "fork")
	}
	if err := db.Restore(ctx, current); err != nil {
		return nil, wrap(err, "fork")
	}
	metas, err := s.snapshots.List(ctx)
	if err != nil {
		return nil, wrap(err, "fork")
	}
	// A folder may hold more snapshots than the bound (placed by hand):
	// the fork takes them all.
	snaps := snapshot.NewMemory(snapshot.WithMax(max(maxSnapshots(s.spec), len(metas))))
	for _, m := range metas {
		_, st, err := s.snapshots.Get(ctx, m.Name)
		if err != nil {
			return nil, wrap(err, "fork")
		}
		if err := snaps.Put(ctx, m, st, true); err != nil {
			return nil, wrap(err, "fork")
		}
	}
	f := &Server{spec: s.spec, cfg: s.cfg, rules: s.rules, info: s.info, qopts: s.qopts, dialect: s.dialect, bodies: s.bodies, initial: s.initial, db: db, snapshots: snaps}
	f.cfg.adapter = db
	return f, nil
}

// Save writes the current state to the adapter's durable storage now (the
// json-file adapter). It reports false for adapters that keep no file.
func (s *Server) Save(ctx context.Context) (bool, error) {
	saver, ok := s.db.(adapter.Saver)
	if !ok {
		return false, nil
	}
	return true, saver.Save(ctx)
}

// Load replaces the current state with the adapter's stored one (the
// json-file adapter: the file as it is on disk now). It reports false for
// adapters that keep no file.
func (s *Server) Load(ctx context.Context) (bool, error) {
	saver, ok := s.db.(adapter.Saver)
	if !ok {
		return false, nil
	}
	return true, saver.Load(ctx)
}
