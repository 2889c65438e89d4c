package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// benchResources returns the benchmark's shape: 1,000 users and 10,000
// posts spread over them, with createdAt out of id order.
func benchResources(b *testing.B) map[string]resource {
	b.Helper()
	users := make([]*user, 1000)
	for i := range users {
		id := int64(i + 1)
		users[i] = &user{ID: id, Username: fmt.Sprintf("user%d", id), Email: fmt.Sprintf("user%d@example.com", id), Role: "user", Age: 30}
	}
	posts := make([]*post, 10000)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range posts {
		id := int64(i + 1)
		posts[i] = &post{
			ID: id, Title: "a title of a few words", Body: strings.Repeat("body text ", 20),
			UserID: (id*7919)%1000 + 1, CreatedAt: base.Add(time.Duration((id*104729)%63072000) * time.Second).Format(time.RFC3339),
		}
	}
	return map[string]resource{"users": newTable(userLayout(), users), "posts": newTable(postLayout(), posts)}
}

// BenchmarkWorkloads measures the four GET workloads in-process, without
// the network: the handler's own cost per request.
func BenchmarkWorkloads(b *testing.B) {
	h := newHandler(benchResources(b))
	for _, w := range []struct{ name, path string }{
		{"get_one", "/users/1"},
		{"page", "/users?_page=1&_limit=10"},
		{"filter", "/posts?userId=5"},
		{"sort", "/posts?_sort=createdAt&_order=desc&_limit=10"},
	} {
		b.Run(w.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, w.path, nil)
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

// BenchmarkPost measures the write workload in-process.
func BenchmarkPost(b *testing.B) {
	h := newHandler(benchResources(b))
	const body = `{"title":"Benchmark post","body":"Short text to store.","userId":5,"createdAt":"2026-01-01T12:00:00Z"}`
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/posts", strings.NewReader(body)))
		if rec.Code != http.StatusCreated {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
