package router_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/gorilla/mux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/router"
)

func TestPathSegment(t *testing.T) {
	tests := []struct {
		target string
		want   []string // segments 0, 1, 2, 3
	}{
		{"/", []string{"", "", "", ""}},
		{"/users", []string{"users", "", "", ""}},
		{"/users/1", []string{"users", "1", "", ""}},
		{"/users/1/posts", []string{"users", "1", "posts", ""}},
		{"/pages/a%2Fb", []string{"pages", "a%2Fb", "", ""}},
		{"/p%C3%A4ges/%E2%9C%93/x", []string{"p%C3%A4ges", "%E2%9C%93", "x", ""}},
		{"/users//1", []string{"users", "", "1", ""}},
		{"/a/b/c/d/e", []string{"a", "b", "c", "d"}},
		{"/users?id=1/2", []string{"users", "", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			r := httptest.NewRequest("GET", tt.target, nil)
			for i, want := range tt.want {
				assert.Equal(t, want, router.Segment(r.URL.EscapedPath(), i), "segment %d", i)
			}
		})
	}
}

// TestSegmentsMatchesLikeTemplates checks the patterns of the resource
// routes against the mux route templates they replace, on the paths each
// should and should not match.
func TestSegmentsMatchesLikeTemplates(t *testing.T) {
	templates := map[int]string{1: "/{resource}", 2: "/{resource}/{id}", 3: "/{resource}/{id}/{rel}"}
	paths := []string{
		"/", "", "/users", "/users/", "//users", "/users/1", "/users/1/", "/users//1", "/users/1/posts",
		"/users/1/posts/", "/users/1/posts/2", "/a%2Fb", "/a%2Fb/c%20d", "/%E5%90%8D/1/x", "/users/1%2F2/posts",
		"///", "/a/b/c/d/e",
	}
	for n, tmpl := range templates {
		router := mux.NewRouter().UseEncodedPath().SkipClean(true)
		route := router.Path(tmpl)
		segments := routeOf(t, templates)
		for _, p := range paths {
			r := httptest.NewRequest("GET", "http://example.com/", nil)
			r.URL.Path, r.URL.RawPath = p, ""
			if u, err := url.Parse("http://example.com" + p); err == nil {
				r.URL = u
			}
			want := route.Match(r, &mux.RouteMatch{})
			assert.Equal(t, want, segments(n)(r, nil), "%s against %q", tmpl, p)
		}
	}
}

// routeOf returns, for n, a matcher that reports whether a router whose one
// route is templates[n] serves a request.
func routeOf(t *testing.T, templates map[int]string) func(n int) mux.MatcherFunc {
	return func(n int) mux.MatcherFunc {
		rt := router.New(router.Config{})
		require.NoError(t, rt.Handle(templates[n], func(http.ResponseWriter, *http.Request, router.Params) {}))
		return func(r *http.Request, _ *mux.RouteMatch) bool { return rt.Serves(r) }
	}
}
