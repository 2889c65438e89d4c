package pretendo_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The search parameter q must not see password hashes: probing them a
// character at a time would leak them.
func TestSearchSkipsPasswordHashes(t *testing.T) {
	_, base, _ := authServer(t)
	token := login(t, base, "ada", "adapass")
	for _, probe := range []string{"$2a$", "$2", "$"} {
		code, _, body := authCall(t, http.MethodGet, base+"/users?q="+probe, token, nil)
		require.Equal(t, http.StatusOK, code)
		assert.Empty(t, body["data"], "q=%s matched a password hash", probe)
	}
	code, _, body := authCall(t, http.MethodGet, base+"/users?q=bob", token, nil)
	require.Equal(t, http.StatusOK, code)
	assert.Len(t, body["data"], 1, "search still finds other fields")
}
