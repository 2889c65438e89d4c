//go:build unix && !solaris && !aix

package jsonfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"syscall"
)

// fileLock is an advisory lock on the lock file of a database file, held
// with flock(2). The kernel drops it when the process dies, so a crash never
// leaves a stale lock. The lock file itself is never removed: removing it
// would let a second process lock a fresh file while a third still holds
// the unlinked one.
type fileLock struct {
	f *os.File
}

// lockFile takes the lock on path without waiting. A lock held elsewhere,
// by another Store of this process included, is an error wrapping
// ErrLocked that names dbPath.
func lockFile(path, dbPath string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("jsonfile: opening lock file: %w", err)
	}
	fd := int(f.Fd())
	for {
		err = syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		holder := readHolder(f)
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s is open in another store%s (lock file %s)", ErrLocked, dbPath, holder, path)
		}
		return nil, fmt.Errorf("jsonfile: locking %s: %w", path, err)
	}
	// The process id helps whoever reads the message above; failing to
	// write it costs nothing but that help.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &fileLock{f: f}, nil
}

// readHolder returns " (process N)" from the lock file, or "".
func readHolder(f *os.File) string {
	b := make([]byte, 32)
	n, err := f.ReadAt(b, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return ""
	}
	s := string(b[:n])
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	if pid, err := strconv.Atoi(s); err == nil && pid > 0 {
		return " (process " + strconv.Itoa(pid) + ")"
	}
	return ""
}

// release drops the lock.
func (l *fileLock) release() error {
	// Closing the only descriptor of the open file releases the flock.
	if err := l.f.Close(); err != nil {
		return fmt.Errorf("jsonfile: releasing lock: %w", err)
	}
	return nil
}
