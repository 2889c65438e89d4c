package openapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/openapitest"
)

// shop serves testdata/shop31.yaml behind kin-openapi's validation of the
// document, with opts.
func shop(t *testing.T, opts ...pretendo.Option) string {
	t.Helper()
	spec, err := pretendo.LoadSpec("testdata/shop31.yaml")
	require.NoError(t, err)
	srv, err := pretendo.Open(spec, opts...)
	require.NoError(t, err)
	ts := httptest.NewServer(openapitest.LoadFile(t, "testdata/shop31.yaml").Validate(t, srv, openapitest.Options{UndocumentedStatus: true}))
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	return ts.URL
}

// call sends a request and decodes its JSON answer.
func call(t *testing.T, method, url, contentType, body string) (int, http.Header, any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var v any
	if len(bytes.TrimSpace(raw)) > 0 {
		require.NoError(t, json.Unmarshal(raw, &v), "%s", raw)
	}
	return resp.StatusCode, resp.Header, v
}

const jsonType = "application/json"

func TestPagedListTakesTheDocumentsShape(t *testing.T) {
	t.Parallel()
	base := shop(t)
	for _, name := range []string{"Bo", "Cy", "Di"} {
		status, _, _ := call(t, "POST", base+"/customers", jsonType, `{"email":"`+strings.ToLower(name)+`@example.com","name":"`+name+`"}`)
		require.Equal(t, http.StatusCreated, status)
	}
	status, h, body := call(t, "GET", base+"/customers?limit=2", "", "")
	require.Equal(t, http.StatusOK, status)
	page := body.(map[string]any)
	assert.EqualValues(t, 4, page["total"], "x-pretendo data and the three created")
	assert.Equal(t, "4", h.Get("X-Total"))
	items := page["items"].([]any)
	require.Len(t, items, 2)
	assert.Equal(t, "Ada", items[0].(map[string]any)["name"])
	assert.Contains(t, page["next"], "offset=2")

	_, _, body = call(t, "GET", base+"/customers?limit=2&offset=2", "", "")
	items = body.(map[string]any)["items"].([]any)
	require.Len(t, items, 2)
	assert.Equal(t, "Cy", items[0].(map[string]any)["name"])

	_, _, body = call(t, "GET", base+"/v2/customers?tier=gold", "", "")
	assert.EqualValues(t, 1, body.(map[string]any)["total"], "the servers' base path, and a parameter that names a field filters")
}

func TestWrappedCreateAndNestedCollection(t *testing.T) {
	t.Parallel()
	base := shop(t)
	status, h, body := call(t, "POST", base+"/customers", jsonType, `{"email":"bo@example.com","name":"Bo","since":"2024-05-01"}`)
	require.Equal(t, http.StatusCreated, status)
	created := body.(map[string]any)["data"].(map[string]any)
	assert.EqualValues(t, 8, created["id"])
	assert.Equal(t, "/customers/8", h.Get("Location"))

	status, _, body = call(t, "POST", base+"/customers/8/orders", jsonType, `{"customerId":8,"lines":[{"sku":"ABC-123","qty":2}]}`)
	require.Equal(t, http.StatusCreated, status, "%v", body)
	order := body.(map[string]any)
	id := order["id"].(string)
	assert.Len(t, id, 36, "a uuid key")
	assert.EqualValues(t, 8, order["customerId"])

	status, _, body = call(t, "GET", base+"/customers/8/orders", "", "")
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, body, 1)
	status, _, body = call(t, "GET", base+"/customers/7/orders", "", "")
	require.Equal(t, http.StatusOK, status)
	assert.Empty(t, body, "the path's customer filters the orders")

	status, _, _ = call(t, "GET", base+"/customers/8/orders/"+id, "", "")
	assert.Equal(t, http.StatusOK, status)
	status, _, body = call(t, "GET", base+"/customers/7/orders/"+id, "", "")
	assert.Equal(t, http.StatusNotFound, status, "another customer's order")
	assert.Equal(t, map[string]any{"code": float64(404), "message": "record not found"}, body, "the error takes the Problem schema")
}

