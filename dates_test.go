package pretendo_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

func TestDatesHaveMilliseconds(t *testing.T) {
	t.Parallel()
	// A clock with nanoseconds: written dates keep milliseconds only, in
	// UTC, as JavaScript's toISOString writes them.
	at := time.Date(2024, 5, 1, 14, 0, 0, 123456789, time.FixedZone("CEST", 2*3600))
	spec := blogSpec(t)
	spec.Options.GenerateData.Enabled = true
	spec.Options.GenerateData.Seed = 7
	spec.Options.GenerateData.Counts = map[string]int{"users": 5}
	_, url := serve(t, spec, pretendo.WithClock(func() time.Time { return at }))

	status, h, body := do(t, http.MethodPost, url+"/users", map[string]any{"email": "ms@example.com", "name": "Ms"})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	rec := data(t, body)
	assert.Equal(t, "2024-05-01T12:00:00.123Z", rec["createdAt"], "$now")
	assert.Equal(t, "2024-05-01T12:00:00.123Z", rec["updatedAt"])

	status, _, body = do(t, http.MethodPatch, url+h.Get("Location"), map[string]any{"name": "Ms 2"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, "2024-05-01T12:00:00.123Z", data(t, body)["updatedAt"], "updatedAt refreshed")

	// Generated dates use the same form.
	status, _, body = do(t, http.MethodGet, url+"/users?perPage=100", nil)
	require.Equal(t, http.StatusOK, status)
	generated := 0
	for _, r := range body["data"].([]any) {
		u := r.(map[string]any)
		if u["id"].(float64) <= 3 || u["email"] == "ms@example.com" {
			continue // the spec's data, written as given, and the one created
		}
		generated++
		assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`, u["createdAt"])
	}
	assert.Equal(t, 5, generated)
}
