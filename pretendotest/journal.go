package pretendotest

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/suggest"
)

// nearestShown is how many recorded requests a failure lists.
const nearestShown = 5

// Calls returns the requests srv recorded in its journal (see
// pretendo.Server.Requests) that match method and path, oldest first.
//
// method matches case-insensitively; "*" matches any method. path is the
// path the server saw, where a segment ":name", "{name}" or "*" matches
// any one segment ("/posts/:id"); a query after "?" must be a subset of
// the request's ("/posts?userId=1" matches "/posts?userId=1&page=2").
func Calls(srv *pretendo.Server, method, path string) []pretendo.RecordedRequest {
	p, err := parsePattern(method, path)
	if err != nil {
		return nil
	}
	var out []pretendo.RecordedRequest
	for _, r := range srv.Requests() {
		if p.match(r) == "" {
			out = append(out, r)
		}
	}
	return out
}

// AssertCalled checks that srv answered at least one request matching
// method and path (as Calls reads them). On failure it reports the
// recorded requests nearest to the one wanted. It returns whether the
// check passed.
func AssertCalled(tb testing.TB, srv *pretendo.Server, method, path string) bool {
	tb.Helper()
	j, ok := newJournalCheck(tb, srv, method, path)
	if !ok {
		return false
	}
	if len(j.matches) > 0 {
		return true
	}
	tb.Errorf("pretendotest: want %s %s called, but it was not\n%s", j.method, path, j.nearest())
	return false
}

// AssertCalledTimes checks that srv answered exactly n requests matching
// method and path (as Calls reads them). The journal keeps only the most
// recent requests (options.journal.size), so count within that window.
func AssertCalledTimes(tb testing.TB, srv *pretendo.Server, method, path string, n int) bool {
	tb.Helper()
	j, ok := newJournalCheck(tb, srv, method, path)
	if !ok {
		return false
	}
	if len(j.matches) == n {
		return true
	}
	msg := fmt.Sprintf("pretendotest: want %s %s called %s, got %s", j.method, path, times(n), times(len(j.matches)))
	if len(j.matches) > 0 {
		msg += "\n  matching:" + listRequests(j.matches)
	}
	if len(j.matches) < n {
		msg += "\n" + j.nearest()
	}
	tb.Errorf("%s", msg)
	return false
}

// AssertNotCalled checks that srv answered no request matching method and
// path (as Calls reads them).
func AssertNotCalled(tb testing.TB, srv *pretendo.Server, method, path string) bool {
	tb.Helper()
	j, ok := newJournalCheck(tb, srv, method, path)
	if !ok {
		return false
	}
	if len(j.matches) == 0 {
		return true
	}
	tb.Errorf("pretendotest: want %s %s not called, but it was called %s:%s", j.method, path, times(len(j.matches)), listRequests(j.matches))
	return false
}

// journalCheck is one assertion about a server's journal.
type journalCheck struct {
	method  string
	pattern pattern
	all     []pretendo.RecordedRequest
	matches []pretendo.RecordedRequest
}

// newJournalCheck reads the journal of srv, failing the test when the
// journal is off or the pattern is bad: an assertion must never pass for
// want of a record.
func newJournalCheck(tb testing.TB, srv *pretendo.Server, method, path string) (*journalCheck, bool) {
	tb.Helper()
	p, err := parsePattern(method, path)
	if err != nil {
		tb.Errorf("pretendotest: %v", err)
		return nil, false
	}
	if srv.JournalSize() == 0 {
		tb.Errorf("pretendotest: the server's journal is off (options.journal.size 0 or WithJournal(0)), so no request can be checked")
		return nil, false
	}
	j := &journalCheck{method: p.displayMethod(), pattern: p, all: srv.Requests()}
	for _, r := range j.all {
		if p.match(r) == "" {
			j.matches = append(j.matches, r)
		}
	}
	return j, true
}

// nearest lists the recorded requests most like the one wanted, each with
// what differs.
func (j *journalCheck) nearest() string {
	if len(j.all) == 0 {
		return "  no requests were recorded"
	}
	type scored struct {
		r     pretendo.RecordedRequest
		why   string
		score int
		order int
	}
	list := make([]scored, 0, len(j.all))
	for i, r := range j.all {
		why := j.pattern.match(r)
		if why == "" {
			continue
		}
		s := suggest.Distance(j.pattern.text, r.Path)
		if !j.pattern.methodMatches(r.Method) {
			s += 8
		}
		// The most recent request wins a tie.
		list = append(list, scored{r: r, why: why, score: s, order: -i})
	}
	slices.SortStableFunc(list, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.score, b.score), cmp.Compare(a.order, b.order))
	})
	var b strings.Builder
	fmt.Fprintf(&b, "  %s recorded; the nearest:", plural(len(j.all), "request"))
	for i, s := range list {
		if i == nearestShown {
			fmt.Fprintf(&b, "\n    ... and %d more", len(list)-nearestShown)
			break
		}
		fmt.Fprintf(&b, "\n    %-40s (%s)", s.r.String(), s.why)
	}
	return b.String()
}

// listRequests renders requests one per line.
func listRequests(rs []pretendo.RecordedRequest) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString("\n    " + r.String())
	}
	return b.String()
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// pattern is a parsed method and path to look for.
type pattern struct {
	method string // upper case; "*" for any
	text   string // the path part, for distances
	segs   []string
	wild   []bool
	query  url.Values
}

func parsePattern(method, path string) (pattern, error) {
	p := pattern{method: strings.ToUpper(method)}
	if p.method == "" {
		return p, fmt.Errorf("empty method (want one like \"GET\", or \"*\" for any)")
	}
	raw, rawQuery, hasQuery := strings.Cut(path, "?")
	if !strings.HasPrefix(raw, "/") {
		return p, fmt.Errorf("path %q must start with \"/\"", path)
	}
	if hasQuery {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return p, fmt.Errorf("path %q has a bad query: %w", path, err)
		}
		p.query = q
	}
	p.text = raw
	p.segs = strings.Split(raw[1:], "/")
	p.wild = make([]bool, len(p.segs))
	for i, s := range p.segs {
		p.wild[i] = s == "*" || len(s) > 1 && s[0] == ':' || len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}'
	}
	return p, nil
}

func (p pattern) displayMethod() string {
	if p.method == "*" {
		return "any method"
	}
	return p.method
}

func (p pattern) methodMatches(m string) bool {
	return p.method == "*" || strings.EqualFold(p.method, m)
}

// match returns "" when r matches, else what differs.
func (p pattern) match(r pretendo.RecordedRequest) string {
	var why []string
	if !p.methodMatches(r.Method) {
		why = append(why, "method differs")
	}
	if !p.pathMatches(r.Path) {
		why = append(why, "path differs")
	}
	if !p.queryMatches(r.Query) {
		why = append(why, "query differs")
	}
	return strings.Join(why, ", ")
}

func (p pattern) pathMatches(path string) bool {
	if !strings.HasPrefix(path, "/") {
		return false
	}
	segs := strings.Split(path[1:], "/")
	if len(segs) != len(p.segs) {
		return false
	}
	for i, s := range segs {
		if p.wild[i] {
			if s == "" {
				return false
			}
			continue
		}
		if s != p.segs[i] {
			return false
		}
	}
	return true
}

func (p pattern) queryMatches(raw string) bool {
	if len(p.query) == 0 {
		return true
	}
	got, err := url.ParseQuery(raw)
	if err != nil {
		return false
	}
	for k, want := range p.query {
		for _, v := range want {
			if !slices.Contains(got[k], v) {
				return false
			}
		}
	}
	return true
}
