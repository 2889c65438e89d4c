//go:build !unix || solaris || aix

package jsonfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// fileLock marks a database file as in use by creating its lock file
// exclusively. Unlike the flock(2) lock of Unix systems, the file outlives a
// crashed process: delete it by hand once no store uses the database.
type fileLock struct {
	f    *os.File
	path string
}

// lockFile creates the lock file path, or fails with an error wrapping
// ErrLocked that names dbPath if it already exists.
func lockFile(path, dbPath string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%w: %s is open in another store (lock file %s; delete it if no store is running)", ErrLocked, dbPath, path)
	}
	if err != nil {
		return nil, fmt.Errorf("jsonfile: creating lock file: %w", err)
	}
	return &fileLock{f: f, path: path}, nil
}

// release closes and removes the lock file.
func (l *fileLock) release() error {
	err := l.f.Close()
	if rerr := os.Remove(l.path); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("jsonfile: releasing lock: %w", err)
	}
	return nil
}
