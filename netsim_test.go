package pretendo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/schema"
)

// netsimSpec has two resources; tests set the simulation options.
const netsimSpec = `
resources:
  - name: fast
    fields: [ { name: id, type: number } ]
  - name: slow
    fields: [ { name: id, type: number } ]
data:
  fast: [ { id: 1 } ]
  slow: [ { id: 1 } ]
`

// netsimServer opens netsimSpec after change has set its options.
func netsimServer(t *testing.T, change func(*pretendo.Spec), opts ...pretendo.Option) *pretendo.Server {
	t.Helper()
	spec := parseSpec(t, netsimSpec)
	change(spec)
	srv, err := pretendo.Open(spec, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// statuses sends n GET requests to path and returns their statuses.
func statuses(srv http.Handler, path string, n int) []int {
	out := make([]int, n)
	for i := range out {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		out[i] = rec.Code
	}
	return out
}

func TestErrorSimulationRepeats(t *testing.T) {
	t.Parallel()
	simulate := func(seed int64) func(*pretendo.Spec) {
		return func(s *pretendo.Spec) {
			s.Options.Seed = seed
			s.Options.ErrorSimulation = schema.ErrorSimulation{Enabled: true, Rate: 0.5, StatusCodes: []int{500, 503}}
		}
	}
	a := statuses(netsimServer(t, simulate(42)), "/fast/1", 200)
	b := statuses(netsimServer(t, simulate(42)), "/fast/1", 200)
	c := statuses(netsimServer(t, simulate(43)), "/fast/1", 200)
	assert.Equal(t, a, b, "the same seed fails the same requests with the same statuses")
	assert.NotEqual(t, a, c, "another seed, another run")
	counts := map[int]int{}
	for _, s := range a {
		counts[s]++
	}
	assert.Len(t, counts, 3, "successes and both error statuses: %v", counts)
	assert.InDelta(t, 100, counts[200], 30, "about half fail: %v", counts)

	// Without options.seed, WithRandSeed seeds the simulation.
	noSeed := simulate(0)
	d := statuses(netsimServer(t, noSeed, pretendo.WithRandSeed(7)), "/fast/1", 100)
	e := statuses(netsimServer(t, noSeed, pretendo.WithRandSeed(7)), "/fast/1", 100)
	assert.Equal(t, d, e)
}

func TestErrorSimulationAnswers(t *testing.T) {
	t.Parallel()
	always := netsimServer(t, func(s *pretendo.Spec) {
		s.Options.ErrorSimulation = schema.ErrorSimulation{Enabled: true, Rate: 1, StatusCodes: []int{504}}
	})
	assert.Equal(t, []int{504, 504, 504}, statuses(always, "/slow", 3))
	rec := httptest.NewRecorder()
	always.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/fast/1", nil))
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	assert.Equal(t, map[string]any{"status": 504.0, "code": "SIMULATED_ERROR", "message": "simulated error"}, body)
	assert.Equal(t, []int{200}, statuses(always, "/admin/stats", 1), "the admin API is never simulated")
	rec = httptest.NewRecorder()
	always.ServeHTTP(rec, httptest.NewRequest(http.MethodOptions, "/fast", nil))
	assert.Equal(t, http.StatusNoContent, rec.Code, "preflights are never simulated")

	trigger := netsimServer(t, func(s *pretendo.Spec) {
		s.Options.ErrorSimulation = schema.ErrorSimulation{Enabled: true}
	})
	custom := netsimServer(t, func(s *pretendo.Spec) {
		s.Options.ErrorSimulation = schema.ErrorSimulation{Enabled: true, QueryParamTrigger: "fail"}
	})
	off := netsimServer(t, func(*pretendo.Spec) {})
	tests := []struct {
		name   string
		srv    *pretendo.Server
		path   string
		status int
		code   string
	}{
		{name: "forced 503", srv: trigger, path: "/fast/1?errorCode=503", status: 503, code: "SIMULATED_ERROR"},
		{name: "forced on a list", srv: trigger, path: "/fast?errorCode=429", status: 429, code: "SIMULATED_ERROR"},
		{name: "forced on an unknown path", srv: trigger, path: "/nope?errorCode=500", status: 500, code: "SIMULATED_ERROR"},
		{name: "empty is ignored", srv: trigger, path: "/fast/1?errorCode=", status: 200},
		{name: "not a number", srv: trigger, path: "/fast/1?errorCode=abc", status: 400, code: "INVALID_QUERY"},
		{name: "a success status", srv: trigger, path: "/fast/1?errorCode=200", status: 400, code: "INVALID_QUERY"},
		{name: "beyond 599", srv: trigger, path: "/fast/1?errorCode=600", status: 400, code: "INVALID_QUERY"},
		{name: "huge", srv: trigger, path: "/fast/1?errorCode=99999999999999999999999", status: 400, code: "INVALID_QUERY"},
		{name: "negative", srv: trigger, path: "/fast/1?errorCode=-503", status: 400, code: "INVALID_QUERY"},
		{name: "unicode digits", srv: trigger, path: "/fast/1?errorCode=%EF%BC%95%EF%BC%90%EF%BC%93", status: 400, code: "INVALID_QUERY"},
		{name: "custom trigger", srv: custom, path: "/fast/1?fail=502", status: 502, code: "SIMULATED_ERROR"},
		{name: "default trigger is a plain parameter then", srv: custom, path: "/fast/1?errorCode=502", status: 400, code: "INVALID_QUERY"},
		{name: "a filter on a list then", srv: custom, path: "/fast?errorCode=502", status: 200},
		{name: "simulation off ignores the trigger", srv: off, path: "/fast/1?errorCode=503", status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tt.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
			require.Equal(t, tt.status, rec.Code, "%s", rec.Body)
			if tt.code != "" {
				var body map[string]any
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
				assert.Equal(t, tt.code, body["code"])
				assert.Equal(t, float64(tt.status), body["status"])
			}
		})
	}
}

// serveWithin serves one GET of path with a context that ends after
// limit, and reports the status and whether the handler returned within
// grace of that.
func serveWithin(srv http.Handler, path string, limit, grace time.Duration) (int, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil).WithContext(ctx))
	}()
	select {
	case <-done:
		return rec.Code, true
	case <-time.After(limit + grace):
		<-done // the handler must end eventually; the caller reports the miss
		return rec.Code, false
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	// The global latency is a minute; fast overrides it with 1 ms.
	srv := netsimServer(t, func(s *pretendo.Spec) {
		s.Options.Latency = schema.Latency{Enabled: true, Fixed: 60_000}
		s.Resource("fast").Latency = &schema.Latency{Enabled: true, Fixed: 1}
	})
	t.Run("resource override", func(t *testing.T) {
		status, ok := serveWithin(srv, "/fast/1", 10*time.Second, 0)
		assert.True(t, ok, "fast answers long before the global minute")
		assert.Equal(t, http.StatusOK, status)
	})
	t.Run("cancellation frees the handler", func(t *testing.T) {
		start := time.Now()
		_, ok := serveWithin(srv, "/slow/1", 50*time.Millisecond, 10*time.Second)
		assert.True(t, ok, "the handler returned when the client gave up")
		assert.Less(t, time.Since(start), 30*time.Second)
	})

	off := netsimServer(t, func(s *pretendo.Spec) {
		s.Options.Latency = schema.Latency{Enabled: true, Fixed: 60_000}
		s.Resource("fast").Latency = &schema.Latency{Enabled: false}
	})
	t.Run("a resource turns latency off", func(t *testing.T) {
		status, ok := serveWithin(off, "/fast/1", 10*time.Second, 0)
		assert.True(t, ok)
		assert.Equal(t, http.StatusOK, status)
	})

	only := netsimServer(t, func(s *pretendo.Spec) {
		s.Resource("slow").Latency = &schema.Latency{Enabled: true, Min: 30, Max: 40}
	})
	t.Run("uniform latency is at least min", func(t *testing.T) {
		for range 3 {
			start := time.Now()
			status, ok := serveWithin(only, "/slow/1", 10*time.Second, 0)
			assert.True(t, ok)
			assert.Equal(t, http.StatusOK, status)
			assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
		}
		status, ok := serveWithin(only, "/fast/1", 10*time.Second, 0)
		assert.True(t, ok, "a resource without latency is not delayed")
		assert.Equal(t, http.StatusOK, status)
	})
}

