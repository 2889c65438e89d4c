package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// BenchmarkStartToFirstRequest measures pretendo start in-process, from
// the call to run to the first 200, for the blog example with 10,000
// generated records in memory. bench/startup.sh measures the same from
// process start, with the binary.
func BenchmarkStartToFirstRequest(b *testing.B) {
	args := []string{"start", memory, "--port=0", "--host=127.0.0.1", "--quiet",
		`--generateData.counts={"users":1000,"posts":3000,"comments":5000,"postTags":991}`}
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		out := &syncBuffer{}
		done := make(chan error, 1)
		go func() { done <- run(ctx, args, strings.NewReader(""), out, &syncBuffer{}) }()
		var url string
		for url == "" {
			if m := urlPattern.FindStringSubmatch(out.String()); m != nil {
				url = m[1]
				break
			}
			select {
			case err := <-done:
				b.Fatalf("start ended: %v", err)
			case <-time.After(100 * time.Microsecond):
			}
		}
		resp, err := http.Get(url + "/posts?perPage=1")
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
}
