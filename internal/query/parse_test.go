package query_test

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/query"
)

const uuid = "123e4567-e89b-12d3-a456-426614174000"

// parse runs query.Parse on a raw query string against resource name of testSpec.
func parse(t *testing.T, resource, raw string, opts query.Options) (*adapter.Query, error) {
	t.Helper()
	values, err := url.ParseQuery(raw)
	require.NoError(t, err, "test query %q must parse as a URL query", raw)
	spec := testSpec()
	res := spec.Resource(resource)
	require.NotNil(t, res)
	return query.Parse(values, spec, res, opts)
}

// filter builds a filter.
func filter(field, typ string, op adapter.Op, values ...any) adapter.Filter {
	return adapter.Filter{Field: field, Type: typ, Op: op, Values: values}
}

// untyped is a query value for an undeclared field.
func untyped(s string) adapter.Untyped { return adapter.NewUntyped(s) }

// folded makes f case-insensitive.
func folded(f adapter.Filter) adapter.Filter {
	f.Fold = true
	return f
}

// page1 is a query with the default page.
func page1(q adapter.Query) *adapter.Query {
	q.Page, q.PerPage = 1, 10
	return &q
}

func TestParseAccepts(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ü", 5000) // 10k bytes
	tests := []struct {
		name     string
		resource string // users when empty
		raw      string
		opts     query.Options
		want     *adapter.Query
	}{
		{name: "empty", raw: "", want: &adapter.Query{Page: 1, PerPage: 10}},
		{name: "number equality", raw: "id=3", want: page1(adapter.Query{Filters: []adapter.Filter{filter("id", "number", "eq", 3.0)}})},
		{name: "negative exponent number", raw: "score=-1.5e2", want: page1(adapter.Query{Filters: []adapter.Filter{filter("score", "number", "eq", -150.0)}})},
		{name: "negative zero reads as zero", raw: "score=-0", want: page1(adapter.Query{Filters: []adapter.Filter{filter("score", "number", "eq", 0.0)}})},
		{name: "underflow reads as zero", raw: "score=1e-400", want: page1(adapter.Query{Filters: []adapter.Filter{filter("score", "number", "eq", 0.0)}})},
		{name: "leading zeros", raw: "age=007", want: page1(adapter.Query{Filters: []adapter.Filter{filter("age", "integer", "eq", 7.0)}})},
		{name: "integer with exponent", raw: "age=1e3", want: page1(adapter.Query{Filters: []adapter.Filter{filter("age", "integer", "eq", 1000.0)}})},
		{name: "huge integral number", raw: "age=99999999999999999999", want: page1(adapter.Query{Filters: []adapter.Filter{filter("age", "integer", "eq", 1e20)}})},
		{name: "boolean true", raw: "active=true", want: page1(adapter.Query{Filters: []adapter.Filter{filter("active", "boolean", "eq", true)}})},
		{name: "boolean false", raw: "active=false", want: page1(adapter.Query{Filters: []adapter.Filter{filter("active", "boolean", "eq", false)}})},
		{name: "date kept as text", raw: "createdAt=2024-01-02", want: page1(adapter.Query{Filters: []adapter.Filter{filter("createdAt", "date", "eq", "2024-01-02")}})},
		{name: "rfc3339 date", raw: "createdAt=2024-01-02T03:04:05.123%2B02:00", want: page1(adapter.Query{Filters: []adapter.Filter{filter("createdAt", "date", "eq", "2024-01-02T03:04:05.123+02:00")}})},
		{name: "uuid", raw: "token=" + uuid, want: page1(adapter.Query{Filters: []adapter.Filter{filter("token", "uuid", "eq", uuid)}})},
		{name: "upper-case uuid", raw: "token=" + strings.ToUpper(uuid), want: page1(adapter.Query{Filters: []adapter.Filter{filter("token", "uuid", "eq", strings.ToUpper(uuid))}})},
		{name: "repeated equality is any", raw: "role=a&role=b", want: page1(adapter.Query{Filters: []adapter.Filter{filter("role", "string", "eq", "a", "b")}})},
		{name: "empty string value", raw: "role=", want: page1(adapter.Query{Filters: []adapter.Filter{filter("role", "string", "eq", "")}})},
		{name: "comma is literal in equality", raw: "role=a,b", want: page1(adapter.Query{Filters: []adapter.Filter{filter("role", "string", "eq", "a,b")}})},
		{name: "unicode field and value", raw: "名前=値", want: page1(adapter.Query{Filters: []adapter.Filter{filter("名前", "string", "eq", "値")}})},
		{name: "path-like value", raw: "email=../x", want: page1(adapter.Query{Filters: []adapter.Filter{filter("email", "string", "eq", "../x")}})},
		{name: "NUL value", raw: "email=%00", want: page1(adapter.Query{Filters: []adapter.Filter{filter("email", "string", "eq", "\x00")}})},
		{name: "10k-byte value", raw: "email=" + url.QueryEscape(long), want: page1(adapter.Query{Filters: []adapter.Filter{filter("email", "string", "eq", long)}})},
		{name: "dotted field name", raw: "a.b=x", want: page1(adapter.Query{Filters: []adapter.Filter{filter("a.b", "string", "eq", "x")}})},
		{name: "explicit eq", raw: "age[eq]=1", want: page1(adapter.Query{Filters: []adapter.Filter{filter("age", "integer", "eq", 1.0)}})},
		{name: "ne", raw: "role[ne]=admin", want: page1(adapter.Query{Filters: []adapter.Filter{filter("role", "string", "ne", "admin")}})},
		{name: "gt", raw: "age[gt]=18", want: page1(adapter.Query{Filters: []adapter.Filter{filter("age", "integer", "gt", 18.0)}})},
		{name: "gte", raw: "score[gte]=0.5", want: page1(adapter.Query{Filters: []adapter.Filter{filter("score", "number", "gte", 0.5)}})},
		{name: "lt date", raw: "createdAt[lt]=2024-01-01T00:00:00Z", want: page1(adapter.Query{Filters: []adapter.Filter{filter("createdAt", "date", "lt", "2024-01-01T00:00:00Z")}})},
		{name: "lte", raw: "email[lte]=m", want: page1(adapter.Query{Filters: []adapter.Filter{filter("email", "string", "lte", "m")}})},
		{name: "in", raw: "role[in]=a,b,c", want: page1(adapter.Query{Filters: []adapter.Filter{filter("role", "string", "in", "a", "b", "c")}})},
		{name: "in with empty string element", raw: "role[in]=a,,b", want: page1(adapter.Query{Filters: []adapter.Filter{filter("role", "string", "in", "a", "", "b")}})},
		{name: "nin typed", raw: "age[nin]=1,2", want: page1(adapter.Query{Filters: []adapter.Filter{filter("age", "integer", "nin", 1.0, 2.0)}})},
		{name: "in booleans", raw: "active[in]=true,false", want: page1(adapter.Query{Filters: []adapter.Filter{filter("active", "boolean", "in", true, false)}})},
		{name: "contains string", raw: "email[contains]=@ex", want: page1(adapter.Query{Filters: []adapter.Filter{filter("email", "string", "contains", "@ex")}})},
		{name: "startsWith", raw: "email[startsWith]=a", want: page1(adapter.Query{Filters: []adapter.Filter{filter("email", "string", "startsWith", "a")}})},
		{name: "endsWith", raw: "email[endsWith]=.org", want: page1(adapter.Query{Filters: []adapter.Filter{filter("email", "string", "endsWith", ".org")}})},
		{name: "startsWith on uuid is not checked as a uuid", raw: "token[startsWith]=123e", want: page1(adapter.Query{Filters: []adapter.Filter{filter("token", "uuid", "startsWith", "123e")}})},
		{name: "exists true", raw: "email[exists]=true", want: page1(adapter.Query{Filters: []adapter.Filter{filter("email", "string", "exists", true)}})},
		{name: "exists on object", raw: "meta[exists]=false", want: page1(adapter.Query{Filters: []adapter.Filter{filter("meta", "object", "exists", false)}})},
		{name: "array contains string", raw: "tags[contains]=go", want: page1(adapter.Query{Filters: []adapter.Filter{filter("tags", "array", "contains", "go")}})},
		{name: "array contains number", raw: "tags[contains]=3", want: page1(adapter.Query{Filters: []adapter.Filter{filter("tags", "array", "contains", 3.0)}})},
		{name: "array contains boolean", raw: "tags[contains]=true", want: page1(adapter.Query{Filters: []adapter.Filter{filter("tags", "array", "contains", true)}})},
		{name: "array contains null is text", raw: "tags[contains]=null", want: page1(adapter.Query{Filters: []adapter.Filter{filter("tags", "array", "contains", "null")}})},
		{name: "repeated operator is separate filters", raw: "role[ne]=a&role[ne]=b", want: page1(adapter.Query{Filters: []adapter.Filter{filter("role", "string", "ne", "a"), filter("role", "string", "ne", "b")}})},
		{name: "filters in name order", raw: "role=a&age[gt]=3&active=true", want: page1(adapter.Query{Filters: []adapter.Filter{
			filter("active", "boolean", "eq", true), filter("age", "integer", "gt", 3.0), filter("role", "string", "eq", "a"),
		}})},
		{name: "fold equality", raw: "i:email=A@B.C", want: page1(adapter.Query{Filters: []adapter.Filter{folded(filter("email", "string", "eq", "A@B.C"))}})},
		{name: "fold operator", raw: "i:email[startsWith]=AD", want: page1(adapter.Query{Filters: []adapter.Filter{folded(filter("email", "string", "startsWith", "AD"))}})},
		{name: "fold uuid", raw: "i:token=" + strings.ToUpper(uuid), want: page1(adapter.Query{Filters: []adapter.Filter{folded(filter("token", "uuid", "eq", strings.ToUpper(uuid)))}})},
		{name: "fold and plain are two filters", raw: "i:role=A&role=b", want: page1(adapter.Query{Filters: []adapter.Filter{folded(filter("role", "string", "eq", "A")), filter("role", "string", "eq", "b")}})},
		{name: "reserved name as field with operator", raw: "page[eq]=3", want: page1(adapter.Query{Filters: []adapter.Filter{filter("page", "integer", "eq", 3.0)}})},
		{name: "search", raw: "q=Hello+World", want: page1(adapter.Query{Search: "Hello World"})},
		{name: "empty search ignored", raw: "q=", want: page1(adapter.Query{})},
		{name: "sort ascending", raw: "sortBy=age", want: page1(adapter.Query{Sort: []adapter.SortKey{{Field: "age", Type: "integer"}}})},
		{name: "sort minus", raw: "sortBy=-createdAt", want: page1(adapter.Query{Sort: []adapter.SortKey{{Field: "createdAt", Type: "date", Desc: true}}})},
		{name: "sort suffixes", raw: "sortBy=age.desc,email.asc,id", want: page1(adapter.Query{Sort: []adapter.SortKey{
			{Field: "age", Type: "integer", Desc: true}, {Field: "email", Type: "string"}, {Field: "id", Type: "number"},
		}})},
		{name: "sort duplicate keys dropped", raw: "sortBy=age,-age,age.desc", want: page1(adapter.Query{Sort: []adapter.SortKey{{Field: "age", Type: "integer"}}})},
		{name: "sort dotted field name", raw: "sortBy=a.b", want: page1(adapter.Query{Sort: []adapter.SortKey{{Field: "a.b", Type: "string"}}})},
		{name: "sort dotted field with suffix", raw: "sortBy=a.b.desc", want: page1(adapter.Query{Sort: []adapter.SortKey{{Field: "a.b", Type: "string", Desc: true}}})},
		{name: "sort unicode field", raw: "sortBy=-名前", want: page1(adapter.Query{Sort: []adapter.SortKey{{Field: "名前", Type: "string", Desc: true}}})},
		{name: "page and perPage", raw: "page=2&perPage=20", want: &adapter.Query{Page: 2, PerPage: 20}},
		{name: "perPage at max", raw: "perPage=100", want: &adapter.Query{Page: 1, PerPage: 100}},
		{name: "perPage clamped", raw: "perPage=1000", want: &adapter.Query{Page: 1, PerPage: 100}},
		{name: "perPage clamped from max int", raw: "perPage=" + strconv.Itoa(int(^uint(0)>>1)), want: &adapter.Query{Page: 1, PerPage: 100}},
		{name: "page max int", raw: "page=" + strconv.Itoa(int(^uint(0)>>1)), want: &adapter.Query{Page: int(^uint(0) >> 1), PerPage: 10}},
		{name: "page leading zeros", raw: "page=007", want: &adapter.Query{Page: 7, PerPage: 10}},
		{name: "default page size option", raw: "", opts: query.Options{DefaultPageSize: 25}, want: &adapter.Query{Page: 1, PerPage: 25}},
		{name: "default above max is clamped", raw: "", opts: query.Options{DefaultPageSize: 500, MaxPageSize: 50}, want: &adapter.Query{Page: 1, PerPage: 50}},
		{name: "max page size option", raw: "perPage=60", opts: query.Options{MaxPageSize: 50}, want: &adapter.Query{Page: 1, PerPage: 50}},
		{name: "negative options mean defaults", raw: "perPage=200", opts: query.Options{DefaultPageSize: -1, MaxPageSize: -1}, want: &adapter.Query{Page: 1, PerPage: 100}},
		{name: "fields", raw: "fields=email,id,email", want: page1(adapter.Query{Fields: []string{"email", "id"}})},
		{name: "repeated fields merge", raw: "fields=role&fields=email,role", want: page1(adapter.Query{Fields: []string{"role", "email"}})},
		{name: "expand", raw: "expand=posts,profile,groups", want: page1(adapter.Query{Expand: []string{"posts", "profile", "groups"}})},
		{name: "expand three levels", raw: "expand=posts.comments.user", want: page1(adapter.Query{Expand: []string{"posts.comments.user"}})},
		{name: "repeated expand merges", raw: "expand=posts&expand=posts,posts.author", want: page1(adapter.Query{Expand: []string{"posts", "posts.author"}})},
		{name: "ignored parameter", raw: "errorCode=503&role=a", opts: query.Options{Ignore: []string{"errorCode"}}, want: page1(adapter.Query{Filters: []adapter.Filter{filter("role", "string", "eq", "a")}})},
		{name: "everything", raw: "userId=3&sortBy=-createdAt&page=2&perPage=20&title[contains]=go&q=x&fields=title&expand=author.posts", resource: "posts", want: &adapter.Query{
			Filters: []adapter.Filter{filter("title", "string", "contains", "go"), filter("userId", "number", "eq", 3.0)},
			Search:  "x",
			Sort:    []adapter.SortKey{{Field: "createdAt", Type: "date", Desc: true}},
			Page:    2, PerPage: 20,
			Fields: []string{"title"},
			Expand: []string{"author.posts"},
		}},
		{name: "undeclared primary key is read per record", resource: "loose", raw: "code=7", want: page1(adapter.Query{Filters: []adapter.Filter{filter("code", "", "eq", untyped("7"))}})},
		{name: "undeclared primary key with fold, sort and fields", resource: "loose", raw: "i:code=Ab&sortBy=code&fields=code", want: page1(adapter.Query{
			Filters: []adapter.Filter{folded(filter("code", "", "eq", untyped("Ab")))},
			Sort:    []adapter.SortKey{{Field: "code"}},
			Fields:  []string{"code"},
		})},
		{name: "undeclared field", raw: "nope=1", want: page1(adapter.Query{Filters: []adapter.Filter{filter("nope", "", "eq", untyped("1"))}})},
		{name: "undeclared field repeated", raw: "nope=1&nope=x", want: page1(adapter.Query{Filters: []adapter.Filter{filter("nope", "", "eq", untyped("1"), untyped("x"))}})},
		{name: "undeclared field with operator", raw: "nope[gt]=2024-01-01", want: page1(adapter.Query{Filters: []adapter.Filter{filter("nope", "", "gt", untyped("2024-01-01"))}})},
		{name: "undeclared in", raw: "nope[in]=1,true,", want: page1(adapter.Query{Filters: []adapter.Filter{filter("nope", "", "in", untyped("1"), untyped("true"), untyped(""))}})},
		{name: "undeclared contains", raw: "i:nope[contains]=3", want: page1(adapter.Query{Filters: []adapter.Filter{folded(filter("nope", "", "contains", untyped("3")))}})},
		{name: "undeclared exists", raw: "nope[exists]=false", want: page1(adapter.Query{Filters: []adapter.Filter{filter("nope", "", "exists", false)}})},
		{name: "undeclared dotted name is a top-level key", raw: "meta.x=1", want: page1(adapter.Query{Filters: []adapter.Filter{filter("meta.x", "", "eq", untyped("1"))}})},
		{name: "undeclared unicode name", raw: "ém%C3%A0il=1", want: page1(adapter.Query{Filters: []adapter.Filter{filter("émàil", "", "eq", untyped("1"))}})},
		{name: "undeclared path-like name", raw: "../x=1", want: page1(adapter.Query{Filters: []adapter.Filter{filter("../x", "", "eq", untyped("1"))}})},
		{name: "undeclared sort keys", raw: "sortBy=-nope,x.desc,y.asc,z.up,age", want: page1(adapter.Query{Sort: []adapter.SortKey{
			{Field: "nope", Desc: true}, {Field: "x", Desc: true}, {Field: "y"}, {Field: "z.up"}, {Field: "age", Type: "integer"},
		}})},
		{name: "undeclared sort key after a space", raw: "sortBy=age,+email", want: page1(adapter.Query{Sort: []adapter.SortKey{{Field: "age", Type: "integer"}, {Field: " email"}}})},
		{name: "undeclared fields", raw: "fields=id,nope,meta.x", want: page1(adapter.Query{Fields: []string{"id", "nope", "meta.x"}})},
		{name: "strict keeps declared fields", raw: "role=a&sortBy=-age&fields=id,posts", opts: query.Options{Strict: true}, want: page1(adapter.Query{
			Filters: []adapter.Filter{filter("role", "string", "eq", "a")},
			Sort:    []adapter.SortKey{{Field: "age", Type: "integer", Desc: true}},
			Fields:  []string{"id", "posts"},
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resource := tt.resource
			if resource == "" {
				resource = "users"
			}
			got, err := parse(t, resource, tt.raw, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	longName := strings.Repeat("n", 10000)
	tests := []struct {
		name   string
		raw    string
		opts   query.Options
		param  string
		reason string // a part of the reason, when it matters
	}{
		{name: "empty parameter name", raw: "=x", param: "", reason: "empty parameter name"},
		{name: "strict: unknown parameter", raw: "nope=1", opts: query.Options{Strict: true}, param: "nope", reason: `unknown field "nope"`},
		{name: "strict: suggestion", raw: "emial=1", opts: query.Options{Strict: true}, param: "emial", reason: `unknown field "emial" (did you mean "email"?)`},
		{name: "strict: suggestion for a case slip", raw: "i:Role[ne]=a", opts: query.Options{Strict: true}, param: "i:Role[ne]", reason: `(did you mean "role"?)`},
		{name: "strict: not ignored without the option", raw: "errorCode=503", opts: query.Options{Strict: true}, param: "errorCode"},
		{name: "strict: path-like name", raw: "../x=1", opts: query.Options{Strict: true}, param: "../x"},
		{name: "NUL name", raw: "%00=1", param: "\x00", reason: `invalid field name "\x00"`},
		{name: "control character in a name", raw: "a%0Ab[gt]=1", param: "a\nb[gt]", reason: "invalid field name"},
		{name: "DEL in a name", raw: "i:%7F=1", param: "i:\x7f", reason: "invalid field name"},
		{name: "invalid UTF-8 name", raw: "%C3=1", param: "\xc3", reason: "invalid field name"},
		{name: "invalid UTF-8 sort key", raw: "sortBy=%FF.desc", param: "sortBy", reason: "invalid field name"},
		{name: "strict: unicode unknown name", raw: "ém%C3%A0il=1", opts: query.Options{Strict: true}, param: "émàil"},
		{name: "strict: 10k-char name", raw: longName + "=1", opts: query.Options{Strict: true}, param: longName},
		{name: "strict: nested field is not declared", raw: "meta.x=1", opts: query.Options{Strict: true}, param: "meta.x"},
		{name: "open bracket", raw: "role[=a", param: "role[", reason: "malformed"},
		{name: "empty brackets", raw: "role[]=a", param: "role[]", reason: "malformed"},
		{name: "text after brackets", raw: "role[eq]x=a", param: "role[eq]x", reason: "malformed"},
		{name: "stray close bracket", raw: "role]=a", param: "role]", reason: "malformed"},
		{name: "nested brackets", raw: "role[eq][ne]=a", param: "role[eq][ne]", reason: "malformed"},
		{name: "no field before operator", raw: "[eq]=a", param: "[eq]", reason: "empty field name"},
		{name: "bare fold prefix", raw: "i:=a", param: "i:", reason: "empty field name"},
		{name: "unknown operator", raw: "role[like]=a", param: "role[like]", reason: `unknown operator "like"`},
		{name: "operator is case-sensitive", raw: "role[EQ]=a", param: "role[EQ]", reason: "unknown operator"},
		{name: "strict: unknown field with operator", raw: "nope[gt]=1", opts: query.Options{Strict: true}, param: "nope[gt]", reason: `unknown field "nope"`},
		{name: "operator on an undeclared field is still checked", raw: "nope[like]=1", param: "nope[like]", reason: "unknown operator"},
		{name: "exists on an undeclared field reads a boolean", raw: "nope[exists]=1", param: "nope[exists]", reason: "true or false"},
		{name: "text for number", raw: "id=abc", param: "id", reason: `cannot read "abc" as a number`},
		{name: "empty number", raw: "id=", param: "id", reason: "as a number"},
		{name: "number overflow", raw: "id=1e400", param: "id"},
		{name: "NaN", raw: "id=NaN", param: "id"},
		{name: "Inf", raw: "id=Inf", param: "id"},
		{name: "hex number", raw: "id=0x10", param: "id"},
		{name: "underscored number", raw: "id=1_000", param: "id"},
		{name: "plus sign", raw: "id=%2B1", param: "id"},
		{name: "bare fraction", raw: "id=.5", param: "id"},
		{name: "trailing dot", raw: "id=5.", param: "id"},
		{name: "exponent without digits", raw: "id=1e", param: "id"},
		{name: "exponent sign without digits", raw: "id=1e-", param: "id"},
		{name: "bare minus number", raw: "id=-", param: "id"},
		{name: "space in number", raw: "id=+1", param: "id"},
		{name: "10k-digit overflow", raw: "id=" + strings.Repeat("9", 10000) + "e9", param: "id"},
		{name: "fraction for integer", raw: "age=1.5", param: "age", reason: "as an integer"},
		{name: "boolean yes", raw: "active=yes", param: "active", reason: "as a boolean"},
		{name: "boolean upper case", raw: "active=TRUE", param: "active"},
		{name: "empty boolean", raw: "active=", param: "active"},
		{name: "bad date", raw: "createdAt=yesterday", param: "createdAt", reason: "as a date"},
		{name: "bad uuid", raw: "token=not-a-uuid", param: "token", reason: "as a uuid"},
		{name: "uuid without dashes", raw: "token=123e4567e89b12d3a456426614174000", param: "token"},
		{name: "uuid with misplaced dash", raw: "token=123e4567e-89b-12d3-a456-426614174000", param: "token"},
		{name: "uuid with non-hex", raw: "token=123e4567-e89b-12d3-a456-42661417400g", param: "token"},
		{name: "one bad value of many", raw: "id=1&id=x", param: "id"},
		{name: "equality on object", raw: "meta=x", param: "meta", reason: "object"},
		{name: "ne on object", raw: "meta[ne]=x", param: "meta[ne]"},
		{name: "equality on array", raw: "tags=x", param: "tags", reason: "tags[contains]"},
		{name: "in on array", raw: "tags[in]=a", param: "tags[in]"},
		{name: "gt on array", raw: "tags[gt]=a", param: "tags[gt]"},
		{name: "contains on number", raw: "age[contains]=1", param: "age[contains]"},
		{name: "startsWith on date", raw: "createdAt[startsWith]=2024", param: "createdAt[startsWith]"},
		{name: "endsWith on boolean", raw: "active[endsWith]=e", param: "active[endsWith]"},
		{name: "fold on integer", raw: "i:age=3", param: "i:age", reason: "i: needs a string or uuid field"},
		{name: "fold on date", raw: "i:createdAt=2024-01-01", param: "i:createdAt"},
		{name: "fold on array", raw: "i:tags[contains]=a", param: "i:tags[contains]"},
		{name: "exists not boolean", raw: "email[exists]=yes", param: "email[exists]", reason: "true or false"},
		{name: "exists empty", raw: "email[exists]=", param: "email[exists]"},
		{name: "in with empty number", raw: "age[in]=1,,2", param: "age[in]", reason: `list element ""`},
		{name: "in with text", raw: "age[in]=1,x", param: "age[in]", reason: `"x"`},
		{name: "second operator value bad", raw: "age[gt]=1&age[gt]=x", param: "age[gt]"},
		{name: "strict: unknown sort field", raw: "sortBy=nope", opts: query.Options{Strict: true}, param: "sortBy", reason: `unknown field "nope"`},
		{name: "strict: unknown sort field with a direction", raw: "sortBy=nope.desc", opts: query.Options{Strict: true}, param: "sortBy", reason: `unknown field "nope"`},
		{name: "strict: unknown sort field with a bad direction", raw: "sortBy=nope.up", opts: query.Options{Strict: true}, param: "sortBy", reason: `unknown field "nope"`},
		{name: "strict: sort suggestion", raw: "sortBy=-createdat", opts: query.Options{Strict: true}, param: "sortBy", reason: `(did you mean "createdAt"?)`},
		{name: "empty sortBy", raw: "sortBy=", param: "sortBy", reason: "empty sort key"},
		{name: "trailing comma in sort", raw: "sortBy=age,", param: "sortBy"},
		{name: "leading comma in sort", raw: "sortBy=,age", param: "sortBy"},
		{name: "unknown direction", raw: "sortBy=age.up", param: "sortBy", reason: `unknown direction "up"`},
		{name: "direction is case-sensitive", raw: "sortBy=age.ASC", param: "sortBy"},
		{name: "bare minus", raw: "sortBy=-", param: "sortBy"},
		{name: "bare suffix", raw: "sortBy=.asc", param: "sortBy"},
		{name: "strict: double minus", raw: "sortBy=--age", opts: query.Options{Strict: true}, param: "sortBy"},
		{name: "strict: space in sort key", raw: "sortBy=age,+email", opts: query.Options{Strict: true}, param: "sortBy", reason: `" email"`},
		{name: "repeated sortBy", raw: "sortBy=age&sortBy=id", param: "sortBy", reason: "more than once"},
		{name: "page zero", raw: "page=0", param: "page", reason: "positive integer"},
		{name: "page negative", raw: "page=-1", param: "page"},
		{name: "page exponent", raw: "page=1e3", param: "page"},
		{name: "page text", raw: "page=abc", param: "page"},
		{name: "page overflow", raw: "page=99999999999999999999", param: "page"},
		{name: "page space", raw: "page=+1", param: "page"},
		{name: "page plus", raw: "page=%2B1", param: "page"},
		{name: "page decimal", raw: "page=1.0", param: "page"},
		{name: "page empty", raw: "page=", param: "page"},
		{name: "page unicode digit", raw: "page=%D9%A3", param: "page"},
		{name: "page repeated", raw: "page=1&page=2", param: "page"},
		{name: "perPage zero", raw: "perPage=0", param: "perPage"},
		{name: "perPage negative", raw: "perPage=-5", param: "perPage"},
		{name: "perPage overflow is rejected not clamped", raw: "perPage=99999999999999999999", param: "perPage"},
		{name: "repeated search", raw: "q=a&q=b", param: "q"},
		{name: "strict: unknown field in fields", raw: "fields=nope", opts: query.Options{Strict: true}, param: "fields", reason: `unknown field "nope"`},
		{name: "empty fields", raw: "fields=", param: "fields", reason: "empty field name"},
		{name: "empty field in fields", raw: "fields=id,,email", param: "fields"},
		{name: "strict: nested field in fields", raw: "fields=meta.x", opts: query.Options{Strict: true}, param: "fields"},
		{name: "strict: bad repeated fields", raw: "fields=id&fields=nope", opts: query.Options{Strict: true}, param: "fields"},
		{name: "bad field name in fields", raw: "fields=id&fields=%01", param: "fields", reason: "invalid field name"},
		{name: "unknown relationship", raw: "expand=nope", param: "expand", reason: `unknown relationship "nope" of "users"`},
		{name: "empty expand", raw: "expand=", param: "expand", reason: "empty relationship name"},
		{name: "trailing dot in expand", raw: "expand=posts.", param: "expand"},
		{name: "leading dot in expand", raw: "expand=.posts", param: "expand"},
		{name: "double dot in expand", raw: "expand=posts..comments", param: "expand"},
		{name: "expand four levels", raw: "expand=posts.comments.user.posts", param: "expand", reason: "deeper than 3 levels"},
		{name: "relationship of another resource", raw: "expand=author", param: "expand"},
		{name: "unknown nested relationship", raw: "expand=posts.nope", param: "expand", reason: `unknown relationship "nope" of "posts"`},
		{name: "first bad parameter by name is reported", raw: "zzz=1&aaa=1", opts: query.Options{Strict: true}, param: "aaa"},
		{name: "first bad parameter by name, not strict", raw: "zzz[gt]=x&%01=1&aaa=1", param: "\x01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parse(t, "users", tt.raw, tt.opts)
			require.Error(t, err)
			assert.Nil(t, got)
			var qe *query.Error
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, tt.param, qe.Param)
			assert.NotEmpty(t, qe.Reason)
			assert.Contains(t, qe.Reason, tt.reason)
			assert.LessOrEqual(t, len(qe.Error()), 300, "a message never echoes a huge input whole")
		})
	}
}

func TestParseNilResource(t *testing.T) {
	t.Parallel()
	got, err := query.Parse(url.Values{"id": {"1"}}, testSpec(), nil, query.Options{})
	assert.Nil(t, got)
	assert.ErrorIs(t, err, query.ErrNilResource)
	var qe *query.Error
	assert.False(t, errors.As(err, &qe), "a nil resource is a programming error, not a bad query")
}

func TestParseHandBuiltValues(t *testing.T) {
	t.Parallel()
	spec := testSpec()
	res := spec.Resource("users")
	tests := []struct {
		name   string
		values url.Values
		want   *adapter.Query
	}{
		{name: "nil values", values: nil, want: &adapter.Query{Page: 1, PerPage: 10}},
		{name: "parameter without values is absent", values: url.Values{"nope": {}, "page": nil}, want: &adapter.Query{Page: 1, PerPage: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := query.Parse(tt.values, spec, res, query.Options{})
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseDoesNotModifyValues(t *testing.T) {
	t.Parallel()
	spec := testSpec()
	values := url.Values{"role": {"a", "b"}, "sortBy": {"-age"}, "fields": {"id", "role"}}
	before := url.Values{"role": {"a", "b"}, "sortBy": {"-age"}, "fields": {"id", "role"}}
	_, err := query.Parse(values, spec, spec.Resource("users"), query.Options{})
	require.NoError(t, err)
	assert.Equal(t, before, values)
}

func TestParseManyParameters(t *testing.T) {
	t.Parallel()
	// More parameters than the parser's on-stack name buffer holds.
	values := url.Values{}
	var want []adapter.Filter
	for i := range 40 {
		v := fmt.Sprintf("v%02d", i)
		values.Add("role", v)
		want = append(want, filter("email", "string", "ne", v))
	}
	values["email[ne]"] = values["role"]
	for i := range 30 {
		values.Set(fmt.Sprintf("x%02d", i), "1")
	}
	spec := testSpec()
	_, err := query.Parse(values, spec, spec.Resource("users"), query.Options{Strict: true})
	var qe *query.Error
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, "x00", qe.Param)

	for i := range 30 {
		values.Del(fmt.Sprintf("x%02d", i))
	}
	got, err := query.Parse(values, spec, spec.Resource("users"), query.Options{})
	require.NoError(t, err)
	require.Len(t, got.Filters, 41)
	assert.Equal(t, want, got.Filters[:40])
	assert.Len(t, got.Filters[40].Values, 40)
}

func TestParseConcurrent(t *testing.T) {
	t.Parallel()
	spec := testSpec()
	res := spec.Resource("users")
	values, err := url.ParseQuery("role=a&sortBy=-age&page=2&expand=posts.comments")
	require.NoError(t, err)
	var wg sync.WaitGroup
	results := make([]*adapter.Query, 8)
	errs := make([]error, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = query.Parse(values, spec, res, query.Options{})
		}()
	}
	wg.Wait()
	for i := range results {
		assert.NoError(t, errs[i])
		assert.Equal(t, results[0], results[i])
	}
	assert.Equal(t, []string{"posts.comments"}, results[0].Expand)
}

func TestParseResultMatches(t *testing.T) {
	t.Parallel()
	// The parsed query drives adapter matching as the contract says.
	recs := []adapter.Record{
		// nick, seen, vip and badges are undeclared: their values are read
		// by their JSON types.
		{"id": 1.0, "email": "Ann@Example.com", "role": "admin", "age": 30.0, "tags": []any{"go", 3.0}, "createdAt": "2024-01-02T00:00:00Z",
			"nick": 7.0, "seen": "2024-01-02T00:00:00.5Z", "vip": true, "badges": []any{"gold"}},
		{"id": 2.0, "email": "bob@example.org", "role": "user", "age": 17.0, "tags": []any{"rust"},
			"nick": "7", "seen": "2023-12-31T23:00:00-01:00", "vip": "no", "badges": []any{1.0}},
		{"id": 3.0, "email": "cy@example.com", "role": "editor",
			"nick": "seven", "seen": "never", "vip": "true"},
	}
	tests := []struct {
		raw  string
		want []float64
	}{
		{raw: "role=admin&role=editor", want: []float64{1, 3}},
		{raw: "age[gte]=18", want: []float64{1}},
		{raw: "i:email[startsWith]=ANN", want: []float64{1}},
		{raw: "email[startsWith]=ANN", want: nil},
		{raw: "tags[contains]=3", want: []float64{1}},
		{raw: "age[exists]=false", want: []float64{3}},
		{raw: "role[nin]=admin,user", want: []float64{3}},
		{raw: "createdAt[gt]=2024-01-01", want: []float64{1}},
		{raw: "id=2", want: []float64{2}},
		{raw: "q=EXAMPLE.ORG", want: []float64{2}},
		{raw: "nick=7", want: []float64{1, 2}},
		{raw: "nick[gt]=10", want: []float64{2, 3}}, // text against text: "7" > "10"
		{raw: "nick[lt]=8", want: []float64{1, 2}},
		{raw: "i:nick[startsWith]=SEV", want: []float64{3}},
		{raw: "seen[gt]=2024-01-01", want: []float64{1, 3}},
		{raw: "seen[lt]=2024-01-02T01:00:00%2B01:00", want: []float64{2}},
		{raw: "seen=2024-01-02", want: nil},
		{raw: "vip=true", want: []float64{1, 3}},
		{raw: "nick[exists]=false", want: nil},
		{raw: "badges[contains]=1", want: []float64{2}},
		{raw: "i:badges[contains]=GOLD", want: []float64{1}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			t.Parallel()
			q, err := parse(t, "users", tt.raw, query.Options{})
			require.NoError(t, err)
			var got []float64
			for _, r := range recs {
				if q.Match(r) {
					got = append(got, r["id"].(float64))
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseExpandWithoutSpec(t *testing.T) {
	t.Parallel()
	spec := testSpec()
	res := spec.Resource("users")
	got, err := query.Parse(url.Values{"expand": {"posts"}}, nil, res, query.Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"posts"}, got.Expand)

	_, err = query.Parse(url.Values{"expand": {"posts.comments"}}, nil, res, query.Options{})
	var qe *query.Error
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, "expand", qe.Param)
}
