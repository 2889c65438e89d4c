package pretendo_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// TestSpecDataKeepsBigIntegers checks that integers beyond 2^53 in a spec's
// data and initialData, YAML or JSON, reach the answers digit for digit in
// fields the resource does not declare.
func TestSpecDataKeepsBigIntegers(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, spec string }{
		{"YAML", `
resources:
  - name: things
    fields: [ { name: id, type: number } ]
  - name: tags
    fields: [ { name: id, type: number } ]
    initialData:
      - { id: 1, big: 9007199254740993 }
data:
  things:
    - id: 1
      big: 9007199254740993
      neg: -9007199254740993
      huge: 123456789012345678901234567890
      nested: { ids: [ 18446744073709551615, 1 ] }
      fine: 9007199254740994
      float: 1.5
`},
		{"JSON", `{"resources":[{"name":"things","fields":[{"name":"id","type":"number"}]},
 {"name":"tags","fields":[{"name":"id","type":"number"}],"initialData":[{"id":1,"big":9007199254740993}]}],
 "data":{"things":[{"id":1,"big":9007199254740993,"neg":-9007199254740993,"huge":123456789012345678901234567890,
 "nested":{"ids":[18446744073709551615,1]},"fine":9007199254740994,"float":1.5}]}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, base := serve(t, parseSpec(t, tt.spec))
			body := rawGet(t, base+"/things/1")
			for _, want := range []string{`"big":9007199254740993`, `"neg":-9007199254740993`,
				`"huge":123456789012345678901234567890`, `"ids":[18446744073709551615,1]`,
				`"fine":9007199254740994`, `"float":1.5`} {
				assert.Contains(t, body, want)
			}
			assert.Contains(t, rawGet(t, base+"/tags/1"), `"big":9007199254740993`, "initialData")
			assert.Contains(t, rawGet(t, base+"/things?big=9007199254740993"), `"id":1`, "queried exactly")
			assert.NotContains(t, rawGet(t, base+"/things?big=9007199254740992"), `"id":1`)
			spec := srv.Spec()
			assert.Equal(t, json.Number("9007199254740993"), spec.Data["things"][0]["big"], "Spec() copies it exactly")
			assert.Equal(t, json.Number("9007199254740993"), spec.Resources[1].InitialData[0]["big"])
		})
	}
}

// TestSpecDataRefusesBigIntegersInDeclaredNumbers checks that an integer
// beyond what a float64 holds, in a declared number or integer field or a
// primary key of a spec's data, fails the spec with its place named.
func TestSpecDataRefusesBigIntegersInDeclaredNumbers(t *testing.T) {
	t.Parallel()
	const resources = `
resources:
  - name: things
    fields:
      - { name: id, type: number }
      - { name: size, type: number }
      - { name: count, type: integer }
  - name: codes
    primaryKey: code
    fields: [ { name: code, type: string } ]
`
	for _, tt := range []struct{ name, data, want string }{
		{"number field", "data:\n  things:\n    - { id: 1 }\n    - { id: 2, size: 9007199254740993 }\n",
			"14:22: data.things[1].size: "},
		{"integer field", "data:\n  things:\n    - { id: 1, count: -123456789012345678901234567890 }\n",
			"13:23: data.things[0].count: "},
		{"primary key", "data:\n  things:\n    - { id: 18446744073709551615 }\n", "13:13: data.things[0].id: "},
		{"string primary key", "data:\n  codes:\n    - { code: 9007199254740993 }\n", "13:15: data.codes[0].code: "},
		{"initialData", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spec := resources + tt.data
			want := tt.want
			if tt.data == "" {
				spec = `
resources:
  - name: things
    fields: [ { name: id, type: number }, { name: size, type: number } ]
    initialData:
      - { id: 1, size: 9007199254740993 }
`
				want = "6:24: resources[0].initialData[0].size: "
			}
			_, err := pretendo.ParseSpec([]byte(spec))
			require.ErrorIs(t, err, pretendo.ErrInvalidSpec)
			assert.Contains(t, err.Error(), want)
			assert.Contains(t, err.Error(), "beyond")
		})
	}
}
