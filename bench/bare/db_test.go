package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadDBRejects(t *testing.T) {
	tests := map[string]string{
		"empty":          ``,
		"not JSON":       `users: []`,
		"array":          `[]`,
		"wrong type":     `{"users": [{"id": "one"}]}`,
		"null user":      `{"users": [null]}`,
		"null post":      `{"users": [], "posts": [{"id": 1}, null]}`,
		"users a string": `{"users": "many"}`,
		"truncated":      `{"users": [{"id": 1}`,
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := loadDB(strings.NewReader(in))
			assert.Error(t, err)
			assert.Nil(t, res)
		})
	}
}

func TestLoadDBAccepts(t *testing.T) {
	tests := map[string]struct {
		in           string
		users, posts int
	}{
		"object without collections": {`{}`, 0, 0},
		"other collections ignored":  {`{"comments": [{"id": 1}], "users": [{"id": 2}]}`, 1, 0},
		"unknown fields ignored":     {`{"posts": [{"id": 1, "tags": ["a"], "draft": true}]}`, 0, 1},
		"unicode":                    {`{"users": [{"id": 1, "username": "zoë 😀"}]}`, 1, 0},
		"test data set":              {string(testDB(t)), 20, 100},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := loadDB(strings.NewReader(tt.in))
			require.NoError(t, err)
			require.Contains(t, res, "users")
			require.Contains(t, res, "posts")
			_, users := res["users"].list(listQuery{limit: -1})
			_, posts := res["posts"].list(listQuery{limit: -1})
			assert.Equal(t, tt.users, users)
			assert.Equal(t, tt.posts, posts)
		})
	}
}

func TestNewIDsFollowTheLargest(t *testing.T) {
	res, err := loadDB(strings.NewReader(`{"posts": [{"id": 7}, {"id": 900}, {"id": -3}]}`))
	require.NoError(t, err)
	got, err := res["posts"].create([]byte(`{"title": "next"}`))
	require.NoError(t, err)
	assert.Equal(t, &post{ID: 901, Title: "next"}, got)
}

func TestIDsExhausted(t *testing.T) {
	res, err := loadDB(bytes.NewReader([]byte(`{"users": [{"id": 9223372036854775807}]}`)))
	require.NoError(t, err)
	_, err = res["users"].create([]byte(`{}`))
	assert.ErrorIs(t, err, errIDsExhausted)
	_, total := res["users"].list(listQuery{limit: -1})
	assert.Equal(t, 1, total, "nothing was stored")
	rec, ok := res["users"].get(math.MaxInt64)
	require.True(t, ok)
	assert.Equal(t, int64(math.MaxInt64), rec.(*user).ID)
}
