package headers_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/headers"
)

func TestEveryAnswerCarriesTheHeaders(t *testing.T) {
	t.Parallel()
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	for _, on := range []bool{true, false} {
		rec := httptest.NewRecorder()
		headers.CORS{On: on}.New()(next).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		assert.Equal(t, http.StatusTeapot, rec.Code)
		assert.Equal(t, "Pretendo", rec.Header().Get("X-Powered-By"))
		if on {
			assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
			assert.Equal(t, "X-Total-Count, Link, Location", rec.Header().Get("Access-Control-Expose-Headers"))
		} else {
			assert.Empty(t, rec.Header().Get("Access-Control-Allow-Origin"))
		}
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		cors         headers.CORS
		reqHeaders   string
		allowHeaders string
	}{
		{"cors off", headers.CORS{}, "", ""},
		{"default", headers.CORS{On: true}, "", "Content-Type, Authorization"},
		{"asked", headers.CORS{On: true}, "X-Custom", "X-Custom"},
		{"token header", headers.CORS{On: true, TokenHeader: "X-Auth-Token"}, "", "Content-Type, Authorization, X-Auth-Token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodOptions, "/users", nil)
			if tt.reqHeaders != "" {
				r.Header.Set("Access-Control-Request-Headers", tt.reqHeaders)
			}
			rec := httptest.NewRecorder()
			tt.cors.Options(rec, r, "GET, HEAD, OPTIONS")
			assert.Equal(t, http.StatusNoContent, rec.Code)
			assert.Equal(t, "GET, HEAD, OPTIONS", rec.Header().Get("Allow"))
			assert.Equal(t, tt.allowHeaders, rec.Header().Get("Access-Control-Allow-Headers"))
			if tt.cors.On {
				assert.Equal(t, "GET, HEAD, OPTIONS", rec.Header().Get("Access-Control-Allow-Methods"))
				assert.Equal(t, "86400", rec.Header().Get("Access-Control-Max-Age"))
			} else {
				assert.Empty(t, rec.Header().Get("Access-Control-Allow-Methods"))
			}
		})
	}
}

func TestCredentialsReflectTheOrigin(t *testing.T) {
	t.Parallel()
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	for _, c := range []struct {
		cors          headers.CORS
		origin, allow string
		credentials   string
		varies        bool
	}{
		{headers.CORS{On: true, Credentials: true}, "http://a.test", "http://a.test", "true", true},
		{headers.CORS{On: true, Credentials: true}, "", "", "", true},
		{headers.CORS{On: false, Credentials: true}, "http://a.test", "", "", false},
		{headers.CORS{On: true}, "http://a.test", "*", "", false},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		c.cors.New()(next).ServeHTTP(rec, req)
		assert.Equal(t, c.allow, rec.Header().Get("Access-Control-Allow-Origin"), "%+v", c)
		assert.Equal(t, c.credentials, rec.Header().Get("Access-Control-Allow-Credentials"), "%+v", c)
		assert.Equal(t, c.varies, rec.Header().Get("Vary") == "Origin", "%+v", c)
	}
}
