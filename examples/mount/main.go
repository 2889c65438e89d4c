// Command mount is an existing net/http application that mounts a fake
// API under /api/, next to routes of its own:
//
//	go run ./examples/mount -addr localhost:8080
//	curl localhost:8080/healthz        # the application's own route
//	curl localhost:8080/api/users      # the blog example, served by pretendo
//
// pretendo.Server is an http.Handler, so http.StripPrefix is all it takes;
// the Location and Link headers it sends keep the /api prefix, because
// they are built from the URL the client asked for.
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

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/examples"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, *addr, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mount:", err)
		stop()
		os.Exit(1)
	}
}

// newMux returns the application's routes: its own GET /healthz, and api
// under /api/.
func newMux(api http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.Handle("/api/", http.StripPrefix("/api", api))
	return mux
}

// serve runs the application on addr until ctx is cancelled, then shuts
// it down gracefully. It writes the address it listens on to out.
func serve(ctx context.Context, addr string, out io.Writer) error {
	spec, err := pretendo.ParseSpec(examples.Blog)
	if err != nil {
		return err
	}
	api, err := pretendo.Open(spec)
	if err != nil {
		return err
	}
	defer api.Close()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "listening on http://%s (the fake API is under /api/)\n", ln.Addr())
	hs := &http.Server{Handler: newMux(api), ReadHeaderTimeout: 10 * time.Second}
	stopped := make(chan error, 1)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		stopped <- hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-stopped
}
