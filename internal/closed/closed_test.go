package closed_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/closed"
	"github.com/pretendo-go/pretendo/internal/httperr"
)

func TestStage(t *testing.T) {
	t.Parallel()
	var shut atomic.Bool
	var failed error
	h := closed.New(&shut, func(w http.ResponseWriter, _ *http.Request, err error) {
		failed = err
		w.WriteHeader(http.StatusServiceUnavailable)
	})(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	assert.Equal(t, http.StatusTeapot, rec.Code, "open: handed on")

	shut.Store(true)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	var he *httperr.Error
	if assert.True(t, errors.As(failed, &he)) {
		assert.Equal(t, httperr.CodeServerClosed, he.Code)
	}
}
