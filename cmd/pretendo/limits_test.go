package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

func TestServerLimitsDefaultsAndOptions(t *testing.T) {
	t.Parallel()
	parse := func(src string) *pretendo.Spec {
		t.Helper()
		spec, err := pretendo.ParseSpec([]byte(src))
		require.NoError(t, err)
		return spec
	}
	const resources = "resources: [{ name: a, fields: [{ name: id, type: number }] }]\n"
	assert.Equal(t, serverLimits{readHeader: 10 * time.Second, read: 30 * time.Second, write: 60 * time.Second, idle: 60 * time.Second, maxConns: 4096},
		limitsOf(parse(resources)))
	assert.Equal(t, serverLimits{readHeader: 2 * time.Second, read: 2 * time.Second, write: 3 * time.Second, idle: 4 * time.Second, maxConns: 5},
		limitsOf(parse(resources+"options: { server: { readTimeout: 2000, writeTimeout: 3000, idleTimeout: 4000, maxConnections: 5 } }\n")))
	// The longest simulated latency is added to the read and write timeouts.
	withLatency := parse(`
resources:
  - { name: a, fields: [{ name: id, type: number }], latency: { enabled: true, min: 10, max: 7000 } }
  - { name: b, fields: [{ name: id, type: number }], latency: { enabled: false, fixed: 900000 } }
routes:
  - { path: /slow, method: get, latency: { enabled: true, fixed: 5000 } }
options:
  latency: { enabled: true, fixed: 1000 }
  server: { readTimeout: 2000, writeTimeout: 3000 }
`)
	assert.Equal(t, serverLimits{readHeader: 9 * time.Second, read: 9 * time.Second, write: 10 * time.Second, idle: 60 * time.Second, maxConns: 4096},
		limitsOf(withLatency))
}

func TestServerOptionsFromTheCommandLine(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	for _, args := range [][]string{
		{"--server.readTimeout=soon"},
		{"--server.maxConnections", "many"},
		{"--server.idle=5"},
	} {
		err := run(t.Context(), append([]string{"start", path, "--port", "0"}, args...), strings.NewReader(""), io.Discard, io.Discard)
		assert.Equal(t, 2, exitCode(err), "%v: %v", args, err)
	}
	err := run(t.Context(), []string{"start", path, "--port", "0", "--server.readTimeout=-1"}, strings.NewReader(""), io.Discard, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "readTimeout")
}

// rawConn opens a TCP connection to the server at base (http://host:port).
func rawConn(t *testing.T, base string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// closedWithin reports whether the server ends conn (after any answer it
// sends, which is returned) within d.
func closedWithin(t *testing.T, conn net.Conn, d time.Duration) (string, bool) {
	t.Helper()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(d)))
	got, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return string(got), false
	}
	return string(got), true
}

