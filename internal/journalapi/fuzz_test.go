package journalapi

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/pretendo-go/pretendo/internal/query"
)

// FuzzParseFilter checks that any query either reads as a filter, which
// then matches requests without panicking, or fails with a *query.Error.
func FuzzParseFilter(f *testing.F) {
	for _, seed := range []string{
		"",
		"method=GET,post&path=/users/*&status=2xx,404&since=2024-05-01T12:00:00Z&limit=10&admin=true",
		"path=/**/posts/:id?draft=1&path=/a*b*c",
		"path=/**/**/**/**&status=0",
		"method=*&status=5XX",
		"limit=-1&since=yesterday&x=%zz",
	} {
		f.Add(seed, "/users/1/posts", "draft=1")
	}
	f.Fuzz(func(t *testing.T, raw, path, rawQuery string) {
		flt, err := ParseFilter(raw, true)
		if err != nil {
			var qe *query.Error
			if !errors.As(err, &qe) || qe.Reason == "" {
				t.Fatalf("ParseFilter(%q): error %v is not a *query.Error with a reason", raw, err)
			}
			return
		}
		r := &Request{Method: "GET", Path: path, Query: rawQuery, Status: 200, Time: time.Now(), Header: http.Header{}}
		_ = flt.Match(r, "/admin")
	})
}
