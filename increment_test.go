package pretendo_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// ticketsSpec has a number field whose default is $increment.
const ticketsSpec = `
resources:
  - name: tickets
    fields:
      - { name: id, type: number }
      - { name: seq, type: number, defaultValue: $increment }
      - { name: label, type: string }
`

// TestIncrementStaysExact checks that a $increment field is bounded as
// number ids are: a client may send a whole number from -(2^53-1) to
// 2^53-2, and once the largest value is 2^53-1 a write that needs the next
// one is a 422 naming the field, never an inexact number.
func TestIncrementStaysExact(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		seq  any
		code string // of the 422's detail on seq; "" for a 201
	}{
		{"2^53-1", float64(largestGeneratedID), "max"},
		{"2^53", float64(1 << 53), "max"},
		{"1e300", 1e300, "max"},
		{"-2^53", -float64(1 << 53), "min"},
		{"2^53-2", float64(largestSentID), ""},
		{"-(2^53-1)", -float64(largestGeneratedID), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, base := serve(t, parseSpec(t, ticketsSpec))
			status, _, body := do(t, http.MethodPost, base+"/tickets", map[string]any{"seq": tt.seq})
			if tt.code == "" {
				require.Equal(t, http.StatusCreated, status, "%v", body)
				return
			}
			require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
			assert.Equal(t, map[string][]string{"seq": {tt.code}}, detailCodes(body))
			assert.Contains(t, detailMessages(body), "9007199254740990", "the message gives the real bound")
			// The same bound holds on PUT and PATCH.
			status, _, body = do(t, http.MethodPost, base+"/tickets", map[string]any{"label": "ok"})
			require.Equal(t, http.StatusCreated, status, "%v", body)
			status, _, body = do(t, http.MethodPatch, base+"/tickets/1", map[string]any{"seq": tt.seq})
			require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
			assert.Equal(t, map[string][]string{"seq": {tt.code}}, detailCodes(body))
			status, _, body = do(t, http.MethodPut, base+"/tickets/1", map[string]any{"seq": tt.seq})
			require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
			assert.Equal(t, []any{1.0}, pluck(list(t, get(t, base+"/tickets")), "seq"), "nothing changed")
		})
	}

	t.Run("running out", func(t *testing.T) {
		t.Parallel()
		srv, base := serve(t, parseSpec(t, ticketsSpec))
		status, _, body := do(t, http.MethodPost, base+"/tickets", map[string]any{"seq": float64(largestSentID)})
		require.Equal(t, http.StatusCreated, status, "%v", body)
		status, _, body = do(t, http.MethodPost, base+"/tickets", map[string]any{})
		require.Equal(t, http.StatusCreated, status, "%v", body)
		assert.Equal(t, float64(largestGeneratedID), data(t, body)["seq"], "the last exact value is handed out")

		status, _, body = do(t, http.MethodPost, base+"/tickets", map[string]any{"label": "one too many"})
		require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
		assert.Equal(t, map[string][]string{"seq": {"exhausted"}}, detailCodes(body))
		assert.Contains(t, detailMessages(body), "9007199254740991")
		status, _, body = do(t, http.MethodPut, base+"/tickets/1", map[string]any{"label": "needs a seq"})
		require.Equal(t, http.StatusUnprocessableEntity, status, "PUT applies defaults again: %v", body)
		assert.Len(t, list(t, get(t, base+"/tickets")), 2, "nothing stored")

		status, _, body = do(t, http.MethodPost, base+"/tickets", map[string]any{"seq": 3})
		assert.Equal(t, http.StatusCreated, status, "a sent value still works: %v", body)
		_, err := pretendo.Collection[map[string]any](srv, "tickets").Create(t.Context(), map[string]any{})
		assert.ErrorIs(t, err, pretendo.ErrValidation)
	})

	t.Run("a stored value beyond the bounds", func(t *testing.T) {
		t.Parallel()
		// A database file may hold what a client may not send; generating
		// after it would be inexact.
		db := filepath.Join(t.TempDir(), "db.json")
		require.NoError(t, os.WriteFile(db, []byte(`{"tickets": [{"id": 1, "seq": 1e20}]}`), 0o644))
		_, base := serve(t, parseSpec(t, ticketsSpec+"options: { database: { adapter: json-file, dbPath: "+strconv.Quote(db)+" } }\n"))
		status, _, body := do(t, http.MethodPost, base+"/tickets", map[string]any{})
		require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
		assert.Equal(t, map[string][]string{"seq": {"exhausted"}}, detailCodes(body))
		status, _, body = do(t, http.MethodPatch, base+"/tickets/1", map[string]any{"label": "x"})
		assert.Equal(t, http.StatusOK, status, "the stored value does not block other changes: %v", body)
	})

	t.Run("integer fields name their bounds", func(t *testing.T) {
		t.Parallel()
		_, base := serve(t, parseSpec(t, ticketsSpec+"      - { name: count, type: integer }\n"))
		status, _, body := do(t, http.MethodPost, base+"/tickets", map[string]any{"count": float64(1 << 53)})
		require.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
		assert.Equal(t, map[string][]string{"count": {"type"}}, detailCodes(body))
		assert.Contains(t, detailMessages(body), "from -9007199254740991 to 9007199254740991")
	})

	t.Run("spec data beyond the bounds", func(t *testing.T) {
		t.Parallel()
		_, err := pretendo.Open(parseSpec(t, ticketsSpec+"data:\n  tickets: [ { id: 1, seq: 1e20 } ]\n"))
		require.ErrorIs(t, err, pretendo.ErrValidation)
		assert.Contains(t, err.Error(), "data.tickets[0]")
		assert.Contains(t, err.Error(), "seq must be a whole number from -9007199254740991 to 9007199254740990")
	})
}
