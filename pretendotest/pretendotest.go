// Package pretendotest holds helpers for tests that use pretendo: servers
// that close themselves when the test ends, forks for parallel tests,
// isolation of subtests that share a server, and assertions on the
// requests a server answered.
package pretendotest

import (
	"net/http/httptest"
	"testing"

	"github.com/pretendo-go/pretendo"
)

// LoadSpec loads the spec file at path, failing the test on error.
func LoadSpec(tb testing.TB, path string) *pretendo.Spec {
	tb.Helper()
	spec, err := pretendo.LoadSpec(path)
	if err != nil {
		tb.Fatalf("pretendotest: %v", err)
	}
	return spec
}

// New opens a Server for spec, failing the test on error, and closes it
// when the test ends.
func New(tb testing.TB, spec *pretendo.Spec, opts ...pretendo.Option) *pretendo.Server {
	tb.Helper()
	srv, err := pretendo.Open(spec, opts...)
	if err != nil {
		tb.Fatalf("pretendotest: %v", err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	return srv
}

// Fork returns an independent fork of base (see pretendo.Server.Fork),
// closed when the test ends: give each t.Parallel() test its own. A fork
// has its own data and an empty journal. A nil or closed base fails the
// test.
func Fork(tb testing.TB, base *pretendo.Server) *pretendo.Server {
	tb.Helper()
	if base == nil {
		tb.Fatalf("pretendotest: Fork: the base server is nil")
		return nil
	}
	f, err := fork(base)
	if err != nil {
		tb.Fatalf("pretendotest: Fork: %v", err)
		return nil
	}
	tb.Cleanup(func() { _ = f.Close() })
	return f
}

// fork returns base.Fork(), or the error it panics with (base is closed).
func fork(base *pretendo.Server) (f *pretendo.Server, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	return base.Fork(), nil
}

// Serve starts an httptest.Server for srv, closed when the test ends, and
// returns its base URL.
func Serve(tb testing.TB, srv *pretendo.Server) string {
	tb.Helper()
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	return ts.URL
}
