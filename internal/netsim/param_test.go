package netsim

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParamReadsAsURLValues(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"", "errorCode=503", "a=1&errorCode=500&errorCode=503", "errorCode=%zz&errorCode=504", "errorCode=5;03&errorCode=502",
		"error%43ode=501", "errorCode", "errorCode=", "&&errorCode=1&", "x=%&errorCode=2", "errorCode=+5%30",
	} {
		values, _ := url.ParseQuery(raw)
		assert.Equal(t, values.Get("errorCode"), param(raw, "errorCode"), "%q", raw)
	}
}

// FuzzParam checks param against url.ParseQuery, which it stands for.
func FuzzParam(f *testing.F) {
	f.Add("errorCode=503&x=1", "errorCode")
	f.Add("a=%zz;b&a=2", "a")
	f.Add("k+y=v%20w", "k y")
	f.Fuzz(func(t *testing.T, raw, name string) {
		values, _ := url.ParseQuery(raw)
		if got, want := param(raw, name), values.Get(name); got != want {
			t.Fatalf("param(%q, %q) = %q, want %q", raw, name, got, want)
		}
	})
}
