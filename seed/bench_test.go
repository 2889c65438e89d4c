package seed_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/seed"
)

const benchSpec = `
resources:
  - name: users
    fields:
      - {name: id, type: number}
      - {name: firstName, type: string}
      - {name: lastName, type: string}
      - {name: email, type: string, required: true, unique: true}
      - {name: username, type: string, unique: true}
      - {name: role, type: string, generate: {type: pickOne, options: {values: [admin, editor, user], weights: [1, 4, 15]}}}
      - {name: createdAt, type: date}
  - name: posts
    fields:
      - {name: id, type: number}
      - {name: userId, type: number, required: true, references: {resource: users, onDelete: cascade}}
      - {name: title, type: string, required: true}
      - {name: body, type: string}
      - {name: published, type: boolean}
      - {name: createdAt, type: date}
  - name: comments
    fields:
      - {name: id, type: number}
      - {name: postId, type: number, required: true, references: {resource: posts, onDelete: cascade}}
      - {name: userId, type: number, required: true, references: {resource: users}}
      - {name: body, type: string}
      - {name: createdAt, type: date}
`

// BenchmarkGenerate100k makes 100,000 related records: 10,000 users,
// 40,000 posts and 50,000 comments. The target is under 2 s per op.
func BenchmarkGenerate100k(b *testing.B) {
	s := mustSpec(b, benchSpec)
	counts := map[string]int{"users": 10_000, "posts": 40_000, "comments": 50_000}
	b.ReportAllocs()
	for b.Loop() {
		d, err := seed.Generate(s, seed.Options{Seed: 42, Counts: counts})
		require.NoError(b, err)
		require.Len(b, d["comments"], 50_000)
	}
}

// BenchmarkFakerSentence measures one of the most used value makers.
func BenchmarkFakerSentence(b *testing.B) {
	f := seed.NewFaker(1)
	b.ReportAllocs()
	for b.Loop() {
		_ = f.Sentence()
	}
}
