// Command bare is the benchmark's reference server: plain net/http and
// encoding/json over typed structs in memory, answering the five workloads
// of bench/peers.sh in json-server 0.17's dialect.
//
//	go run ./bench/bare -db db.json -addr 127.0.0.1:3002
//
// It does the work json-server does, without its overheads: a list filters
// by a full scan and sorts a copy of the matches on every request; a POST
// appends under a mutex with the largest id plus one. It never writes the
// data file. It stops on SIGINT or SIGTERM.
//
// With -ceiling it loads nothing and answers every request with 200 and
// the body {}, after reading the request body: the most requests any
// net/http handler can answer on the machine, for comparison.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
}

// run loads the -db file and serves it on -addr until ctx ends. Once
// listening it writes "bare: listening on http://ADDR" to stderr.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("bare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "db.json", "data file in json-server form (users and posts)")
	addr := fs.String("addr", "127.0.0.1:3002", "address to listen on")
	ceiling := fs.Bool("ceiling", false, "answer every request with {} and load no data")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bare: unexpected argument %q", fs.Arg(0))
	}
	handler := http.Handler(http.HandlerFunc(serveEmpty))
	if !*ceiling {
		f, err := os.Open(*dbPath)
		if err != nil {
			return fmt.Errorf("bare: %w", err)
		}
		resources, err := loadDB(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *dbPath, err)
		}
		handler = newHandler(resources)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(stderr, "bare: listening on http://%s\n", ln.Addr())

	select {
	case err := <-served:
		return fmt.Errorf("bare: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("bare: stopping: %w", err)
	}
	<-served
	return nil
}

// serveEmpty is the -ceiling handler: the least a handler can do.
func serveEmpty(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header()["Content-Type"] = []string{"application/json"}
	_, _ = io.WriteString(w, "{}")
}
