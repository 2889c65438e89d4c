package pretendo_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// TestJWTExpiresInSetsTheTokenLifetime checks that upstream's
// options.auth.jwt.expiresIn sets how long a login token lives when
// tokenExpiration is not given, and that tokenExpiration wins (with a
// warning) when both are.
func TestJWTExpiresInSetsTheTokenLifetime(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, auth string
		want       time.Duration
		warning    string
	}{
		{"hours", `jwt: { secret: s, expiresIn: "1h" }`, time.Hour, ""},
		{"minutes", `jwt: { expiresIn: 30m }`, 30 * time.Minute, ""},
		{"seconds as a number", `jwt: { expiresIn: 90 }`, 90 * time.Second, ""},
		{"days with a space", `jwt: { expiresIn: "2 days" }`, 48 * time.Hour, ""},
		{"a fraction", `jwt: { expiresIn: 1.5h }`, 90 * time.Minute, ""},
		{"upper case unit", `jwt: { expiresIn: 10M }`, 10 * time.Minute, ""},
		{"neither", ``, time.Hour, ""},
		{"tokenExpiration alone", `tokenExpiration: 60`, time.Minute, ""},
		{"both: tokenExpiration wins", `tokenExpiration: 60, jwt: { expiresIn: 1h }`, time.Minute,
			"options.auth.tokenExpiration wins over options.auth.jwt.expiresIn"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := jsonLogger()
			clock := newManualClock(t0)
			_, base := serve(t, parseSpec(t, tinySpec(`
  auth: { enabled: true, users: [ { username: ada, password: adapass } ], `+tt.auth+` }
`)), pretendo.WithClock(clock.Now), pretendo.WithLogger(logger))

			status, _, body := authCall(t, http.MethodPost, base+"/auth/login", "", map[string]any{"username": "ada", "password": "adapass"})
			require.Equal(t, http.StatusOK, status, "%v", body)
			assert.Equal(t, float64(t0.Add(tt.want).UnixMilli()), body["expiresAt"])
			token := body["token"].(string)

			clock.Advance(tt.want - time.Millisecond)
			status, _, _ = authCall(t, http.MethodGet, base+"/auth/me", token, nil)
			assert.Equal(t, http.StatusOK, status, "alive just before the end")
			clock.Advance(time.Millisecond)
			status, _, body = authCall(t, http.MethodGet, base+"/auth/me", token, nil)
			assert.Equal(t, http.StatusUnauthorized, status, "expired at the end")
			assert.Equal(t, "INVALID_TOKEN", errCode(body))

			if tt.warning == "" {
				assert.NotContains(t, logs.String(), "wins over")
			} else {
				assert.Contains(t, logs.String(), tt.warning)
			}
			if strings.Contains(tt.auth, "jwt") {
				assert.Equal(t, 1, strings.Count(logs.String(), "not JWTs"), "the note that tokens are opaque, once")
			}
		})
	}
}

// TestJWTExpiresInRefusedWhenWrong checks that a jwt.expiresIn that is no
// time span fails the spec, naming the key.
func TestJWTExpiresInRefusedWhenWrong(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, value, want string }{
		{"no unit", `"3600"`, `has no unit`},
		{"unknown unit", `"1 fortnight"`, `not a time span`},
		{"words", `"soon"`, `not a time span`},
		{"empty", `""`, `not a time span`},
		{"zero", `0`, `must be more than 0`},
		{"zero string", `"0s"`, `must be more than 0`},
		{"negative", `-5`, `must be more than 0`},
		{"negative string", `"-1h"`, `must be more than 0`},
		{"too long", `"300y"`, `too long`},
		{"an exponent", `"1e3s"`, `not a time span`},
		{"huge number", `1e300`, `too long`},
		{"boolean", `true`, `want a number of seconds or a time span`},
		{"object", `{"h":1}`, `want a number of seconds or a time span`},
		{"long text", `"` + strings.Repeat("1", 200) + `h"`, `too long`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := pretendo.ParseSpec([]byte(`{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}]}],"options":{"auth":{"enabled":true,"jwt":{"expiresIn":` + tt.value + `}}}}`))
			require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
			assert.Contains(t, err.Error(), "options.auth.jwt.expiresIn: ")
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
