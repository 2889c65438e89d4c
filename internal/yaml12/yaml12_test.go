package yaml12_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/yaml12"
)

func TestToJSONScalars(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		// YAML 1.1 booleans are strings in YAML 1.2.
		{"NO", "v: NO", `{"v":"NO"}`},
		{"off", "v: off", `{"v":"off"}`},
		{"y", "v: y", `{"v":"y"}`},
		{"on", "v: on", `{"v":"on"}`},
		{"yes", "v: yes", `{"v":"yes"}`},
		{"Yes", "v: Yes", `{"v":"Yes"}`},
		{"n", "v: n", `{"v":"n"}`},
		{"core booleans", "[true, True, TRUE, false, False, FALSE]", `[true,true,true,false,false,false]`},
		{"tRUE is a string", "v: tRUE", `{"v":"tRUE"}`},
		// Leading zeros are decimal, not octal.
		{"zip code", "zip: 01234", `{"zip":1234}`},
		{"quoted zip code", `zip: "01234"`, `{"zip":"01234"}`},
		{"single-quoted zip code", `zip: '01234'`, `{"zip":"01234"}`},
		{"0777", "v: 0777", `{"v":777}`},
		{"08 is decimal", "v: 08", `{"v":8}`},
		{"zeros", "[0, 00, -0, +0]", `[0,0,0,0]`},
		{"octal 0o", "v: 0o14", `{"v":12}`},
		{"hex", "v: 0x1F", `{"v":31}`},
		{"hex lower", "v: 0x1f", `{"v":31}`},
		{"negative hex", "v: -0x1F", `{"v":-31}`},
		{"binary", "v: 0b101", `{"v":5}`},
		{"plus sign", "v: +12", `{"v":12}`},
		{"huge integer keeps its digits", "v: 123456789012345678901234567890", `{"v":123456789012345678901234567890}`},
		{"huge hex", "v: 0xFFFFFFFFFFFFFFFFFF", `{"v":4722366482869645213695}`},
		{"0x alone is a string", "v: 0x", `{"v":"0x"}`},
		{"0o8 is a string", "v: 0o8", `{"v":"0o8"}`},
		{"underscores are strings", "v: 1_000", `{"v":"1_000"}`},
		{"sexagesimal is a string", "v: 1:20", `{"v":"1:20"}`},
		{"floats", "[1.5, -2.25, 1e3, 1.e2, .5, 6.02E23, 1e-7, 3.0]", `[1.5,-2.25,1000,100,0.5,6.02e+23,1e-7,3]`},
		{"signed dot float is a string", "v: -.5", `{"v":"-.5"}`},
		{"negative zero float", "v: -0.0", `{"v":0}`},
		{"nulls", "[~, null, Null, NULL, ]", `[null,null,null,null]`},
		{"empty value", "v:", `{"v":null}`},
		{"nUll is a string", "v: nUll", `{"v":"nUll"}`},
		{"timestamp stays as written", "v: 2024-05-01T12:00:00Z", `{"v":"2024-05-01T12:00:00Z"}`},
		{"date stays as written", "v: 2024-05-01", `{"v":"2024-05-01"}`},
		{"block literal", "v: |\n  a\n  b\n", `{"v":"a\nb\n"}`},
		{"folded", "v: >\n  a\n  b\n", `{"v":"a b\n"}`},
		{"quoted true", `v: "true"`, `{"v":"true"}`},
		{"!!str", "v: !!str 01234", `{"v":"01234"}`},
		{"!!int quoted", `v: !!int "12"`, `{"v":12}`},
		{"!!float of an int", "v: !!float 1", `{"v":1}`},
		{"!!bool", "v: !!bool true", `{"v":true}`},
		{"!!null", "v: !!null ~", `{"v":null}`},
		{"!!timestamp", "v: !!timestamp 2001-12-14", `{"v":"2001-12-14"}`},
		{"non-specific tag", "[! 0, &a ! true, ! ~, ! x]", `["0","true","~","x"]`},
		{"non-specific tag after a key", "a: ! 12\nb: !\n  12", `{"a":"12","b":"12"}`},
		{"html characters kept", "v: <a&b>", `{"v":"<a&b>"}`},
		{"unicode", "v: ユーザー", `{"v":"ユーザー"}`},
		{"empty document", "", `null`},
		{"only a comment", "# nothing\n", `null`},
		{"top-level scalar", "42", `42`},
		{"explicit document", "---\na: 1\n...\n", `{"a":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := yaml12.ToJSON([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
			doc, err := yaml12.Decode([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(doc.JSON))
		})
	}
}

func TestToJSONKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"y and on are distinct string keys", "y: 1\non: 2\nn: 3\noff: 4", `{"y":1,"on":2,"n":3,"off":4}`},
		{"number keys as JavaScript strings", "1: a\n1.50: b\n0x1F: c\n02: d\n1e21: e", `{"1":"a","1.5":"b","31":"c","2":"d","1e+21":"e"}`},
		{"null and bool keys", "~: a\ntrue: b", `{"null":"a","true":"b"}`},
		{"order kept", "b: 1\na: 2\nc: 3", `{"b":1,"a":2,"c":3}`},
		{"non-specific tag on a key", "! ~: a", `{"~":"a"}`},
		{"alias as key", "- &k name\n- {*k : 1}", `["name",{"name":1}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := yaml12.ToJSON([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestToJSONAliasesAndMerges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"alias", "a: &x {k: 1}\nb: *x", `{"a":{"k":1},"b":{"k":1}}`},
		{"scalar alias", "a: &x 01234\nb: *x", `{"a":1234,"b":1234}`},
		{"merge", "base: &b {x: 1, y: 2}\nr:\n  <<: *b\n  y: 3\n  z: 4", `{"base":{"x":1,"y":2},"r":{"x":1,"y":3,"z":4}}`},
		{"explicit before merge wins", "base: &b {x: 1, y: 2}\nr:\n  y: 3\n  <<: *b", `{"base":{"x":1,"y":2},"r":{"y":3,"x":1}}`},
		{"merge list: earlier wins", "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nr: {<<: [*a, *b]}", `{"a":{"x":1},"b":{"x":2,"y":2},"r":{"x":1,"y":2}}`},
		{"nested merges", "a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nr: {<<: *b}", `{"a":{"x":1},"b":{"x":1,"y":2},"r":{"x":1,"y":2}}`},
		{"quoted << is a key", `r: {"<<": 1}`, `{"r":{"<<":1}}`},
		{"inline merge", "r: {<<: {x: 1}}", `{"r":{"x":1}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := yaml12.ToJSON([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestToJSONErrors(t *testing.T) {
	t.Parallel()
	deep := "x: " + strings.Repeat("[", yaml12.MaxDepth+1) + strings.Repeat("]", yaml12.MaxDepth+1)
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i, prev := 'b', 'a'; i <= 'j'; i, prev = i+1, i {
		laughs += string(i) + ": &" + string(i) + " [" + strings.Repeat("*"+string(prev)+", ", 9) + "*" + string(prev) + "]\n"
	}
	mergeLaughs := "a0: &a0 {k0: 1, k1: 2}\n"
	for i := 1; i <= 40; i++ {
		p := "a" + itoa(i-1)
		mergeLaughs += "a" + itoa(i) + ": &a" + itoa(i) + " {x: {<<: *" + p + "}, y: {<<: *" + p + "}}\n"
	}
	tests := []struct {
		name, in     string
		err          error
		line, column int
	}{
		{"duplicate key", "a: 1\nb: 2\na: 3", yaml12.ErrDuplicateKey, 3, 1},
		{"duplicate after resolution", "1: a\n01: b", yaml12.ErrDuplicateKey, 2, 1},
		{"duplicate y", "v:\n  y: 1\n  y: 2", yaml12.ErrDuplicateKey, 3, 3},
		{"duplicate in flow", "{a: 1, a: 2}", yaml12.ErrDuplicateKey, 1, 8},
		{"syntax", "a: [1, 2\nb: 3", yaml12.ErrSyntax, 1, 0},
		{"tab indentation", "a:\n\t- b", yaml12.ErrSyntax, 2, 0},
		{"unknown anchor", "a: *nope", yaml12.ErrSyntax, 1, 0},
		{"bad indentation", "r:\n  - name: x\n    fields:\n      - name: y\n     type: z\n", yaml12.ErrSyntax, 5, 0},
		{"dash missing", "r:\n  - a: 1\n  b: 2\n", yaml12.ErrSyntax, 3, 0},
		{"broken second document", "a: 1\n---\nb: [", yaml12.ErrSyntax, 3, 0},
		{"two documents", "a: 1\n---\nb: 2", yaml12.ErrUnsupported, 2, 1},
		{"custom tag", "a: !Ref x", yaml12.ErrUnsupported, 1, 4},
		{"binary tag", "a: !!binary aGk=", yaml12.ErrUnsupported, 1, 4},
		{"bad !!int", "a: !!int x", yaml12.ErrUnsupported, 1, 4},
		{"bad !!bool", "a: !!bool yes", yaml12.ErrUnsupported, 1, 4},
		{"custom tag on a mapping", "a: !thing {x: 1}", yaml12.ErrUnsupported, 1, 4},
		{"mapping as key", "? {a: 1}\n: b", yaml12.ErrUnsupported, 1, 3},
		{"sequence as key", "? [a]\n: b", yaml12.ErrUnsupported, 1, 3},
		{".inf", "max: .inf", yaml12.ErrUnsupported, 1, 6},
		{"-.Inf", "max: -.Inf", yaml12.ErrUnsupported, 1, 6},
		{".nan", "max: .NaN", yaml12.ErrUnsupported, 1, 6},
		{"overflow", "max: 1e400", yaml12.ErrUnsupported, 1, 6},
		{"merge of a scalar", "a: {<<: 1}", yaml12.ErrUnsupported, 1, 9},
		{"self alias", "a: &a [1, *a]", yaml12.ErrAlias, 1, 11},
		{"self merge", "a: &a {x: {<<: *a}}", yaml12.ErrAlias, 1, 16},
		{"billion laughs", laughs, yaml12.ErrAlias, 0, 0},
		{"merge laughs", mergeLaughs, yaml12.ErrAlias, 0, 0},
		{"too deep", deep, yaml12.ErrTooDeep, 1, yaml12.MaxDepth + 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := yaml12.ToJSON([]byte(tt.in))
			require.ErrorIs(t, err, tt.err)
			var ye *yaml12.Error
			require.ErrorAs(t, err, &ye)
			if tt.line > 0 {
				assert.Equal(t, tt.line, ye.Line, err.Error())
				assert.Equal(t, tt.column, ye.Column, err.Error())
			}
			_, err = yaml12.Decode([]byte(tt.in))
			assert.ErrorIs(t, err, tt.err)
		})
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestDuplicateKeyNamesBothLines(t *testing.T) {
	t.Parallel()
	_, err := yaml12.ToJSON([]byte("resources:\n  - name: a\n    name: b\n"))
	require.ErrorIs(t, err, yaml12.ErrDuplicateKey)
	assert.Equal(t, `line 3, column 5: yaml: duplicate key: key "name" repeated (first at line 2, column 5)`, err.Error())
}

func TestSyntaxErrorNamesTheProblemLine(t *testing.T) {
	t.Parallel()
	// go-yaml itself names line 1, where the enclosing block starts.
	_, err := yaml12.ToJSON([]byte("resources:\n  - name: users\n    fields:\n      - {name: id, type: number}\n  bad: [\n"))
	require.ErrorIs(t, err, yaml12.ErrSyntax)
	assert.Equal(t, "line 5: yaml: syntax error: did not find expected '-' indicator", err.Error())
}

func TestDecodePositions(t *testing.T) {
	t.Parallel()
	src := "resources:\n  - name: users\n    fields:\n      - {name: id, type: number}\n      - name: zip\n        typ: string\n"
	doc, err := yaml12.Decode([]byte(src))
	require.NoError(t, err)
	at := func(needle string) (int, int) {
		off := strings.Index(string(doc.JSON), needle)
		require.GreaterOrEqual(t, off, 0, needle)
		return doc.Position(int64(off))
	}
	line, col := at(`"string"`)
	assert.Equal(t, []int{6, 14}, []int{line, col})
	line, col = at(`{"name":"id"`)
	assert.Equal(t, []int{4, 9}, []int{line, col})
	line, col = at(`"users"`)
	assert.Equal(t, []int{2, 11}, []int{line, col})
	line, col = doc.Position(0)
	assert.Equal(t, []int{1, 1}, []int{line, col})
}

func TestDecodeJSONAsItIs(t *testing.T) {
	t.Parallel()
	src := "{\n  \"a\": 01234\n}"
	_, err := yaml12.Decode([]byte(src))
	require.NoError(t, err, "not JSON, so read as YAML")

	src = "{\n  \"ü\": [1,\n   \"x\"]\n}"
	doc, err := yaml12.Decode([]byte(src))
	require.NoError(t, err)
	assert.Equal(t, src, string(doc.JSON))
	off := strings.Index(src, `"x"`)
	line, col := doc.Position(int64(off))
	assert.Equal(t, []int{3, 4}, []int{line, col})
	line, col = doc.Position(int64(strings.Index(src, "[")))
	assert.Equal(t, []int{2, 8}, []int{line, col}, "the column counts characters")
}

func TestErrorWithoutPosition(t *testing.T) {
	t.Parallel()
	e := &yaml12.Error{Err: errors.New("x")}
	assert.Equal(t, "x", e.Error())
	e = &yaml12.Error{Line: 2, Err: errors.New("x")}
	assert.Equal(t, "line 2: x", e.Error())
}
