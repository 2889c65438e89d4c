package dialect_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/dialect"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/schema"
)

// jsRecords are the records the json-server dialect's tests select from.
func jsRecords() []adapter.Record {
	return []adapter.Record{
		{"id": 1.0, "title": "json-server", "views": 100.0, "author": map[string]any{"name": "typicode"}, "tags": []any{"js", "rest"}},
		{"id": 2.0, "title": "Pretendo", "views": 25.0, "author": map[string]any{"name": "Ada"}, "draft": nil},
		{"id": 3.0, "title": "lowdb", "views": 9.0, "author": map[string]any{"name": "typicode"}, "tags": []any{}},
		{"id": 4.0, "title": "Compilers", "views": 250.0, "published": true},
		{"id": 5.0, "title": "10 things", "views": "25", "password": "secret"},
	}
}

func ids(recs []adapter.Record) []any {
	out := make([]any, len(recs))
	for i, r := range recs {
		out[i] = r["id"]
	}
	return out
}

// TestJSONServerSelect checks filters, search, sort and slices: each
// expectation is json-server 0.17.4's answer over the same records.
func TestJSONServerSelect(t *testing.T) {
	t.Parallel()
	d := dialect.NewJSONServer(testSpec(true), nil)
	res := testSpec(true).Resource("posts")
	for _, c := range []struct {
		raw   string
		want  []any
		total int
	}{
		{"", []any{1.0, 2.0, 3.0, 4.0, 5.0}, 5},
		{"views=25", []any{2.0, 5.0}, 2},                    // 25 and "25" both read "25"
		{"views=25&views=9", []any{2.0, 3.0, 5.0}, 3},       // repeated: or
		{"author.name=typicode", []any{1.0, 3.0}, 2},        // nested
		{"nothere=1", []any{1.0, 2.0, 3.0, 4.0, 5.0}, 5},    // no record has it: ignored
		{"published=true", []any{4.0}, 1},                   // String(true)
		{"draft=null", nil, 0},                              // null never matches
		{"views_gte=25", []any{1.0, 2.0, 4.0, 5.0}, 4},      // "25" <= "25" as strings
		{"views_lte=25", []any{2.0, 3.0, 5.0}, 3},           // and 9 <= 25 as numbers
		{"views_gte=abc", nil, 0},                           // NaN never compares
		{"views_ne=25", []any{1.0, 3.0, 4.0}, 3},            // missing fields never match
		{"views_ne=25&views_ne=100", []any{3.0, 4.0}, 2},    // all of them
		{"title_like=^[a-z]", []any{1.0, 2.0, 3.0, 4.0}, 4}, // case-insensitive
		{"tags_like=rest", []any{1.0}, 1},                   // String(array)
		{"q=TYPI", []any{1.0, 3.0}, 2},                      // nested values
		{"q=25", []any{2.0, 4.0, 5.0}, 3},                   // numbers and strings: 250 too
		{"q=true", []any{4.0}, 1},                           // booleans
		{"_sort=views", []any{3.0, 2.0, 5.0, 1.0, 4.0}, 5},  // mixed number and "25": JavaScript's <
		{"_sort=views&_order=desc", []any{4.0, 1.0, 2.0, 5.0, 3.0}, 5},
		{"_sort=published,id&_order=desc,desc", []any{5.0, 3.0, 2.0, 1.0, 4.0}, 5}, // missing first in desc
		{"_sort=author.name", []any{2.0, 1.0, 3.0, 4.0, 5.0}, 5},                   // nested, missing last
		{"_page=2&_limit=2", []any{3.0, 4.0}, 5},
		{"_page=9&_limit=2", []any{}, 5},
		{"_page=x&_limit=x", []any{1.0, 2.0, 3.0, 4.0, 5.0}, 5}, // page 1 of 10
		{"_start=1&_end=3", []any{2.0, 3.0}, 5},
		{"_start=-2&_end=99", []any{4.0, 5.0}, 5},
		{"_start=3&_limit=10", []any{4.0, 5.0}, 5},
		{"_limit=-1", []any{1.0, 2.0, 3.0, 4.0}, 5}, // slice(0, -1)
		{"_end=x", []any{}, 5},
		{"_start=4", []any{1.0, 2.0, 3.0, 4.0, 5.0}, 5}, // _start alone: no slice
		{"_page=99999999999999999999999&_limit=99999999999999999999", []any{}, 5},
	} {
		t.Run(c.raw, func(t *testing.T) {
			t.Parallel()
			q, values, err := d.ParseList(c.raw, res)
			require.NoError(t, err)
			assert.Zero(t, q.PerPage, "the store answers every record")
			page, total := d.Select(values, res, jsRecords())
			if c.want == nil {
				c.want = []any{}
			}
			assert.Equal(t, c.want, ids(page))
			assert.Equal(t, c.total, total)
		})
	}
}

