package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
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
// different goroutines, that tells a reader when more is written.
type syncBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	written chan struct{} // closed by the next Write; nil until asked for
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.written != nil {
		close(b.written)
		b.written = nil
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// next returns what was written so far and a channel closed by the next
// Write.
func (b *syncBuffer) next() (string, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.written == nil {
		b.written = make(chan struct{})
	}
	return b.buf.String(), b.written
}

// waitUntil waits for writes until what was written satisfies ok, and
// returns it. It returns early with ended's error if ended delivers first,
// and fails the test if neither happens within a minute.
func (b *syncBuffer) waitUntil(tb testing.TB, ok func(string) bool, ended <-chan error) (string, error) {
	tb.Helper()
	bound := time.NewTimer(time.Minute) // a bound on failure, not a wait
	defer bound.Stop()
	for {
		out, written := b.next()
		if ok(out) {
			return out, nil
		}
		select {
		case <-written:
		case err := <-ended:
			return out, err
		case <-bound.C:
			tb.Fatalf("not written within a minute; so far:\n%s", out)
		}
	}
}

// waitFor waits until out holds want.
func waitFor(tb testing.TB, out *syncBuffer, want string) {
	tb.Helper()
	_, _ = out.waitUntil(tb, func(s string) bool { return strings.Contains(s, want) }, nil)
}

// served reports whether the banner is written in full, and its URL.
func served(out string) (string, bool) {
	m := urlPattern.FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "Press Ctrl+C") {
		return "", false
	}
	return m[1], true
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
	out, err := c.stdout.waitUntil(t, func(out string) bool { _, ok := served(out); return ok }, c.done)
	url, ok := served(out)
	if !ok {
		c.once.Do(func() { c.err = err })
		return c, err
	}
	c.url = url
	return c, nil
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

// awaitClosed waits until ch is closed, and fails the test if it is not
// within a minute.
func awaitClosed(tb testing.TB, ch <-chan struct{}, what string) {
	tb.Helper()
	select {
	case <-ch:
	case <-time.After(time.Minute): // a bound on failure, not a wait
		tb.Fatalf("not within a minute: %s", what)
	}
}

// idleConn opens a connection to the server at base, makes one GET of path
// on it and leaves it idle. The channel is closed when the server closes
// the connection, which a shutdown does first thing.
func idleConn(t *testing.T, base, path string) <-chan struct{} {
	t.Helper()
	conn := rawConn(t, base)
	_, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path)
	require.NoError(t, err)
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode)
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		_, _ = io.Copy(io.Discard, r)
	}()
	return closed
}

// answer is what a request got back.
type answer struct {
	status int
	err    error
}

// heldRequest is a request under way whose handler waits for a body the
// test has not sent yet.
type heldRequest struct {
	conn   net.Conn
	body   string
	answer chan answer
}

// holdRequest sends the headers of method path to the server at base, for
// a JSON body of len(body) bytes that it keeps back ("Expect:
// 100-continue"), and returns once the handler reads the body: the
// server's 100 Continue is the signal that the request is under way. send
// lets the body go. The answer arrives on answer: the status, or the error
// of a connection the server closed without answering.
func holdRequest(t *testing.T, method, base, path, body string) *heldRequest {
	t.Helper()
	h := &heldRequest{conn: rawConn(t, base), body: body, answer: make(chan answer, 1)}
	_, err := fmt.Fprintf(h.conn, "%s %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"+
		"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n", method, path, len(body))
	require.NoError(t, err)
	continued := make(chan struct{})
	go func() {
		r := bufio.NewReader(h.conn)
		resp, err := http.ReadResponse(r, nil)
		if err == nil && resp.StatusCode == http.StatusContinue {
			close(continued)
			resp, err = http.ReadResponse(r, nil)
		}
		if err != nil {
			h.answer <- answer{err: err}
			return
		}
		_, err = io.Copy(io.Discard, resp.Body)
		h.answer <- answer{status: resp.StatusCode, err: err}
	}()
	select {
	case <-continued:
		return h
	case a := <-h.answer:
		t.Fatalf("answered before its body was sent: %d %v", a.status, a.err)
	case <-time.After(time.Minute): // a bound on failure, not a wait
		t.Fatalf("the handler did not read the body within a minute")
	}
	return nil
}

// send sends the body kept back.
func (h *heldRequest) send(t *testing.T) {
	t.Helper()
	_, err := io.WriteString(h.conn, h.body)
	require.NoError(t, err)
}