func TestRouteLatencyOverridesTheRest(t *testing.T) {
	t.Parallel()
	// Everything waits a minute, but the custom route answers at once and
	// another waits at least 30 ms.
	srv := netsimServer(t, func(s *pretendo.Spec) {
		s.Options.Latency = schema.Latency{Enabled: true, Fixed: 60_000}
		s.Routes = []schema.Route{
			{Path: "/health", Method: "get", Response: map[string]any{"ok": true}, Latency: &schema.Latency{Enabled: false}},
			{Path: "/slowpoke/:id", Method: "get", Response: map[string]any{"id": "{id}"}, Latency: &schema.Latency{Enabled: true, Fixed: 30}},
		}
	})
	status, ok := serveWithin(srv, "/health", 10*time.Second, 0)
	assert.True(t, ok, "the route's own latency (off) beats the global minute")
	assert.Equal(t, http.StatusOK, status)
	start := time.Now()
	status, ok = serveWithin(srv, "/slowpoke/7", 10*time.Second, 0)
	assert.True(t, ok)
	assert.Equal(t, http.StatusOK, status)
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
	start = time.Now()
	_, ok = serveWithin(srv, "/fast/1", 50*time.Millisecond, 10*time.Second)
	assert.True(t, ok)
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond,
		"a resource route still waits the global minute, until its client gives up")
}

// Make a seeded share of requests fail, and force one with ?errorCode=.
func ExampleOptions_errorSimulation() {
	spec, err := pretendo.ParseSpec([]byte(netsimSpec + `
options:
  seed: 42
  errorSimulation: { enabled: true, rate: 0.25, statusCodes: [503] }
`))
	if err != nil {
		panic(err)
	}
	srv := pretendo.New(spec)
	defer srv.Close()
	fmt.Println(statuses(srv, "/fast/1", 8))
	fmt.Println(statuses(srv, "/fast/1?errorCode=418", 1))
	// Output:
	// [200 200 200 200 503 503 200 200]
	// [418]
}
