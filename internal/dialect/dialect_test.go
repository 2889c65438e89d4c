package dialect_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/dialect"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/schema"
)

func testSpec(partial bool) *schema.Spec {
	sp := &schema.Spec{Resources: []schema.Resource{
		{Name: "users", Fields: []schema.Field{{Name: "id", Type: "number"}, {Name: "name", Type: "string"}},
			Relationships: []schema.Relationship{{Type: "hasMany", Resource: "posts", ForeignKey: "userId"}}},
		{Name: "posts", Fields: []schema.Field{{Name: "id", Type: "number"}, {Name: "userId", Type: "number"}}},
	}}
	if !partial {
		off := false
		sp.Options.AllowPartialResponses = &off
	}
	return sp
}

func TestParse(t *testing.T) {
	t.Parallel()
	d := dialect.NewPretendo(testSpec(true), query.Options{Ignore: []string{"errorCode"}})
	off := dialect.NewPretendo(testSpec(false), query.Options{})
	res := testSpec(true).Resource("users")
	tests := []struct {
		name    string
		d       *dialect.Pretendo
		one     bool
		raw     string
		param   string // of the error, "" for none
		fields  []string
		expand  []string
		filters int
	}{
		{name: "list", d: d, raw: "name=ada&fields=id,name&expand=posts", fields: []string{"id", "name"}, expand: []string{"posts"}, filters: 1},
		{name: "list trigger ignored", d: d, raw: "errorCode=500"},
		{name: "list bad escape", d: d, raw: "name=%zz", param: "name"},
		{name: "list semicolon", d: d, raw: "a=1;b=2", param: "a"},
		{name: "list fields off", d: off, raw: "fields=id", param: "fields"},
		{name: "one", d: d, one: true, raw: "fields=name&expand=posts&errorCode=503", fields: []string{"name"}, expand: []string{"posts"}},
		{name: "one empty", d: d, one: true, raw: ""},
		{name: "one filter refused", d: d, one: true, raw: "name=ada", param: "name"},
		{name: "one unknown expand", d: d, one: true, raw: "expand=nope", param: "expand"},
		{name: "one fields off", d: off, one: true, raw: "fields=id", param: "fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q := &adapter.Query{}
			var err error
			if tt.one {
				err = tt.d.ParseOne(tt.raw, res, q)
			} else {
				q, _, err = tt.d.ParseList(tt.raw, res)
			}
			if tt.param != "" {
				var qe *query.Error
				require.ErrorAs(t, err, &qe)
				assert.Equal(t, tt.param, qe.Param)
				assert.ErrorIs(t, err, adapter.ErrInvalidQuery)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.fields, q.Fields)
			assert.Equal(t, tt.expand, q.Expand)
			assert.Len(t, q.Filters, tt.filters)
		})
	}
}

// FuzzValues checks Values against url.ParseQuery: the same values when
// that succeeds, a *query.Error (naming the parameter, "" for a pair
// without a name) when it fails.
func FuzzValues(f *testing.F) {
	f.Add("a=1&b=2")
	f.Add("a=%zz&b=1")
	f.Add("x;y=1")
	f.Add("%ZZ=1")
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := dialect.Values(raw)
		want, werr := url.ParseQuery(raw)
		if werr == nil {
			if err != nil {
				t.Fatalf("Values(%q): %v, url.ParseQuery accepts it", raw, err)
			}
			assert.Equal(t, want, got)
			return
		}
		var qe *query.Error
		if !errors.As(err, &qe) {
			t.Fatalf("Values(%q) = %v, want a *query.Error", raw, err)
		}
	})
}

func TestWriteList(t *testing.T) {
	t.Parallel()
	d := dialect.NewPretendo(testSpec(true), query.Options{})
	r := httptest.NewRequest(http.MethodGet, "/api/users?name=a&page=2&perPage=1", nil)
	r.URL.Path, r.URL.RawPath = "/users", ""
	w := httptest.NewRecorder()
	values := url.Values{"name": {"a"}, "page": {"2"}, "perPage": {"1"}}
	err := d.WriteList(w, r, dialect.Page{Query: &adapter.Query{Page: 2, PerPage: 1}, Values: values, Total: 3,
		Texts: [][]byte{[]byte(`{"id":2}`)}})
	require.NoError(t, err)
	assert.Equal(t, "3", w.Header().Get("X-Total-Count"))
	assert.Equal(t, `</api/users?name=a&page=1&perPage=1>; rel="first", </api/users?name=a&page=3&perPage=1>; rel="last", `+
		`</api/users?name=a&page=1&perPage=1>; rel="prev", </api/users?name=a&page=3&perPage=1>; rel="next"`, w.Header().Get("Link"))
	assert.JSONEq(t, `{"data":[{"id":2}],"meta":{"pagination":{"currentPage":2,"perPage":1,"totalPages":3,"totalItems":3,
		"links":{"first":"/api/users?name=a&page=1&perPage=1","last":"/api/users?name=a&page=3&perPage=1",
		"prev":"/api/users?name=a&page=1&perPage=1","next":"/api/users?name=a&page=3&perPage=1"}}}}`, w.Body.String())
}

func TestWriteError(t *testing.T) {
	t.Parallel()
	d := dialect.NewPretendo(testSpec(true), query.Options{})
	w := httptest.NewRecorder()
	w.Header().Set("Location", "/users/1")
	d.WriteError(w, httptest.NewRequest(http.MethodPost, "/users", nil), dialect.Problem{Status: 422, Code: "VALIDATION_FAILED", Message: "<bad>",
		Details: []constraints.Violation{{Field: "name", Code: "required", Message: "name is required"}}})
	assert.Equal(t, 422, w.Code)
	assert.Empty(t, w.Header().Get("Location"))
	assert.Equal(t, `{"status":422,"message":"\u003cbad\u003e","code":"VALIDATION_FAILED","details":[{"field":"name","code":"required","message":"name is required"}]}`, w.Body.String())
	assert.Equal(t, strconv.Itoa(w.Body.Len()), w.Header().Get("Content-Length"))
}

func TestWriteData(t *testing.T) {
	t.Parallel()
	d := dialect.NewPretendo(testSpec(true), query.Options{})
	w := httptest.NewRecorder()
	require.NoError(t, d.WriteData(w, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusCreated, adapter.Record{"b": 1.0, "a": "x"}))
	assert.Equal(t, http.StatusCreated, w.Code)
	assert.Equal(t, `{"data":{"a":"x","b":1}}`, w.Body.String())
	w = httptest.NewRecorder()
	require.NoError(t, d.WriteData(w, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusOK, nil))
	assert.Equal(t, `{"data":null}`, w.Body.String())
	w = httptest.NewRecorder()
	assert.Error(t, d.WriteData(w, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusOK, make(chan int)))
	assert.Empty(t, w.Body.String(), "nothing written")
}
