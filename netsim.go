package pretendo

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pretendo-go/pretendo/internal/routepath"
	"github.com/pretendo-go/pretendo/schema"
)

// CodeSimulatedError is the code of responses made by error simulation.
const CodeSimulatedError = "SIMULATED_ERROR"

// netsim simulates a real network: latency (options.latency, overridden by
// a resource's latency) and random errors (options.errorSimulation). Both
// draw from one source seeded by options.seed (else WithRandSeed), so a
// test run repeats exactly.
type netsim struct {
	mu      sync.Mutex
	rng     *rand.Rand
	latency schema.Latency
	perRes  map[string]schema.Latency
	// perRoute holds the custom routes with a latency of their own.
	perRoute []routeLatency
	errs     schema.ErrorSimulation
	trigger  string
	admin    string
}

func newNetsim(sp *Spec, cfg config, adminPath string) *netsim {
	seed := uint64(sp.Options.Seed)
	if seed == 0 {
		seed = uint64(cfg.randSeed)
	}
	if seed == 0 {
		seed = rand.Uint64()
	}
	n := &netsim{
		rng:     rand.New(rand.NewPCG(seed, seed^0x5deece66d)),
		latency: sp.Options.Latency,
		perRes:  make(map[string]schema.Latency),
		errs:    sp.Options.ErrorSimulation,
		trigger: errorTrigger(sp),
		admin:   adminPath,
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
	return n
}

// routeLatency is the latency of one custom route.
type routeLatency struct {
	method  string
	pattern routepath.Pattern
	latency schema.Latency
}

// active reports whether anything is simulated at all.
func (n *netsim) active() bool {
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
func (n *netsim) wrap(s *Server, next http.Handler) http.Handler {
	if !n.active() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions || strings.HasPrefix(r.URL.Path, n.admin+"/") || r.URL.Path == n.admin {
			next.ServeHTTP(w, r)
			return
		}
		if d := n.delay(r.Method, r.URL.Path); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return // the client gave up: free the handler at once
			}
		}
		if n.errs.Enabled {
			if raw := r.URL.Query().Get(n.trigger); raw != "" {
				code, err := strconv.Atoi(raw)
				if err != nil || code < 400 || code > 599 {
					s.fail(w, r, newHTTPError(http.StatusBadRequest, CodeInvalidQuery, "invalid query parameter %q: want an HTTP error status from 400 to 599", n.trigger))
					return
				}
				s.fail(w, r, newHTTPError(code, CodeSimulatedError, "simulated error (%s=%d)", n.trigger, code))
				return
			}
			if code, hit := n.randomError(); hit {
				s.fail(w, r, newHTTPError(code, CodeSimulatedError, "simulated error"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// delay picks the latency of a request: a custom route's own, else its
// resource's, else the global one.
func (n *netsim) delay(method, path string) time.Duration {
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
func (n *netsim) randomError() (int, bool) {
	if n.errs.Rate <= 0 {
		return 0, false
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.rng.Float64() >= n.errs.Rate {
		return 0, false
	}
	return n.errs.StatusCodes[n.rng.IntN(len(n.errs.StatusCodes))], true
}
