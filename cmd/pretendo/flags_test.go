package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseStart(t *testing.T) {
	t.Parallel()
	s := func(flag string, value any, path ...string) setting {
		return setting{flag: flag, path: path, value: value}
	}
	tests := []struct {
		name string
		args []string
		want startOptions
	}{
		{"nothing: embedded spec", nil, startOptions{}},
		{"spec only", []string{"api.yml"}, startOptions{spec: "api.yml"}},
		{"stdin spec", []string{"-"}, startOptions{spec: "-"}},
		{"flags after spec", []string{"api.yml", "--port", "8080"}, startOptions{spec: "api.yml", port: 8080, portSet: true}},
		{"flags before spec", []string{"-p", "8080", "api.yml"}, startOptions{spec: "api.yml", port: 8080, portSet: true}},
		{"port with =", []string{"--port=0"}, startOptions{port: 0, portSet: true}},
		{"single-dash long", []string{"-port", "65535"}, startOptions{port: 65535, portSet: true}},
		{"last port wins", []string{"-p", "1", "--port", "2"}, startOptions{port: 2, portSet: true}},
		{"host", []string{"--host", "0.0.0.0"}, startOptions{host: "0.0.0.0"}},
		{"unicode host", []string{"--host=bücher.example"}, startOptions{host: "bücher.example"}},
		{"no-cors", []string{"--no-cors"}, startOptions{settings: []setting{s("--no-cors", false, "corsEnabled")}}},
		{"no-cors=false", []string{"--no-cors=false"}, startOptions{settings: []setting{s("--no-cors", true, "corsEnabled")}}},
		{"db", []string{"--db", "x/db.json"}, startOptions{settings: []setting{
			s("--db", adapterJSONFile, "database", "adapter"), s("--db", "x/db.json", "database", "dbPath")}}},
		{"reset", []string{"--reset"}, startOptions{reset: true}},
		{"snapshot", []string{"--snapshot", "two-users_v1.0"}, startOptions{snapshot: "two-users_v1.0"}},
		{"seed file", []string{"--seed", "data.json"}, startOptions{seedFile: "data.json"}},
		{"delay", []string{"--delay", "250"}, startOptions{settings: []setting{
			s("--delay", true, "latency", "enabled"), s("--delay", 250, "latency", "fixed")}}},
		{"delay 0 turns latency off", []string{"--delay=0"}, startOptions{settings: []setting{
			s("--delay", false, "latency", "enabled"), s("--delay", 0, "latency", "fixed")}}},
		{"error rate", []string{"--error-rate", "0.25"}, startOptions{settings: []setting{
			s("--error-rate", true, "errorSimulation", "enabled"), s("--error-rate", 0.25, "errorSimulation", "rate")}}},
		{"quiet", []string{"-q"}, startOptions{quiet: true}},
		{"json-server's delay", []string{"-d", "5"}, startOptions{settings: []setting{
			s("-d", true, "latency", "enabled"), s("-d", 5, "latency", "fixed")}}},
		{"json-server's no-cors", []string{"--nc"}, startOptions{settings: []setting{s("--nc", false, "corsEnabled")}}},
		{"read-only", []string{"--read-only"}, startOptions{settings: []setting{s("--read-only", true, "readOnly")}}},
		{"ro", []string{"--ro"}, startOptions{settings: []setting{s("--ro", true, "readOnly")}}},
		{"static", []string{"-s", "www"}, startOptions{static: true, settings: []setting{s("-s", "www", "static")}}},
		{"no-static", []string{"--no-static"}, startOptions{static: true, settings: []setting{s("--no-static", "", "static")}}},
		{"no-static=false", []string{"--no-static=false"}, startOptions{}},
		{"routes", []string{"api.yml", "-r", "routes.json"}, startOptions{spec: "api.yml", routes: "routes.json"}},
		{"watch", []string{"api.yml", "--watch"}, startOptions{spec: "api.yml", watch: true}},
		{"watch routes only", []string{"-w", "--routes=r.json"}, startOptions{watch: true, routes: "r.json"}},
		{"log format json", []string{"--log-format", "json"}, startOptions{jsonLog: true}},
		{"log format text", []string{"--log-format=json", "--log-format=text"}, startOptions{}},
		{"shutdown timeout", []string{"--shutdown-timeout", "250ms"}, startOptions{shutdownTimeout: 250 * time.Millisecond}},
		{"help", []string{"-h"}, startOptions{help: true}},
		{"override with =", []string{"--database.adapter=memory"}, startOptions{settings: []setting{
			s("--database.adapter", "memory", "database", "adapter")}}},
		{"override with next arg", []string{"--generateData.seed", "7"}, startOptions{settings: []setting{
			s("--generateData.seed", json.Number("7"), "generateData", "seed")}}},
		{"override with options. prefix", []string{"--options.maxPageSize=50"}, startOptions{settings: []setting{
			s("--options.maxPageSize", json.Number("50"), "maxPageSize")}}},
		{"top-level option without dot", []string{"--maxPageSize=50"}, startOptions{settings: []setting{
			s("--maxPageSize", json.Number("50"), "maxPageSize")}}},
		{"override JSON object", []string{`--generateData.counts={"users":5}`}, startOptions{settings: []setting{
			s("--generateData.counts", map[string]any{"users": json.Number("5")}, "generateData", "counts")}}},
		{"fixed flags take their value literally", []string{`--host="123"`}, startOptions{host: `"123"`}},
		{"override plain text", []string{"--admin.path=/_admin"}, startOptions{settings: []setting{
			s("--admin.path", "/_admin", "admin", "path")}}},
		{"override empty value", []string{"--domain="}, startOptions{settings: []setting{s("--domain", "", "domain")}}},
		{"negative number as next value", []string{"--latency.fixed", "-5"}, startOptions{settings: []setting{
			s("--latency.fixed", json.Number("-5"), "latency", "fixed")}}},
		{"options.seed is an override, --seed a file", []string{"--options.seed=3", "--seed", "d.yml"}, startOptions{
			seedFile: "d.yml", settings: []setting{s("--options.seed", json.Number("3"), "seed")}}},
		{"double dash ends flags", []string{"--", "-weird.yml"}, startOptions{spec: "-weird.yml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseStart(tt.args)
			require.NoError(t, err)
			want := tt.want
			if want.shutdownTimeout == 0 {
				want.shutdownTimeout = defaultShutdownTimeout
			}
			assert.Equal(t, want, *got)
		})
	}
}

func TestParseStartErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want []string // substrings of the message
	}{
		{"unknown flag", []string{"--frobnicate"}, []string{"unknown flag --frobnicate"}},
		{"unknown short flag", []string{"-x"}, []string{"unknown flag -x"}},
		{"unknown unicode flag", []string{"--ünïcode"}, []string{"unknown flag --ünïcode"}},
		{"flag with control characters", []string{"--a\x00b"}, []string{`unknown flag "--a\x00b"`}},
		{"port too large", []string{"--port", "70000"}, []string{`"70000"`, "--port", "0 to 65535"}},
		{"port not a number", []string{"--port", "abc"}, []string{`"abc"`, "--port"}},
		{"port negative", []string{"-p", "-1"}, []string{`"-1"`, "-p"}},
		{"port huge", []string{"--port=99999999999999999999999"}, []string{"--port"}},
		{"port fraction", []string{"--port=80.5"}, []string{"--port"}},
		{"port empty", []string{"--port="}, []string{`""`, "--port"}},
		{"port missing value", []string{"--port"}, []string{"flag --port needs a value"}},
		{"host empty", []string{"--host="}, []string{"--host"}},
		{"host with space", []string{"--host", "a b"}, []string{"--host"}},
		{"host with slash", []string{"--host", "http://x"}, []string{"--host"}},
		{"bool with bad value", []string{"--no-cors=maybe"}, []string{`"maybe"`, "--no-cors", "true or false"}},
		{"reset with bad value", []string{"--reset=2"}, []string{"--reset"}},
		{"db empty", []string{"--db="}, []string{"--db"}},
		{"snapshot with slash", []string{"--snapshot", "../etc"}, []string{"--snapshot"}},
		{"snapshot dot", []string{"--snapshot=.hidden"}, []string{"--snapshot"}},
		{"snapshot too long", []string{"--snapshot", strings.Repeat("a", 65)}, []string{"--snapshot"}},
		{"snapshot unicode", []string{"--snapshot", "snäp"}, []string{"--snapshot"}},
		{"snapshot windows device", []string{"--snapshot", "nul.json"}, []string{"--snapshot", "Windows device name"}},
		{"seed empty", []string{"--seed="}, []string{"--seed", "--generateData.seed"}},
		{"static empty", []string{"--static="}, []string{"--static", "--no-static"}},
		{"routes empty", []string{"--routes="}, []string{"--routes"}},
		{"routes missing value", []string{"--routes"}, []string{"flag --routes needs a value"}},
		{"watch with bad value", []string{"--watch=often"}, []string{"--watch", "true or false"}},
		{"watch nothing", []string{"--watch"}, []string{"--watch needs a file"}},
		{"watch standard input", []string{"-", "--watch"}, []string{"--watch needs a file"}},
		{"delay negative", []string{"--delay", "-1"}, []string{"--delay"}},
		{"delay huge", []string{"--delay", "600001"}, []string{"--delay", "600000"}},
		{"delay not integer", []string{"--delay", "1.5"}, []string{"--delay"}},
		{"error rate above 1", []string{"--error-rate", "1.5"}, []string{"--error-rate", "0 to 1"}},
		{"error rate NaN", []string{"--error-rate", "NaN"}, []string{"--error-rate"}},
		{"error rate negative", []string{"--error-rate=-0.1"}, []string{"--error-rate"}},
		{"error rate Inf", []string{"--error-rate=+Inf"}, []string{"--error-rate"}},
		{"log format", []string{"--log-format", "xml"}, []string{`"xml"`, "--log-format", "text or json"}},
		{"journal negative", []string{"--journal=-1"}, []string{"--journal", "0 (off)"}},
		{"journal text", []string{"--journal", "lots"}, []string{"--journal"}},
		{"journal huge", []string{"--journal", "99999999999"}, []string{"--journal"}},
		{"shutdown timeout negative", []string{"--shutdown-timeout=-1s"}, []string{"--shutdown-timeout"}},
		{"shutdown timeout no unit", []string{"--shutdown-timeout=10"}, []string{"--shutdown-timeout"}},
		{"override missing value", []string{"--database.adapter"}, []string{"flag --database.adapter needs a value"}},
		{"override empty segment", []string{"--database..adapter=x"}, []string{"--database..adapter", "empty segment"}},
		{"override trailing dot", []string{"--database.=x"}, []string{"empty segment"}},
		{"override only prefix", []string{"--options.=x"}, []string{"unknown flag"}},
		{"two specs", []string{"a.yml", "b.yml"}, []string{`unexpected argument "b.yml"`}},
		{"empty spec path", []string{""}, []string{"spec path is empty"}},
		{"reset and snapshot", []string{"--reset", "--snapshot", "x"}, []string{"--reset", "--snapshot"}},
		{"long value is shortened", []string{"--port", strings.Repeat("9", 500)}, []string{"...", "--port"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseStart(tt.args)
			require.Error(t, err)
			assert.Nil(t, got)
			assert.Equal(t, exitUsage, exitCode(err))
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "\n")
			assert.Less(t, len(err.Error()), 300, "the message stays short")
		})
	}
}

func TestOptionKeys(t *testing.T) {
	t.Parallel()
	keys := optionKeys()
	for _, k := range []string{"port", "host", "corsEnabled", "maxPageSize", "database", "generateData", "latency", "errorSimulation", "seed", "auth"} {
		assert.True(t, keys[k], k)
	}
	assert.False(t, keys["resources"])
	assert.False(t, keys[""])
}

func TestJSONValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want any
	}{
		{"7", json.Number("7")},
		{"-1.5e3", json.Number("-1.5e3")},
		{"true", true},
		{"false", false},
		{"null", nil},
		{`[1,"a"]`, []any{json.Number("1"), "a"}},
		{`{"a":{"b":1}}`, map[string]any{"a": map[string]any{"b": json.Number("1")}}},
		{`"quoted"`, "quoted"},
		{"memory", "memory"},
		{"", ""},
		{"True", "True"},
		{"1 2", "1 2"},
		{"{broken", "{broken"},
		{"日本語", "日本語"},
		{"99999999999999999999999999", json.Number("99999999999999999999999999")},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, jsonValue(tt.in))
		})
	}
}
