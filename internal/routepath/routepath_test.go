package routepath_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/routepath"
)

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ path, want string }{
		{"", "path is required"},
		{"files", `must start with "/"`},
		{"/a//b", "empty segment"},
		{"/a/:", "invalid parameter name"},
		{"/a/{1x}", "invalid parameter name"},
		{"/a/{*}", "invalid parameter name"},
		{"/a/*1", "invalid parameter name"},
		{"/a/**", "invalid parameter name"},
		{"/a/:id/:id", `repeats parameter "id"`},
		{"/a/:id/{*id}", `repeats parameter "id"`},
		{"/{*rest}/edit", "must be the last segment"},
		{"/a/x{id}", "brace inside segment"},
		{"/a/%zz", "bad escape"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			_, err := routepath.Parse(tt.path)
			require.ErrorIs(t, err, routepath.ErrPath)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		pattern string
		path    string // escaped, as a request carries it
		vars    map[string]string
	}{
		{"/", "/", map[string]string{}},
		{"/health", "/health", map[string]string{}},
		{"/users/:id", "/users/42", map[string]string{"id": "42"}},
		{"/users/{id}/avatar", "/users/a%20b/avatar", map[string]string{"id": "a b"}},
		{"/files/{*filePath}", "/files/path/to/file.txt", map[string]string{"filePath": "path/to/file.txt"}},
		{"/files/*filePath", "/files/a", map[string]string{"filePath": "a"}},
		{"/files/{*p}", "/files/a%2Fb/c%20d", map[string]string{"p": "a/b/c d"}},
		{"/{*all}", "/x/y", map[string]string{"all": "x/y"}},
		{"/files/*", "/files/*", map[string]string{}},
		{"/files/*", "/files/%2A", map[string]string{}},
		{"/h%C3%A9llo", "/h%C3%A9llo", map[string]string{}},
		{"/h%C3%A9llo", "/h%c3%a9llo", map[string]string{}},
	} {
		t.Run(tt.pattern+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			rp, err := routepath.Parse(tt.pattern)
			require.NoError(t, err)
			require.True(t, rp.Match(tt.path))
			assert.Equal(t, tt.vars, rp.Vars(tt.path))
		})
	}
}

func TestNoMatch(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ pattern, path string }{
		{"/", "/x"},
		{"/health", "/health/"},
		{"/users/:id", "/users"},
		{"/users/:id", "/users/"},
		{"/users/:id", "/users/1/2"},
		{"/files/{*p}", "/files"},
		{"/files/{*p}", "/files/"},
		{"/files/{*p}", "/other/a"},
		{"/files/*", "/files/readme"},
		{"/files/:name/{*p}", "/files/x"},
		{"/a", ""},
		{"/a", "a"},
	} {
		t.Run(tt.pattern+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			rp, err := routepath.Parse(tt.pattern)
			require.NoError(t, err)
			assert.False(t, rp.Match(tt.path))
		})
	}
}

func TestShape(t *testing.T) {
	t.Parallel()
	shape := func(p string) string {
		rp, err := routepath.Parse(p)
		require.NoError(t, err)
		return rp.Shape()
	}
	assert.Equal(t, shape("/users/:id"), shape("/users/{key}"))
	assert.Equal(t, shape("/files/{*a}"), shape("/files/*b"))
	assert.NotEqual(t, shape("/files/*"), shape("/files/{*a}"), "a literal * is not a wildcard")
	assert.NotEqual(t, shape("/files/:a"), shape("/files/{*a}"))
	assert.NotEqual(t, shape("/a/%00"), shape("/a/:x"), "an escaped NUL literal is not a parameter")
	assert.Equal(t, "/", shape("/"))
}

func TestCompare(t *testing.T) {
	t.Parallel()
	paths := []string{"/files/{*p}", "/files/:name", "/{*all}", "/files/docs/{*p}", "/files/me", "/:r/me"}
	var ps []routepath.Pattern
	for _, p := range paths {
		rp, err := routepath.Parse(p)
		require.NoError(t, err)
		ps = append(ps, rp)
	}
	idx := make([]int, len(ps))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return routepath.Compare(ps[a], ps[b]) })
	got := make([]string, len(idx))
	for i, j := range idx {
		got[i] = paths[j]
	}
	assert.Equal(t, []string{"/files/me", "/files/:name", "/:r/me", "/files/docs/{*p}", "/files/{*p}", "/{*all}"}, got)
}

// FuzzRoutePath parses arbitrary patterns and matches arbitrary paths: no
// panic, and a match's variables rebuild a path the pattern matches.
func FuzzRoutePath(f *testing.F) {
	for _, s := range [][2]string{
		{"/files/{*filePath}", "/files/a/b"},
		{"/users/:id/avatar", "/users/%2F/avatar"},
		{"/files/*", "/files/*"},
		{"/*rest", "/a//b"},
		{"/h%C3%A9llo/{x}", "/h%c3%a9llo/%00"},
		{"/{*}", "/"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, path string) {
		rp, err := routepath.Parse(pattern)
		if err != nil {
			require.ErrorIs(t, err, routepath.ErrPath)
			return
		}
		_ = rp.Shape()
		if !rp.Match(path) {
			return
		}
		vars := rp.Vars(path)
		assert.Len(t, vars, rp.Params())
		// Rebuild the path from the pattern and the variables: it matches.
		var b strings.Builder
		for _, seg := range strings.Split(pattern, "/")[1:] {
			b.WriteByte('/')
			switch {
			case strings.HasPrefix(seg, "{*"):
				b.WriteString(escapeRest(vars[seg[2:len(seg)-1]]))
			case len(seg) > 1 && seg[0] == '*':
				b.WriteString(escapeRest(vars[seg[1:]]))
			case strings.HasPrefix(seg, ":"):
				b.WriteString(url.PathEscape(vars[seg[1:]]))
			case strings.HasPrefix(seg, "{"):
				b.WriteString(url.PathEscape(vars[seg[1:len(seg)-1]]))
			default:
				b.WriteString(seg)
			}
		}
		if pattern == "/" {
			b.WriteByte('/')
		}
		rebuilt := b.String()
		if strings.Contains(rebuilt, "//") || strings.HasSuffix(rebuilt, "/") && pattern != "/" {
			return // an empty segment in a wildcard's value cannot be rebuilt segment by segment
		}
		assert.True(t, rp.Match(rebuilt), "pattern %q, path %q, rebuilt %q", pattern, path, rebuilt)
	})
}

// escapeRest escapes each segment of a wildcard's value.
func escapeRest(v string) string {
	segs := strings.Split(v, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
