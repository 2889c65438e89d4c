// Command mixload sends a bounded mixed load (reads, creations, updates,
// deletes that cascade) to one or more pretendo servers that share their
// data, as bench/pg-two.sh runs two of them on one PostgreSQL, and then
// checks what they store: every acknowledged creation that no acknowledged
// delete removed is there, every acknowledged delete holds, no id was
// handed out twice and no post points at a missing user.
//
//	go run ./bench/mixload -targets http://127.0.0.1:28400,http://127.0.0.1:28401 -duration 10s
//
// The servers serve bench/data-spec.yml with the data of bench/gendata:
// users 1..-users, which the load never deletes, and posts that reference
// them. Connections are spread over the targets in turn; each sends its
// next request when the last one is answered. Targets must be loopback
// addresses. It prints the throughput, the answers by kind and the checks,
// and a line "MIXLOAD <req/s> <requests> <errors> <check failures>" for
// scripts; it exits 1 when a request failed or a check did not hold.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
}

// config is what the flags set.
type config struct {
	targets  []string
	conns    int
	duration time.Duration
	requests int // at most this many requests in all (0: no bound but the duration)
	users    int
	seed     uint64
	check    bool
	timeout  time.Duration
}

// errFailed reports a run whose requests or checks failed; the report
// says which.
var errFailed = errors.New("mixload: requests failed or checks did not hold")

// run parses args, runs the load and the checks and writes the report.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mixload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	targets := fs.String("targets", "", "comma-separated base URLs of the servers (loopback only)")
	fs.IntVar(&c.conns, "conns", 32, "connections, spread over the targets in turn")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "length of the load (at most 10m)")
	fs.IntVar(&c.requests, "requests", 0, "stop after this many requests (0: only the duration bounds the load)")
	fs.IntVar(&c.users, "users", 1000, "users 1..N exist and are never deleted (bench/gendata -users)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the request mix")
	fs.BoolVar(&c.check, "check", true, "check the stored data after the load")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "limit of one request")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("mixload: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("mixload: unexpected argument %q", fs.Arg(0))
	}
	var err error
	if c.targets, err = parseTargets(*targets); err != nil {
		return err
	}
	if err := c.validate(); err != nil {
		return err
	}
	res := newLoad(c).run()
	res.report(stdout, c)
	failures := 0
	if c.check {
		failures = checkStore(c, res.ledger, stdout)
	}
	fmt.Fprintf(stdout, "MIXLOAD %.2f %d %d %d\n", res.rate(), res.requests, res.errors, failures)
	if res.errors > 0 || failures > 0 {
		return errFailed
	}
	return nil
}

// parseTargets reads the comma-separated base URLs, which must be http
// URLs of loopback addresses.
func parseTargets(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("mixload: -targets is required")
	}
	var out []string
	for _, t := range strings.Split(s, ",") {
		t = strings.TrimRight(strings.TrimSpace(t), "/")
		u, err := url.Parse(t)
		if err != nil || u.Scheme != "http" || u.Host == "" || u.Path != "" || u.RawQuery != "" {
			return nil, fmt.Errorf("mixload: target %q: want http://HOST:PORT", t)
		}
		host := u.Hostname()
		if ip := net.ParseIP(host); (ip == nil || !ip.IsLoopback()) && host != "localhost" {
			return nil, fmt.Errorf("mixload: target %q is not a loopback address", t)
		}
		out = append(out, t)
	}
	return out, nil
}

// validate checks the bounds of c.
func (c *config) validate() error {
	switch {
	case c.conns < 1 || c.conns > 1024:
		return fmt.Errorf("mixload: -conns %d: want 1 to 1024", c.conns)
	case c.duration <= 0 || c.duration > 10*time.Minute:
		return fmt.Errorf("mixload: -duration %v: want more than 0 and at most 10m", c.duration)
	case c.requests < 0:
		return fmt.Errorf("mixload: -requests %d: want 0 or more", c.requests)
	case c.users < 1:
		return fmt.Errorf("mixload: -users %d: want at least 1", c.users)
	case c.timeout <= 0:
		return fmt.Errorf("mixload: -timeout %v: want more than 0", c.timeout)
	}
	return nil
}
