package pretendo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pretendo-go/pretendo"
)

// indexSizes are the numbers of posts of BenchmarkIndexedPage; there is one
// user per ten posts, so a user's page holds about ten posts at every size.
var indexSizes = []int{10000, 100000, 1000000}

// barePost is a post kept as a typed struct, the bench/bare way.
type barePost struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	UserID    int64  `json:"userId"`
	Views     int64  `json:"views"`
	CreatedAt string `json:"createdAt"`
}

// indexedData is one size of BenchmarkIndexedPage: the server over the
// posts, and the same posts as typed structs.
type indexedData struct {
	srv   *pretendo.Server
	posts []*barePost
}

var (
	indexedMu    sync.Mutex
	indexedCache = map[int]*indexedData{}
)

// indexedDataOf builds the data of n posts once per process: benchSpec with
// n/10 users and n posts, opened, and the posts as typed structs.
func indexedDataOf(b *testing.B, n int) *indexedData {
	b.Helper()
	indexedMu.Lock()
	defer indexedMu.Unlock()
	if d, ok := indexedCache[n]; ok {
		return d
	}
	spec := benchSpec(benchSize{users: n / 10, posts: n})
	posts := make([]*barePost, 0, n)
	for _, p := range spec.Data["posts"] {
		posts = append(posts, &barePost{ID: int64(p["id"].(float64)), Title: p["title"].(string),
			UserID: int64(p["userId"].(float64)), Views: int64(p["views"].(float64)), CreatedAt: p["createdAt"].(string)})
	}
	srv, err := pretendo.Open(spec)
	if err != nil {
		b.Fatal(err)
	}
	d := &indexedData{srv: srv, posts: posts}
	indexedCache[n] = d
	// The garbage of building the data is collected before the timer runs.
	runtime.GC()
	return d
}

// cpuClock reports, when stopped, the process's CPU time per operation
// as the metric cpu-ns/op: unlike ns/op, it does not grow when other jobs
// take the cores, so ratios stay steady on a busy machine. It counts every
// goroutine, the garbage collector's included.
type cpuClock struct {
	b     *testing.B
	start time.Duration
	ok    bool
}

func startCPU(b *testing.B) cpuClock {
	d, ok := processCPU()
	return cpuClock{b: b, start: d, ok: ok}
}

func (c cpuClock) stop() {
	d, ok := processCPU()
	if c.ok && ok && c.b.N > 0 {
		c.b.ReportMetric(float64(d-c.start)/float64(c.b.N), "cpu-ns/op")
	}
}

// bareFilterSortPage is what a handler without indexes does for
// ?userId=uid&sortBy=-createdAt&perPage=10: scan every post, sort the
// matches by createdAt descending (stably), encode the first ten.
func bareFilterSortPage(posts []*barePost, uid int64, buf *bytes.Buffer) int {
	var matched []*barePost
	for _, p := range posts {
		if p.UserID == uid {
			matched = append(matched, p)
		}
	}
	slices.SortStableFunc(matched, func(a, b *barePost) int { return strings.Compare(b.CreatedAt, a.CreatedAt) })
	page := matched[:min(10, len(matched))]
	buf.Reset()
	if err := json.NewEncoder(buf).Encode(page); err != nil {
		panic(err)
	}
	return len(matched)
}

