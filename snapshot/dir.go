package snapshot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/atomicfile"
)

// filePerm is the permission of snapshot files: readable by all, so they
// can be committed and shared as fixtures.
const filePerm fs.FileMode = 0o644

// Dir is a Store that keeps one JSON file per snapshot, <name>.json, in a
// folder (see the package documentation for the format). Files are written
// atomically, so a crash leaves the previous or the next complete file.
//
// Get and List read the files every time, so snapshots written by another
// process, or edited by hand, are seen at once; Get costs a full decode of
// the file. Other files in the folder (names that are not snapshot names,
// other extensions, temporary files) are ignored.
//
// List reads a file only when it is new or changed since the Dir last read
// or wrote it (its size or modification time differ), so listing a full
// folder costs a stat per file.
//
// Put and Delete are serialized within one Dir; two processes sharing a
// folder are not coordinated beyond the atomicity of each file write.
type Dir struct {
	dir   string
	max   int
	depth int
	mu    sync.Mutex

	// metas holds what List last read of each file, by snapshot name.
	metasMu sync.Mutex
	metas   map[string]cachedMeta
}

// cachedMeta is the Meta read from a file, with the file's size and
// modification time when it was read.
type cachedMeta struct {
	size    int64
	modTime time.Time
	meta    Meta
}

// OpenDir returns a Dir keeping snapshots in the folder dir, creating it
// (and its parents) if needed. Relative paths are resolved against the
// current folder once, here.
func OpenDir(dir string, opts ...Option) (*Dir, error) {
	if dir == "" {
		return nil, errors.New("snapshot: opening snapshot folder: empty path")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("snapshot: opening snapshot folder: %w", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("snapshot: opening snapshot folder: %w", err)
	}
	c := newConfig(opts)
	return &Dir{dir: abs, max: c.max, depth: c.depth, metas: make(map[string]cachedMeta)}, nil
}

// Path returns the absolute path of the folder.
func (s *Dir) Path() string { return s.dir }

// Put writes st to the file of m.Name; see Store.Put. The context is
// checked while writing, and a cancelled Put leaves no file behind and any
// previous one in place.
func (s *Dir) Put(ctx context.Context, m Meta, st adapter.State, overwrite bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	path, err := fileIn(s.dir, m.Name)
	if err != nil {
		return err
	}
	if st == nil {
		return fmt.Errorf("snapshot: putting %q: %w", m.Name, errNilState)
	}
	m = normalize(m, st)

	s.mu.Lock()
	defer s.mu.Unlock()
	exact, other, n, err := s.lookup(m.Name)
	if err != nil {
		return err
	}
	switch {
	case !exact && other != "":
		return caseClash(m.Name, other)
	case exact && !overwrite:
		return fmt.Errorf("%w: %q", ErrExists, m.Name)
	case !exact && s.max > 0 && n >= s.max:
		return full(s.max)
	}
	s.forget(m.Name)
	err = atomicfile.WriteFile(path, filePerm, func(w io.Writer) error {
		return encode(ctx, w, m, st)
	})
	if err != nil {
		return fmt.Errorf("snapshot: putting %q: %w", m.Name, err)
	}
	return nil
}

// Get reads the file of the snapshot named name; see Store.Get. A file that
// cannot be read as a snapshot gives a *FileError.
func (s *Dir) Get(ctx context.Context, name string) (Meta, adapter.State, error) {
	c, err := s.read(ctx, name)
	if err != nil {
		return Meta{}, nil, err
	}
	return c.meta, adapter.NewState(c.data, c.counters), nil
}

// List reads the metadata of every snapshot file, sorted by name. The
// records are scanned to check that each is an object and to count them,
// but not decoded: a value Get rejects deep inside a record (a number out
// of range, say) goes unnoticed here. A file whose structure is broken
// fails the whole List with a *FileError.
func (s *Dir) List(ctx context.Context) ([]Meta, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("snapshot: listing snapshots: %w", err)
	}
	var out []Meta
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		name, ok := snapshotName(e)
		if !ok {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m, err := s.listed(name)
		if errors.Is(err, ErrNotFound) {
			continue // deleted since ReadDir
		}
		if err != nil {
			return nil, err
		}
		seen[name] = true
		out = append(out, m)
	}
	s.metasMu.Lock()
	for name := range s.metas {
		if !seen[name] {
			delete(s.metas, name)
		}
	}
	s.metasMu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	if out == nil {
		out = []Meta{}
	}
	return out, nil
}

