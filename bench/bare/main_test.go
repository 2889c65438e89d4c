package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer safe to write from the server's goroutine
// while the test reads it. After each write it offers all it holds on
// wrote, if set, without blocking the writer.
type lockedBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote chan string
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	if b.wrote != nil {
		select { // the latest text replaces one not yet taken
		case <-b.wrote:
		default:
		}
		b.wrote <- b.buf.String()
	}
	return n, err
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// start runs the server with args until the test ends, and returns its
// URL and a function that stops it and checks that it stopped cleanly.
func start(t *testing.T, args ...string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	// The server writes its address once listening: wait for that line.
	stderr := &lockedBuffer{wrote: make(chan string, 1)}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append(args, "-addr", "127.0.0.1:0"), stderr) }()
	bound := time.NewTimer(time.Minute) // a bound on failure, not a wait
	defer bound.Stop()
	var url string
	for url == "" {
		select {
		case out := <-stderr.wrote:
			if _, after, ok := strings.Cut(out, "listening on "); ok && strings.HasSuffix(out, "\n") {
				url = strings.TrimSpace(after)
			}
		case err := <-done:
			t.Fatalf("run ended before listening: %v\n%s", err, stderr.String())
		case <-bound.C:
			t.Fatalf("not listening within a minute:\n%s", stderr.String())
		}
	}
	return url, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("run did not stop after its context ended")
		}
	}
}

func TestRunServesUntilCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db.json")
	require.NoError(t, os.WriteFile(path, testDB(t), 0o644))
	url, stop := start(t, "-db", path)
	status, _, body := do(t, "GET", url+"/users/2", "")
	assert.Equal(t, 200, status)
	assert.JSONEq(t, `{"id":2,"username":"u2","email":"u2@example.com","role":"user","age":22}`, string(body))
	stop()
}

func TestRunCeilingAnswersEverything(t *testing.T) {
	// The ceiling loads no data, so a missing -db file does not matter.
	url, stop := start(t, "-ceiling", "-db", "/nonexistent")
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/users/1", ""}, {"GET", "/posts?userId=5", ""}, {"POST", "/posts", `{"title":"x"}`}, {"DELETE", "/nothing", ""},
	} {
		status, _, body := do(t, c.method, url+c.path, c.body)
		assert.Equal(t, 200, status, c.path)
		assert.Equal(t, "{}", string(body), c.path)
	}
	stop()
}

func TestRunRefuses(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "db.json")
	require.NoError(t, os.WriteFile(good, testDB(t), 0o644))
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"users": [null]}`), 0o644))
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()

	tests := map[string]struct {
		args []string
		want string
	}{
		"unknown flag":     {[]string{"-colour", "red"}, "flag provided but not defined"},
		"stray argument":   {[]string{"-db", good, "extra"}, `unexpected argument "extra"`},
		"missing db":       {[]string{"-db", filepath.Join(dir, "nope.json")}, "no such file"},
		"unicode db path":  {[]string{"-db", filepath.Join(dir, "données-😀.json")}, "no such file"},
		"invalid db":       {[]string{"-db", bad, "-addr", "127.0.0.1:0"}, "null record"},
		"address in use":   {[]string{"-db", good, "-addr", busy.Addr().String()}, "address already in use"},
		"bad address":      {[]string{"-db", good, "-addr", "127.0.0.1:99999"}, "invalid port"},
		"address not host": {[]string{"-db", good, "-addr", "::::"}, "bare:"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var stderr lockedBuffer
			err := run(t.Context(), tt.args, &stderr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, stderr.String(), "listening")
		})
	}
}
