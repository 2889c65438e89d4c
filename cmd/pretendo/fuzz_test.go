package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// FuzzParseStart feeds arbitrary command lines (arguments separated by
// NUL) to the flag parser and applies the resulting settings to a spec:
// every failure must be a usage error on one line, never a panic, and a
// spec that comes out must be valid.
func FuzzParseStart(f *testing.F) {
	for _, args := range [][]string{
		{"api.yml", "--port", "8080"},
		{"-p=0", "--host", "127.0.0.1", "--no-cors"},
		{"--db", "x.json", "--reset"},
		{"--delay", "10", "--error-rate", "0.5"},
		{"--database.adapter=memory", "--generateData.seed", "7"},
		{"--options.maxPageSize=50", `--generateData.counts={"users":2}`},
		{"--latency=5", "--latency.fixed=1"},
		{"--", "-"},
		{"--snapshot", "x", "--seed", "d.json", "-q", "--log-format=json"},
		{"--a..b=1"},
	} {
		f.Add(strings.Join(args, "\x00"))
	}
	spec, err := pretendo.ParseSpec([]byte(testSpec))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, "\x00")
		o, err := parseStart(args)
		if err != nil {
			assert.Equal(t, exitUsage, exitCode(err), "parse error: %v", err)
			assert.NotContains(t, err.Error(), "\n")
			return
		}
		for _, s := range o.settings {
			assert.NotEmpty(t, s.path)
			for _, seg := range s.path {
				assert.NotEmpty(t, seg)
			}
		}
		out, err := applySettings(spec, o.settings)
		if err != nil {
			assert.Equal(t, exitUsage, exitCode(err), "settings error: %v", err)
			assert.NotContains(t, err.Error(), "\n")
			return
		}
		assert.NoError(t, out.Validate())
		assert.Equal(t, spec.Resources, out.Resources, "settings only touch options")
	})
}
