package jsonfile

import (
	"io"
	"io/fs"
)

// NotifySaves makes s send the outcome of every write of its file, once
// it is done, on the returned channel, so that a test waits for the
// background saver instead of polling the file. The channel holds 100
// outcomes; a test that lets more pile up stalls the saver.
func NotifySaves(s *Store) <-chan error {
	saves := make(chan error, 100)
	s.saveMu.Lock()
	write := s.writeFile
	s.saveMu.Unlock()
	s.setWriter(func(path string, perm fs.FileMode, w func(io.Writer) error) error {
		err := write(path, perm, w)
		saves <- err
		return err
	})
	return saves
}
