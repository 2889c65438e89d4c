package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/examples"
)

func newApp(t *testing.T) *httptest.Server {
	t.Helper()
	spec, err := pretendo.ParseSpec(examples.Blog)
	require.NoError(t, err)
	api := pretendo.New(spec)
	t.Cleanup(func() { _ = api.Close() })
	ts := httptest.NewServer(newMux(api))
	t.Cleanup(ts.Close)
	return ts
}

func TestOwnRoute(t *testing.T) {
	t.Parallel()
	ts := newApp(t)
	resp, err := http.Get(ts.URL + "/healthz")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "ok\n", string(body))
	assert.Empty(t, resp.Header.Get("X-Powered-By"), "not answered by pretendo")
}

func TestAPIUnderPrefix(t *testing.T) {
	t.Parallel()
	ts := newApp(t)
	tests := []struct {
		path   string
		status int
		total  string
	}{
		{"/api/users", http.StatusOK, "21"},
		{"/api/users?role=admin", http.StatusOK, "1"},
		{"/api/tags/1/posts", http.StatusOK, ""},
		{"/api/", http.StatusOK, ""},
		{"/api/nope", http.StatusNotFound, ""},
		{"/users", http.StatusNotFound, ""}, // only under /api/
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			resp, err := http.Get(ts.URL + tt.path)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tt.status, resp.StatusCode)
			if tt.total != "" {
				assert.Equal(t, tt.total, resp.Header.Get("X-Total-Count"))
			}
		})
	}
}

func TestHeadersKeepPrefix(t *testing.T) {
	t.Parallel()
	ts := newApp(t)

	resp, err := http.Post(ts.URL+"/api/tags", "application/json", strings.NewReader(`{"label":"mounting"}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "/api/tags/9", resp.Header.Get("Location"))

	resp, err = http.Get(ts.URL + resp.Header.Get("Location"))
	require.NoError(t, err)
	var got struct{ Data map[string]any }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	resp.Body.Close()
	assert.Equal(t, "mounting", got.Data["label"])

	resp, err = http.Get(ts.URL + "/api/posts?perPage=5&page=2")
	require.NoError(t, err)
	resp.Body.Close()
	links := resp.Header.Get("Link")
	require.NotEmpty(t, links)
	for _, m := range regexp.MustCompile(`<([^>]*)>`).FindAllStringSubmatch(links, -1) {
		assert.True(t, strings.HasPrefix(m[1], "/api/posts?"), "link %s keeps /api", m[1])
	}
}

// lockedWriter lets the test read what serve writes, and wait for it.
type lockedWriter struct {
	mu      sync.Mutex
	sb      strings.Builder
	written chan struct{} // closed by the next Write; nil until asked for
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.written != nil {
		close(w.written)
		w.written = nil
	}
	return w.sb.Write(p)
}

// next returns what was written so far and a channel closed by the next
// Write.
func (w *lockedWriter) next() (string, <-chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.written == nil {
		w.written = make(chan struct{})
	}
	return w.sb.String(), w.written
}

func TestServe(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedWriter{}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, "127.0.0.1:0", out) }()

	addr := regexp.MustCompile(`http://\S+`)
	var base string
	for base == "" {
		text, written := out.next()
		base = addr.FindString(text)
		if base != "" {
			break
		}
		select {
		case <-written:
		case err := <-done:
			t.Fatalf("serve ended before it served: %v", err)
		case <-time.After(time.Minute): // a bound on failure, not a wait
			t.Fatalf("serve wrote no address within a minute")
		}
	}
	resp, err := http.Get(base + "/api/posts/1")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeBadAddress(t *testing.T) {
	t.Parallel()
	err := serve(context.Background(), "127.0.0.1:99999", io.Discard)
	assert.Error(t, err)
}