// TestJSONServerParseErrors checks the 400s of the dialect.
func TestJSONServerParseErrors(t *testing.T) {
	t.Parallel()
	hidden := func(r *schema.Resource) string { return "password" }
	d := dialect.NewJSONServer(testSpec(true), hidden)
	res := testSpec(true).Resource("posts")
	for raw, param := range map[string]string{
		"title_like=%5B":      "title_like",
		"title_like=(?=a)":    "title_like",
		"a=%zz":               "a",
		"password=secret":     "password",
		"password_like=s":     "password_like",
		"_sort=id,password.x": "_sort",
	} {
		_, _, err := d.ParseList(raw, res)
		var qe *query.Error
		require.True(t, errors.As(err, &qe), "%s: %v", raw, err)
		assert.Equal(t, param, qe.Param, raw)
	}
	// q never looks at the hidden field.
	_, values, err := d.ParseList("q=secret", res)
	require.NoError(t, err)
	page, _ := d.Select(values, res, jsRecords())
	assert.Empty(t, page)
}

// TestJSONServerWriteList checks the headers of a page.
func TestJSONServerWriteList(t *testing.T) {
	t.Parallel()
	d := dialect.NewJSONServer(testSpec(true), nil)
	res := testSpec(true).Resource("posts")
	for _, c := range []struct{ raw, total, link, expose string }{
		{"", "", "", ""},
		{"_limit=2", "5", "", "X-Total-Count"},
		{"_page=2&_limit=2", "5", `<http://example.com/posts?_page=1&_limit=2>; rel="first", <http://example.com/posts?_page=1&_limit=2>; rel="prev", <http://example.com/posts?_page=3&_limit=2>; rel="next", <http://example.com/posts?_page=3&_limit=2>; rel="last"`, "X-Total-Count, Link"},
		{"_page=1", "5", "", "X-Total-Count, Link"},
	} {
		_, values, err := d.ParseList(c.raw, res)
		require.NoError(t, err)
		page, total := d.Select(values, res, jsRecords())
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/posts?"+c.raw, nil)
		require.NoError(t, d.WriteList(w, r, dialect.Page{Values: values, Total: total, Records: page}))
		assert.Equal(t, http.StatusOK, w.Code)
		assert.Equal(t, c.total, w.Header().Get("X-Total-Count"), c.raw)
		assert.Equal(t, c.link, w.Header().Get("Link"), c.raw)
		assert.Equal(t, c.expose, w.Header().Get("Access-Control-Expose-Headers"), c.raw)
		assert.Regexp(t, `^W/"[0-9a-f]+-`, w.Header().Get("ETag"))
	}
}

// FuzzJSONServerQuery reads any query string as a json-server list query
// and selects with it: an error is a *query.Error, and a selection never
// panics, never answers more than matched, and only records it was given.
func FuzzJSONServerQuery(f *testing.F) {
	for _, seed := range []string{
		"views_gte=25&_sort=views,title&_order=desc", "title_like=^re&_page=2&_limit=2",
		"author.name=Ada&q=go", "_start=-2&_end=99999999999999999999", "tags[0]=js", "_embed=posts&_expand=user",
		"a.b.c.d_ne=1&_limit=-1", "title_like=%5B", "_page=0&_limit=0",
	} {
		f.Add(seed)
	}
	d := dialect.NewJSONServer(testSpec(true), func(*schema.Resource) string { return "password" })
	res := testSpec(true).Resource("users")
	f.Fuzz(func(t *testing.T, raw string) {
		_, values, err := d.ParseList(raw, res)
		if err != nil {
			var qe *query.Error
			if !errors.As(err, &qe) {
				t.Fatalf("ParseList(%q) = %v, want a *query.Error", raw, err)
			}
			return
		}
		recs := jsRecords()
		page, total := d.Select(values, res, recs)
		if total > len(recs) || len(page) > total {
			t.Fatalf("Select(%q): %d records of %d matches of %d", raw, len(page), total, len(recs))
		}
		given := map[string]bool{}
		for _, r := range recs {
			given[strconv.FormatFloat(r["id"].(float64), 'g', -1, 64)] = true
		}
		for _, r := range page {
			if !given[strconv.FormatFloat(r["id"].(float64), 'g', -1, 64)] {
				t.Fatalf("Select(%q) answered a record it was not given: %v", raw, r)
			}
		}
		w := httptest.NewRecorder()
		if err := d.WriteList(w, httptest.NewRequest(http.MethodGet, "/users", nil), dialect.Page{Values: values, Total: total, Records: page}); err != nil {
			t.Fatalf("WriteList(%q): %v", raw, err)
		}
	})
}
