package query_test

import (
	"net/url"
	"testing"

	"github.com/pretendo-go/pretendo/internal/query"
)

// benchmarkParse measures Parse on one raw query against posts.
func benchmarkParse(b *testing.B, raw string) {
	values, err := url.ParseQuery(raw)
	if err != nil {
		b.Fatal(err)
	}
	spec := testSpec()
	res := spec.Resource("posts")
	opts := query.Options{Ignore: []string{"errorCode"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := query.Parse(values, spec, res, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse measures a typical list query.
func BenchmarkParse(b *testing.B) {
	benchmarkParse(b, "userId=3&sortBy=-createdAt&page=2&perPage=20")
}

// BenchmarkParseEmpty measures a list request without a query.
func BenchmarkParseEmpty(b *testing.B) {
	benchmarkParse(b, "")
}

// BenchmarkParseRich measures a query using most of the language.
func BenchmarkParseRich(b *testing.B) {
	benchmarkParse(b, "userId[in]=1,2,3&i:title[contains]=go&createdAt[gte]=2024-01-01&q=x&sortBy=-createdAt,title&fields=id,title&expand=author,comments.user&page=3&errorCode=503")
}
