package yaml12

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEncodeJSONReadsBackTheSameJSON(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"scalars":   `{"b":1,"a":"on","f":"yes","n":"NO","y":"y","x":"1.0","d":"2024-01-01","h":"#x","e":"","z":null,"t":true,"big":1.5e300}`,
		"nested":    `{"paths":{"/users/{id}":{"get":{"responses":{"200":{"description":"ok"}}}}},"list":[1,"two",[3],{"four":4}]}`,
		"multiline": `{"description":"first line\nsecond line\n"}`,
		"array":     `[{"a":1},{"b":[]},{}]`,
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out, err := EncodeJSON([]byte(in))
			require.NoError(t, err)
			doc, err := Decode(out)
			require.NoError(t, err, "%s", out)
			var want, got any
			require.NoError(t, json.Unmarshal([]byte(in), &want))
			require.NoError(t, json.Unmarshal(doc.JSON, &got))
			assert.Equal(t, want, got, "%s", out)
		})
	}
}

func TestEncodeJSONKeepsKeyOrderAndQuotesOldBooleans(t *testing.T) {
	t.Parallel()
	out, err := EncodeJSON([]byte(`{"z":1,"a":"on","m":"off"}`))
	require.NoError(t, err)
	assert.Equal(t, "z: 1\na: \"on\"\nm: \"off\"\n", string(out))
}

func TestEncodeJSONRefusesBrokenJSON(t *testing.T) {
	t.Parallel()
	_, err := EncodeJSON([]byte(`{"a":`))
	assert.Error(t, err)
}
