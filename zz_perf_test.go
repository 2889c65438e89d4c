package pretendo_test

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/pretendo-go/pretendo"
)

func perfServer(b *testing.B) *pretendo.Server {
	spec, err := pretendo.ParseSpec([]byte(`
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: email, type: string }
      - { name: name, type: string }
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: title, type: string }
      - { name: userId, type: number, references: { resource: users } }
      - { name: createdAt, type: date }
options:
  database: { optimizations: { indexedFields: [userId, createdAt] } }
`))
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= 1000; i++ {
		spec.Data = map[string][]map[string]any{}
	}
	users := make([]map[string]any, 1000)
	for i := range users {
		users[i] = map[string]any{"id": float64(i + 1), "email": fmt.Sprintf("u%d@x.io", i), "name": fmt.Sprintf("User %d", i)}
	}
	posts := make([]map[string]any, 10000)
	for i := range posts {
		posts[i] = map[string]any{"id": float64(i + 1), "title": fmt.Sprintf("Post %d", i), "userId": float64(i%1000 + 1), "createdAt": fmt.Sprintf("2024-01-%02dT%02d:%02d:00Z", i%28+1, i%24, i%60)}
	}
	spec.Data = map[string][]map[string]any{"users": users, "posts": posts}
	return pretendo.New(spec)
}

func BenchmarkZGet(b *testing.B) {
	srv := perfServer(b)
	req := httptest.NewRequest("GET", "/users/1", nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

func BenchmarkZFilterSort(b *testing.B) {
	srv := perfServer(b)
	req := httptest.NewRequest("GET", "/posts?userId=7&sortBy=-createdAt", nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

func BenchmarkZSortPage(b *testing.B) {
	srv := perfServer(b)
	req := httptest.NewRequest("GET", "/posts?sortBy=-createdAt", nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}
