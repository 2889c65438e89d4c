package pretendo_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/schema"
)

// TestReadOnly checks options.readOnly: reads are served, every other
// method on the API is a 403 that changes nothing, and the admin API and
// the auth endpoints stay open.
func TestReadOnly(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	spec.Options.ReadOnly = true
	_, base := serve(t, spec)
	before := allIDs(t, base, "users")
	require.NotEmpty(t, before)

	for _, tc := range []struct {
		method, path string
		body         any
		want         int
	}{
		{http.MethodGet, "/users", nil, http.StatusOK},
		{http.MethodHead, "/users/1", nil, http.StatusOK},
		{http.MethodOptions, "/users", nil, http.StatusNoContent},
		{http.MethodPost, "/users", map[string]any{"email": "x@y.z", "name": "X"}, http.StatusForbidden},
		{http.MethodPut, "/users/1", map[string]any{"email": "x@y.z", "name": "X"}, http.StatusForbidden},
		{http.MethodPatch, "/users/1", map[string]any{"name": "X"}, http.StatusForbidden},
		{http.MethodDelete, "/users/1", nil, http.StatusForbidden},
		{http.MethodPost, "/posts/1/comments", map[string]any{"body": "hi", "userId": 1}, http.StatusForbidden},
		{http.MethodDelete, "/nope", nil, http.StatusForbidden},
		{"PROPFIND", "/users", nil, http.StatusForbidden},
		// The admin API stays open.
		{http.MethodPost, "/admin/reset", nil, http.StatusOK},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			status, _, body := do(t, tc.method, base+tc.path, tc.body)
			assert.Equal(t, tc.want, status)
			if tc.want == http.StatusForbidden {
				assert.Equal(t, pretendo.CodeForbidden, errCode(body))
				assert.Contains(t, errMessage(body), "read-only")
			}
		})
	}
	assert.Equal(t, before, allIDs(t, base, "users"), "no write went through")
	status, _, body := do(t, http.MethodGet, base+"/users/1", nil)
	require.Equal(t, http.StatusOK, status)
	assert.NotEqual(t, "X", data(t, body)["name"])
}

// TestReadOnlyAuth checks that the login endpoint stays open on a
// read-only API, and that a signed-in user may read but not write.
func TestReadOnlyAuth(t *testing.T) {
	t.Parallel()
	spec := blogSpec(t)
	spec.Options.ReadOnly = true
	spec.Options.Auth = schema.Auth{Enabled: true, Users: []schema.AuthUser{{Username: "ada", Password: "pw"}}}
	_, base := serve(t, spec)
	status, _, body := do(t, http.MethodPost, base+"/auth/login", map[string]any{"username": "ada", "password": "pw"})
	require.Equal(t, http.StatusOK, status)
	token, _ := body["token"].(string)
	require.NotEmpty(t, token)
	for method, want := range map[string]int{http.MethodGet: http.StatusOK, http.MethodDelete: http.StatusForbidden} {
		req, err := http.NewRequest(method, base+"/users/1", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		status, _, _ := send(t, req)
		assert.Equal(t, want, status, method)
	}
}

// TestReadOnlyOff checks that writes go through without options.readOnly.
func TestReadOnlyOff(t *testing.T) {
	t.Parallel()
	_, base := newServer(t)
	status, _, _ := do(t, http.MethodPost, base+"/users", map[string]any{"email": "x@y.z", "name": "X"})
	assert.Equal(t, http.StatusCreated, status)
}
