package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader in
// different goroutines.
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

// urlPattern finds the served URL in the banner.
var urlPattern = regexp.MustCompile(`url +(http://\S+)`)

// testSpec is a small spec for the CLI tests: two users, a post, a
// custom route.
const testSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: name, type: string, required: true, minLength: 1 }
      - { name: role, type: string, enum: [admin, user], defaultValue: user }
    relationships:
      - { type: hasMany, resource: posts, foreignKey: userId }
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: title, type: string, required: true }
      - { name: userId, type: number, required: true, references: { resource: users, onDelete: cascade } }
data:
  users:
    - { id: 1, name: Ada, role: admin }
    - { id: 2, name: Bob }
  posts:
    - { id: 1, title: Hello, userId: 1 }
routes:
  - { path: /health, method: get, response: { ok: true } }
options:
  maxPageSize: 100
`

// writeFile writes content to name in a new temporary folder and
// returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

// cli is a pretendo start running in-process.
type cli struct {
	stdout, stderr *syncBuffer
	url            string
	cancel         context.CancelFunc
	done           chan error
	once           sync.Once
	err            error
}

// startCLI runs "pretendo start args..." in-process and waits until it
// serves. The test stops it with stop, or at cleanup.
func startCLI(t *testing.T, args ...string) *cli {
	t.Helper()
	c, err := tryStartCLI(t, args...)
	require.NoError(t, err, "start ended early\nstdout: %s\nstderr: %s", c.stdout, c.stderr)
	return c
}

// tryStartCLI is startCLI that returns the error of a start that ended
// before serving.
func tryStartCLI(t *testing.T, args ...string) (*cli, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c := &cli{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		c.done <- run(ctx, append([]string{"start"}, args...), strings.NewReader(""), c.stdout, c.stderr)
	}()
	t.Cleanup(func() { _ = c.stop(t) })
	deadline := time.After(60 * time.Second)
	for {
		if m := urlPattern.FindStringSubmatch(c.stdout.String()); m != nil && strings.Contains(c.stdout.String(), "Press Ctrl+C") {
			c.url = m[1]
			return c, nil
		}
		select {
		case err := <-c.done:
			c.once.Do(func() { c.err = err })
			return c, err
		case <-deadline:
			t.Fatalf("start did not serve within 60s\nstdout: %s\nstderr: %s", c.stdout, c.stderr)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// stop cancels the command's context and returns what run returned.
func (c *cli) stop(t *testing.T) error {
	t.Helper()
	c.once.Do(func() {
		c.cancel()
		select {
		case c.err = <-c.done:
		case <-time.After(30 * time.Second):
			t.Errorf("start did not stop within 30s")
		}
	})
	return c.err
}

// get makes a GET request and returns the status, headers and decoded body.
func get(t *testing.T, url string) (int, http.Header, map[string]any) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header, decodeBody(t, resp.Body)
}

// send makes a request with a JSON body.
func send(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	return resp.StatusCode, decodeBody(t, resp.Body)
}

func decodeBody(t *testing.T, r io.Reader) map[string]any {
	t.Helper()
	data, err := io.ReadAll(r)
	require.NoError(t, err)
	if len(data) == 0 {
		return nil
	}
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m), "body: %s", data)
	return m
}

// memory is the flag that keeps a test's data in memory, away from the
// CLI's default ./data/db.json.
const memory = "--database.adapter=memory"