func TestRequestsAreValidatedAgainstTheDocument(t *testing.T) {
	t.Parallel()
	base := shop(t)
	tests := []struct {
		name, method, path, ct, body string
		status                       int
		fields                       []string
	}{
		{"every body problem", "POST", "/customers", jsonType, `{"email":"nope","name":"","tier":"bronze","extra":1}`, 422, []string{"email", "name", "tier"}},
		{"missing required", "POST", "/customers", jsonType, `{}`, 422, []string{"email", "name"}},
		{"nested items", "POST", "/customers/7/orders", jsonType, `{"customerId":7,"lines":[{"sku":"abc","qty":0}]}`, 422, []string{"lines[0].sku", "lines[0].qty"}},
		{"read-only sent is fine, but a bad limit is not", "GET", "/customers?limit=0&offset=-1", "", "", 400, []string{"limit", "offset"}},
		{"path parameter type", "GET", "/customers/abc", "", "", 400, []string{"customerId"}},
		{"path parameter pattern", "GET", "/payments/pay_12", "", "", 400, []string{"paymentId"}},
		{"not JSON", "POST", "/customers", jsonType, `{"email":`, 400, nil},
		{"data after the value", "POST", "/customers", jsonType, `{} {}`, 400, nil},
		{"no body", "POST", "/customers", jsonType, ``, 422, []string{""}},
		{"form body", "POST", "/reports", "application/x-www-form-urlencoded", "pages=0", 422, []string{"month", "pages"}},
		{"body type not documented", "POST", "/reports", "text/csv", "a,b", 415, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := call(t, tt.method, base+tt.path, tt.ct, tt.body)
			require.Equal(t, tt.status, status, "%v", body)
			var fields []string
			if m, ok := body.(map[string]any); ok {
				if ds, ok := m["details"].([]any); ok {
					for _, d := range ds {
						fields = append(fields, d.(map[string]any)["field"].(string))
					}
				} else if es, ok := m["errors"].([]any); ok {
					for _, d := range es {
						fields = append(fields, d.(map[string]any)["field"].(string))
					}
				}
			}
			assert.ElementsMatch(t, tt.fields, fields)
		})
	}
}

func TestOversizedBody(t *testing.T) {
	t.Parallel()
	base := shop(t)
	big := `{"name":"` + strings.Repeat("x", 2<<20) + `"}`
	status, _, _ := call(t, "POST", base+"/customers", jsonType, big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
}

func TestOtherOperationsAnswerExamplesOrGeneratedValues(t *testing.T) {
	t.Parallel()
	a, b := shop(t), shop(t)
	status, _, body := call(t, "POST", a+"/reports", "application/x-www-form-urlencoded", "month=2024-05-01&pages=3")
	assert.Equal(t, http.StatusAccepted, status, "the first documented success status")
	assert.Equal(t, map[string]any{"status": "queued", "id": "rep_1"}, body, "the documented example")

	for _, path := range []string{"/categories/tree", "/payments/pay_1234?expand[card]=true", "/legacy"} {
		s1, _, v1 := call(t, "GET", a+path, "", "")
		s2, _, v2 := call(t, "GET", b+path, "", "")
		s3, _, v3 := call(t, "GET", a+path, "", "")
		assert.Equal(t, http.StatusOK, s1, path)
		assert.Equal(t, s1, s2)
		assert.Equal(t, s1, s3)
		assert.Equal(t, v1, v2, "%s: the same request, the same answer on another server", path)
		assert.Equal(t, v1, v3, "%s: and on the same one", path)
	}
	_, _, tree := call(t, "GET", a+"/categories/tree", "", "")
	assert.Contains(t, tree, "name")
	_, _, pay := call(t, "GET", a+"/payments/pay_1234", "", "")
	assert.Contains(t, []any{"card", "transfer"}, pay.(map[string]any)["method"])
}

func TestMethodsAndPathsTheDocumentDoesNotList(t *testing.T) {
	t.Parallel()
	base := shop(t)
	status, h, _ := call(t, "DELETE", base+"/customers", "", "")
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	assert.Equal(t, "GET, POST, HEAD, OPTIONS", h.Get("Allow"))
	status, h, _ = call(t, "OPTIONS", base+"/customers/7", "", "")
	assert.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, "GET, DELETE, PATCH, HEAD, OPTIONS", h.Get("Allow"))
	status, _, _ = call(t, "GET", base+"/customerz", "", "")
	assert.Equal(t, http.StatusNotFound, status)
	status, _, _ = call(t, "GET", base+"/customers/7/orders/x/y", "", "")
	assert.Equal(t, http.StatusNotFound, status)
	status, _, _ = call(t, "HEAD", base+"/customers/7", "", "")
	assert.Equal(t, http.StatusOK, status)
	status, _, _ = call(t, "GET", base+"/admin/stats", "", "")
	assert.Equal(t, http.StatusOK, status, "the admin API is served")
}

