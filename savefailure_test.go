package pretendo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/jsonfile"
)

// disk simulates a disk that can fill up, through jsonfile.WithFileWriter.
type disk struct {
	full atomic.Bool
	// saves gets a value for each save that writes (after a fill, the
	// full flag as the save saw it); sends never block.
	saves chan bool
	// attempts counts the saves that began.
	attempts atomic.Int64
}

func newDisk() *disk { return &disk{saves: make(chan bool, 1024)} }

// wrap is the jsonfile.WithFileWriter hook.
func (d *disk) wrap(w io.Writer) io.Writer {
	d.attempts.Add(1)
	return diskWriter{d: d, w: w}
}

type diskWriter struct {
	d *disk
	w io.Writer
}

func (w diskWriter) Write(p []byte) (int, error) {
	full := w.d.full.Load()
	select {
	case w.d.saves <- full:
	default:
	}
	if full {
		return 0, syscall.ENOSPC
	}
	return w.w.Write(p)
}

// serveOnDisk serves docsSpec from a json-file store at dir/db.json that
// writes through d, with the given save interval.
func serveOnDisk(t *testing.T, dir string, d *disk, interval time.Duration) (*pretendo.Server, string) {
	t.Helper()
	store, err := jsonfile.Open(filepath.Join(dir, "db.json"), jsonfile.WithSaveInterval(interval),
		jsonfile.WithFileWriter(d.wrap), jsonfile.WithLogger(slog.New(slog.DiscardHandler)))
	require.NoError(t, err)
	return serve(t, docsSpec(t, dir, ""), pretendo.WithAdapter(store))
}

// requireNotSaved checks the answer to a write whose save failed.
func requireNotSaved(t *testing.T, method, url string, body any) {
	t.Helper()
	assert.Equal(t, "SAVE_FAILED", errCode(doUnavailable(t, method, url, body)))
}

