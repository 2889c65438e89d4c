package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

func mustParse(t *testing.T, yml string) *pretendo.Spec {
	t.Helper()
	spec, err := pretendo.ParseSpec([]byte(yml))
	require.NoError(t, err)
	return spec
}

func settingsOf(t *testing.T, args ...string) []setting {
	t.Helper()
	o, err := parseStart(args)
	require.NoError(t, err)
	return o.settings
}

func TestApplySettings(t *testing.T) {
	t.Parallel()
	spec := mustParse(t, testSpec)
	before, err := spec.Clone()
	require.NoError(t, err)

	got, err := applySettings(spec, settingsOf(t,
		"--database.adapter=memory",
		"--generateData.seed=7",
		"--options.maxPageSize=50",
		"--defaultPageSize", "5",
		`--generateData.counts={"users":3}`,
		"--generateData.enabled=true",
		"--database.snapshots.directory=snaps",
		"--no-cors",
		"--delay", "120",
		"--error-rate", "0.5",
		"--admin.token=s3cr3t ünïcode",
	))
	require.NoError(t, err)
	o := got.Options
	assert.Equal(t, "memory", o.Database.Adapter)
	assert.Equal(t, int64(7), o.GenerateData.Seed)
	assert.Equal(t, 50, o.MaxPageSize)
	assert.Equal(t, 5, o.DefaultPageSize)
	assert.Equal(t, map[string]int{"users": 3}, o.GenerateData.Counts)
	assert.True(t, o.GenerateData.Enabled)
	assert.Equal(t, "snaps", o.Database.Snapshots.Directory)
	assert.False(t, o.CORS())
	assert.Equal(t, 120, o.Latency.Fixed)
	assert.True(t, o.Latency.Enabled)
	assert.InDelta(t, 0.5, o.ErrorSimulation.Rate, 0)
	assert.True(t, o.ErrorSimulation.Enabled)
	assert.Equal(t, "s3cr3t ünïcode", o.Admin.Token)
	// The rest of the spec is kept, and the input is not modified.
	assert.Equal(t, spec.Resources, got.Resources)
	assert.Equal(t, spec.Data, got.Data)
	assert.Equal(t, spec.Routes, got.Routes)
	assert.Equal(t, before, spec)
}

func TestApplySettingsOrder(t *testing.T) {
	t.Parallel()
	spec := mustParse(t, testSpec)
	tests := []struct {
		name string
		args []string
		want func(t *testing.T, o pretendo.Options)
	}{
		{"last wins", []string{"--maxPageSize=10", "--options.maxPageSize=20"}, func(t *testing.T, o pretendo.Options) {
			assert.Equal(t, 20, o.MaxPageSize)
		}},
		{"--db then override", []string{"--db", "a.json", "--database.adapter=memory"}, func(t *testing.T, o pretendo.Options) {
			assert.Equal(t, "memory", o.Database.Adapter)
			assert.Equal(t, "a.json", o.Database.DBPath)
		}},
		{"override then --delay", []string{"--latency.fixed=5", "--delay=9"}, func(t *testing.T, o pretendo.Options) {
			assert.Equal(t, 9, o.Latency.Fixed)
		}},
		{"null removes", []string{"--maxPageSize=null"}, func(t *testing.T, o pretendo.Options) {
			assert.Equal(t, 0, o.MaxPageSize)
		}},
		{"whole object", []string{`--latency={"enabled":true,"min":1,"max":3}`}, func(t *testing.T, o pretendo.Options) {
			assert.Equal(t, pretendo.Options{}.Latency.Fixed, o.Latency.Fixed)
			assert.Equal(t, 3, o.Latency.Max)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := applySettings(spec, settingsOf(t, tt.args...))
			require.NoError(t, err)
			tt.want(t, got.Options)
		})
	}
}

func TestApplySettingsErrors(t *testing.T) {
	t.Parallel()
	spec := mustParse(t, testSpec)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown adapter", []string{"--database.adapter=redis"}, []string{"flag --database.adapter", `unknown adapter "redis"`}},
		{"unknown key", []string{"--database.colour=red"}, []string{"flag --database.colour", "options.database.colour"}},
		{"unknown top-level path", []string{"--nothing.here=1"}, []string{"flag --nothing.here", "options.nothing"}},
		{"unicode path", []string{"--dätabase.adapter=memory"}, []string{"flag --dätabase.adapter"}},
		{"wrong type", []string{"--generateData.seed=abc"}, []string{"flag --generateData.seed", "options.generateData.seed"}},
		{"huge number", []string{"--maxPageSize=1e400"}, []string{"flag --maxPageSize"}},
		{"int overflow", []string{"--generateData.seed=99999999999999999999"}, []string{"flag --generateData.seed"}},
		{"fraction for an int", []string{"--maxPageSize=1.5"}, []string{"flag --maxPageSize"}},
		{"port out of range through options", []string{"--options.port=70000"}, []string{"flag --options.port", "out of range"}},
		{"through a non-object", []string{"--maxPageSize=5", "--maxPageSize.x=1"}, []string{"flag --maxPageSize.x", "options.maxPageSize is not an object"}},
		{"unknown resource count", []string{"--generateData.counts.ghosts=3"}, []string{"flag --generateData.counts.ghosts", "unknown resource"}},
		{"culprit is named among good ones", []string{"--maxPageSize=5", "--database.adapter=nope", "--defaultPageSize=2"}, []string{"flag --database.adapter"}},
		{"rate out of range", []string{"--errorSimulation.rate=2"}, []string{"flag --errorSimulation.rate", "out of range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o, err := parseStart(tt.args)
			if err == nil {
				_, err = applySettings(spec, o.settings)
			}
			require.Error(t, err)
			assert.Equal(t, exitUsage, exitCode(err))
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestApplySettingsNone(t *testing.T) {
	t.Parallel()
	spec := mustParse(t, testSpec)
	got, err := applySettings(spec, nil)
	require.NoError(t, err)
	assert.Same(t, spec, got, "no settings: no round trip")
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		spec        string
		args        []string
		adapter, db string
	}{
		{"CLI default", testSpec, nil, adapterJSONFile, defaultDBPath},
		{"spec says memory", testSpec + "  database: { adapter: memory }\n", nil, adapterMemory, ""},
		{"spec path kept", testSpec + "  database: { adapter: json-file, dbPath: x.json }\n", nil, adapterJSONFile, "x.json"},
		{"flag says memory", testSpec, []string{memory}, adapterMemory, ""},
		{"--db", testSpec + "  database: { adapter: memory }\n", []string{"--db", "d/db.json"}, adapterJSONFile, "d/db.json"},
		{"json-file by flag without path", testSpec + "  database: { adapter: memory }\n", []string{"--database.adapter=json-file"}, adapterJSONFile, defaultDBPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spec := mustParse(t, tt.spec)
			defaultAdapter(spec)
			spec, err := applySettings(spec, settingsOf(t, tt.args...))
			require.NoError(t, err)
			defaultDBFile(spec)
			assert.Equal(t, tt.adapter, spec.Options.Database.Adapter)
			assert.Equal(t, tt.db, spec.Options.Database.DBPath)
		})
	}
}
