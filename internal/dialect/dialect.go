// Package dialect is how a server speaks HTTP to its clients: the query
// language of its reads and the envelope of its answers. The server's read
// pipeline and handlers do their work in the server's own terms (an
// adapter.Query, records, errors) and leave both ends to a Dialect, so a
// second dialect (json-server's bare arrays and _page/_sort, say) plugs in
// as a second implementation of these interfaces. [Pretendo] is the
// server's own.
package dialect

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/schema"
)

// Dialect is the query language of a server's reads and the envelope of
// its answers. Implementations are safe for concurrent use.
type Dialect interface {
	Query
	Envelope
}

// Query reads the query strings of reads. Its errors are *query.Error or
// carry their own HTTP answer.
type Query interface {
	// ParseList reads the raw query of a list of res's records: filters,
	// search, sort, page, fields and expand; values are its parameters,
	// kept for the links of the answer.
	ParseList(raw string, res *schema.Resource) (q *adapter.Query, values url.Values, err error)
	// ParseOne reads the raw query of a read of one record of res into q:
	// only what to keep (Fields) and what to embed (Expand).
	ParseOne(raw string, res *schema.Resource, q *adapter.Query) error
}

// Envelope writes answers. A method that returns an error has written
// nothing: the caller answers with the error instead.
type Envelope interface {
	// WriteList writes one page of a list, with its headers. It may
	// change p.Values.
	WriteList(w http.ResponseWriter, r *http.Request, p Page) error
	// WriteData writes v (a record, a list of values, nil) with status.
	WriteData(w http.ResponseWriter, r *http.Request, status int, v any) error
	// WriteDataJSON writes a value given as its JSON text with status.
	WriteDataJSON(w http.ResponseWriter, r *http.Request, status int, text []byte)
	// WriteError writes an error answer.
	WriteError(w http.ResponseWriter, r *http.Request, p Problem)
	// WriteDeleted answers a DELETE that removed its record.
	WriteDeleted(w http.ResponseWriter, r *http.Request)
}

// Selector is a dialect whose lists the stores cannot select, since its
// query language is not theirs: its ParseList asks the store for every
// record (restricted only by the reader's rights), and the read pipeline
// lets SelectPage read them and pick the page, before embedding anything.
type Selector interface {
	// SelectPage reads the list q asks for (in store order) from
	// resource res through tx and returns the page of it that values
	// (the query ParseList read) asks for, and how many matched before
	// paging: as the records' JSON texts when asText is set and tx keeps
	// them (texts then non-nil and page holding only the total), else as
	// records the caller owns.
	SelectPage(tx adapter.Tx, res *schema.Resource, q *adapter.Query, values url.Values, asText bool) (page adapter.Page, texts [][]byte, err error)
}

// Page is one page of a list answer.
type Page struct {
	// Query is the query answered: its Page and PerPage.
	Query *adapter.Query
	// Values are the request's query parameters, for links to other pages.
	Values url.Values
	// Total is the number of matches, before paging.
	Total int
	// Records are the page's records, unless Texts is set.
	Records []adapter.Record
	// Texts are the page's records as their stored JSON text, when set.
	Texts [][]byte
}

// Problem is an error answer: its status, code and message, and the
// fields at fault.
type Problem struct {
	Status  int                     `json:"status"`
	Message string                  `json:"message"`
	Code    string                  `json:"code"`
	Details []constraints.Violation `json:"details,omitempty"`
}

// Values reads a raw query string strictly: a pair that cannot be decoded
// (a bad escape, a semicolon separator) is a *query.Error naming its
// parameter, where url.URL.Query would drop it silently and a filter
// would go missing.
func Values(raw string) (url.Values, error) {
	values, err := url.ParseQuery(raw)
	if err == nil {
		return values, nil
	}
	for _, pair := range strings.Split(raw, "&") {
		if _, perr := url.ParseQuery(pair); perr != nil {
			name, _, _ := strings.Cut(pair, "=")
			name, _, _ = strings.Cut(name, ";")
			if n, uerr := url.QueryUnescape(name); uerr == nil {
				name = n
			}
			return nil, &query.Error{Param: name, Reason: perr.Error()}
		}
	}
	return nil, &query.Error{Param: "(query)", Reason: err.Error()}
}
