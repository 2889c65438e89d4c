package main

import (
	"math"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true},
		{"17", 17, true},
		{" 8 ", 8, true},
		{"-3", -3, true},
		{"99999999999999999999", math.MaxInt, true},
		{"-99999999999999999999", math.MinInt, true},
		{"", 0, false},
		{"ten", 0, false},
		{"1.5", 0, false},
		{"٣", 0, false}, // an Arabic-Indic digit is not a decimal number here
		{"0x10", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseCount(tt.in)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseListQuery(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  listQuery
	}{
		{"nothing", "", listQuery{limit: -1}},
		{"page", "_page=3&_limit=7", listQuery{page: 3, limit: 7}},
		{"page without limit", "_page=2", listQuery{page: 2, limit: 10}},
		{"empty page", "_page=", listQuery{page: 1, limit: 10}},
		{"limit and start", "_limit=4&_start=6", listQuery{limit: 4, start: 6}},
		{"negative start", "_limit=4&_start=-6", listQuery{limit: 4}},
		{"negative limit", "_limit=-1", listQuery{limit: -1}},
		{"sort", "_sort=createdAt&_order=desc", listQuery{limit: -1, sort: []sortKey{{"createdAt", true}}}},
		{"sort, order in capitals", "_sort=a,b&_order=DESC", listQuery{limit: -1, sort: []sortKey{{"a", true}, {"b", false}}}},
		{"order without sort", "_order=desc", listQuery{limit: -1}},
		{"filter", "userId=5&userId=6", listQuery{limit: -1, filters: []filter{{"userId", []string{"5", "6"}}}}},
		{"empty key", "=5", listQuery{limit: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if !assert.NoError(t, err) {
				return
			}
			assert.Equal(t, tt.want, parseListQuery(q))
		})
	}
}

func TestWindow(t *testing.T) {
	rows := []int{1, 2, 3, 4, 5, 6, 7}
	tests := []struct {
		name string
		lq   listQuery
		want []int
	}{
		{"no limit", listQuery{limit: -1}, rows},
		{"first page", listQuery{page: 1, limit: 3}, []int{1, 2, 3}},
		{"last partial page", listQuery{page: 3, limit: 3}, []int{7}},
		{"page past the end", listQuery{page: 4, limit: 3}, []int{}},
		{"largest page", listQuery{page: math.MaxInt, limit: 1}, []int{}},
		{"largest limit", listQuery{page: 1, limit: math.MaxInt}, rows},
		{"largest page and limit", listQuery{page: math.MaxInt, limit: math.MaxInt}, []int{}},
		{"slice", listQuery{limit: 2, start: 5}, []int{6, 7}},
		{"slice from the end", listQuery{limit: 2, start: 7}, []int{}},
		{"slice with the largest start and limit", listQuery{limit: math.MaxInt, start: math.MaxInt}, []int{}},
		{"zero limit", listQuery{limit: 0}, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, window(rows, tt.lq))
		})
	}
}

func TestPageCount(t *testing.T) {
	assert.Equal(t, 1, pageCount(0, 10))
	assert.Equal(t, 1, pageCount(10, 10))
	assert.Equal(t, 2, pageCount(11, 10))
	assert.Equal(t, 100, pageCount(1000, 10))
	assert.Equal(t, 1, pageCount(5, 0))
	assert.Equal(t, 1, pageCount(math.MaxInt, math.MaxInt))
}

func TestFieldCompare(t *testing.T) {
	age := userLayout().fields["age"]
	name := userLayout().fields["username"]
	tests := []struct {
		name string
		fd   field[user]
		a, b user
		want int
	}{
		{"numbers by value, not text", age, user{Age: 2}, user{Age: 10}, -1},
		{"extreme numbers", age, user{Age: math.MaxInt64}, user{Age: math.MinInt64}, 1},
		{"equal numbers", age, user{Age: 7}, user{Age: 7}, 0},
		{"text byte-wise", name, user{Username: "b"}, user{Username: "a"}, 1},
		{"unicode text", name, user{Username: "é"}, user{Username: "é"}, 0},
		{"empty text first", name, user{Username: ""}, user{Username: "😀"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.fd.compare(&tt.a, &tt.b))
		})
	}
}

func TestPredicate(t *testing.T) {
	userID := postLayout().fields["userId"]
	title := postLayout().fields["title"]
	p := &post{UserID: 5, Title: "héllo"}
	tests := []struct {
		name   string
		fd     field[post]
		values []string
		want   bool
	}{
		{"number", userID, []string{"5"}, true},
		{"other number", userID, []string{"6"}, false},
		{"leading zero", userID, []string{"05"}, false},
		{"plus sign", userID, []string{"+5"}, false},
		{"spaces", userID, []string{" 5"}, false},
		{"any of", userID, []string{"x", "7", "5"}, true},
		{"none readable", userID, []string{"x", ""}, false},
		{"text", title, []string{"héllo"}, true},
		{"text differs in case", title, []string{"HÉLLO"}, false},
		{"text any of", title, []string{"a", "héllo"}, true},
		{"no values", title, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, predicate(tt.fd, tt.values)(p))
		})
	}
}