// listed returns the Meta of the file of name for List: the one read
// before when the file has the same size and modification time, else read
// afresh. The file is examined before it is read, so a change made while
// it is read is seen by the next List.
func (s *Dir) listed(name string) (Meta, error) {
	path, err := fileIn(s.dir, name)
	if err != nil {
		return Meta{}, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Meta{}, fmt.Errorf("%w: %q", ErrNotFound, name)
		}
		return Meta{}, fmt.Errorf("snapshot: reading %q: %w", name, err)
	}
	s.metasMu.Lock()
	c, ok := s.metas[name]
	s.metasMu.Unlock()
	if ok && c.size == fi.Size() && c.modTime.Equal(fi.ModTime()) {
		return c.meta.clone(), nil
	}
	content, err := s.readFile(name, false)
	if err != nil {
		return Meta{}, err
	}
	s.metasMu.Lock()
	s.metas[name] = cachedMeta{size: fi.Size(), modTime: fi.ModTime(), meta: content.meta.clone()}
	s.metasMu.Unlock()
	return content.meta, nil
}

// forget drops what List read of the file of name, which is about to change.
func (s *Dir) forget(name string) {
	s.metasMu.Lock()
	delete(s.metas, name)
	s.metasMu.Unlock()
}

// Delete removes the file of the snapshot named name; see Store.Delete.
func (s *Dir) Delete(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	path, err := fileIn(s.dir, name)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	exact, _, _, err := s.lookup(name)
	if err != nil {
		return err
	}
	if !exact {
		return fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	s.forget(name)
	if err := os.Remove(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %q", ErrNotFound, name)
		}
		return fmt.Errorf("snapshot: deleting %q: %w", name, err)
	}
	return nil
}

// read finds, reads and decodes the file of name, with its records.
func (s *Dir) read(ctx context.Context, name string) (content, error) {
	if err := ctx.Err(); err != nil {
		return content{}, err
	}
	if err := CheckName(name); err != nil {
		return content{}, err
	}
	// On a case-insensitive disk, opening "Users.json" would find
	// "users.json"; requiring the exact entry keeps lookups exact everywhere.
	exact, _, _, err := s.lookup(name)
	if err != nil {
		return content{}, err
	}
	if !exact {
		return content{}, fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	return s.readFile(name, true)
}

// readFile reads and decodes the file of name, a name whose file was seen
// in the folder, with its records or only counting them.
func (s *Dir) readFile(name string, records bool) (content, error) {
	path, err := fileIn(s.dir, name)
	if err != nil {
		return content{}, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return content{}, fmt.Errorf("%w: %q", ErrNotFound, name)
		}
		return content{}, fmt.Errorf("snapshot: reading %q: %w", name, err)
	}
	c, err := decode(path, data, records, s.depth)
	if err != nil {
		return content{}, err
	}
	c.meta.Name = name
	return c, nil
}

// lookup scans the folder for the file of name. It reports whether a file
// of exactly that name exists, the name of another snapshot file that
// differs from it only in case, if any, and the number of snapshot files.
func (s *Dir) lookup(name string) (exact bool, other string, count int, err error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return false, "", 0, fmt.Errorf("snapshot: reading snapshot folder: %w", err)
	}
	want := foldKey(name)
	for _, e := range entries {
		n, ok := snapshotName(e)
		if !ok {
			continue
		}
		count++
		if foldKey(n) != want {
			continue
		}
		if n == name {
			exact = true
		} else if other == "" {
			other = n
		}
	}
	return exact, other, count, nil
}

// snapshotName returns the snapshot name of a folder entry, if it is a
// snapshot file: a regular file (or a link to one) named <name>.json with
// a valid name.
func snapshotName(e fs.DirEntry) (string, bool) {
	if e.IsDir() {
		return "", false
	}
	name, ok := strings.CutSuffix(e.Name(), fileExt)
	if !ok || CheckName(name) != nil {
		return "", false
	}
	return name, true
}
