// Package journalapi serves a server's request journal over HTTP, as
// WireMock's request verification API does, for clients that are not Go
// tests (a browser test, a script, the dashboard):
//
//	GET    {admin}/requests          the recorded requests, newest first
//	GET    {admin}/requests/count    how many match
//	GET    {admin}/requests/stream   the requests as they are recorded (server-sent events)
//	GET    {admin}/requests/{id}     one request
//	DELETE {admin}/requests          forget them all
//
// The list, the count and the stream take the same filters (see [Filter]).
// The handlers know nothing of the journal's storage: they read it through
// the small [Journal] interface, and the journal tells a [Hub] (its
// listener) of each request it records, which hands it on to the streams.
package journalapi

import "github.com/pretendo-go/pretendo/journal"

// Request is one recorded request, as the handlers read it.
type Request = journal.RecordedRequest

// Journal is what the handlers need of a request journal; a
// *journal.Journal has it. Its methods are safe for concurrent use.
type Journal interface {
	// Find returns copies of the kept requests that match accepts, newest
	// first: at most limit of them (all when limit is 0, none when it is
	// less), and the number of kept requests it accepts in all.
	Find(match func(*Request) bool, limit int) (found []Request, total int)
	// Get returns a copy of the request numbered id, and false when the
	// journal no longer keeps it (or never did).
	Get(id uint64) (Request, bool)
	// Clear forgets every request.
	Clear()
}
