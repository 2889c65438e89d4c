package suggest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/suggest"
)

func TestDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"users", "users", 0},
		{"usres", "users", 2},
		{"user", "users", 1},
		{"kitten", "sitting", 3},
		{"é", "e", 2}, // bytes, not characters
		{strings.Repeat("a", 1000), strings.Repeat("a", 300) + "b", 0},
	}
	for _, tt := range tests {
		t.Run(tt.a+"~"+tt.b, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, suggest.Distance(tt.a, tt.b))
			assert.Equal(t, tt.want, suggest.Distance(tt.b, tt.a))
		})
	}
}

func TestFor(t *testing.T) {
	t.Parallel()
	names := []string{"users", "posts", "comments", "id"}
	tests := []struct {
		name, want string
	}{
		{"usres", ` (did you mean "users"?)`},
		{"USERS", ` (did you mean "users"?)`},
		{"post", ` (did you mean "posts"?)`},
		{"x", ""},                     // all of "id" away
		{"commentary", ""},            // three edits away
		{strings.Repeat("u", 65), ""}, // too long to look at
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, suggest.For(tt.name, names, 64))
		})
	}
	many := make([]string, suggest.MaxNames+1)
	for i := range many {
		many[i] = "users"
	}
	assert.Empty(t, suggest.For("usres", many, 64), "too many names to compare")
}
