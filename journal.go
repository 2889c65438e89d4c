package pretendo

import "github.com/pretendo-go/pretendo/journal"

// DefaultJournalSize is how many requests the journal keeps unless
// options.journal.size or WithJournal says otherwise.
const DefaultJournalSize = journal.DefaultSize

// MaxJournalBody is how much of each request body the journal keeps; a
// longer body is cut there and its RecordedRequest.BodyTruncated is set.
const MaxJournalBody = journal.MaxBody

// RecordedRequest is one request the server answered, as its journal
// keeps it (see Server.Requests). Its Time is by the server's clock
// (WithClock).
type RecordedRequest = journal.RecordedRequest

// journalSize is the journal size the spec and options ask for.
func journalSize(sp *Spec, cfg config) int {
	switch {
	case cfg.journalSet:
		return cfg.journalSize
	case sp.Options.Journal != nil:
		return sp.Options.Journal.Size
	default:
		return DefaultJournalSize
	}
}

// Requests returns the requests the server has answered, oldest first: at
// most options.journal.size of them (default DefaultJournalSize), the most
// recent ones. Each holds its method, path, query, headers, body (up to
// MaxJournalBody), status, arrival time and duration. The result is the
// caller's. With the journal off (size 0) it returns nil.
//
// Every request is recorded, whatever route answered it (resources,
// custom routes, the auth and admin endpoints, simulated errors).
func (s *Server) Requests() []RecordedRequest {
	return s.extras().journal.Requests()
}

// ClearRequests empties the journal.
func (s *Server) ClearRequests() {
	s.extras().journal.Clear()
}

// JournalSize returns how many requests the journal keeps, 0 when it is off.
func (s *Server) JournalSize() int {
	return s.extras().journal.Size()
}

// WithJournal sets how many requests the journal keeps (see
// Server.Requests), overriding options.journal.size; 0 turns the journal
// off. The default is DefaultJournalSize.
func WithJournal(size int) Option {
	return func(c *config) {
		c.journalSize, c.journalSet = max(size, 0), true
	}
}
