package jsonfile

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/atomicfile"
	"github.com/pretendo-go/pretendo/schema"
)

// These tests reach into the Store to simulate what a root user cannot
// make happen for real (a full disk) and to count saves.

func itemsSpec() *schema.Spec {
	return &schema.Spec{Resources: []schema.Resource{{
		Name:   "items",
		Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}},
	}}}
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a logger.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func openItems(t *testing.T, opts ...Option) (*Store, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	opts = append([]Option{WithLogger(slog.New(slog.NewTextHandler(logs, nil)))}, opts...)
	s, err := Open(filepath.Join(t.TempDir(), "db.json"), opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Initialize(t.Context(), itemsSpec(), nil))
	return s, logs
}

// setWriter swaps the function that writes the file.
func (s *Store) setWriter(w func(string, fs.FileMode, func(io.Writer) error) error) {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.writeFile = w
}

// diskFull writes through atomicfile like the real thing, then fails as a
// full disk would before the rename, so the temporary file is cleaned up.
func diskFull(path string, perm fs.FileMode, write func(io.Writer) error) error {
	return atomicfile.WriteFile(path, perm, func(w io.Writer) error {
		if err := write(w); err != nil {
			return err
		}
		return &fs.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
	})
}

func put(t *testing.T, s *Store, id float64) error {
	t.Helper()
	return s.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Insert("items", adapter.Record{"id": id})
	})
}

func itemIDs(t *testing.T, path string) []any {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	d, err := parseFile(b, []resourceKey{{name: "items", key: "id"}}, true, 0)
	require.NoError(t, err)
	ids := []any{}
	for _, r := range d["items"] {
		ids = append(ids, r["id"])
	}
	return ids
}

func TestDiskFull(t *testing.T) {
	s, logs := openItems(t, WithSaveInterval(0))
	require.NoError(t, put(t, s, 1))
	before, err := os.ReadFile(s.Path())
	require.NoError(t, err)

	s.setWriter(diskFull)
	err = put(t, s, 2)
	require.ErrorIs(t, err, syscall.ENOSPC, "the writer gets the save's error")
	require.ErrorIs(t, err, adapter.ErrNotSaved)
	assert.Contains(t, err.Error(), s.Path())
	after, err := os.ReadFile(s.Path())
	require.NoError(t, err)
	assert.Equal(t, before, after, "the old file stays")
	assert.Contains(t, logs.String(), "save failed")
	assert.Contains(t, logs.String(), "no space left on device")
	entries, err := os.ReadDir(filepath.Dir(s.Path()))
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".tmp-", "no temporary file is left behind")
	}

	// The change is undone: memory holds what the file holds.
	st, err := s.Backup(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, st.Len("items"))
	require.ErrorIs(t, s.Save(t.Context()), syscall.ENOSPC)

	// Once there is room again, the store goes on, and the write may be
	// sent again.
	s.setWriter(atomicfile.WriteFile)
	require.NoError(t, put(t, s, 3))
	require.NoError(t, put(t, s, 2))
	assert.Equal(t, []any{1.0, 3.0, 2.0}, itemIDs(t, s.Path()))
}

func TestDiskFullAtClose(t *testing.T) {
	s, _ := openItems(t, WithAutoSave(false))
	require.NoError(t, put(t, s, 1))
	s.setWriter(diskFull)
	err := s.Close()
	require.ErrorIs(t, err, syscall.ENOSPC, "Close returns the error of the final save")
	assert.Empty(t, itemIDs(t, s.Path()))
	// The lock is released all the same.
	again, err := Open(s.Path())
	require.NoError(t, err)
	require.NoError(t, again.Close())
}

func TestDiskFullRetriesInBackground(t *testing.T) {
	s, logs := openItems(t, WithSaveInterval(5*time.Millisecond))
	// Each save tells the test it was tried, and whether it wrote the file.
	tried := make(chan error, 100)
	writeVia := func(write func(string, fs.FileMode, func(io.Writer) error) error) {
		s.setWriter(func(path string, perm fs.FileMode, w func(io.Writer) error) error {
			err := write(path, perm, w)
			tried <- err
			return err
		})
	}
	writeVia(diskFull)
	require.NoError(t, put(t, s, 1), "interval mode returns before saving")
	for range 2 {
		// A failed background save is retried without a new change.
		require.ErrorIs(t, nextSave(t, tried), syscall.ENOSPC)
	}
	assert.Contains(t, logs.String(), "no space left on device")
	writeVia(atomicfile.WriteFile)
	for nextSave(t, tried) != nil {
	}
	assert.Len(t, itemIDs(t, s.Path()), 1)
}

