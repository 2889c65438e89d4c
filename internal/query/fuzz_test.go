package query_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

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
		"nope=1&nope[gt]=2024-01-01T00:00:00Z&i:x[contains]=A&sortBy=-nope,y.up&fields=nope,posts",
		"%FF=1&a%00=2&sortBy=%7F",
	} {
		f.Add(seed)
	}
	spec := testSpec()
	const maxPerPage = 50
	f.Fuzz(func(t *testing.T, raw string) {
		values, err := url.ParseQuery(raw)
		if err != nil {
			t.Skip()
		}
		for _, run := range []struct {
			name   string
			strict bool
		}{{"users", false}, {"posts", false}, {"loose", false}, {"users", true}, {"loose", true}} {
			name := run.name
			res := spec.Resource(name)
			opts := query.Options{DefaultPageSize: 20, MaxPageSize: maxPerPage, Ignore: []string{"errorCode"}, Strict: run.strict}
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
			checkQuery(t, raw, name, q, maxPerPage, run.strict)
		}
	})
}

// checkQuery fails t unless q is a query Parse may return on resource name:
// in strict mode only on declared fields, otherwise on fields that are
// declared or have a name a stored field can have, typed "".
func checkQuery(t *testing.T, raw, name string, q *adapter.Query, maxPerPage int, strict bool) {
	t.Helper()
	res := testSpec().Resource(name)
	known := func(field string) (string, bool) {
		if f := res.Field(field); f != nil {
			return f.Type, true
		}
		if field == res.Key() {
			return "", true
		}
		valid := field != "" && utf8.ValidString(field) && !strings.ContainsFunc(field, func(r rune) bool { return r < 0x20 || r == 0x7f })
		return "", !strict && valid
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
		for _, v := range fl.Values {
			_, isUntyped := v.(adapter.Untyped)
			if fl.Type == "" && !isUntyped && fl.Op != adapter.OpExists {
				t.Fatalf("Parse(%q) on %s: value %#v of an undeclared field is not read per record", raw, name, v)
			}
		}
	}
	for _, k := range q.Sort {
		if _, ok := known(k.Field); !ok {
			t.Fatalf("Parse(%q) on %s: sort on undeclared field %q", raw, name, k.Field)
		}
	}
	for _, field := range q.Fields {
		if _, ok := known(field); !ok && res.Relationship(field) == nil {
			t.Fatalf("Parse(%q) on %s: undeclared field %q kept", raw, name, field)
		}
	}
	for _, path := range q.Expand {
		if path == "" || strings.Count(path, ".") >= query.MaxExpandDepth {
			t.Fatalf("Parse(%q) on %s: expand path %q", raw, name, path)
		}
	}
	// Matching with the parsed query must not panic either.
	rec := adapter.Record{"id": 1.0, "email": "a@b.c", "tags": []any{"x", 1.0}, "meta": map[string]any{}, "createdAt": "2024-01-01"}
	for _, fl := range q.Filters {
		if fl.Type == "" {
			// Undeclared fields hold anything.
			rec[fl.Field] = []any{"2024-01-01T00:00:00Z", 1.0, true, nil, []any{"x"}, map[string]any{}}[len(fl.Field)%6]
		}
	}
	q.Match(rec)
	adapter.SortRecords([]adapter.Record{rec, {"id": 2.0, "nope": "2024-01-01"}, {"id": 3.0, "nope": "x"}}, q.Sort)
}