// TestFailedSaveUndoesTheWrite: with saveInterval 0, a write whose save
// fails is undone before the answer, which says so, so a client that sends
// it again creates no duplicate.
func TestFailedSaveUndoesTheWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := newDisk()
	srv, base := serveOnDisk(t, dir, d, 0)
	dbPath := filepath.Join(dir, "db.json")

	status, _, body := do(t, http.MethodPost, base+"/docs", map[string]any{"title": "kept"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	before, err := os.ReadFile(dbPath)
	require.NoError(t, err)
	statsBefore := get(t, base+"/admin/stats")
	require.NoError(t, srv.Snapshot(context.Background(), "one-doc"))

	d.full.Store(true)
	requireNotSaved(t, http.MethodPost, base+"/docs", map[string]any{"title": "lost"})
	requireNotSaved(t, http.MethodPost, base+"/docs", map[string]any{"id": 50, "title": "own id"})
	requireNotSaved(t, http.MethodPut, base+"/docs/1", map[string]any{"title": "replaced"})
	requireNotSaved(t, http.MethodPatch, base+"/docs/1", map[string]any{"title": "patched"})
	requireNotSaved(t, http.MethodPost, base+"/docs/1/notes", map[string]any{})
	requireNotSaved(t, http.MethodDelete, base+"/docs/1", nil)
	requireNotSaved(t, http.MethodPost, base+"/admin/reset", nil)
	requireNotSaved(t, http.MethodPost, base+"/admin/snapshots/restore", map[string]any{"name": "one-doc"})
	_, err = pretendo.Collection[map[string]any](srv, "docs").Create(context.Background(), map[string]any{"title": "typed"})
	require.ErrorIs(t, err, pretendo.ErrNotSaved)

	// Memory and file are as they were, id counters and stats included.
	after, err := os.ReadFile(dbPath)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))
	docs := list(t, get(t, base+"/docs"))
	require.Len(t, docs, 1)
	assert.Equal(t, "kept", docs[0]["title"])
	assert.Empty(t, list(t, get(t, base+"/notes")))
	assert.Equal(t, statsBefore, get(t, base+"/admin/stats"))

	// Once the disk has room, the same requests go through once each.
	d.full.Store(false)
	status, h, body := do(t, http.MethodPost, base+"/docs", map[string]any{"title": "lost"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, 2.0, data(t, body)["id"], "the failed writes consumed no id")
	assert.Equal(t, "/docs/2", h.Get("Location"))
	status, _, body = do(t, http.MethodPost, base+"/docs", map[string]any{"id": 50, "title": "own id"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, _, body = do(t, http.MethodPost, base+"/docs/1/notes", map[string]any{})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, 1.0, data(t, body)["id"])
	assert.Equal(t, []any{1.0, 2.0, 50.0}, allIDs(t, base, "docs"))
	require.NoError(t, srv.Close())
	file, err := os.ReadFile(dbPath)
	require.NoError(t, err)
	assert.Contains(t, string(file), `"lost"`)
	assert.Contains(t, string(file), `"own id"`)
}

// TestFailedSavesUnderConcurrentWriters checks, with writers racing a disk
// that fails every other save, that every write answered 201 is kept and
// every write answered 503 is not, in memory and in the file.
func TestFailedSavesUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := newDisk()
	srv, base := serveOnDisk(t, dir, d, 0)
	var flips atomic.Int64
	d.full.Store(false)
	stop := make(chan struct{})
	flipped := make(chan struct{})
	go func() {
		// Fill and free the disk after each save that reaches it.
		defer close(flipped)
		for {
			select {
			case <-stop:
				return
			case <-d.saves:
				d.full.Store(flips.Add(1)%2 == 1)
			}
		}
	}()

	const writers, each = 8, 12
	var mu sync.Mutex
	kept := map[string]bool{}
	undone := map[string]bool{}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				title := fmt.Sprintf("w%d-%d", w, i)
				resp, err := http.Post(base+"/docs", "application/json", reqBody(t, map[string]any{"title": title}))
				if !assert.NoError(t, err) {
					return
				}
				_ = resp.Body.Close()
				mu.Lock()
				switch resp.StatusCode {
				case http.StatusCreated:
					kept[title] = true
				case http.StatusServiceUnavailable:
					undone[title] = true
				default:
					t.Errorf("POST %s: status %d", title, resp.StatusCode)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-flipped
	d.full.Store(false)
	require.Equal(t, writers*each, len(kept)+len(undone))
	require.NotEmpty(t, undone, "some saves failed")
	require.NotEmpty(t, kept, "some saves succeeded")

	inMemory := map[string]bool{}
	page, err := pretendo.Collection[map[string]any](srv, "docs").List(context.Background(), pretendo.Query{})
	require.NoError(t, err)
	for _, rec := range page.Items {
		inMemory[rec["title"].(string)] = true
	}
	assert.Equal(t, kept, inMemory)
	require.NoError(t, srv.Close())
	inFile := map[string]bool{}
	for _, rec := range fileRecords(t, filepath.Join(dir, "db.json"), "docs") {
		inFile[rec["title"].(string)] = true
	}
	assert.Equal(t, kept, inFile)
}

// TestBackgroundSavesRetry: with saveInterval above 0 a write is
// acknowledged before it is saved; a failed background save keeps it and
// is tried again until it succeeds.
func TestBackgroundSavesRetry(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := newDisk()
	srv, base := serveOnDisk(t, dir, d, time.Millisecond)
	d.full.Store(true)
	status, _, body := do(t, http.MethodPost, base+"/docs", map[string]any{"title": "acknowledged"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	for full := range d.saves {
		if full {
			break // a background save failed
		}
	}
	assert.Len(t, list(t, get(t, base+"/docs")), 1, "the write stays")

	d.full.Store(false)
	for full := range d.saves {
		if !full {
			break // a retry reached the disk
		}
	}
	retried := d.attempts.Load()
	require.NoError(t, srv.Close())
	assert.Equal(t, retried, d.attempts.Load(), "the retry saved everything; Close had nothing left to write")
	recs := fileRecords(t, filepath.Join(dir, "db.json"), "docs")
	require.Len(t, recs, 1)
	assert.Equal(t, "acknowledged", recs[0]["title"])
}

// fileRecords reads the records of resource from a database file.
func fileRecords(t *testing.T, path, resource string) []map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var file map[string][]map[string]any
	require.NoError(t, json.Unmarshal(raw, &file), "%s", raw)
	return file[resource]
}

// TestExplicitSaveOnAFullDisk: POST /admin/save (and Server.Save) on a
// disk that fails is a 503 SAVE_FAILED that changes nothing, in memory or
// in the file, and a later save, once the disk has room, writes it all.
func TestExplicitSaveOnAFullDisk(t *testing.T) {
	t.Parallel()
	for _, interval := range []time.Duration{0, time.Hour} {
		t.Run(interval.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			d := newDisk()
			srv, base := serveOnDisk(t, dir, d, interval)
			dbPath := filepath.Join(dir, "db.json")
			status, _, body := do(t, http.MethodPost, base+"/docs", map[string]any{"title": "first"})
			require.Equal(t, http.StatusCreated, status, "%v", body)
			_, err := srv.Save(t.Context())
			require.NoError(t, err, "no save in flight from here on")
			d.full.Store(true)
			if interval > 0 {
				// Acknowledged, not yet saved: a failed save must keep it.
				status, _, body = do(t, http.MethodPost, base+"/docs", map[string]any{"title": "pending"})
				require.Equal(t, http.StatusCreated, status, "%v", body)
			}
			before, err := os.ReadFile(dbPath)
			require.NoError(t, err)
			require.Contains(t, string(before), `"first"`)
			docsBefore := list(t, get(t, base+"/docs"))
			statsBefore := get(t, base+"/admin/stats")

			body = doUnavailable(t, http.MethodPost, base+"/admin/save", nil)
			assert.Equal(t, "SAVE_FAILED", errCode(body))
			assert.Contains(t, errMessage(body), "no space left on device")
			assert.Contains(t, errMessage(body), "unchanged")
			assert.NotContains(t, errMessage(body), "pretendo:")
			_, err = srv.Save(t.Context())
			assert.ErrorIs(t, err, pretendo.ErrSaveFailed)
			assert.ErrorIs(t, err, syscall.ENOSPC)
			assert.NotErrorIs(t, err, pretendo.ErrNotSaved, "nothing was undone")

			after, err := os.ReadFile(dbPath)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after), "the file keeps its content")
			assert.Equal(t, docsBefore, list(t, get(t, base+"/docs")), "memory keeps its state")
			assert.Equal(t, statsBefore, get(t, base+"/admin/stats"))

			d.full.Store(false)
			status, _, body = do(t, http.MethodPost, base+"/admin/save", nil)
			require.Equal(t, http.StatusOK, status, "%v", body)
			assert.Len(t, fileRecords(t, dbPath, "docs"), len(docsBefore), "a later save writes everything")
			status, _, body = do(t, http.MethodPost, base+"/docs", map[string]any{"title": "after"})
			require.Equal(t, http.StatusCreated, status, "%v", body)
			_, err = srv.Save(t.Context())
			require.NoError(t, err)
			assert.Len(t, fileRecords(t, dbPath, "docs"), len(docsBefore)+1)
		})
	}
}
