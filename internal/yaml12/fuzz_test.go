package yaml12_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
	goyaml "sigs.k8s.io/yaml/goyaml.v3"

	"github.com/pretendo-go/pretendo/internal/yaml12"
)

// yaml11Only matches plain scalars that YAML 1.1 (which YAMLToJSON
// follows) and YAML 1.2 read differently: 1.1 booleans, numbers with
// leading zeros, prefixes, underscores or a colon, special floats,
// timestamps, and forms only one of the two reads as a number.
var yaml11Only = regexp.MustCompile(`^(?i:y|yes|n|no|on|off|true|false|null|~|=|<<)$|^[-+]?0[0-9a-zA-Z]|_|:|^[-+]?\.|^[-+]?[0-9.]+[eE]|^[0-9]{4}-|^[-+]?[0-9]+\.$`)

// ambiguous reports whether n holds anything the two readings may
// disagree on: such a scalar, a tag, a non-string key, an alias used as a
// key, or a merge key.
func ambiguous(n *goyaml.Node, key bool) bool {
	switch n.Kind {
	case goyaml.ScalarNode:
		if n.Style&goyaml.TaggedStyle != 0 {
			return true
		}
		if n.Style == 0 && (yaml11Only.MatchString(n.Value) || n.Value == "") {
			return true
		}
		if key && n.Style == 0 && n.Tag != "!!str" {
			return true
		}
	case goyaml.AliasNode:
		return key || ambiguous(n.Alias, key)
	}
	if n.Style&goyaml.TaggedStyle != 0 {
		return true
	}
	for i, c := range n.Content {
		if ambiguous(c, n.Kind == goyaml.MappingNode && i%2 == 0) {
			return true
		}
	}
	return false
}

func FuzzToJSON(f *testing.F) {
	for _, s := range []string{
		"a: 1\nb: [x, y]\nc: {d: e}\n",
		"resources:\n  - name: users\n    fields:\n      - {name: id, type: number}\n",
		"zip: 01234\nflag: NO\nmode: off\n",
		"a: &x {k: v}\nb: *x\nc: {<<: *x, z: 1}\n",
		"- 1.5\n- -2\n- 'q'\n- \"d\\n\"\n- |\n  lit\n",
		"y: 1\non: 2\n",
		"{\"a\": [1, 2, {\"b\": null}]}",
		"a: !!str 12\nb: 0x1F\nc: 0o17\nd: .inf\n",
		"a: 1\na: 2\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := yaml12.ToJSON(data)
		doc, derr := yaml12.Decode(data)
		if (err == nil) != (derr == nil) {
			t.Fatalf("ToJSON error %v, Decode error %v", err, derr)
		}
		if err != nil {
			return
		}
		if !json.Valid(got) {
			t.Fatalf("invalid JSON %q", got)
		}
		if !bytes.Equal(got, doc.JSON) {
			t.Fatalf("ToJSON %q, Decode %q", got, doc.JSON)
		}
		for off := range doc.JSON {
			if line, col := doc.Position(int64(off)); line < 0 || col < 0 {
				t.Fatalf("position %d:%d", line, col)
			}
		}
		var n goyaml.Node
		if goyaml.Unmarshal(data, &n) != nil || ambiguous(&n, false) || bytes.Contains(data, []byte("\n---")) ||
			strings.HasPrefix(string(data), "---") {
			return
		}
		want, err := yaml.YAMLToJSON(data)
		if err != nil {
			return
		}
		var a, b any
		if json.Unmarshal(got, &a) != nil || json.Unmarshal(want, &b) != nil {
			return
		}
		wa, _ := json.Marshal(a)
		wb, _ := json.Marshal(b)
		if !bytes.Equal(wa, wb) {
			t.Fatalf("%q:\n got  %s\n want %s (YAMLToJSON)", data, wa, wb)
		}
	})
}
