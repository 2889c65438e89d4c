package query_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/query"
)

// FuzzParse checks that any URL query either parses into a valid Query or
// fails with an *Error, and never panics.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"",
		"userId=3&sortBy=-createdAt&page=2&perPage=20",
		"role=a&role=b&i:email[startsWith]=AD",
		"age[in]=1,2,3&tags[contains]=go&meta[exists]=true",
		"sortBy=age.desc,email.asc&fields=id,email&expand=posts.comments.user",
		"page=99999999999999999999&perPage=1e3",
		"role[=x&[eq]=1&i:=2&=3",
		"q=%00&名前=値&createdAt[gt]=2024-01-01T00:00:00Z",
		"token=123e4567-e89b-12d3-a456-426614174000&score=-1.5e-300",
	} {
		f.Add(seed)
	}
	spec := testSpec()
	const maxPerPage = 50
	opts := query.Options{DefaultPageSize: 20, MaxPageSize: maxPerPage, Ignore: []string{"errorCode"}}
	f.Fuzz(func(t *testing.T, raw string) {
		values, err := url.ParseQuery(raw)
		if err != nil {
			t.Skip()
		}
		for _, name := range []string{"users", "posts", "loose"} {
			res := spec.Resource(name)
			q, err := query.Parse(values, spec, res, opts)
			if err != nil {
				var qe *query.Error
				if !errors.As(err, &qe) {
					t.Fatalf("Parse(%q) on %s: error %v is not an *Error", raw, name, err)
				}
				if q != nil {
					t.Fatalf("Parse(%q) on %s: both a query and an error", raw, name)
				}
				if qe.Reason == "" || len(qe.Error()) > 400 {
					t.Fatalf("Parse(%q) on %s: bad message %q", raw, name, qe.Error())
				}
				continue
			}
			checkQuery(t, raw, name, q, maxPerPage)
		}
	})
}

// checkQuery fails t unless q is a query Parse may return on resource name.
func checkQuery(t *testing.T, raw, name string, q *adapter.Query, maxPerPage int) {
	t.Helper()
	res := testSpec().Resource(name)
	known := func(field string) (string, bool) {
		if f := res.Field(field); f != nil {
			return f.Type, true
		}
		return "", field == res.Key()
	}
	if q == nil {
		t.Fatalf("Parse(%q) on %s: nil query without an error", raw, name)
	}
	if q.PerPage < 1 || q.PerPage > maxPerPage || q.Page < 1 {
		t.Fatalf("Parse(%q) on %s: page %d perPage %d", raw, name, q.Page, q.PerPage)
	}
	for _, fl := range q.Filters {
		typ, ok := known(fl.Field)
		if !ok || typ != fl.Type {
			t.Fatalf("Parse(%q) on %s: filter on undeclared field %q (type %q)", raw, name, fl.Field, fl.Type)
		}
		if len(fl.Values) == 0 {
			t.Fatalf("Parse(%q) on %s: filter %+v without values", raw, name, fl)
		}
	}
	for _, k := range q.Sort {
		if _, ok := known(k.Field); !ok {
			t.Fatalf("Parse(%q) on %s: sort on undeclared field %q", raw, name, k.Field)
		}
	}
	for _, field := range q.Fields {
		if _, ok := known(field); !ok {
			t.Fatalf("Parse(%q) on %s: undeclared field %q kept", raw, name, field)
		}
	}
	for _, path := range q.Expand {
		if path == "" || strings.Count(path, ".") >= query.MaxExpandDepth {
			t.Fatalf("Parse(%q) on %s: expand path %q", raw, name, path)
		}
	}
	// Matching with the parsed query must not panic either.
	q.Match(adapter.Record{"id": 1.0, "email": "a@b.c", "tags": []any{"x", 1.0}, "meta": map[string]any{}, "createdAt": "2024-01-01"})
}
