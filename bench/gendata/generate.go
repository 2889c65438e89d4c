package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Limits of the generator's counts: enough for any benchmark, small enough
// that a typo cannot fill the disk (10 million posts is about 3.5 GB).
const (
	maxUsers = 1_000_000
	maxPosts = 10_000_000
)

// Errors for counts the generator refuses.
var (
	errNegativeCount = errors.New("gendata: count must not be negative")
	errTooMany       = errors.New("gendata: count too large")
	errNoUsers       = errors.New("gendata: posts need at least one user to belong to")
)

// createdAtFrom is the earliest createdAt; createdAtSpan the range, in
// seconds, after it (two years).
var createdAtFrom = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

const createdAtSpan = 2 * 365 * 24 * 60 * 60

// user is one record of the users collection, fields in output order.
type user struct {
	ID       int    `json:"id"`
	Username string `json:"username"`
	Email    string `json:"email"`
	Role     string `json:"role"`
	Age      int    `json:"age"`
}

// post is one record of the posts collection, fields in output order.
type post struct {
	ID        int    `json:"id"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	UserID    int    `json:"userId"`
	CreatedAt string `json:"createdAt"`
}

// config is what to generate.
type config struct {
	users int
	posts int
	seed  int64
}

// check reports a config the generator refuses.
func (c config) check() error {
	switch {
	case c.users < 0:
		return fmt.Errorf("-users %d: %w", c.users, errNegativeCount)
	case c.posts < 0:
		return fmt.Errorf("-posts %d: %w", c.posts, errNegativeCount)
	case c.users > maxUsers:
		return fmt.Errorf("-users %d (at most %d): %w", c.users, maxUsers, errTooMany)
	case c.posts > maxPosts:
		return fmt.Errorf("-posts %d (at most %d): %w", c.posts, maxPosts, errTooMany)
	case c.posts > 0 && c.users == 0:
		return fmt.Errorf("-posts %d with -users 0: %w", c.posts, errNoUsers)
	}
	return nil
}

// generate writes the data set of c to w in json-server form: one object
// with the arrays "users" and "posts", indented by two spaces, ending in a
// newline. The bytes depend on c alone. Records are written one at a time,
// so memory stays flat whatever the counts.
func generate(w io.Writer, c config) error {
	if err := c.check(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	r := newRNG(c.seed)
	if _, err := bw.WriteString("{\n  \"users\": "); err != nil {
		return fmt.Errorf("gendata: writing: %w", err)
	}
	err := writeArray(bw, c.users, func(i int) any { return makeUser(r, i+1) })
	if err != nil {
		return err
	}
	if _, err := bw.WriteString(",\n  \"posts\": "); err != nil {
		return fmt.Errorf("gendata: writing: %w", err)
	}
	err = writeArray(bw, c.posts, func(i int) any { return makePost(r, i+1, c.users) })
	if err != nil {
		return err
	}
	if _, err := bw.WriteString("\n}\n"); err != nil {
		return fmt.Errorf("gendata: writing: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("gendata: writing: %w", err)
	}
	return nil
}

// writeArray writes n records as the value of a top-level key, laid out
// exactly as json.MarshalIndent(v, "", "  ") lays out a nested array.
func writeArray(w *bufio.Writer, n int, record func(i int) any) error {
	if n == 0 {
		_, err := w.WriteString("[]")
		if err != nil {
			return fmt.Errorf("gendata: writing: %w", err)
		}
		return nil
	}
	if _, err := w.WriteString("["); err != nil {
		return fmt.Errorf("gendata: writing: %w", err)
	}
	for i := range n {
		b, err := json.MarshalIndent(record(i), "    ", "  ")
		if err != nil {
			return fmt.Errorf("gendata: encoding record %d: %w", i+1, err)
		}
		sep := ",\n    "
		if i == 0 {
			sep = "\n    "
		}
		if _, err := w.WriteString(sep); err != nil {
			return fmt.Errorf("gendata: writing: %w", err)
		}
		if _, err := w.Write(b); err != nil {
			return fmt.Errorf("gendata: writing: %w", err)
		}
	}
	if _, err := w.WriteString("\n  ]"); err != nil {
		return fmt.Errorf("gendata: writing: %w", err)
	}
	return nil
}

// makeUser draws user id. The id in the name keeps names and emails unique.
func makeUser(r *rng, id int) user {
	name := r.pick(adjectives) + r.pick(animals) + strconv.Itoa(id)
	return user{
		ID:       id,
		Username: name,
		Email:    name + "@" + r.pick(domains),
		Role:     weighted(r, roles, roleWeights),
		Age:      r.between(18, 79),
	}
}

// makePost draws post id, owned by one of users users (numbered from 1).
func makePost(r *rng, id, users int) post {
	title := sentence(r, 3, 8)
	var body strings.Builder
	for i, n := 0, r.between(2, 4); i < n; i++ {
		if i > 0 {
			body.WriteByte(' ')
		}
		body.WriteString(sentence(r, 6, 12))
		body.WriteByte('.')
	}
	at := createdAtFrom.Add(time.Duration(r.intn(createdAtSpan)) * time.Second)
	return post{
		ID:        id,
		Title:     title,
		Body:      body.String(),
		UserID:    r.between(1, users),
		CreatedAt: at.Format(time.RFC3339),
	}
}

// sentence returns lo to hi words of the vocabulary, the first capitalized.
func sentence(r *rng, lo, hi int) string {
	n := r.between(lo, hi)
	words := make([]string, n)
	for i := range words {
		words[i] = r.pick(vocabulary)
	}
	words[0] = strings.ToUpper(words[0][:1]) + words[0][1:]
	return strings.Join(words, " ")
}

// weighted picks one of values with the given relative weights.
func weighted(r *rng, values []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.intn(total)
	for i, w := range weights {
		if n < w {
			return values[i]
		}
		n -= w
	}
	return values[len(values)-1]
}
