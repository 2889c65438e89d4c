package accesslog_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/accesslog"
)

func TestLogsEachAnswer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"status", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) }, "status=201"},
		{"implicit 200", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("x")) }, "status=200"},
		{"nothing written", func(http.ResponseWriter, *http.Request) {}, "status=200"},
		{"1xx first", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusAccepted)
		}, "status=202"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			l := slog.New(slog.NewTextHandler(&out, nil))
			accesslog.New(l)(tt.handler).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/users?x=1", nil))
			assert.Contains(t, out.String(), "msg=request method=POST path=\"/users?x=1\" "+tt.want+" duration=")
		})
	}
}
