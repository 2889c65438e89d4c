package pretendo_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echoSpec has a custom route whose headers repeat a path parameter, and
// resources whose records' URLs hold what a client sent.
const echoSpec = `
resources:
  - name: things
    fields:
      - { name: id, type: string }
      - { name: name, type: string }
routes:
  - path: /echo/:v
    method: get
    headers: { X-Echo: "<{v}>", Location: "/things/{v}" }
    response: { v: "{v}" }
`

// rawHead sends a GET of target (as written on the request line) over a
// plain TCP connection and returns the header section of the answer, as
// the bytes the server wrote.
func rawHead(t *testing.T, base, target string) []byte {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
	require.NoError(t, err)
	raw, err := io.ReadAll(conn)
	require.NoError(t, err)
	head, _, found := bytes.Cut(raw, []byte("\r\n\r\n"))
	require.True(t, found, "a complete header section in %q", raw)
	return head
}

// checkHeaderBytes fails when a header section holds a control byte other
// than the CR LF that end its lines.
func checkHeaderBytes(t *testing.T, head []byte) {
	t.Helper()
	for _, line := range bytes.Split(head, []byte("\r\n")) {
		for _, c := range line {
			if c < 0x20 || c == 0x7f {
				t.Errorf("control byte %#x in header line %q", c, line)
			}
		}
	}
}

func TestNoControlBytesInHeaders(t *testing.T) {
	t.Parallel()
	_, base := serve(t, parseSpec(t, echoSpec))
	tests := []struct {
		escaped, want string
	}{
		{"a%00b", "a%00b"},
		{"a%01b", "a%01b"},
		{"a%7Fb", "a%7Fb"},
		{"a%09b", "a%09b"},
		{"a%1Fb%1B", "a%1Fb%1B"},
		{"a%0D%0ASet-Cookie:%20x=1", "a%0D%0ASet-Cookie: x=1"},
		{"%C3%A9t%C3%A9", "été"}, // text beyond ASCII is not a control byte
		{"100%25", "100%"},
	}
	for _, tt := range tests {
		t.Run(tt.escaped, func(t *testing.T) {
			t.Parallel()
			head := rawHead(t, base, "/echo/"+tt.escaped)
			checkHeaderBytes(t, head)
			resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(append(head, "\r\n\r\n"...))), nil)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, "<"+tt.want+">", resp.Header.Get("X-Echo"))
			assert.Equal(t, "/things/"+tt.want, resp.Header.Get("Location"))
			assert.Empty(t, resp.Header.Get("Set-Cookie"), "no header is injected")
		})
	}
}

func TestLocationHasNoControlBytes(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, parseSpec(t, echoSpec))
	status, h, body := do(t, http.MethodPost, base+"/things", map[string]any{"id": "a\x00b\x7f\r\n", "name": "N"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, "/things/a%00b%7F%0D%0A", h.Get("Location"))

	// A server in front may hand over a request URI that net/http itself
	// would refuse; the prefix it mounts the API under is encoded too.
	req := httptest.NewRequest(http.MethodPost, "/things", strings.NewReader(`{"id":"c","name":"N"}`))
	req.RequestURI = "/api\x01\x7f/things"
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	assert.Equal(t, "/api%01%7F/things/c", rec.Header().Get("Location"))

	req = httptest.NewRequest(http.MethodGet, "/things?perPage=1", nil)
	req.RequestURI = "/api\x00/things?perPage=1"
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	for name, values := range rec.Header() {
		for _, v := range values {
			assert.False(t, strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }), "%s: %q", name, v)
		}
	}
	assert.Contains(t, rec.Header().Get("Link"), "</api%00/things?page=1&perPage=1>")
}
