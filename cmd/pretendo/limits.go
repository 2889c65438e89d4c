package main

import (
	"cmp"
	"time"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/schema"
)

// Defaults of options.server, the bounds of the HTTP server of start.
const (
	// defaultReadHeaderTimeout bounds the time a client may take to send
	// the headers of a request (never more than the read timeout).
	defaultReadHeaderTimeout = 10 * time.Second
	defaultReadTimeout       = 30 * time.Second
	defaultWriteTimeout      = 60 * time.Second
	defaultIdleTimeout       = 60 * time.Second
	// defaultMaxConnections is far above what browsers and test suites
	// open and far below the file limit of a process (often 20,000 or
	// more once Go raises it), so that a flood of connections cannot take
	// the descriptors a server needs for its files.
	defaultMaxConnections = 4096
)

// serverLimits are the bounds of the HTTP server of start.
type serverLimits struct {
	readHeader, read, write, idle time.Duration
	maxConns                      int
}

// limitsOf reads options.server of spec, with the defaults. The simulated
// latency (the longest a spec can ask for) is added to the read and write
// timeouts: a delayed answer reads its body and writes its answer after
// the delay, and must not be cut off for it.
func limitsOf(spec *pretendo.Spec) serverLimits {
	o := spec.Options.Server
	delay := maxLatency(spec)
	l := serverLimits{
		read:     millis(o.ReadTimeout, defaultReadTimeout) + delay,
		write:    millis(o.WriteTimeout, defaultWriteTimeout) + delay,
		idle:     millis(o.IdleTimeout, defaultIdleTimeout),
		maxConns: cmp.Or(o.MaxConnections, defaultMaxConnections),
	}
	l.readHeader = min(defaultReadHeaderTimeout, l.read)
	return l
}

// millis is ms milliseconds, or def when ms is 0.
func millis(ms int, def time.Duration) time.Duration {
	if ms <= 0 {
		return def
	}
	return time.Duration(ms) * time.Millisecond
}

// maxLatency is the longest latency spec simulates: options.latency, a
// resource's or a custom route's own.
func maxLatency(spec *pretendo.Spec) time.Duration {
	longest := latencyMax(spec.Options.Latency)
	for _, r := range spec.Resources {
		if r.Latency != nil {
			longest = max(longest, latencyMax(*r.Latency))
		}
	}
	for _, rt := range spec.Routes {
		if rt.Latency != nil {
			longest = max(longest, latencyMax(*rt.Latency))
		}
	}
	return longest
}

// latencyMax is the longest delay of one latency setting.
func latencyMax(l schema.Latency) time.Duration {
	if !l.Enabled {
		return 0
	}
	return time.Duration(max(l.Fixed, l.Min, l.Max)) * time.Millisecond
}
