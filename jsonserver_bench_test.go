package pretendo_test

import (
	"net/http"
	"testing"

	"github.com/pretendo-go/pretendo"
)

// BenchmarkJSONServerLists measures the lists of the json-server dialect
// over 10,000 posts (a page, a filter on userId, a sort on views) beside
// the same lists in pretendo's own dialect, each through ServeHTTP.
func BenchmarkJSONServerLists(b *testing.B) {
	size := benchSize{users: 100, posts: 10000}
	cases := []struct{ name, jsonServer, pretendo string }{
		{"page", "/posts?_page=1&_limit=10", "/posts?page=1&perPage=10"},
		{"filter", "/posts?userId=5", "/posts?userId=5"},
		{"sort", "/posts?_sort=views&_limit=10", "/posts?sortBy=views&perPage=10"},
	}
	for _, dialect := range []string{"json-server", "pretendo"} {
		spec := benchSpec(size)
		if dialect == "json-server" {
			spec.Options.Dialect = dialect
		}
		srv, err := pretendo.Open(spec)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = srv.Close() })
		for _, c := range cases {
			target := c.pretendo
			if dialect == "json-server" {
				target = c.jsonServer
			}
			b.Run(dialect+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					serveBench(b, srv, http.MethodGet, target, nil, http.StatusOK)
				}
			})
		}
	}
}
