package pretendo_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pretendo-go/pretendo"
)

// benchSize says how many records a benchmark spec holds.
type benchSize struct {
	users, posts int
	// commentsPerPost comments go to each post.
	commentsPerPost int
	// firstUserPosts posts (of posts) belong to user 1; the rest are spread.
	firstUserPosts int
}

// benchSpec builds, in Go, a blog spec with data of the given size.
func benchSpec(size benchSize) *pretendo.Spec {
	cascade := func(res string) *pretendo.Reference { return &pretendo.Reference{Resource: res, OnDelete: "cascade"} }
	spec := &pretendo.Spec{
		Resources: []pretendo.Resource{
			{
				Name: "users",
				Fields: []pretendo.Field{
					{Name: "id", Type: "number"},
					{Name: "email", Type: "string", Required: true},
					{Name: "name", Type: "string"},
					{Name: "createdAt", Type: "date", DefaultValue: "$now"},
				},
				Relationships: []pretendo.Relationship{{Type: "hasMany", Resource: "posts", ForeignKey: "userId"}},
			},
			{
				Name: "posts",
				Fields: []pretendo.Field{
					{Name: "id", Type: "number"},
					{Name: "title", Type: "string", Required: true},
					{Name: "userId", Type: "number", Required: true, References: cascade("users")},
					{Name: "views", Type: "integer", DefaultValue: 0},
					{Name: "createdAt", Type: "date", DefaultValue: "$now"},
				},
				Relationships: []pretendo.Relationship{
					{Type: "belongsTo", Resource: "users", ForeignKey: "userId", As: "author"},
					{Type: "hasMany", Resource: "comments", ForeignKey: "postId"},
				},
			},
			{
				Name: "comments",
				Fields: []pretendo.Field{
					{Name: "id", Type: "number"},
					{Name: "body", Type: "string"},
					{Name: "postId", Type: "number", Required: true, References: cascade("posts")},
					{Name: "userId", Type: "number", References: &pretendo.Reference{Resource: "users", OnDelete: "nullify"}},
				},
			},
		},
		Data: map[string][]map[string]any{},
	}
	spec.Options.Database.Optimizations.IndexedFields = []string{"createdAt"}
	users := make([]map[string]any, size.users)
	for i := range users {
		users[i] = map[string]any{"id": float64(i + 1), "email": fmt.Sprintf("u%d@example.com", i+1), "name": fmt.Sprintf("User %d", i+1),
			"createdAt": fmt.Sprintf("2024-01-01T00:00:%02dZ", i%60)}
	}
	posts := make([]map[string]any, size.posts)
	comments := make([]map[string]any, 0, size.posts*size.commentsPerPost)
	for i := range posts {
		uid := 1 + i%max(size.users, 1)
		if i < size.firstUserPosts {
			uid = 1
		} else if size.users > 1 {
			uid = 2 + i%(size.users-1)
		}
		posts[i] = map[string]any{"id": float64(i + 1), "title": fmt.Sprintf("Post %d", i+1), "userId": float64(uid),
			"views": float64(i % 1000), "createdAt": fmt.Sprintf("2024-%02d-%02dT%02d:%02d:00Z", 1+i%12, 1+i%28, i%24, i%60)}
		for c := range size.commentsPerPost {
			comments = append(comments, map[string]any{"id": float64(len(comments) + 1), "body": "c", "postId": float64(i + 1),
				"userId": float64(1 + (i+c)%max(size.users, 1))})
		}
	}
	spec.Data["users"] = users
	spec.Data["posts"] = posts
	spec.Data["comments"] = comments
	return spec
}

// benchServer opens a server over benchSpec(size).
func benchServer(b *testing.B, size benchSize) *pretendo.Server {
	b.Helper()
	srv, err := pretendo.Open(benchSpec(size))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	return srv
}

// serveBench sends one request to h and fails the benchmark on a status
// other than want.
func serveBench(b *testing.B, h http.Handler, method, target string, body []byte, want int) *httptest.ResponseRecorder {
	var req *http.Request
	if body != nil {
		req = httptest.NewRequest(method, target, bytes.NewReader(body))
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: %d %s", method, target, rec.Code, rec.Body)
	}
	return rec
}

