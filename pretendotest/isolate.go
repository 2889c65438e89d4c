package pretendotest

import (
	"context"
	"errors"
	"testing"

	"github.com/pretendo-go/pretendo"
)

// Isolate gives the rest of the test tb fresh data and an empty journal on
// srv, in one call at the start of a subtest: it saves the state of srv now
// (records and id counters) and empties its request journal, and when tb
// ends it puts the saved state back and empties the journal again. Subtests
// that each begin with Isolate share one server and its URL, yet each sees
// the data as it was before the first, and AssertCalledTimes counts only
// the subtest's own requests (Server.Restore and Server.Reset keep the
// journal; Isolate does not).
//
// The state is saved with the adapter's Backup, which costs O(1) with the
// memory store, not as a named snapshot: Server.Snapshots does not list it.
// Snapshots, auth sessions and options are not part of it. Isolate does not
// make srv safe for parallel subtests, which would see each other's
// writes: give each t.Parallel() test its own server with Fork instead.
//
// A nil or closed srv fails the test. A server closed before tb ends has
// nothing left to restore.
func Isolate(tb testing.TB, srv *pretendo.Server) {
	tb.Helper()
	if srv == nil {
		tb.Fatalf("pretendotest: Isolate: the server is nil")
		return
	}
	saved, err := srv.Adapter().Backup(context.Background())
	if err != nil {
		tb.Fatalf("pretendotest: Isolate: saving the state: %v", err)
		return
	}
	srv.ClearRequests()
	tb.Cleanup(func() {
		// tb's own context is done by now.
		err := srv.Adapter().Restore(context.Background(), saved)
		if err != nil && !errors.Is(err, pretendo.ErrClosed) {
			tb.Errorf("pretendotest: Isolate: restoring the state: %v", err)
		}
		srv.ClearRequests()
	})
}
