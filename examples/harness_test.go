package examples_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README harness must catch a wrong output, so it is tested too.

func TestParseReadme(t *testing.T) {
	t.Parallel()
	text := "# T\n\n```console\n$ curl -s localhost:3000/a\nold\nlines\n$ curl -s localhost:3000/b\n```\n\n```sh\n$ curl not-a-call\n```\n"
	doc := parseReadme(text)
	require.Len(t, doc.calls, 2, "only console blocks count")
	assert.Equal(t, readmeCall{line: 4, command: "curl -s localhost:3000/a", output: "old\nlines"}, doc.calls[0])
	assert.Equal(t, readmeCall{line: 7, command: "curl -s localhost:3000/b", output: ""}, doc.calls[1])
	assert.Equal(t, text, doc.withOutputs([]string{"old\nlines", ""}), "unchanged outputs keep the text")
	assert.Equal(t, "# T\n\n```console\n$ curl -s localhost:3000/a\nnew\n$ curl -s localhost:3000/b\n{}\n```\n\n```sh\n$ curl not-a-call\n```\n",
		doc.withOutputs([]string{"new", "{}"}))
}

func TestParseCurl(t *testing.T) {
	t.Parallel()
	c, err := parseCurl(`curl -s -X PATCH http://localhost:3000/users/1 -H 'Content-Type: application/json' -d "{\"name\":\"O'Brien | ü\"}" | jq .`)
	require.NoError(t, err)
	assert.Equal(t, curlCall{
		method: "PATCH", target: "/users/1", body: `{"name":"O'Brien | ü"}`, hasBody: true,
		headers: [][2]string{{"Content-Type", "application/json"}}, prettyJQ: true,
	}, c)

	c, err = parseCurl(`curl -sg -d '{}' localhost:3000`)
	require.NoError(t, err)
	assert.Equal(t, "POST", c.method, "-d implies POST")
	assert.Equal(t, "/", c.target)

	for _, bad := range []string{
		"", "wget localhost:3000/", "curl -s", "curl -L localhost:3000/", "curl example.com/",
		"curl localhost:3000/ | jq .data", "curl 'localhost:3000/", `curl "localhost:3000/`,
		"curl -o out.json localhost:3000/", "curl -X", "curl -H nocolon localhost:3000/",
	} {
		_, err := parseCurl(bad)
		assert.Error(t, err, bad)
	}
}

func TestCurlRun(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		_, _ = w.Write([]byte(`{"b":"x\u0026y","a":[1,2],"e":{}}`))
	}))
	defer ts.Close()
	c, err := parseCurl("curl -s localhost:3000/x | jq")
	require.NoError(t, err)
	out, err := c.run(ts.Client(), ts.URL)
	require.NoError(t, err)
	assert.Equal(t, "{\n  \"b\": \"x&y\",\n  \"a\": [\n    1,\n    2\n  ],\n  \"e\": {}\n}", out, "jq's layout, keys in order")

	c, err = parseCurl(`curl -s -o /dev/null -w '%{http_code}\n' -X DELETE localhost:3000/x`)
	require.NoError(t, err)
	out, err = c.run(ts.Client(), ts.URL)
	require.NoError(t, err)
	assert.Equal(t, "204", out)
}
