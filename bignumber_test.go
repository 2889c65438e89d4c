package pretendo_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// rawGet returns the body of a GET that must answer 200, as sent.
func rawGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	return string(body)
}

// rawSend sends body and returns the status and the answer as sent.
func rawSend(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(raw)
}

// bigFields are undeclared fields holding integers a float64 cannot hold
// exactly, as a client sends them and as they must come back.
var bigFields = []string{
	`"big":9007199254740993`,
	`"neg":-9007199254740993`,
	`"huge":123456789012345678901234567890`,
	`"nested":{"ids":[18446744073709551615,1]}`,
}

// TestBigIntegersStayExact: integers beyond 2^53 in undeclared fields are
// stored, answered, saved, reloaded and restored digit for digit.
func TestBigIntegersStayExact(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := func() *pretendo.Spec { return docsSpec(t, dir, "") }
	srv, base := serve(t, spec())

	requireExact := func(t *testing.T, text, where string) {
		t.Helper()
		for _, f := range bigFields {
			assert.Contains(t, text, f, where)
		}
	}
	status, body := rawSend(t, http.MethodPost, base+"/docs", `{"title":"big",`+strings.Join(bigFields, ",")+`}`)
	require.Equal(t, http.StatusCreated, status, body)
	requireExact(t, body, "POST answer")
	requireExact(t, rawGet(t, base+"/docs/1"), "GET by id")
	requireExact(t, rawGet(t, base+"/docs"), "GET list")

	// Queries on the field compare the digits exactly.
	status, body = rawSend(t, http.MethodPost, base+"/docs", `{"title":"near","big":9007199254740992}`)
	require.Equal(t, http.StatusCreated, status, body)
	for query, want := range map[string][]any{
		"big=9007199254740993":      {1.0},
		"big=9007199254740992":      {2.0},
		"big[gt]=9007199254740992":  {1.0},
		"big[lte]=9007199254740992": {2.0},
		"big[ne]=9007199254740993":  {2.0},
		"sortBy=-big":               {1.0, 2.0},
		"sortBy=big":                {2.0, 1.0},
		"huge[gt]=1e29":             {1.0},
	} {
		assert.Equal(t, want, pluck(list(t, get(t, base+"/docs?"+query)), "id"), query)
	}
	status, body = rawSend(t, http.MethodDelete, base+"/docs/2", "")
	require.Equal(t, http.StatusNoContent, status, body)
	status, body = rawSend(t, http.MethodPatch, base+"/docs/1", `{"title":"patched"}`)
	require.Equal(t, http.StatusOK, status, body)
	requireExact(t, body, "PATCH answer")
	status, body = rawSend(t, http.MethodPost, base+"/docs/1/notes", `{"ref":9007199254740995}`)
	require.Equal(t, http.StatusCreated, status, body)
	assert.Contains(t, body, `"ref":9007199254740995`)

	// Typed access into an int64 sees the exact value too.
	type doc struct {
		Big int64 `json:"big"`
	}
	got, err := pretendo.Collection[doc](srv, "docs").Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, int64(9007199254740993), got.Big)

	// The file holds the digits, and they load back.
	require.NoError(t, srv.Snapshot(context.Background(), "big"))
	require.NoError(t, srv.Close())
	file, err := os.ReadFile(filepath.Join(dir, "db.json"))
	require.NoError(t, err)
	for _, f := range bigFields {
		assert.Contains(t, strings.NewReplacer(" ", "", "\n", "").Replace(string(file)), f, "db.json")
	}
	srv, base = serve(t, spec())
	requireExact(t, rawGet(t, base+"/docs/1"), "after a restart")

	// And so does a snapshot file.
	status, body = rawSend(t, http.MethodDelete, base+"/docs/1", "")
	require.Equal(t, http.StatusNoContent, status, body)
	require.NoError(t, srv.Restore(context.Background(), "big"))
	requireExact(t, rawGet(t, base+"/docs/1"), "after a restore")
}

// TestBigIntegersInDeclaredNumberFields: a number or integer field holds
// what a float64 holds, so an integer beyond it is refused, not rounded.
func TestBigIntegersInDeclaredNumberFields(t *testing.T) {
	t.Parallel()
	_, base := serve(t, parseSpec(t, `
resources:
  - name: items
    fields:
      - { name: id, type: number }
      - { name: size, type: number }
      - { name: count, type: integer }
`))
	for _, field := range []string{"size", "count"} {
		for _, n := range []string{"9007199254740993", "-123456789012345678901234567890"} {
			status, body := rawSend(t, http.MethodPost, base+"/items", fmt.Sprintf(`{%q:%s}`, field, n))
			require.Equal(t, http.StatusUnprocessableEntity, status, body)
			assert.Contains(t, body, `"field":"`+field+`","code":"type"`)
			assert.Contains(t, body, "float64 holds exactly")
		}
	}
	status, body := rawSend(t, http.MethodPost, base+"/items", `{"id":9007199254740993}`)
	require.Equal(t, http.StatusUnprocessableEntity, status, body)
	assert.Contains(t, body, `"field":"id"`)
	// Integers a float64 holds exactly are fine, whatever their size.
	status, body = rawSend(t, http.MethodPost, base+"/items", `{"size":9007199254740994,"count":9007199254740991}`)
	require.Equal(t, http.StatusCreated, status, body)
	assert.Contains(t, body, `"size":9007199254740994`)
	assert.Len(t, list(t, get(t, base+"/items")), 1, "the refused writes stored nothing")
}
