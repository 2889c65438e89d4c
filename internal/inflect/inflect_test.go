package inflect_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/inflect"
)

func TestPlural(t *testing.T) {
	t.Parallel()
	for word, want := range map[string]string{
		"post": "posts", "user": "users", "category": "categories", "key": "keys",
		"box": "boxes", "church": "churches", "address": "addresses", "status": "statuses",
		"person": "people", "child": "children", "sheep": "sheep", "knife": "knives",
		"leaf": "leaves", "analysis": "analyses", "posts": "posts", "people": "people",
		"blogPost": "blogPosts", "Company": "Companies", "": "", "hero": "heroes",
	} {
		assert.Equal(t, want, inflect.Plural(word), word)
	}
}
