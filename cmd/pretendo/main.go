// Command pretendo serves a fake REST API from a YAML or JSON spec.
//
//	pretendo start [SPEC] [flags]   serve SPEC (the embedded blog example when omitted)
//	pretendo validate SPEC          check SPEC and print every problem with its path
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		// The first signal started a graceful shutdown; a second one
		// ends the process at once.
		again := make(chan os.Signal, 1)
		signal.Notify(again, os.Interrupt, syscall.SIGTERM)
		stop()
		<-again
		fmt.Fprintln(os.Stderr, "pretendo: second signal, exiting at once")
		os.Exit(exitFailure)
	}()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(report(os.Stderr, err))
}
