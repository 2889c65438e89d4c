package query

import (
	"errors"
	"fmt"
	"github.com/pretendo-go/pretendo/adapter"
	"strconv"
	"unicode/utf8"
)

// ErrNilResource is returned when a parser is called without a resource, a
// programming error rather than a bad request.
var ErrNilResource = errors.New("query: nil resource")

// Error reports a query parameter that cannot be read. The server answers it
// with 400 INVALID_QUERY.
type Error struct {
	// Param is the parameter's name as the request gave it ("sortBy",
	// "i:email[startsWith]").
	Param string
	// Reason says what is wrong with it.
	Reason string
}

// Error returns a message like
// `invalid query parameter "sortBy": unknown field "nope"`.
func (e *Error) Error() string {
	return "invalid query parameter " + quote(e.Param) + ": " + e.Reason
}

// fail returns an *Error for param with a formatted reason.
func fail(param, format string, args ...any) *Error {
	return &Error{Param: param, Reason: fmt.Sprintf(format, args...)}
}

// maxShown is about how many bytes of a request-supplied string a
// message shows, counted after quoting.
const maxShown = 64

// quote returns s quoted for a message, shortened to about maxShown
// bytes of quoted text, so that a huge or binary parameter is not
// echoed back whole.
func quote(s string) string {
	width := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		width += quotedWidth(r, size)
		if width > maxShown {
			return strconv.Quote(s[:i]) + "..."
		}
		i += size
	}
	return strconv.Quote(s)
}

// quotedWidth returns how many bytes strconv.Quote writes for the rune
// r that takes size bytes of the input.
func quotedWidth(r rune, size int) int {
	switch {
	case r == utf8.RuneError && size == 1:
		return 4 // \xff
	case r == '"' || r == '\\':
		return 2
	case r == '\a' || r == '\b' || r == '\f' || r == '\n' || r == '\r' || r == '\t' || r == '\v':
		return 2
	case r < ' ' || r == 0x7f:
		return 4 // \x00
	case strconv.IsPrint(r):
		return size
	case r < 0x10000:
		return 6 // \u2028
	}
	return 10 // \U000e0001
}

// Unwrap returns adapter.ErrInvalidQuery, so callers match any query error
// with errors.Is.
func (e *Error) Unwrap() error { return adapter.ErrInvalidQuery }
