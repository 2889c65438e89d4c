// Command pretendo serves a fake REST API from a YAML or JSON spec.
//
//	pretendo start [SPEC] [flags]   serve SPEC (the embedded blog example when omitted)
//	pretendo validate SPEC          check SPEC and print every problem with its path
//	pretendo openapi [SPEC]         print the OpenAPI 3.1 document of SPEC
//	pretendo version                print the version
//
// Run "pretendo help start" for the flags. SIGINT or SIGTERM stops the
// server gracefully; a second one exits at once.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// One channel takes both signals: a second one that comes while the
	// first is being handled is queued, never lost.
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// The first signal starts a graceful shutdown; a second one
		// ends the process at once.
		<-signals
		cancel()
		<-signals
		fmt.Fprintln(os.Stderr, "pretendo: second signal, exiting at once")
		os.Exit(exitFailure)
	}()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	cancel()
	os.Exit(report(os.Stderr, err))
}
