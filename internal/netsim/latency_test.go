package netsim_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/internal/netsim"
	"github.com/pretendo-go/pretendo/schema"
)

// clock hands the delays the stage asks for to the test, which ends each
// when it likes.
type clock struct {
	waits chan wait
}

// wait is one delay: its length, and the channel that ends it.
type wait struct {
	d    time.Duration
	fire chan time.Time
}

func newClock() *clock { return &clock{waits: make(chan wait, 10)} }

func (c *clock) timer(d time.Duration) <-chan time.Time {
	w := wait{d: d, fire: make(chan time.Time, 1)}
	c.waits <- w
	return w.fire
}

// latencyStage is the stage of a spec where everything waits a minute but
// fast (1 ms), off (none), slow (30 to 40 ms), the route /health (none) and
// the route /slowpoke/:id (30 ms).
func latencyStage(c *clock, next http.Handler) http.Handler {
	sp := &schema.Spec{
		Resources: []schema.Resource{
			{Name: "fast", Latency: &schema.Latency{Enabled: true, Fixed: 1}},
			{Name: "off", Latency: &schema.Latency{Enabled: false}},
			{Name: "slow", Latency: &schema.Latency{Enabled: true, Min: 30, Max: 40}},
		},
		Routes: []schema.Route{
			{Path: "/health", Method: "get", Latency: &schema.Latency{Enabled: false}},
			{Path: "/slowpoke/:id", Method: "get", Latency: &schema.Latency{Enabled: true, Fixed: 30}},
		},
	}
	sp.Options.Latency = schema.Latency{Enabled: true, Fixed: 60_000}
	return netsim.New(netsim.Config{Spec: sp, Seed: 1, AdminPath: "/admin", Fail: fail, Timer: c.timer})(next)
}

// serve starts serving one request; done is closed when the handler
// returns.
func serve(h http.Handler, req *http.Request) (*httptest.ResponseRecorder, <-chan struct{}) {
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(rec, req)
	}()
	return rec, done
}

// within fails the test unless ch delivers within a minute.
func within[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Minute): // a bound on failure, not a wait
		t.Fatalf("not within a minute: %s", what)
	}
	var zero T
	return zero
}

func TestLatencyOnTheClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, target string
		min, max             time.Duration // 0: not delayed
	}{
		{"global", http.MethodGet, "/users/1", time.Minute, time.Minute},
		{"resource override", http.MethodGet, "/fast/1", time.Millisecond, time.Millisecond},
		{"a resource turns latency off", http.MethodGet, "/off/1", 0, 0},
		{"uniform between min and max", http.MethodGet, "/slow/1", 30 * time.Millisecond, 40 * time.Millisecond},
		{"route turns latency off", http.MethodGet, "/health", 0, 0},
		{"route latency beats the rest", http.MethodGet, "/slowpoke/7", 30 * time.Millisecond, 30 * time.Millisecond},
		{"HEAD takes the GET route's", http.MethodHead, "/slowpoke/7", 30 * time.Millisecond, 30 * time.Millisecond},
		{"OPTIONS is never delayed", http.MethodOptions, "/users", 0, 0},
		{"the admin API is never delayed", http.MethodGet, "/admin/snapshots", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newClock()
			rec, done := serve(latencyStage(c, okHandler), httptest.NewRequest(tt.method, tt.target, nil))
			if tt.max == 0 {
				within(t, done, "the answer")
				assert.Empty(t, c.waits, "no delay asked for")
				assert.Equal(t, http.StatusOK, rec.Code)
				return
			}
			w := within(t, c.waits, "the delay")
			assert.GreaterOrEqual(t, w.d, tt.min)
			assert.LessOrEqual(t, w.d, tt.max)
			select {
			case <-done:
				t.Fatal("answered before the delay ended")
			default: // the handler waits on the test's channel
			}
			w.fire <- time.Now()
			within(t, done, "the answer after the delay")
			assert.Equal(t, http.StatusOK, rec.Code)
		})
	}
}

func TestLatencyCancellationFreesTheHandler(t *testing.T) {
	t.Parallel()
	c := newClock()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reached := make(chan struct{}, 1)
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached <- struct{}{} })
	_, done := serve(latencyStage(c, next), httptest.NewRequest(http.MethodGet, "/users/1", nil).WithContext(ctx))
	require.Equal(t, time.Minute, within(t, c.waits, "the delay").d)
	cancel() // the client gives up in the middle of the minute
	within(t, done, "the handler's return")
	assert.Empty(t, reached, "a client that is gone gets nothing")
}