// BenchmarkIndexedPage compares a filtered, sorted first page on an indexed
// field (posts.userId references users) through the handler with the same
// page from a scan, a sort and an encoding of typed structs, at 10,000,
// 100,000 and 1,000,000 posts. Run the pair in one command and compare
// handler with bare at each size.
func BenchmarkIndexedPage(b *testing.B) {
	for _, n := range indexSizes {
		users := n / 10
		b.Run(fmt.Sprintf("%d/handler", n), func(b *testing.B) {
			d := indexedDataOf(b, n)
			reqs := make([]*http.Request, 64)
			for i := range reqs {
				reqs[i] = httptest.NewRequest(http.MethodGet,
					fmt.Sprintf("/posts?userId=%d&sortBy=-createdAt&perPage=10", 2+(i*7919)%(users-1)), nil)
			}
			b.ReportAllocs()
			i := 0
			clock := startCPU(b)
			for b.Loop() {
				i++
				rec := httptest.NewRecorder()
				d.srv.ServeHTTP(rec, reqs[i%len(reqs)])
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
			clock.stop()
		})
		b.Run(fmt.Sprintf("%d/bare", n), func(b *testing.B) {
			d := indexedDataOf(b, n)
			var buf bytes.Buffer
			b.ReportAllocs()
			i := 0
			clock := startCPU(b)
			for b.Loop() {
				i++
				if bareFilterSortPage(d.posts, int64(2+(i*7919)%(users-1)), &buf) == 0 {
					b.Fatal("no match")
				}
			}
			clock.stop()
		})
	}
}

// serveGETs times GETs of 64 targets, target(0) to target(63), in turn,
// through h to a writer that keeps only the status, which must be 200.
func serveGETs(b *testing.B, h http.Handler, target func(i int) string) {
	reqs := make([]*http.Request, 64)
	for i := range reqs {
		reqs[i] = httptest.NewRequest(http.MethodGet, target(i), nil)
	}
	w := &discardWriter{header: make(http.Header, 8)}
	b.ReportAllocs()
	i := 0
	clock := startCPU(b)
	for b.Loop() {
		i++
		clear(w.header)
		h.ServeHTTP(w, reqs[i%len(reqs)])
		if w.status != http.StatusOK {
			b.Fatalf("GET %s: status %d", reqs[i%len(reqs)].URL, w.status)
		}
	}
	clock.stop()
}

// BenchmarkScale measures, at 10,000, 100,000 and 1,000,000 posts (one user
// per ten posts), what bench/million.sh tracks in-process: GET by id, the
// indexed filtered page, a POST, and Snapshot, Restore and Fork. Each
// size's data is built once per process.
func BenchmarkScale(b *testing.B) {
	ctx := context.Background()
	for _, n := range indexSizes {
		users := n / 10
		b.Run(fmt.Sprintf("%d/get", n), func(b *testing.B) {
			d := indexedDataOf(b, n)
			serveGETs(b, d.srv, func(i int) string { return fmt.Sprintf("/posts/%d", 1+(i*7919)%n) })
		})
		b.Run(fmt.Sprintf("%d/page", n), func(b *testing.B) {
			d := indexedDataOf(b, n)
			serveGETs(b, d.srv, func(i int) string {
				return fmt.Sprintf("/posts?userId=%d&sortBy=-createdAt&perPage=10", 2+(i*7919)%(users-1))
			})
		})
		b.Run(fmt.Sprintf("%d/post", n), func(b *testing.B) {
			d := indexedDataOf(b, n)
			fork := d.srv.Fork()
			defer fork.Close()
			bodies := make([][]byte, 64)
			for i := range bodies {
				bodies[i] = []byte(fmt.Sprintf(`{"title":"T","userId":%d,"createdAt":"2026-01-01T12:00:00Z"}`, 1+(i*7919)%users))
			}
			w := &discardWriter{header: make(http.Header, 8)}
			b.ReportAllocs()
			i := 0
			clock := startCPU(b)
			for b.Loop() {
				i++
				clear(w.header)
				fork.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/posts", bytes.NewReader(bodies[i%len(bodies)])))
				if w.status != http.StatusCreated {
					b.Fatalf("status %d", w.status)
				}
			}
			clock.stop()
		})
		b.Run(fmt.Sprintf("%d/snapshot", n), func(b *testing.B) {
			d := indexedDataOf(b, n)
			b.ReportAllocs()
			clock := startCPU(b)
			for b.Loop() {
				if _, err := d.srv.SnapshotWithDescription(ctx, "bench", "", true); err != nil {
					b.Fatal(err)
				}
			}
			clock.stop()
		})
		b.Run(fmt.Sprintf("%d/restore", n), func(b *testing.B) {
			d := indexedDataOf(b, n)
			fork := d.srv.Fork()
			defer fork.Close()
			if _, err := fork.SnapshotWithDescription(ctx, "base", "", true); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			clock := startCPU(b)
			for b.Loop() {
				if err := fork.Restore(ctx, "base"); err != nil {
					b.Fatal(err)
				}
			}
			clock.stop()
		})
		b.Run(fmt.Sprintf("%d/fork", n), func(b *testing.B) {
			d := indexedDataOf(b, n)
			b.ReportAllocs()
			clock := startCPU(b)
			for b.Loop() {
				_ = d.srv.Fork().Close()
			}
			clock.stop()
		})
	}
}
