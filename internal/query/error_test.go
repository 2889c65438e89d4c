package query_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/query"
)

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  *query.Error
		want string
	}{
		{name: "plain", err: &query.Error{Param: "sortBy", Reason: `unknown field "nope"`}, want: `invalid query parameter "sortBy": unknown field "nope"`},
		{name: "empty name", err: &query.Error{Reason: "empty parameter name"}, want: `invalid query parameter "": empty parameter name`},
		{name: "control characters escaped", err: &query.Error{Param: "a\x00\n", Reason: "r"}, want: `invalid query parameter "a\x00\n": r`},
		{name: "unicode kept", err: &query.Error{Param: "名前", Reason: "r"}, want: `invalid query parameter "名前": r`},
		{name: "invalid UTF-8 shortened by quoted width", err: &query.Error{Param: strings.Repeat("\xdd", 100), Reason: "r"}, want: `invalid query parameter "` + strings.Repeat(`\xdd`, 16) + `"...: r`},
		{name: "line separators shortened by quoted width", err: &query.Error{Param: strings.Repeat("\u2028", 100), Reason: "r"}, want: `invalid query parameter "` + strings.Repeat(`\u2028`, 10) + `"...: r`},
		{name: "NULs shortened by quoted width", err: &query.Error{Param: strings.Repeat("\x00", 100), Reason: "r"}, want: `invalid query parameter "` + strings.Repeat(`\x00`, 16) + `"...: r`},
		{name: "quotes shortened by quoted width", err: &query.Error{Param: strings.Repeat(`"`, 100), Reason: "r"}, want: `invalid query parameter "` + strings.Repeat(`\"`, 32) + `"...: r`},
		{name: "astral non-printables shortened by quoted width", err: &query.Error{Param: strings.Repeat("\U000e0001", 10), Reason: "r"}, want: `invalid query parameter "` + strings.Repeat(`\U000e0001`, 6) + `"...: r`},
		{name: "exactly at the limit kept whole", err: &query.Error{Param: strings.Repeat("n", 64), Reason: "r"}, want: `invalid query parameter "` + strings.Repeat("n", 64) + `": r`},
		{name: "long name shortened", err: &query.Error{Param: strings.Repeat("n", 10000), Reason: "r"}, want: `invalid query parameter "` + strings.Repeat("n", 64) + `"...: r`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}

func TestErrorShortensAtRuneBoundary(t *testing.T) {
	t.Parallel()
	values := []string{strings.Repeat("é", 100), "x" + strings.Repeat("語", 100), strings.Repeat("😀", 50)}
	for _, v := range values {
		msg := (&query.Error{Param: v, Reason: "r"}).Error()
		assert.True(t, utf8.ValidString(msg), "message %q", msg)
		assert.Less(t, len(msg), len(v))
		assert.True(t, strings.HasSuffix(msg, `"...: r`), "message %q", msg)
	}
}

func TestErrorReasonShortensValues(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 10000)
	_, err := parse(t, "users", "id="+long, query.Options{})
	var qe *query.Error
	if assert.ErrorAs(t, err, &qe) {
		assert.Equal(t, "id", qe.Param)
		assert.Equal(t, `cannot read "`+strings.Repeat("x", 64)+`"... as a number`, qe.Reason)
	}
}
