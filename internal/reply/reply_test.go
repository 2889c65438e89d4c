package reply_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/reply"
)

func TestHeaderText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":            "",
		"/users/1":    "/users/1",
		"a\x00b":      "a%00b",
		"x\r\nSet: 1": "x%0D%0ASet: 1",
		"\x7f%é":      "%7F%é",
	} {
		assert.Equal(t, want, reply.HeaderText(in), "%q", in)
	}
}

func TestRequestPathAndMountPrefix(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodGet, "/api/users/a%2Fb?x=1", nil)
	r.URL.Path, r.URL.RawPath = "/users/a/b", "/users/a%2Fb"
	assert.Equal(t, "/api/users/a%2Fb", reply.RequestPath(r))
	assert.Equal(t, "/api", reply.MountPrefix(r))

	direct := httptest.NewRequest(http.MethodGet, "/users", nil)
	direct.RequestURI = ""
	assert.Equal(t, "/users", reply.RequestPath(direct))
	assert.Equal(t, "", reply.MountPrefix(direct))
}

func TestSend(t *testing.T) {
	t.Parallel()
	long := []byte(`"` + strings.Repeat("x", 3000) + `"`)
	tests := []struct {
		method string
		body   []byte
		length string
		sent   string
	}{
		{http.MethodGet, []byte(`{}`), "", `{}`},
		{http.MethodHead, []byte(`{}`), "2", ""},
		{http.MethodGet, long, "3002", string(long)},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		reply.Send(rec, httptest.NewRequest(tt.method, "/", nil), http.StatusCreated, tt.body)
		assert.Equal(t, http.StatusCreated, rec.Code)
		assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
		assert.Equal(t, tt.length, rec.Header().Get("Content-Length"))
		assert.Equal(t, tt.sent, rec.Body.String())
	}
}