// nextSave returns the outcome of the next save tried, or fails the test
// if none is tried within a minute.
func nextSave(t *testing.T, tried <-chan error) error {
	t.Helper()
	select {
	case err := <-tried:
		return err
	case <-time.After(time.Minute): // a bound on failure, not a wait
		t.Fatal("no save tried within a minute")
	}
	return nil
}

// writeConcurrently has writers goroutines insert each items one after
// the other, and returns the number of saves made meanwhile.
func writeConcurrently(t *testing.T, s *Store, writers, each int) int64 {
	t.Helper()
	start := s.saves.Load()
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				assert.NoError(t, s.Update(t.Context(), func(tx adapter.WriteTx) error {
					return tx.Insert("items", adapter.Record{"id": float64(1 + w*each + i)})
				}))
			}
		}()
	}
	wg.Wait()
	saves := s.saves.Load() - start
	t.Logf("%d writes, %d saves", writers*each, saves)
	return saves
}

func TestGroupCommit(t *testing.T) {
	s, _ := openItems(t, WithSaveInterval(0))
	// A slow disk makes writers pile up behind each save.
	s.setWriter(func(path string, perm fs.FileMode, write func(io.Writer) error) error {
		time.Sleep(5 * time.Millisecond)
		return atomicfile.WriteFile(path, perm, write)
	})
	const writers, each = 16, 8
	saves := writeConcurrently(t, s, writers, each)
	assert.Less(t, saves, int64(writers*each/4), "concurrent writers share saves")
	assert.Len(t, itemIDs(t, s.Path()), writers*each, "every acknowledged write is in the file")
}

// TestGroupCommitOnOneP checks that writers share saves on a single P,
// where a quick save that never blocks for long would otherwise keep the P
// round after round, each round covering a writer or two.
func TestGroupCommitOnOneP(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	s, _ := openItems(t, WithSaveInterval(0))
	const writers, each = 16, 16
	saves := writeConcurrently(t, s, writers, each)
	// Each writer waits for its write to be saved before the next, so
	// there are at least each saves: one per wave of writers. A saver that
	// does not let the wave commit first needs about two per wave.
	assert.Less(t, saves, int64(each*3/2), "one save per wave of writers")
	assert.Len(t, itemIDs(t, s.Path()), writers*each, "every acknowledged write is in the file")
}

func TestGroupCommitSharesErrors(t *testing.T) {
	s, _ := openItems(t, WithSaveInterval(0))
	s.setWriter(func(path string, perm fs.FileMode, write func(io.Writer) error) error {
		time.Sleep(2 * time.Millisecond)
		return diskFull(path, perm, write)
	})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Update(t.Context(), func(tx adapter.WriteTx) error {
				return tx.Insert("items", adapter.Record{"id": float64(w + 1)})
			})
			assert.ErrorIs(t, err, syscall.ENOSPC, "writer %d", w)
		}()
	}
	wg.Wait()
	assert.Empty(t, itemIDs(t, s.Path()))
}

func TestWaitingForSaveHonoursContext(t *testing.T) {
	s, _ := openItems(t, WithSaveInterval(0))
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	s.setWriter(func(path string, perm fs.FileMode, write func(io.Writer) error) error {
		select {
		case entered <- struct{}{}:
		default:
		}
		<-release
		return atomicfile.WriteFile(path, perm, write)
	})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- s.Update(ctx, func(tx adapter.WriteTx) error {
			return tx.Insert("items", adapter.Record{"id": 1.0})
		})
	}()
	<-entered
	cancel()
	err := <-done
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "not yet saved")
	close(release)
	require.NoError(t, s.Close())
	assert.Equal(t, []any{1.0}, itemIDs(t, s.Path()), "the change is saved all the same")
}

func TestSaveDoesNotBlockReaders(t *testing.T) {
	s, _ := openItems(t, WithAutoSave(false))
	require.NoError(t, put(t, s, 1))
	release := make(chan struct{})
	entered := make(chan struct{})
	s.setWriter(func(path string, perm fs.FileMode, write func(io.Writer) error) error {
		close(entered)
		<-release
		return atomicfile.WriteFile(path, perm, write)
	})
	saved := make(chan error, 1)
	go func() { saved <- s.Save(context.Background()) }()
	<-entered
	// While the save is stuck, reads and writes go on.
	require.NoError(t, put(t, s, 2))
	st, err := s.Backup(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 2, st.Len("items"))
	close(release)
	require.NoError(t, <-saved)
	assert.Equal(t, []any{1.0}, itemIDs(t, s.Path()), "the save wrote the state it started from")
	s.setWriter(atomicfile.WriteFile)
	require.NoError(t, s.Close())
	assert.Equal(t, []any{1.0, 2.0}, itemIDs(t, s.Path()), "the later change is still pending, and Close saves it")
}

