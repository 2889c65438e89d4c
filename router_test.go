package pretendo

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
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
				assert.Equal(t, want, pathSegment(r, i), "segment %d", i)
			}
		})
	}
}
