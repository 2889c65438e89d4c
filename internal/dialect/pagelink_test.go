package dialect

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPageLinkMatchesEncode checks that pageLink writes what setting page
// and calling url.Values.Encode writes, for parameters sorting before and
// after page, repeated, escaped, empty, and a page already present.
func TestPageLinkMatchesEncode(t *testing.T) {
	cases := []url.Values{
		{},
		{"page": {"7"}},
		{"a": {"1"}},
		{"z": {"1"}},
		{"perPage": {"10"}, "userId": {"5"}, "sortBy": {"-createdAt"}},
		{"name": {"a", "b&c"}, "pag": {""}, "pagf": {"x y"}, "page": {"1", "2"}, "pagea": {"é"}, "": {"empty key"}},
		{"q[a]": {"1"}, "Page": {"2"}, "page_": {"3"}, "p%": {"%"}},
	}
	for i, values := range cases {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			link := pageLink("/api/users", values)
			for _, page := range []int{1, 2, 10, 12345} {
				want := url.Values{}
				for k, v := range values {
					want[k] = append([]string(nil), v...)
				}
				want.Set("page", strconv.Itoa(page))
				assert.Equal(t, "/api/users?"+want.Encode(), link(page))
			}
		})
	}
}

// FuzzPageLink checks pageLink against url.Values.Encode on any query.
func FuzzPageLink(f *testing.F) {
	f.Add("a=1&page=2&z=3", 4)
	f.Add("perPage=10&userId=5&sortBy=-createdAt", 1)
	f.Fuzz(func(t *testing.T, raw string, page int) {
		values, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		want := url.Values{}
		for k, v := range values {
			want[k] = append([]string(nil), v...)
		}
		link := pageLink("/p", values)
		want.Set("page", strconv.Itoa(page))
		if got := link(page); got != "/p?"+want.Encode() {
			t.Fatalf("pageLink %q, Encode %q", got, "/p?"+want.Encode())
		}
	})
}
