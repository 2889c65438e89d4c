package pretendo_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// yaml12Spec declares fields named as YAML 1.1 booleans and data written
// the way people write YAML: country codes, switches, zip codes.
const yaml12Spec = `
resources:
  - name: places
    fields:
      - { name: id, type: number }
      - { name: y, type: string }
      - { name: on, type: string }
      - { name: country, type: string }
      - { name: mode, type: string }
      - { name: answer, type: string }
      - { name: zip, type: string }
      - { name: code, type: number }
      - { name: octal, type: number }
      - { name: hex, type: number }
      - { name: nothing, type: string }
data:
  places:
    - id: 1
      y: lat
      on: weekdays
      country: NO
      mode: off
      answer: yes
      zip: "01234"
      code: 01234
      octal: 0o14
      hex: 0x1F
      nothing: ~
`

func TestYAMLIsReadAsYAML12(t *testing.T) {
	t.Parallel()
	spec, err := pretendo.ParseSpec([]byte(yaml12Spec))
	require.NoError(t, err)
	_, url := serve(t, spec)

	status, _, body := do(t, http.MethodGet, url+"/places/1", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]any{
		"id":      float64(1),
		"y":       "lat",
		"on":      "weekdays",
		"country": "NO",
		"mode":    "off",
		"answer":  "yes",
		"zip":     "01234",
		"code":    float64(1234),
		"octal":   float64(12),
		"hex":     float64(31),
		"nothing": nil,
	}, data(t, body))

	// A y or on filter is a field name, not a boolean.
	status, _, body = do(t, http.MethodGet, url+"/places?on=weekdays&country=NO", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, body["data"], 1)
}

func TestYAMLZipCodeNeverBecomesOctal(t *testing.T) {
	t.Parallel()
	// Unquoted, 01234 is the number 1234 (never 668), which a string
	// field refuses, naming the record.
	src := "resources:\n  - name: places\n    fields:\n      - { name: id, type: number }\n      - { name: zip, type: string }\ndata:\n  places:\n    - { id: 1, zip: 01234 }\n"
	spec, err := pretendo.ParseSpec([]byte(src))
	require.NoError(t, err)
	assert.Equal(t, float64(1234), spec.Data["places"][0]["zip"])
	_, err = pretendo.Open(spec)
	require.ErrorIs(t, err, pretendo.ErrValidation)
	assert.Contains(t, err.Error(), "places[0]")
}

func TestYAMLSpecProblemsHaveLineAndColumn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src    string
		path         string
		line, column int
	}{
		{"unknown key", "resources:\n  - name: users\n    fields:\n      - name: id\n        typ: number\n", "resources[0].fields[0].typ", 5, 14},
		{"wrong type", "options:\n  port: high\nresources:\n  - name: users\n    fields: [{name: id, type: number}]\n", "options.port", 2, 9},
		{"duplicate key", "resources:\n  - name: users\n    fields: [{name: id, type: number}]\n    name: people\n", "", 4, 5},
		{"syntax", "resources:\n  - name: users\n   fields: []\n", "", 3, 0},
		{"y and on no longer collide", "options:\n  y: 1\n  on: 2\nresources:\n  - name: users\n    fields: [{name: id, type: number}]\n", "options.y", 2, 6},
		{"json", "{\n  \"resources\": [\n    {\"name\": \"users\", \"fields\": [{\"name\": \"id\", \"type\": \"nmber\"}]}\n  ]\n}", "resources[0].fields[0].type", 3, 57},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := pretendo.ParseSpec([]byte(tt.src))
			require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
			var se *pretendo.SpecError
			require.ErrorAs(t, err, &se)
			var p pretendo.SpecProblem
			for _, q := range se.Problems {
				if q.Path == tt.path {
					p = q
					break
				}
			}
			require.NotEmpty(t, p.Message, "no problem at %q in %v", tt.path, se.Problems)
			assert.Equal(t, tt.line, p.Line, p.Message)
			assert.Equal(t, tt.column, p.Column, p.Message)
		})
	}
}

func TestYAMLDuplicateKeyNamesBothLines(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "api.yml")
	require.NoError(t, os.WriteFile(path, []byte("resources:\n  - name: users\n    fields: [{name: id, type: number}]\ndata:\n  users: []\n  users: [{id: 1}]\n"), 0o644))
	_, err := pretendo.LoadSpec(path)
	require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
	assert.Equal(t, "pretendo: invalid spec "+path+"\n  6:3: yaml: duplicate key: key \"users\" repeated (first at line 5, column 3)", err.Error())
}

func TestParseDataReadsYAML12(t *testing.T) {
	t.Parallel()
	d, err := pretendo.ParseData([]byte("places:\n  - {id: 1, country: NO, zip: 01234, code: '01234', flag: on, hex: 0x1F}\n"))
	require.NoError(t, err)
	assert.Equal(t, []map[string]any{{"id": float64(1), "country": "NO", "zip": float64(1234), "code": "01234", "flag": "on", "hex": float64(31)}}, d["places"])

	_, err = pretendo.ParseData([]byte("places:\n  - {id: 1}\nplaces: []\n"))
	require.Error(t, err, "a repeated resource is an error")
	assert.Contains(t, err.Error(), "line 3, column 1")
}