func TestServerCutsOffSlowClients(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	c := startCLI(t, path, memory, "--port", "0", "--host", "127.0.0.1", "--quiet",
		"--server.readTimeout=400", "--server.idleTimeout=400")

	t.Run("a body shorter than its length", func(t *testing.T) {
		t.Parallel()
		conn := rawConn(t, c.url)
		_, err := io.WriteString(conn, "POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":")
		require.NoError(t, err)
		answer, closed := closedWithin(t, conn, 10*time.Second)
		require.True(t, closed, "the server waits for the rest of the body forever")
		assert.Contains(t, answer, "HTTP/1.1 408 ")
		assert.Contains(t, answer, "REQUEST_TIMEOUT")
	})
	t.Run("a trickled body", func(t *testing.T) {
		t.Parallel()
		conn := rawConn(t, c.url)
		_, err := io.WriteString(conn, "POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
		require.NoError(t, err)
		// One byte every 20 ms would take 20 s to send the body.
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			for range 1000 {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
				if _, err := io.WriteString(conn, " "); err != nil {
					return
				}
			}
		}()
		answer, closed := closedWithin(t, conn, 10*time.Second)
		close(stop)
		wg.Wait()
		require.True(t, closed, "the trickle is never cut off")
		assert.Contains(t, answer, "HTTP/1.1 408 ")
	})
	t.Run("trickled headers", func(t *testing.T) {
		t.Parallel()
		conn := rawConn(t, c.url)
		_, err := io.WriteString(conn, "GET /users HTTP/1.1\r\nHost: x\r\nX-Slow: ")
		require.NoError(t, err)
		_, closed := closedWithin(t, conn, 10*time.Second)
		assert.True(t, closed)
	})
	t.Run("an idle connection", func(t *testing.T) {
		t.Parallel()
		conn := rawConn(t, c.url)
		_, err := io.WriteString(conn, "GET /users/1 HTTP/1.1\r\nHost: x\r\n\r\n")
		require.NoError(t, err)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		_, closed := closedWithin(t, conn, 10*time.Second)
		assert.True(t, closed, "the kept-alive connection is closed once idle")
	})
	t.Run("a normal request meanwhile", func(t *testing.T) {
		t.Parallel()
		status, _, _ := get(t, c.url+"/users/1")
		assert.Equal(t, http.StatusOK, status)
	})
}

// crowd opens n connections to the server at base, each left in one of
// three states: idle after a request, sending its headers, or, for the
// first bodies of every third, sending its body (the others of those send
// their headers). They are closed when the test ends. It returns them, and
// how many the server ended before they got there (dialing must succeed).
func crowd(t *testing.T, base string, n, bodies int) ([]net.Conn, int) {
	t.Helper()
	addr := strings.TrimPrefix(base, "http://")
	conns := make([]net.Conn, n)
	t.Cleanup(func() {
		for _, c := range conns {
			if c != nil {
				_ = c.Close()
			}
		}
	})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var dialErr error
	ended := 0
	sem := make(chan struct{}, 64) // dial a few at a time
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				mu.Lock()
				dialErr = err
				mu.Unlock()
				return
			}
			conns[i] = conn
			switch {
			case i%3 == 0: // idle, kept alive after one answer
				if _, err = io.WriteString(conn, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"); err == nil {
					var resp *http.Response
					if resp, err = http.ReadResponse(bufio.NewReader(conn), nil); err == nil {
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
				}
			case i%3 == 2 && i/3 < bodies: // a body never finished
				_, err = io.WriteString(conn, "POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
			default: // headers never finished
				_, err = io.WriteString(conn, "GET /users HTTP/1.1\r\nHost: x\r\nX-Slow: ")
			}
			if err != nil {
				mu.Lock()
				ended++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	require.NoError(t, dialErr)
	return conns, ended
}

// closedCount waits until the server has closed want of conns (a read
// ends, where an open connection waits for good), and returns how many it
// has closed: want, or fewer if they are not closed within a minute.
func closedCount(t *testing.T, conns []net.Conn, want int) int {
	t.Helper()
	ended := make(chan struct{}, len(conns))
	for _, c := range conns {
		go func() {
			_, _ = io.Copy(io.Discard, c) // until closed, by the server or at cleanup
			ended <- struct{}{}
		}()
	}
	bound := time.NewTimer(time.Minute) // a bound on failure, not a wait
	defer bound.Stop()
	closed := 0
	for closed < want {
		select {
		case <-ended:
			closed++
		case <-bound.C:
			return closed
		}
	}
	return closed
}

// answersWithinASecond checks that a normal request gets its answer
// within a second.
func answersWithinASecond(t *testing.T, base string) {
	t.Helper()
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for range 3 {
		resp, err := client.Get(base + "/users/1")
		require.NoError(t, err, "a normal request under the crowd")
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	}
}

func TestServerAnswersUnderTwoThousandSlowClients(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 2,000 connections")
	}
	path := writeFile(t, "api.yml", testSpec)
	c := startCLI(t, path, memory, "--port", "0", "--host", "127.0.0.1", "--quiet")
	_, ended := crowd(t, c.url, 2000, 2000)
	require.Zero(t, ended, "every client of the crowd holds its connection")
	answersWithinASecond(t, c.url)
}

func TestServerConnectionCapMakesRoom(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	c := startCLI(t, path, memory, "--port", "0", "--host", "127.0.0.1", "--quiet", "--server.maxConnections=50")
	// A client sending its body has a request under way, which the cap
	// never closes: with 50 of them, new clients would wait for the read
	// timeout, as documented. Fewer than 50 leave room to make.
	conns, _ := crowd(t, c.url, 300, 25)
	answersWithinASecond(t, c.url)
	assert.GreaterOrEqual(t, closedCount(t, conns, 250), 250, "at most 50 connections stay open")
}

// TestConnLimiter checks the limiter on its own: never more than max
// connections open, room made from the connection idle longest, and a
// wait when every connection is busy.
func TestConnLimiter(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	limiter := limitConns(ln, 3)
	waits := make(chan struct{}, 100)
	limiter.waiting = func() { waits <- struct{}{} }
	// The server marks a connection idle after the client has its answer:
	// the test learns it from the server, not from the answer.
	idled := make(chan net.Conn, 100)
	release := make(chan struct{})
	entered := make(chan struct{}, 3)
	hs := &http.Server{
		ConnState: func(c net.Conn, s http.ConnState) {
			limiter.track(c, s)
			if s == http.StateIdle {
				idled <- c
			}
		},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/busy" {
				entered <- struct{}{}
				<-release
			}
			_, _ = io.WriteString(w, "ok")
		}),
	}
	go func() { _ = hs.Serve(limiter) }()
	t.Cleanup(func() { _ = hs.Close() })
	base := "http://" + ln.Addr().String()

	open := func() int {
		limiter.mu.Lock()
		defer limiter.mu.Unlock()
		return len(limiter.conns)
	}
	request := func(conn net.Conn, path string) error {
		if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path); err != nil {
			return err
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	}
	// idle makes a request on conn and waits until the server has marked
	// the connection idle.
	idle := func(conn net.Conn) {
		t.Helper()
		require.NoError(t, request(conn, "/"))
		select {
		case <-idled:
		case <-time.After(time.Minute): // a bound on failure, not a wait
			t.Fatal("the server did not mark the connection idle")
		}
	}

	// Three idle connections, then a fourth: the oldest is closed.
	idles := make([]net.Conn, 3)
	for i := range idles {
		idles[i] = rawConn(t, base)
		idle(idles[i])
	}
	fourth := rawConn(t, base)
	idle(fourth) // so that Accept never waits before the test expects it
	_, closed := closedWithin(t, idles[0], 5*time.Second)
	assert.True(t, closed, "the connection idle longest made room")
	assert.LessOrEqual(t, open(), 3)

	// Three busy connections: a new one waits until one is done.
	busy := make([]net.Conn, 3)
	done := make(chan error, 3)
	for i := range busy {
		busy[i] = rawConn(t, base)
		go func() { done <- request(busy[i], "/busy") }()
		<-entered
	}
	waiting := rawConn(t, base)
	answered := make(chan error, 1)
	go func() { answered <- request(waiting, "/") }()
	select {
	case err := <-answered:
		t.Fatalf("a connection beyond the limit was served while all were busy: %v", err)
	case <-waits:
		// Accept holds the new connection and waits: none of the busy
		// ones was closed for it.
	case <-time.After(time.Minute): // a bound on failure, not a wait
		t.Fatal("Accept neither served nor waited")
	}
	assert.Equal(t, 3, open())
	close(release)
	for range busy {
		require.NoError(t, <-done)
	}
	require.NoError(t, <-answered)
	assert.LessOrEqual(t, open(), 3)

	require.NoError(t, limiter.Close())
	_, err = limiter.Accept()
	assert.ErrorIs(t, err, net.ErrClosed)
}
