package pretendo_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// tagsSpec has one resource with a generated number id.
const tagsSpec = `
resources:
  - name: tags
    fields:
      - { name: id, type: number }
      - { name: label, type: string }
`

// The bounds of number ids: a client may send any whole number from
// -(2^53-1) to 2^53-2, so that the id generated after the largest still
// fits in a JSON number (2^53-1).
const (
	largestSentID      = 9007199254740990
	largestGeneratedID = 9007199254740991
)

func TestClientIDsLeaveRoomForTheNextID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		id     any
		status int
		code   string // of the 422's detail on id
	}{
		{"2^53-1", float64(largestGeneratedID), http.StatusUnprocessableEntity, "max"},
		{"2^53", float64(1 << 53), http.StatusUnprocessableEntity, "max"},
		{"1e300", 1e300, http.StatusUnprocessableEntity, "max"},
		{"-2^53", -float64(1 << 53), http.StatusUnprocessableEntity, "min"},
		{"a fraction", 1.5, http.StatusUnprocessableEntity, "type"},
		{"2^53-2", float64(largestSentID), http.StatusCreated, ""},
		{"-(2^53-1)", -float64(largestGeneratedID), http.StatusCreated, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, base := serve(t, parseSpec(t, tagsSpec))
			status, _, body := do(t, http.MethodPost, base+"/tags", map[string]any{"id": tt.id})
			require.Equal(t, tt.status, status, "%v", body)
			if tt.code != "" {
				assert.Equal(t, map[string][]string{"id": {tt.code}}, detailCodes(body))
				assert.Contains(t, errMessage(body)+detailMessages(body), "9007199254740990", "the message gives the real bound")
			}
			// Whatever was sent, the next generated id is answered.
			status, _, body = do(t, http.MethodPost, base+"/tags", map[string]any{"label": "next"})
			require.Equal(t, http.StatusCreated, status, "%v", body)
		})
	}
}

func TestIDsRunOutWithAClearAnswer(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, parseSpec(t, tagsSpec))
	status, _, body := do(t, http.MethodPost, base+"/tags", map[string]any{"id": float64(largestSentID)})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	status, _, body = do(t, http.MethodPost, base+"/tags", map[string]any{})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, float64(largestGeneratedID), data(t, body)["id"])

	exhausted(t, base)
	status, _, body = do(t, http.MethodPost, base+"/tags", map[string]any{"id": 7})
	assert.Equal(t, http.StatusCreated, status, "a client id still works: %v", body)

	tags := pretendo.Collection[map[string]any](srv, "tags")
	_, err := tags.Create(t.Context(), map[string]any{})
	assert.ErrorIs(t, err, pretendo.ErrConflict)
}

// exhausted checks that a POST without an id to /tags answers a 409 that
// says why and what to do, and stores nothing.
func exhausted(t *testing.T, base string) {
	t.Helper()
	before := len(allIDs(t, base, "tags"))
	status, _, body := do(t, http.MethodPost, base+"/tags", map[string]any{"label": "x"})
	require.Equal(t, http.StatusConflict, status, "%v", body)
	assert.Equal(t, "CONFLICT", errCode(body))
	msg := errMessage(body) + detailMessages(body)
	assert.Contains(t, msg, "9007199254740991")
	assert.Contains(t, msg, "send an id")
	assert.Len(t, allIDs(t, base, "tags"), before)
}

func TestStoredIDAtTheBound(t *testing.T) {
	t.Parallel()
	t.Run("json-file", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "db.json")
		require.NoError(t, os.WriteFile(path, []byte(`{"tags": [{"id": 9007199254740991, "label": "top"}]}`), 0o644))
		spec := parseSpec(t, tagsSpec+`
options:
  database: { adapter: json-file, dbPath: `+path+`, saveInterval: 0 }
`)
		_, base := serve(t, spec)
		exhausted(t, base)
		status, _, body := do(t, http.MethodPost, base+"/tags", map[string]any{"id": 2})
		assert.Equal(t, http.StatusCreated, status, "%v", body)
	})
	t.Run("snapshot", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		snap := `{"name": "top", "description": "", "createdAt": "2025-01-01T00:00:00Z", "counters": {"tags": 9007199254740991}, "data": {"tags": []}}`
		require.NoError(t, os.WriteFile(filepath.Join(dir, "top.json"), []byte(snap), 0o644))
		spec := parseSpec(t, tagsSpec+`
options:
  database: { snapshots: { enabled: true, directory: `+dir+` } }
`)
		srv, base := serve(t, spec)
		require.NoError(t, srv.Restore(t.Context(), "top"))
		exhausted(t, base)
	})
}

// detailMessages joins the messages of an error's details.
func detailMessages(body map[string]any) string {
	var b strings.Builder
	details, _ := body["details"].([]any)
	for _, d := range details {
		m, _ := d.(map[string]any)
		msg, _ := m["message"].(string)
		b.WriteString(" " + msg)
	}
	return b.String()
}
