package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccessLog(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		method  string
		target  string
		status  int
	}{
		{"explicit status", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }, "DELETE", "/x/1", http.StatusTeapot},
		{"implicit 200 on write", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("hi")) }, "GET", "/a?b=c", http.StatusOK},
		{"nothing written", func(http.ResponseWriter, *http.Request) {}, "HEAD", "/", http.StatusOK},
		{"1xx then final", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusCreated)
		}, "POST", "/users", http.StatusCreated},
		{"first status wins", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			w.WriteHeader(http.StatusOK)
		}, "GET", "/gone", http.StatusNotFound},
		{"hostile path", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotFound) }, "GET", "/%0a%22x%22%00/ü?q=%0d", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			h := accessLog(slog.New(slog.NewJSONHandler(&buf, nil)), tt.handler)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))

			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
			require.Len(t, lines, 1, "one line per request, whatever the path holds")
			var entry map[string]any
			require.NoError(t, json.Unmarshal([]byte(lines[0]), &entry))
			assert.Equal(t, "request", entry["msg"])
			assert.Equal(t, tt.method, entry["method"])
			assert.Equal(t, tt.target, entry["path"])
			assert.Equal(t, float64(tt.status), entry["status"])
			assert.GreaterOrEqual(t, entry["duration"], float64(0))
		})
	}
}

func TestAccessLogTextIsOneLine(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	h := accessLog(slog.New(slog.NewTextHandler(&buf, nil)), http.NotFoundHandler())
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/a%0Ab%0Dc", nil))
	out := buf.String()
	assert.Equal(t, 1, strings.Count(out, "\n"), out)
	assert.Contains(t, out, "method=GET")
	assert.Contains(t, out, "status=404")
}

func TestStatusRecorderUnwrap(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	s := &statusRecorder{ResponseWriter: rec}
	assert.Same(t, rec, s.Unwrap())
	// http.ResponseController reaches the recorder's Flush through Unwrap.
	require.NoError(t, http.NewResponseController(s).Flush())
	assert.True(t, rec.Flushed)
}
