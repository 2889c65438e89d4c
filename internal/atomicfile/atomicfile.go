// Package atomicfile writes files atomically: a reader, or the disk after a
// crash, sees either the previous complete file or the next complete one,
// never a torn mix of both.
//
// It is shared by the json-file adapter and the snapshot directory store.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// bufferSize is the size of the write buffer handed to the write function.
const bufferSize = 128 << 10

// WriteFile replaces the file at path with what write produces.
//
// The content goes to a temporary file in the same folder (named
// ".<base>.tmp-<random>"), through a buffered writer; the temporary file is
// then flushed, given the permissions perm (exactly, without the umask),
// synced to disk, closed, and renamed over path, and finally the folder is
// synced so that the rename itself survives a crash.
//
// If write returns an error or panics, or any step before the rename fails,
// the temporary file is removed, path is left as it was, and the error is
// returned wrapped (a panic is propagated after the cleanup). An error from
// the final folder sync is returned too, although the new content is then
// already in place.
//
// The folder of path must exist. If path is a symbolic link, the link itself
// is replaced, not its target. write must not retain w after it returns.
// Concurrent calls for the same path are safe: each renames a complete file,
// and the last rename wins.
func WriteFile(path string, perm fs.FileMode, write func(w io.Writer) error) error {
	if path == "" {
		return errors.New("atomicfile: empty path")
	}
	if write == nil {
		return fmt.Errorf("atomicfile: writing %s: nil write function", path)
	}
	dir, base := filepath.Split(path)
	if base == "" || base == "." || base == ".." {
		return fmt.Errorf("atomicfile: writing %s: not a file name", path)
	}
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	tmp := f.Name()
	renamed := false
	defer func() {
		if !renamed {
			// Close may already have happened; a second Close only reports
			// an error that is of no interest here.
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()

	bw := bufio.NewWriterSize(f, bufferSize)
	if err := write(bw); err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	if err := f.Chmod(perm); err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	renamed = true
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("atomicfile: writing %s: syncing folder: %w", path, err)
	}
	return nil
}

// syncDir flushes the folder entry changes of dir to disk. Windows cannot
// open a folder for syncing, and its renames need no such step.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		_ = d.Close()
		return err
	}
	return d.Close()
}