func TestCloseUnblocksWaiters(t *testing.T) {
	// Writers waiting for a save when Close runs get Close's save.
	s, _ := openItems(t, WithSaveInterval(0))
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := put(t, s, float64(w+1))
			if err != nil {
				assert.ErrorIs(t, err, adapter.ErrClosed)
			}
		}()
	}
	require.NoError(t, s.Close())
	wg.Wait()
}

func BenchmarkUpdateInterval0(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "db.json"), WithSaveInterval(0))
	require.NoError(b, err)
	b.Cleanup(func() { _ = s.Close() })
	const records = 100
	recs := make([]adapter.Record, records)
	for i := range recs {
		recs[i] = adapter.Record{"id": float64(i + 1), "n": 0.0}
	}
	require.NoError(b, s.Initialize(b.Context(), itemsSpec(), adapter.NewState(adapter.Dataset{"items": recs}, nil)))
	start := s.saves.Load()
	var mu sync.Mutex
	next := 0
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			next++
			n := next
			mu.Unlock()
			err := s.Update(context.Background(), func(tx adapter.WriteTx) error {
				return tx.Replace("items", adapter.Record{"id": float64(n%records + 1), "n": float64(n)})
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(s.saves.Load()-start)/float64(b.N), "saves/op")
}

// TestTextCacheFollowsChanges saves after inserts, a replace, a delete and
// a failed save, and checks each time that the file is exactly what a save
// without the text cache writes, and that the cache holds the live records
// only.
func TestTextCacheFollowsChanges(t *testing.T) {
	s, _ := openItems(t, WithAutoSave(false))
	write := func(fn func(tx adapter.WriteTx) error) {
		t.Helper()
		require.NoError(t, s.Update(t.Context(), fn))
	}
	check := func(records int) {
		t.Helper()
		st, err := s.db.Backup(t.Context())
		require.NoError(t, err)
		var want bytes.Buffer
		require.NoError(t, writeState(t.Context(), &want, []string{"items"}, st, nil))
		got, err := os.ReadFile(s.path)
		require.NoError(t, err)
		assert.Equal(t, want.String(), string(got))
		s.saveMu.Lock()
		defer s.saveMu.Unlock()
		assert.Len(t, s.texts.entries, records, "cached texts")
	}
	write(func(tx adapter.WriteTx) error {
		for i := 1; i <= 3; i++ {
			if err := tx.Insert("items", adapter.Record{"id": float64(i), "name": "item"}); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, s.Save(t.Context()))
	check(3)

	write(func(tx adapter.WriteTx) error {
		if err := tx.Replace("items", adapter.Record{"id": 2.0, "name": "changed <&>"}); err != nil {
			return err
		}
		if err := tx.Delete("items", 3.0); err != nil {
			return err
		}
		return adapter.InsertOwned(tx, "items", adapter.Record{"id": 4.0, "name": "handed over"})
	})
	require.NoError(t, s.Save(t.Context()))
	check(3)
	assert.Equal(t, []any{1.0, 2.0, 4.0}, itemIDs(t, s.path))

	// A failed save leaves stale entries, which the next good one drops.
	s.setWriter(diskFull)
	write(func(tx adapter.WriteTx) error { return tx.Delete("items", 1.0) })
	require.Error(t, s.Save(t.Context()))
	s.setWriter(atomicfile.WriteFile)
	write(func(tx adapter.WriteTx) error { return tx.Replace("items", adapter.Record{"id": 4.0, "name": "again"}) })
	require.NoError(t, s.Save(t.Context()))
	check(2)

	// A load from the file starts over.
	require.NoError(t, s.Load(t.Context()))
	s.saveMu.Lock()
	assert.Empty(t, s.texts.entries, "after Load")
	s.saveMu.Unlock()
	write(func(tx adapter.WriteTx) error { return tx.Insert("items", adapter.Record{"id": 5.0}) })
	require.NoError(t, s.Save(t.Context()))
	check(3)
}
