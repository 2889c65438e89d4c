package netsim_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/netsim"
	"github.com/pretendo-go/pretendo/schema"
)

// fail answers with the status of an *httperr.Error, as the server's writer does.
func fail(w http.ResponseWriter, _ *http.Request, err error) {
	var he *httperr.Error
	if errors.As(err, &he) {
		w.Header().Set("X-Code", he.Code)
		w.WriteHeader(he.Status)
		return
	}
	w.WriteHeader(http.StatusInternalServerError)
}

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })

func TestErrors(t *testing.T) {
	t.Parallel()
	sp := &schema.Spec{}
	sp.Options.ErrorSimulation = schema.ErrorSimulation{Enabled: true, Rate: 1, StatusCodes: []int{503}, QueryParamTrigger: "fail"}
	h := netsim.New(netsim.Config{Spec: sp, Seed: 1, AdminPath: "/admin", Fail: fail})(okHandler)
	tests := []struct {
		method, target string
		status         int
		code           string
	}{
		{http.MethodGet, "/users", http.StatusServiceUnavailable, httperr.CodeSimulatedError},
		{http.MethodGet, "/users?fail=418", http.StatusTeapot, httperr.CodeSimulatedError},
		{http.MethodGet, "/users?fail=200", http.StatusBadRequest, httperr.CodeInvalidQuery},
		{http.MethodGet, "/users?fail=abc", http.StatusBadRequest, httperr.CodeInvalidQuery},
		{http.MethodOptions, "/users", http.StatusOK, ""},
		{http.MethodPost, "/admin/reset", http.StatusOK, ""},
		{http.MethodGet, "/admin", http.StatusOK, ""},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
		assert.Equal(t, tt.status, rec.Code, "%s %s", tt.method, tt.target)
		assert.Equal(t, tt.code, rec.Header().Get("X-Code"), "%s %s", tt.method, tt.target)
	}
}

func TestInactiveIsTheNextHandler(t *testing.T) {
	t.Parallel()
	sp := &schema.Spec{}
	sp.Options.ErrorSimulation.QueryParamTrigger = "boom"
	h := netsim.New(netsim.Config{Spec: sp, Fail: fail})(okHandler)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/users?boom=500", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "boom", netsim.Trigger(sp))
	assert.Equal(t, netsim.DefaultTrigger, netsim.Trigger(&schema.Spec{}))
}
