package schema_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/schema"
)

func TestJWTLifetime(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   any
		want time.Duration
	}{
		{"1h", time.Hour},
		{"30m", 30 * time.Minute},
		{" 2 days ", 48 * time.Hour},
		{"1.5H", 90 * time.Minute},
		{".5s", 500 * time.Millisecond},
		{"250ms", 250 * time.Millisecond},
		{"1 week", 7 * 24 * time.Hour},
		{"1y", 8766 * time.Hour},
		{"10 MINS", 10 * time.Minute},
		{float64(3600), time.Hour},
		{json.Number("90"), 90 * time.Second},
		{7, 7 * time.Second},
		{uint8(2), 2 * time.Second},
	} {
		got, err := (&schema.JWT{ExpiresIn: tt.in}).Lifetime()
		require.NoError(t, err, "%#v", tt.in)
		assert.Equal(t, tt.want, got, "%#v", tt.in)
	}
	for _, in := range []any{"3600", "1 fortnight", "h", "", "1..5h", "--1h", "-1h", "0s", 0, -1.0, "0.0000000001ms",
		json.Number("1e400"), "300y", 1e300, nil, true, []any{1}, map[string]any{}} {
		_, err := (&schema.JWT{ExpiresIn: in}).Lifetime()
		assert.Error(t, err, "%#v", in)
	}
}

func TestTokenLifetime(t *testing.T) {
	t.Parallel()
	jwt := &schema.JWT{ExpiresIn: "30m"}
	assert.Equal(t, schema.DefaultTokenLifetime, schema.Auth{}.TokenLifetime())
	assert.Equal(t, 30*time.Minute, schema.Auth{JWT: jwt}.TokenLifetime())
	assert.Equal(t, time.Minute, schema.Auth{TokenExpiration: 60, JWT: jwt}.TokenLifetime(), "tokenExpiration wins")
	assert.Equal(t, schema.DefaultTokenLifetime, schema.Auth{JWT: &schema.JWT{Secret: "s"}}.TokenLifetime())
}

// FuzzJWTLifetime reads arbitrary expiresIn strings: an error or a
// lifetime above 0, never a panic.
func FuzzJWTLifetime(f *testing.F) {
	for _, s := range []string{"1h", "30m", "2 days", "1.5h", "3600", "-1h", "1e3s", ".s", "9999999999999999999y", " 5 ms "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := (&schema.JWT{ExpiresIn: s}).Lifetime()
		if err == nil && d <= 0 {
			t.Fatalf("Lifetime(%q) = %v, want more than 0", s, d)
		}
	})
}
