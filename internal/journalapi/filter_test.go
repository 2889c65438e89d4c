package journalapi

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/query"
)

func TestPathPatterns(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pattern string
		yes     []string
		no      []string
	}{
		{"/", []string{"/"}, []string{"/users", ""}},
		{"/users", []string{"/users"}, []string{"/users/1", "/user", "/users/"}},
		{"/users/*", []string{"/users/1", "/users/abc"}, []string{"/users", "/users/1/posts"}},
		{"/users/*", []string{"/users/"}, nil}, // "*" takes any text, none included
		{"/users/:id", []string{"/users/1"}, []string{"/users/", "/users"}},
		{"/users/{id}/posts", []string{"/users/1/posts"}, []string{"/users//posts", "/users/1/posts/2"}},
		{"/us*rs", []string{"/users", "/usrs", "/us-ers"}, []string{"/us/ers", "/userss/x"}},
		{"/*a*b*", []string{"/ab", "/xaxbx", "/aab"}, []string{"/ba", "/a/b"}},
		{"/**", []string{"/", "/a", "/a/b/c"}, nil},
		{"/users/**", []string{"/users", "/users/1", "/users/1/posts"}, []string{"/user", "/posts/users"}},
		{"/**/posts", []string{"/posts", "/users/1/posts"}, []string{"/users/1/posts/2"}},
		{"/**/*/**/x", []string{"/a/x", "/a/b/c/x"}, []string{"/x"}},
		{"/déjà/*", []string{"/déjà/vu"}, []string{"/deja/vu"}},
	} {
		t.Run(c.pattern, func(t *testing.T) {
			p, err := parsePathPattern(c.pattern)
			require.NoError(t, err)
			for _, s := range c.yes {
				assert.True(t, p.match(s, ""), "%q should match %q", c.pattern, s)
			}
			for _, s := range c.no {
				assert.False(t, p.match(s, ""), "%q should not match %q", c.pattern, s)
			}
		})
	}
}

func TestGlobIsNotExponential(t *testing.T) {
	t.Parallel()
	pattern := strings.Repeat("*a", 1000) + "*b"
	s := strings.Repeat("a", 2000)
	done := make(chan bool)
	go func() { done <- glob(pattern, s) }()
	select {
	case ok := <-done:
		assert.False(t, ok)
	case <-time.After(10 * time.Second):
		t.Fatal("glob took more than 10 s")
	}
}

func TestFilterMatch(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	req := func(method, path, query string, status int, header ...string) *Request {
		h := http.Header{}
		for i := 0; i+1 < len(header); i += 2 {
			h.Set(header[i], header[i+1])
		}
		return &Request{Method: method, Path: path, Query: query, Status: status, Time: at, Header: h}
	}
	for _, c := range []struct {
		name, query string
		r           *Request
		want        bool
	}{
		{"empty", "", req("GET", "/a", "", 200), true},
		{"method any case", "method=get", req("GET", "/a", "", 200), true},
		{"other method", "method=POST", req("GET", "/a", "", 200), false},
		{"status 0", "status=0", req("GET", "/a", "", 0), true},
		{"class", "status=5xx", req("GET", "/a", "", 503), true},
		{"class in upper case", "status=5XX", req("GET", "/a", "", 404), false},
		{"since equal", "since=2024-05-01T12:00:00Z", req("GET", "/a", "", 200), true},
		{"since after", "since=2024-05-01T12:00:00.000000001Z", req("GET", "/a", "", 200), false},
		{"since in another zone", "since=2024-05-01T14:00:00%2B02:00", req("GET", "/a", "", 200), true},
		{"admin path", "", req("GET", "/admin/stats", "", 200), false},
		{"admin path itself", "", req("GET", "/admin", "", 200), false},
		{"not the admin path", "", req("GET", "/administrators", "", 200), true},
		{"admin asked for", "admin=true", req("GET", "/admin/stats", "", 200), true},
		{"dashboard", "", req("GET", "/a", "", 200, DashboardHeader, "1"), false},
		{"dashboard asked for", "admin=1", req("GET", "/a", "", 200, DashboardHeader, "1"), true},
		{"query subset", "path=/a?x=1", req("GET", "/a", "y=2&x=1", 200), true},
		{"query missing", "path=/a?x=1", req("GET", "/a", "x=2", 200), false},
		{"query unreadable", "path=/a?x=1", req("GET", "/a", "x=%zz", 200), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := ParseFilter(c.query, true)
			require.NoError(t, err)
			assert.Equal(t, c.want, f.Match(c.r, "/admin"))
		})
	}
}

func TestParseFilterErrors(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"x=1", "limit=0", "method=", "method=GE T", "status=600", "status=1", "status=x0x", "since=",
		"path=", "path=a", "path=/a?%zz", "admin=", "a;b=1",
	} {
		t.Run(raw, func(t *testing.T) {
			_, err := ParseFilter(raw, true)
			var qe *query.Error
			require.True(t, errors.As(err, &qe), "%v", err)
			assert.NotEmpty(t, qe.Reason)
		})
	}
}
