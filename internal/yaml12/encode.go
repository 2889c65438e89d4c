package yaml12

import (
	"bytes"
	"fmt"

	yaml "sigs.k8s.io/yaml/goyaml.v3"
)

// EncodeJSON writes the JSON text data as a YAML document in block style,
// keeping the order of object keys. Strings that a YAML reader would take
// for another type (true, on, 1.0, null) are quoted, so the document reads
// back, by YAML 1.2 rules and by older readers alike, as the same JSON.
func EncodeJSON(data []byte) ([]byte, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, fmt.Errorf("yaml: encoding: %w", err)
	}
	block(&n)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, fmt.Errorf("yaml: encoding: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("yaml: encoding: %w", err)
	}
	return b.Bytes(), nil
}

// block clears the flow and quoting styles the JSON text gave n and its
// children, so the encoder writes block collections and plain scalars
// wherever that reads back the same.
func block(n *yaml.Node) {
	n.Style = 0
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && oldBools[n.Value] {
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		block(c)
	}
}

// oldBools are the strings YAML 1.1 reads as booleans, which the encoder
// would write plain.
var oldBools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
}
