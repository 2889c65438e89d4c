package auth

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

// declaredOnly is an authenticator with one declared user and no user resource.
func declaredOnly(t *testing.T, clock func() time.Time) *Authenticator {
	t.Helper()
	sp := &schema.Spec{Resources: []schema.Resource{{Name: "notes", Fields: []schema.Field{{Name: "id", Type: "number"}}}}}
	sp.Options.Auth.Enabled = true
	sp.Options.Auth.Users = []schema.AuthUser{{Username: "ada", Password: "pw", Role: "admin"}}
	return New(Config{Spec: sp, DB: memory.New(), Clock: clock, Logger: slog.New(slog.DiscardHandler)})
}

func TestIdentify(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	a := declaredOnly(t, func() time.Time { return now })
	u, err := a.Authenticate(t.Context(), "ada", "pw", true)
	require.NoError(t, err)
	token, _ := a.SignIn(u)

	tests := []struct {
		name, header string
		user         string
		code         string // of the challenge, "" for none
	}{
		{"no token", "", "", ""},
		{"valid", "Bearer " + token, "ada", ""},
		{"scheme in any case", "bearer " + token, "ada", ""},
		{"unknown", "Bearer abc", "", "INVALID_TOKEN"},
		{"not bearer", "Basic abc", "", "UNAUTHORIZED"},
		{"empty token", "Bearer ", "", "INVALID_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *User
			var gotErr error
			h := a.Middleware(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				got, gotErr = Identify(r)
				again, againErr := Identify(r)
				assert.Same(t, got, again, "found once")
				assert.Equal(t, gotErr, againErr)
			}))
			r := httptest.NewRequest(http.MethodGet, "/notes", nil)
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if tt.code != "" {
				var ch *challenge
				require.ErrorAs(t, gotErr, &ch)
				assert.Equal(t, tt.code, ch.code)
				return
			}
			require.NoError(t, gotErr)
			if tt.user == "" {
				assert.Nil(t, got)
			} else {
				require.NotNil(t, got)
				assert.Equal(t, tt.user, got.Username)
			}
		})
	}
}

func TestIdentifyWithoutTheStage(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Authorization", "Bearer whatever")
	u, err := Identify(r)
	assert.Nil(t, u)
	assert.NoError(t, err)
	var off *Authenticator
	h := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	assert.NotNil(t, off.Middleware(h), "a nil authenticator passes requests on")
}

func TestExpiredTokens(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	a := declaredOnly(t, func() time.Time { return now })
	u, err := a.Authenticate(t.Context(), "ada", "", false)
	require.NoError(t, err)
	token, expires := a.SignIn(u)
	assert.Equal(t, now.Add(time.Hour), expires, "an hour by default")
	now = expires
	_, err = a.userOf(t.Context(), token)
	var ch *challenge
	require.ErrorAs(t, err, &ch)
	assert.Contains(t, ch.message, "expired")
	_, err = a.userOf(t.Context(), token)
	require.ErrorAs(t, err, &ch)
	assert.Equal(t, "invalid token", ch.message, "an expired session is gone")
}
