// Package netsim is the stage of a server's chain that simulates a real
// network: latency (options.latency, overridden by a resource's latency and
// a custom route's) and random errors (options.errorSimulation). Both draw
// from one source seeded by options.seed (else the server's random seed),
// so a test run repeats exactly. The admin API and OPTIONS requests are
// never delayed or failed.
package netsim

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/routepath"
	"github.com/pretendo-go/pretendo/schema"
)

// DefaultTrigger is the query parameter that forces a simulated error
// unless options.errorSimulation.queryParamTrigger names another.
const DefaultTrigger = "errorCode"

// Trigger is the query parameter of sp that forces a simulated error.
func Trigger(sp *schema.Spec) string {
	if t := sp.Options.ErrorSimulation.QueryParamTrigger; t != "" {
		return t
	}
	return DefaultTrigger
}

// Config is what the simulation needs of a server.
type Config struct {
	// Spec gives the latency and error settings.
	Spec *schema.Spec
	// Seed seeds the simulation when options.seed is 0; 0 here too picks
	// a random seed.
	Seed int64
	// AdminPath is the path of the admin API, which is never simulated.
	AdminPath string
	// Fail writes the simulated errors.
	Fail httperr.Fail
	// Timer, when set, replaces the real timer of the latency: it returns a
	// channel that receives once d has passed. Tests set it to see each
	// delay and end it when they like; nil waits on time.NewTimer.
	Timer func(d time.Duration) <-chan time.Time
}

// sim holds the settings and the random source of one server.
type sim struct {
	mu      sync.Mutex
	rng     *rand.Rand
	latency schema.Latency
	perRes  map[string]schema.Latency
	// perRoute holds the custom routes with a latency of their own.
	perRoute []routeLatency
	errs     schema.ErrorSimulation
	trigger  string
	admin    string
	fail     httperr.Fail
	timer    func(time.Duration) <-chan time.Time
}

// routeLatency is the latency of one custom route.
type routeLatency struct {
	method  string
	pattern routepath.Pattern
	latency schema.Latency
}

// New returns the simulation stage of c, or a stage that passes requests
// on as they are when the spec simulates nothing.
func New(c Config) func(http.Handler) http.Handler {
	sp := c.Spec
	seed := uint64(sp.Options.Seed)
	if seed == 0 {
		seed = uint64(c.Seed)
	}
	if seed == 0 {
		seed = rand.Uint64()
	}
	n := &sim{
		rng:     rand.New(rand.NewPCG(seed, seed^0x5deece66d)),
		latency: sp.Options.Latency,
		perRes:  make(map[string]schema.Latency),
		errs:    sp.Options.ErrorSimulation,
		trigger: Trigger(sp),
		admin:   c.AdminPath,
		fail:    c.Fail,
		timer:   c.Timer,
	}
	if len(n.errs.StatusCodes) == 0 {
		n.errs.StatusCodes = []int{500, 503, 504}
	}
	for _, res := range sp.Resources {
		if res.Latency != nil {
			n.perRes[res.Name] = *res.Latency
		}
	}
	for _, rt := range sp.Routes {
		if rt.Latency == nil {
			continue
		}
		if rp, err := routepath.Parse(rt.Path); err == nil {
			n.perRoute = append(n.perRoute, routeLatency{method: strings.ToUpper(rt.Method), pattern: rp, latency: *rt.Latency})
		}
	}
	return func(next http.Handler) http.Handler {
		if !n.active() {
			return next
		}
		return n.wrap(next)
	}
}

// active reports whether anything is simulated at all.
func (n *sim) active() bool {
	if n.latency.Enabled || n.errs.Enabled {
		return true
	}
	for _, l := range n.perRes {
		if l.Enabled {
			return true
		}
	}
	for _, rl := range n.perRoute {
		if rl.latency.Enabled {
			return true
		}
	}
	return false
}

// wrap returns next with the simulation in front of it.
func (n *sim) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions || strings.HasPrefix(r.URL.Path, n.admin+"/") || r.URL.Path == n.admin {
			next.ServeHTTP(w, r)
			return
		}
		if d := n.delay(r.Method, r.URL.Path); d > 0 && !n.wait(r.Context(), d) {
			return // the client gave up: free the handler at once
		}
		if n.errs.Enabled {
			if raw := param(r.URL.RawQuery, n.trigger); raw != "" {
				code, err := strconv.Atoi(raw)
				if err != nil || code < 400 || code > 599 {
					n.fail(w, r, httperr.New(http.StatusBadRequest, httperr.CodeInvalidQuery, "invalid query parameter %q: want an HTTP error status from 400 to 599", n.trigger))
					return
				}
				n.fail(w, r, httperr.New(code, httperr.CodeSimulatedError, "simulated error (%s=%d)", n.trigger, code))
				return
			}
			if code, hit := n.randomError(); hit {
				n.fail(w, r, httperr.New(code, httperr.CodeSimulatedError, "simulated error"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// wait waits d, or until ctx ends; it reports whether d passed.
func (n *sim) wait(ctx context.Context, d time.Duration) bool {
	var passed <-chan time.Time
	if n.timer != nil {
		passed = n.timer(d)
	} else {
		t := time.NewTimer(d)
		defer t.Stop()
		passed = t.C
	}
	select {
	case <-passed:
		return true
	case <-ctx.Done():
		return false
	}
}

// param returns the first value of the query parameter name in the raw
// query, as url.Values.Get of url.ParseQuery would give it (pairs that do
// not decode are skipped), without building the values of the other
// parameters: the resource handlers parse the query, once.
func param(raw, name string) string {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, err := url.QueryUnescape(k)
		if err != nil || k != name {
			continue
		}
		if v, err = url.QueryUnescape(v); err == nil {
			return v
		}
	}
	return ""
}

// delay picks the latency of a request: a custom route's own, else its
// resource's, else the global one.
func (n *sim) delay(method, path string) time.Duration {
	l := n.latency
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if rl, ok := n.perRes[first]; ok {
		l = rl
	}
	for _, rl := range n.perRoute {
		if (rl.method == method || method == http.MethodHead && rl.method == http.MethodGet) && rl.pattern.Match(path) {
			l = rl.latency
			break
		}
	}
	if !l.Enabled {
		return 0
	}
	if l.Fixed > 0 || l.Max <= l.Min {
		ms := l.Fixed
		if ms == 0 {
			ms = l.Min
		}
		return time.Duration(ms) * time.Millisecond
	}
	n.mu.Lock()
	ms := l.Min + n.rng.IntN(l.Max-l.Min+1)
	n.mu.Unlock()
	return time.Duration(ms) * time.Millisecond
}

// randomError decides whether a request fails, and with which status.
func (n *sim) randomError() (int, bool) {
	if n.errs.Rate <= 0 {
		return 0, false
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.errs.Rate <= n.rng.Float64() {
		return 0, false
	}
	return n.errs.StatusCodes[n.rng.IntN(len(n.errs.StatusCodes))], true
}
