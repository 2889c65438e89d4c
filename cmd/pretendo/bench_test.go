package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkStartToFirstRequest measures pretendo start in-process, from
// the call to run to the first 200, for the blog example with 10,000
// generated records in memory. bench/startup.sh measures the same from
// process start, with the binary.
func BenchmarkStartToFirstRequest(b *testing.B) {
	args := []string{"start", memory, "--port=0", "--host=127.0.0.1", "--quiet",
		`--generateData.counts={"users":1000,"posts":3000,"comments":5000,"postTags":991}`}
	for b.Loop() {
		stop := startAndGet(b, args, "/posts?perPage=1")
		stop()
	}
}

// startAndGet runs pretendo start with args in-process, waits for its
// banner and GETs path, which must answer 200. It returns the function
// that stops the command.
func startAndGet(b *testing.B, args []string, path string) (stop func()) {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, strings.NewReader(""), out, &syncBuffer{}) }()
	banner, err := out.waitUntil(b, func(out string) bool { _, ok := served(out); return ok }, done)
	url, ok := served(banner)
	if !ok {
		b.Fatalf("start ended: %v", err)
	}
	resp, err := http.Get(url + path)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("status %d", resp.StatusCode)
	}
	return func() {
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStartLazyLoading measures pretendo start from the call to run
// to the first answer (GET /, which needs no records) over a 40 MB
// database file, with optimizations.lazyLoading off (eager: the banner
// waits for the whole file) and on (the banner and the first answer come
// while the file loads in the background). The shutdown, which waits for
// a lazy load to end, is not timed.
func BenchmarkStartLazyLoading(b *testing.B) {
	dir := b.TempDir()
	spec := filepath.Join(dir, "api.yml")
	db := filepath.Join(dir, "db.json")
	if err := os.WriteFile(spec, []byte("resources:\n  - name: users\n    fields:\n      - { name: id, type: number }\n      - { name: name, type: string }\n      - { name: bio, type: string }\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	var file bytes.Buffer
	file.WriteString("{\n  \"users\": [\n")
	for i := 1; file.Len() < 40<<20; i++ {
		if i > 1 {
			file.WriteString(",\n")
		}
		fmt.Fprintf(&file, "    {\n      \"id\": %d,\n      \"name\": \"user %d\",\n      \"bio\": %q\n    }", i, i, strings.Repeat("x", 150))
	}
	file.WriteString("\n  ]\n}\n")
	if err := os.WriteFile(db, file.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, lazy := range []bool{false, true} {
		name := "eager"
		if lazy {
			name = "lazy"
		}
		b.Run(name, func(b *testing.B) {
			args := []string{"start", spec, "--db", db, "--port=0", "--host=127.0.0.1", "--quiet",
				"--database.optimizations.lazyLoading=" + strconv.FormatBool(lazy)}
			for b.Loop() {
				stop := startAndGet(b, args, "/")
				// Shutting down waits for a lazy load to end: not timed.
				b.StopTimer()
				stop()
				b.StartTimer()
			}
		})
	}
}
