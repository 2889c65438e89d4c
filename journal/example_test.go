package journal_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/pretendo-go/pretendo/journal"
)

func Example() {
	j := journal.New(100, func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) })
	h := j.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusCreated)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/posts?draft=1", strings.NewReader(`{"title":"Hi"}`)))

	for _, r := range j.Requests() {
		fmt.Println(r, string(r.Body), r.Time.Format(time.RFC3339))
	}
	// Output:
	// POST /posts?draft=1 -> 201 {"title":"Hi"} 2025-06-01T12:00:00Z
}