func TestGeneratedDataMeetsTheSchemas(t *testing.T) {
	t.Parallel()
	spec, err := pretendo.LoadSpec("testdata/shop31.yaml")
	require.NoError(t, err)
	spec.Options.GenerateData = pretendo.Options{}.GenerateData
	spec.Options.GenerateData.Enabled = true
	spec.Options.GenerateData.Counts = map[string]int{"customers": 30, "orders": 30}
	spec.Options.GenerateData.Seed = 9
	srv, err := pretendo.Open(spec)
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(openapitest.LoadFile(t, "testdata/shop31.yaml").Validate(t, srv, openapitest.Options{}))
	t.Cleanup(ts.Close)
	status, _, body := call(t, "GET", ts.URL+"/customers?limit=50", "", "")
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 31, body.(map[string]any)["total"])
}

// logs is a slog handler that keeps the messages.
type logs struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logs) Enabled(context.Context, slog.Level) bool { return true }
func (l *logs) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, r.Level.String()+" "+r.Message)
	return nil
}
func (l *logs) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logs) WithGroup(string) slog.Handler      { return l }

func TestWhatIsNotServedIsSaidOnceAtStart(t *testing.T) {
	t.Parallel()
	spec, err := pretendo.LoadSpec("testdata/shop31.yaml")
	require.NoError(t, err)
	l := &logs{}
	srv, err := pretendo.Open(spec, pretendo.WithLogger(slog.New(l)))
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	text := strings.Join(l.msgs, "\n")
	for _, want := range []string{"callbacks welcome", "webhooks orderShipped", `external reference "other.yaml#/components/schemas/Thing"`} {
		assert.Equal(t, 1, strings.Count(text, want), "%q in:\n%s", want, text)
	}
	assert.True(t, strings.HasPrefix(l.msgs[0], "WARN openapi: "))
}

func TestHostileRequestsGetClearErrors(t *testing.T) {
	t.Parallel()
	base := shop(t)
	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	tests := []struct {
		name, method, path, ct, body string
		status                       int
	}{
		{"escaped slash", "GET", "/customers/7%2F8", "", "", 400},
		{"control byte", "GET", "/customers/%00", "", "", 400},
		{"long path", "GET", "/customers/" + strings.Repeat("9", 10000), "", "", 400},
		{"unknown method", "BREW", "/customers", "", "", 405},
		{"deep body", "POST", "/customers", jsonType, deep, 422},
		{"deep object in a field", "POST", "/customers", jsonType, `{"email":"a@b.co","name":"A","tier":` + deep + `}`, 422},
		{"binary body", "POST", "/customers", jsonType, "\x00\xff\xfe", 400},
		{"huge number", "GET", "/customers?limit=1e400", "", "", 400},
		{"form body for JSON", "POST", "/customers", "application/x-www-form-urlencoded", "name=A", 415},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, base+tt.path, strings.NewReader(tt.body))
			require.NoError(t, err)
			if tt.ct != "" {
				req.Header.Set("Content-Type", tt.ct)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, tt.status, resp.StatusCode, "%s", raw)
		})
	}
	status, _, body := call(t, "GET", base+"/customers?limit=50", "", "")
	require.Equal(t, http.StatusOK, status)
	assert.EqualValues(t, 1, body.(map[string]any)["total"], "nothing was written")
}
