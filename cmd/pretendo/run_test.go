package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCmd runs the command in-process and returns its output and exit code.
func runCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), exitCode(err)
}

func TestRunCommands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // substring; "" checks nothing
		errorMsg string // substring of the returned error
	}{
		{"no command", nil, exitUsage, "", "no command"},
		{"unknown command", []string{"serve"}, exitUsage, "", `unknown command serve`},
		{"unknown unicode command", []string{"stärt"}, exitUsage, "", "unknown command stärt"},
		{"help", []string{"help"}, exitOK, "pretendo start [SPEC]", ""},
		{"--help", []string{"--help"}, exitOK, "pretendo validate SPEC", ""},
		{"help start", []string{"help", "start"}, exitOK, "--error-rate R", ""},
		{"help unknown", []string{"help", "nope"}, exitUsage, "", "no help for unknown command nope"},
		{"start -h", []string{"start", "-h"}, exitOK, "--snapshot NAME", ""},
		{"version", []string{"version"}, exitOK, "pretendo ", ""},
		{"--version", []string{"--version"}, exitOK, "pretendo ", ""},
		{"version with argument", []string{"version", "x"}, exitUsage, "", "version takes no arguments"},
		{"validate without spec", []string{"validate"}, exitUsage, "", "validate needs a spec"},
		{"validate two specs", []string{"validate", "a", "b"}, exitUsage, "", `unexpected argument "b"`},
		{"validate empty path", []string{"validate", ""}, exitUsage, "", "spec path is empty"},
		{"validate help", []string{"validate", "--help"}, exitOK, "Usage: pretendo validate [flags] SPEC", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, strings.NewReader(""), &out, &errOut)
			assert.Equal(t, tt.code, exitCode(err))
			assert.Contains(t, out.String(), tt.stdout)
			if tt.errorMsg != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.errorMsg)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

func TestRunSuggestsStartForAFile(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	_, _, code := runCmd(t, "", path)
	assert.Equal(t, exitUsage, code)
	err := run(context.Background(), []string{path}, nil, &bytes.Buffer{}, &bytes.Buffer{})
	assert.Contains(t, err.Error(), "pretendo start "+path)
}

func TestVersion(t *testing.T) {
	t.Parallel()
	out, _, code := runCmd(t, "", "version")
	assert.Equal(t, exitOK, code)
	// Test binaries carry no module version: the devel build.
	assert.Regexp(t, `^pretendo devel \(go\S+ \w+/\w+\)\n$`, out)
	assert.Equal(t, "devel", version())
}

func TestValidate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yml")
	require.NoError(t, os.WriteFile(bad, []byte(`
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: email, type: strng }
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: userId, type: number, references: { resource: ghosts } }
    colour: blue
`), 0o644))
	brokenRecord := filepath.Join(dir, "broken-record.yml")
	require.NoError(t, os.WriteFile(brokenRecord, []byte(strings.Replace(testSpec, "{ id: 2, name: Bob }", "{ id: 2, name: Bob, role: king }", 1)), 0o644))
	good := writeFile(t, "good.yml", testSpec)

	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout []string
		stderr []string
	}{
		{"good", []string{"validate", good}, "", exitOK, []string{good + ": ok (2 resources, 3 records)"}, nil},
		{"good from stdin", []string{"validate", "-"}, testSpec, exitOK, []string{"standard input: ok (2 resources, 3 records)"}, nil},
		{"example blog", []string{"validate", "../../examples/blog/api.yml"}, "", exitOK, []string{"ok (5 resources"}, nil},
		{"example ecommerce", []string{"validate", "../../examples/ecommerce/api.yml"}, "", exitOK, []string{"ok (5 resources"}, nil},
		{"bad spec: every problem with its path", []string{"validate", bad}, "", exitFailure, nil, []string{
			bad + `:6:30: resources[0].fields[1].type: unknown type "strng"`,
			bad + ":10:63: resources[1].fields[1].references.resource:",
			bad + ":11:13: resources[1].colour:",
		}},
		{"bad data", []string{"validate", brokenRecord}, "", exitFailure, nil, []string{brokenRecord + ":", "data.users[1]"}},
		{"missing file", []string{"validate", filepath.Join(dir, "nope.yml")}, "", exitFailure, nil, nil},
		{"folder", []string{"validate", dir}, "", exitFailure, nil, nil},
		{"empty stdin", []string{"validate", "-"}, "  \n", exitFailure, nil, nil},
		{"not YAML", []string{"validate", "-"}, "{{{: [", exitFailure, nil, []string{"standard input:1: yaml: syntax error"}},
		{"a list, not an object", []string{"validate", "-"}, "- a\n- b\n", exitFailure, nil, []string{"standard input:1:1: want a JSON object"}},
		{"binary garbage", []string{"validate", "-"}, "\x00\x01\x02\xff\xfe", exitFailure, nil, []string{"standard input:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runCmd(t, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, code, "stderr: %s", errOut)
			for _, w := range tt.stdout {
				assert.Contains(t, out, w)
			}
			for _, w := range tt.stderr {
				assert.Contains(t, errOut, w)
			}
			if tt.code != exitOK {
				assert.Empty(t, out)
			}
		})
	}
}

func TestValidateCreatesNoFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := testSpec + "  database:\n    adapter: json-file\n    dbPath: " + filepath.Join(dir, "db.json") +
		"\n    snapshots: { enabled: true, directory: " + filepath.Join(dir, "snaps") + " }\n"
	path := writeFile(t, "api.yml", spec)
	_, errOut, code := runCmd(t, "", "validate", path)
	require.Equal(t, exitOK, code, errOut)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestValidateProblemCount(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"validate", "-"}, strings.NewReader("resources: []\nfoo: 1\nbar: 2\n"), &out, &errOut)
	var ie *invalidSpecError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, len(ie.problems), strings.Count(errOut.String(), "\n"))
	assert.Contains(t, err.Error(), fmt.Sprintf("invalid spec standard input: %d problems", len(ie.problems)))
	assert.GreaterOrEqual(t, len(ie.problems), 2)
}

func TestReport(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		code int
		want string
	}{
		{"nil", nil, exitOK, ""},
		{"failure", errors.New("port 3000 is already in use"), exitFailure, "pretendo: port 3000 is already in use\n"},
		{"library prefix is not doubled", fmt.Errorf("pretendo: loading: %w", errors.New("x")), exitFailure, "pretendo: loading: x\n"},
		{"inner library prefixes go", fmt.Errorf("opening: %w", fmt.Errorf("pretendo: data: %w", errors.New("pretendo: bad"))), exitFailure, "pretendo: opening: data: bad\n"},
		{"several lines become one", errors.New("pretendo: invalid spec\n  a: b\n\n  c: d"), exitFailure, "pretendo: invalid spec; a: b; c: d\n"},
		{"usage", usageErrorf("unknown flag --x"), exitUsage, "pretendo: unknown flag --x\nRun \"pretendo help\" for usage.\n"},
		{"wrapped usage", fmt.Errorf("ctx: %w", usageErrorf("bad")), exitUsage, "pretendo: ctx: bad\nRun \"pretendo help\" for usage.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			assert.Equal(t, tt.code, report(&b, tt.err))
			assert.Equal(t, tt.want, b.String())
		})
	}
}
