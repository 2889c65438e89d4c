package customroute_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/internal/customroute"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/schema"
)

func fail(w http.ResponseWriter, _ *http.Request, err error) {
	var he *httperr.Error
	if errors.As(err, &he) {
		w.Header().Set("X-Code", he.Code)
		w.WriteHeader(he.Status)
		return
	}
	w.WriteHeader(http.StatusInternalServerError)
}

func TestAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		route  schema.Route
		method string
		vars   map[string]string
		status int
		body   string
		header map[string]string
	}{
		{name: "default response", route: schema.Route{Path: "/health", Method: "get"}, method: "GET", status: 200, body: `{"message":"Success"}`},
		{name: "placeholders at any depth", route: schema.Route{Path: "/u/:id", Method: "get", Status: 201,
			Response: map[string]any{"url": "/img/{id}.png", "sizes": []any{"{id}-64", "{:id}"}, "{id}": "{nope}"},
			Headers:  map[string]string{"X-User": "{id}"}}, method: "GET", vars: map[string]string{"id": "a\x00b"}, status: 201,
			body: `{"sizes":["a\u0000b-64","a\u0000b"],"url":"/img/a\u0000b.png","{id}":"{nope}"}`, header: map[string]string{"X-User": "a%00b"}},
		{name: "HEAD has no body", route: schema.Route{Path: "/health", Method: "get"}, method: "HEAD", status: 200, body: ``},
		{name: "204 has no body", route: schema.Route{Path: "/x", Method: "post", Status: 204, Response: map[string]any{"a": 1.0}}, method: "POST", status: 204, body: ``},
		{name: "javascript", route: schema.Route{Path: "/r", Method: "post", Type: customroute.JavaScript}, method: "POST", status: 501,
			header: map[string]string{"X-Code": httperr.CodeNotImplemented}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := customroute.New(&tt.route, fail)
			w := httptest.NewRecorder()
			h(w, httptest.NewRequest(tt.method, tt.route.Path, nil), tt.vars)
			assert.Equal(t, tt.status, w.Code)
			if tt.route.Type != customroute.JavaScript {
				assert.Equal(t, tt.body, w.Body.String())
			}
			for k, v := range tt.header {
				assert.Equal(t, v, w.Header().Get(k), k)
			}
		})
	}
}
