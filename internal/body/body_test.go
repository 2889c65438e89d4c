package body_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/body"
	"github.com/pretendo-go/pretendo/internal/httperr"
)

// timeoutBody fails as a read cut off by the server's read timeout does.
type timeoutBody struct{}

func (timeoutBody) Read([]byte) (int, error) { return 0, os.ErrDeadlineExceeded }
func (timeoutBody) Close() error             { return nil }

func TestRead(t *testing.T) {
	t.Parallel()
	br := body.Reader{MaxBytes: 32, MaxDepth: 3}
	tests := []struct {
		name    string
		body    string
		chunked bool
		reader  io.ReadCloser
		status  int
		code    string
	}{
		{name: "object", body: `{"a":1}`},
		{name: "too large", body: `{"a":"` + strings.Repeat("x", 40) + `"}`, status: 413, code: httperr.CodeBodyTooLarge},
		{name: "too large chunked", body: `{"a":"` + strings.Repeat("x", 40) + `"}`, chunked: true, status: 413, code: httperr.CodeBodyTooLarge},
		{name: "empty", body: ``, status: 400, code: httperr.CodeInvalidJSON},
		{name: "array", body: `[1]`, status: 400, code: httperr.CodeInvalidJSON},
		{name: "trailing", body: `{} {}`, status: 400, code: httperr.CodeInvalidJSON},
		{name: "broken", body: `{"a":`, status: 400, code: httperr.CodeInvalidJSON},
		{name: "too deep", body: `{"a":{"b":{"c":{}}}}`, status: 422, code: httperr.CodeValidationFailed},
		{name: "timeout", reader: timeoutBody{}, chunked: true, status: 408, code: httperr.CodeRequestTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodPost, "/users", strings.NewReader(tt.body))
			if tt.reader != nil {
				r.Body = tt.reader
			}
			if tt.chunked {
				r.ContentLength = -1
			}
			rec, err := br.Read(httptest.NewRecorder(), r, map[string]string{"a": "a"})
			if tt.status == 0 {
				require.NoError(t, err)
				assert.Equal(t, 1.0, rec["a"])
				return
			}
			var he *httperr.Error
			require.True(t, errors.As(err, &he), "%v", err)
			assert.Equal(t, tt.status, he.Status)
			assert.Equal(t, tt.code, he.Code)
			if tt.code == httperr.CodeValidationFailed {
				require.Len(t, he.Details, 1)
				assert.True(t, strings.HasPrefix(he.Details[0].Field, "a"), he.Details[0].Field)
			}
		})
	}
}

func TestDefaultLimit(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`))
	r.ContentLength = body.DefaultMaxBytes + 1
	_, err := body.Reader{}.Read(httptest.NewRecorder(), r, nil)
	var he *httperr.Error
	require.ErrorAs(t, err, &he)
	assert.Equal(t, http.StatusRequestEntityTooLarge, he.Status)
}