var tenK = benchSize{users: 10000, posts: 10000}

// discardWriter is a ResponseWriter that keeps only the status, so a
// benchmark measures the handler and not a recorder.
type discardWriter struct {
	header http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(status int)      { d.status = status }

// BenchmarkGetByID measures GET /users/{id} through the full handler; the
// requests are built before the timer starts.
func BenchmarkGetByID(b *testing.B) {
	srv := benchServer(b, tenK)
	reqs := make([]*http.Request, 1024)
	for i := range reqs {
		reqs[i] = httptest.NewRequest(http.MethodGet, fmt.Sprintf("/users/%d", 1+i*9%10000), nil)
	}
	w := &discardWriter{header: make(http.Header, 8)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		clear(w.header)
		srv.ServeHTTP(w, reqs[i%len(reqs)])
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}

func BenchmarkListPage(b *testing.B) {
	srv := benchServer(b, tenK)
	b.ReportAllocs()
	for b.Loop() {
		serveBench(b, srv, http.MethodGet, "/posts?page=50&perPage=20", nil, http.StatusOK)
	}
}

func BenchmarkFilterSortPage(b *testing.B) {
	srv := benchServer(b, benchSize{users: 100, posts: 10000})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		serveBench(b, srv, http.MethodGet, fmt.Sprintf("/posts?userId=%d&sortBy=-createdAt&perPage=10", 2+i%99), nil, http.StatusOK)
	}
}

func BenchmarkCreate(b *testing.B) {
	srv := benchServer(b, tenK)
	body := []byte(`{"title":"New","userId":42}`)
	b.ReportAllocs()
	for b.Loop() {
		serveBench(b, srv, http.MethodPost, "/posts", body, http.StatusCreated)
	}
}

func BenchmarkCascadeDelete(b *testing.B) {
	// User 1 has 1,000 posts with 10 comments each; 9,000 more posts belong to others.
	srv := benchServer(b, benchSize{users: 100, posts: 1000, commentsPerPost: 10, firstUserPosts: 1000})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		fork := srv.Fork()
		b.StartTimer()
		serveBench(b, fork, http.MethodDelete, "/users/1", nil, http.StatusNoContent)
		b.StopTimer()
		_ = fork.Close()
		b.StartTimer()
	}
}

func BenchmarkExpandPage(b *testing.B) {
	srv := benchServer(b, benchSize{users: 1000, posts: 10000, commentsPerPost: 2})
	b.ReportAllocs()
	for b.Loop() {
		serveBench(b, srv, http.MethodGet, "/posts?page=7&perPage=100&expand=author,comments", nil, http.StatusOK)
	}
}

func BenchmarkWriteWithReference(b *testing.B) {
	for _, n := range []int{100, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			srv := benchServer(b, benchSize{users: n})
			bodies := make([][]byte, 64)
			for i := range bodies {
				bodies[i] = []byte(fmt.Sprintf(`{"title":"T","userId":%d}`, 1+(i*7919)%n))
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				serveBench(b, srv, http.MethodPost, "/posts", bodies[i%len(bodies)], http.StatusCreated)
			}
		})
	}
}

func BenchmarkOpen1000(b *testing.B) {
	spec := benchSpec(benchSize{users: 500, posts: 500})
	b.ReportAllocs()
	for b.Loop() {
		srv, err := pretendo.Open(spec)
		if err != nil {
			b.Fatal(err)
		}
		_ = srv.Close()
	}
}

func BenchmarkSnapshotRestoreFork(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		srv := benchServer(b, benchSize{users: n / 2, posts: n / 2})
		ctx := context.Background()
		if _, err := srv.SnapshotWithDescription(ctx, "base", "", false); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("Snapshot/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := srv.SnapshotWithDescription(ctx, "bench", "", true); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Restore/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := srv.Restore(ctx, "base"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Fork/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f := srv.Fork()
				_ = f.Close()
			}
		})
	}
}
