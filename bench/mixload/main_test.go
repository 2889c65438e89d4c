package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// startServer serves bench/pg-two-spec.yml with five users, in memory,
// through wrap.
func startServer(t *testing.T, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	src, err := os.ReadFile("../pg-two-spec.yml")
	require.NoError(t, err)
	src = append(src, []byte(`
data:
  users:
    - { id: 1, username: a }
    - { id: 2, username: b }
    - { id: 3, username: c }
    - { id: 4, username: d }
    - { id: 5, username: e }
`)...)
	spec, err := pretendo.ParseSpec(src)
	require.NoError(t, err)
	srv, err := pretendo.Open(spec, pretendo.WithLogger(nil))
	require.NoError(t, err)
	ts := httptest.NewServer(wrap(srv))
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	return ts.URL
}

func plain(h http.Handler) http.Handler { return h }

func TestRunChecksTwoTargets(t *testing.T) {
	a := startServer(t, plain)
	var stdout, stderr bytes.Buffer
	// The request count ends the load, not the clock (-duration is its
	// largest): a busy machine serves fewer requests in a given time.
	err := run([]string{"-targets", a + "," + a + "/", "-conns", "4", "-duration", "10m", "-requests", "600", "-users", "5"}, &stdout, &stderr)
	require.NoError(t, err, stdout.String())
	out := stdout.String()
	assert.Contains(t, out, "600 requests")
	assert.Contains(t, out, "check: every acknowledged write holds")
	assert.Regexp(t, `(?m)^MIXLOAD [0-9.]+ 600 0 0$`, out)
	assert.Zero(t, stderr.Len())
}

// TestRunFindsALostWrite: a server that acknowledges some creations
// without storing them fails the check.
func TestRunFindsALostWrite(t *testing.T) {
	var n atomic.Int64
	lossy := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/posts" {
				// Every fifth post is acknowledged under an id of its own
				// and never stored: the load may delete some of them, not all.
				if k := n.Add(1); k%5 == 0 {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusCreated)
					_, _ = io.WriteString(w, `{"data":{"id":`+strconv.FormatInt(900_000_000+k, 10)+`,"userId":1}}`)
					return
				}
			}
			h.ServeHTTP(w, r)
		})
	}
	a := startServer(t, lossy)
	var stdout bytes.Buffer
	err := run([]string{"-targets", a, "-conns", "2", "-duration", "10m", "-requests", "400", "-users", "5"}, &stdout, io.Discard)
	require.ErrorIs(t, err, errFailed)
	assert.Regexp(t, `FAILED: GET /posts/9000\d+: 404, but its creation was acknowledged`, stdout.String())
}

func TestRunRejects(t *testing.T) {
	cases := map[string][]string{
		"no targets":        {},
		"not loopback":      {"-targets", "http://192.0.2.1:80"},
		"a path":            {"-targets", "http://127.0.0.1:80/api"},
		"https":             {"-targets", "https://127.0.0.1:80"},
		"no connections":    {"-targets", "http://127.0.0.1:80", "-conns", "0"},
		"too long":          {"-targets", "http://127.0.0.1:80", "-duration", "11m"},
		"no users":          {"-targets", "http://127.0.0.1:80", "-users", "0"},
		"negative requests": {"-targets", "http://127.0.0.1:80", "-requests", "-1"},
		"extra argument":    {"-targets", "http://127.0.0.1:80", "more"},
		"unknown flag":      {"-nope"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			var stdout bytes.Buffer
			err := run(args, &stdout, io.Discard)
			require.Error(t, err)
			assert.NotErrorIs(t, err, errFailed)
			assert.Zero(t, stdout.Len(), "nothing was sent")
		})
	}
}
