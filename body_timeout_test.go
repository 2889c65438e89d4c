package pretendo_test

import (
	"io"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// A body that its http.Server's read timeout cuts off is a 408, not a
// body the client got wrong.
func TestBodyCutOffByReadTimeout(t *testing.T) {
	t.Parallel()
	srv, err := pretendo.Open(blogSpec(t))
	require.NoError(t, err)
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ReadTimeout = 300 * time.Millisecond
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"name\":")
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	answer, err := io.ReadAll(conn)
	require.NoError(t, err, "the server closes the connection after its answer")
	assert.Contains(t, string(answer), "HTTP/1.1 408 ")
	assert.Contains(t, string(answer), `"code":"REQUEST_TIMEOUT"`)
	assert.Equal(t, nums(1, 2, 3), allIDs(t, ts.URL, "users"), "nothing stored")
}
