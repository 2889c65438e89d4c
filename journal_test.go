package pretendo_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/schema"
)

// journalSpec is a small spec with a custom route that never reads its body.
const journalSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: name, type: string }
routes:
  - { path: /hooks/:name, method: post, status: 202, response: { queued: "{name}" } }
`

func TestJournalRecords(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, parseSpec(t, journalSpec), pretendo.WithClock(func() time.Time { return t0 }))
	assert.Equal(t, pretendo.DefaultJournalSize, srv.JournalSize(), "on by default")

	req, err := http.NewRequest(http.MethodPost, base+"/users?source=t%C3%A9st", strings.NewReader(`{"name":"Ada 🚀"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Trace", "abc")
	status, _, _ := send(t, req)
	require.Equal(t, http.StatusCreated, status)
	status, _, _ = do(t, http.MethodGet, base+"/users/999", nil)
	require.Equal(t, http.StatusNotFound, status)
	status, _, _ = do(t, http.MethodPost, base+"/hooks/d%C3%A9ploy", `{"ref":"main"}`)
	require.Equal(t, http.StatusAccepted, status)
	status, _, _ = do(t, http.MethodOptions, base+"/users", nil)
	require.Equal(t, http.StatusNoContent, status)

	got := srv.Requests()
	require.Len(t, got, 4)
	first := got[0]
	assert.Equal(t, "POST", first.Method)
	assert.Equal(t, "/users", first.Path)
	assert.Equal(t, "source=t%C3%A9st", first.Query)
	assert.Equal(t, "abc", first.Header.Get("X-Trace"))
	assert.Equal(t, `{"name":"Ada 🚀"}`, string(first.Body))
	assert.False(t, first.BodyTruncated)
	assert.Equal(t, http.StatusCreated, first.Status)
	assert.Equal(t, t0, first.Time, "by the server's clock")
	assert.Positive(t, first.Duration)
	assert.Equal(t, "POST /users?source=t%C3%A9st -> 201", first.String())

	assert.Equal(t, "GET /users/999 -> 404", got[1].String())
	assert.Equal(t, "/hooks/déploy", got[2].Path, "the decoded path")
	assert.Equal(t, `{"ref":"main"}`, string(got[2].Body), "a body the handler never read is recorded too")
	assert.Equal(t, "OPTIONS /users -> 204", got[3].String())

	t.Run("copies", func(t *testing.T) {
		mine := srv.Requests()
		mine[0].Body[0] = 'X'
		mine[0].Header.Set("X-Trace", "changed")
		mine[0].Path = "/elsewhere"
		again := srv.Requests()
		assert.Equal(t, `{"name":"Ada 🚀"}`, string(again[0].Body))
		assert.Equal(t, "abc", again[0].Header.Get("X-Trace"))
		assert.Equal(t, "/users", again[0].Path)
	})
	t.Run("clear", func(t *testing.T) {
		srv.ClearRequests()
		assert.Empty(t, srv.Requests())
		do(t, http.MethodGet, base+"/users", nil)
		assert.Len(t, srv.Requests(), 1)
	})
}

func TestJournalSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		spec    string
		opts    []pretendo.Option
		size    int
		paths   []string
		want    []string
		wantNil bool
	}{
		{name: "ring keeps the last", opts: []pretendo.Option{pretendo.WithJournal(3)}, size: 3,
			paths: []string{"/users/1", "/users/2", "/users/3", "/users/4", "/users/5"}, want: []string{"/users/3", "/users/4", "/users/5"}},
		{name: "spec size", spec: "options: { journal: { size: 2 } }", size: 2,
			paths: []string{"/a", "/b", "/c"}, want: []string{"/b", "/c"}},
		{name: "spec size 0 turns it off", spec: "options: { journal: { size: 0 } }", size: 0, paths: []string{"/a"}, wantNil: true},
		{name: "option beats spec", spec: "options: { journal: { size: 0 } }", opts: []pretendo.Option{pretendo.WithJournal(1)}, size: 1,
			paths: []string{"/a", "/b"}, want: []string{"/b"}},
		{name: "option 0", opts: []pretendo.Option{pretendo.WithJournal(0)}, size: 0, paths: []string{"/a"}, wantNil: true},
		{name: "negative option", opts: []pretendo.Option{pretendo.WithJournal(-5)}, size: 0, paths: []string{"/a"}, wantNil: true},
		{name: "huge size allocates as it goes", opts: []pretendo.Option{pretendo.WithJournal(1 << 40)}, size: 1 << 40,
			paths: []string{"/a"}, want: []string{"/a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, err := pretendo.Open(parseSpec(t, journalSpec+tt.spec), tt.opts...)
			require.NoError(t, err)
			t.Cleanup(func() { _ = srv.Close() })
			assert.Equal(t, tt.size, srv.JournalSize())
			for _, p := range tt.paths {
				srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
			}
			got := srv.Requests()
			if tt.wantNil {
				assert.Nil(t, got)
				srv.ClearRequests() // harmless
				return
			}
			paths := make([]string, len(got))
			for i, r := range got {
				paths[i] = r.Path
			}
			assert.Equal(t, tt.want, paths)
		})
	}
	t.Run("negative spec size is a spec error", func(t *testing.T) {
		_, err := pretendo.ParseSpec([]byte(journalSpec + "options: { journal: { size: -1 } }"))
		assert.ErrorIs(t, err, pretendo.ErrInvalidSpec)
	})
}

func TestJournalBodies(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, parseSpec(t, journalSpec))
	long := strings.Repeat("é", 50<<10) // 100 KiB
	tests := []struct {
		name      string
		path      string
		body      string
		status    int
		keep      int
		truncated bool
	}{
		{name: "exactly the cap", path: "/hooks/x", body: strings.Repeat("a", pretendo.MaxJournalBody), status: 202, keep: pretendo.MaxJournalBody},
		{name: "one over the cap, unread", path: "/hooks/x", body: strings.Repeat("a", pretendo.MaxJournalBody+1), status: 202, keep: pretendo.MaxJournalBody, truncated: true},
		{name: "long body the handler reads", path: "/users", body: `{"name":"` + long + `"}`, status: 201, keep: pretendo.MaxJournalBody, truncated: true},
		{name: "too large", path: "/users", body: `{"name":"` + strings.Repeat("x", 2<<20) + `"}`, status: 413, keep: pretendo.MaxJournalBody, truncated: true},
		{name: "empty", path: "/hooks/x", body: "", status: 202, keep: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ClearRequests()
			resp, err := http.Post(base+tt.path, "application/json", strings.NewReader(tt.body))
			require.NoError(t, err)
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.Equal(t, tt.status, resp.StatusCode, "%s", raw)
			got := srv.Requests()
			require.Len(t, got, 1)
			assert.Len(t, got[0].Body, tt.keep)
			assert.Equal(t, tt.body[:tt.keep], string(got[0].Body))
			assert.Equal(t, tt.truncated, got[0].BodyTruncated)
		})
	}
	// The handler saw the whole long body, not the journal's cut.
	status, _, body := do(t, http.MethodGet, base+"/users/1", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, long, data(t, body)["name"])
}

func TestJournalStatuses(t *testing.T) {
	t.Parallel()
	spec := parseSpec(t, journalSpec)
	spec.Resources[0].Latency = &schema.Latency{Enabled: true, Fixed: 60_000}
	spec.Options.ErrorSimulation.Enabled = true
	silent := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	flusher := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "part")
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		if err := http.NewResponseController(w).Flush(); err != nil {
			w.WriteHeader(http.StatusInternalServerError)
		}
	})
	srv, err := pretendo.Open(spec, pretendo.WithRoute("GET", "/silent", silent), pretendo.WithRoute("GET", "/stream", flusher))
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/users", nil).WithContext(ctx))
	}()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a cancelled request kept its handler")
	}
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/silent", nil))
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/stream", nil))
	assert.True(t, rec.Flushed, "Flush reaches the writer beneath")
	srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/silent?errorCode=418", nil))

	var got []string
	for _, r := range srv.Requests() {
		got = append(got, r.String())
	}
	assert.Equal(t, []string{
		"GET /users -> 0",
		"GET /silent -> 200",
		"GET /stream -> 200",
		"GET /silent?errorCode=418 -> 418",
	}, got)
}

func TestJournalRestoresTheBody(t *testing.T) {
	t.Parallel()
	srv := pretendo.New(parseSpec(t, journalSpec))
	t.Cleanup(func() { _ = srv.Close() })
	body := io.NopCloser(strings.NewReader(`{"name":"x"}`))
	req := httptest.NewRequest(http.MethodPost, "/users", nil)
	req.Body = body
	srv.ServeHTTP(httptest.NewRecorder(), req)
	assert.Equal(t, body, req.Body, "the caller's request keeps its own body")
}

func TestJournalOfAFork(t *testing.T) {
	t.Parallel()
	base := pretendo.New(parseSpec(t, journalSpec))
	t.Cleanup(func() { _ = base.Close() })
	base.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/users", nil))
	fork := base.Fork()
	t.Cleanup(func() { _ = fork.Close() })
	assert.Empty(t, fork.Requests(), "a fork starts with an empty journal")
	fork.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/users/1", nil))
	assert.Len(t, fork.Requests(), 1)
	assert.Len(t, base.Requests(), 1, "the fork's requests stay in the fork")
}

func TestJournalConcurrency(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, parseSpec(t, journalSpec), pretendo.WithJournal(100))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				resp, err := http.Post(base+"/users", "application/json", strings.NewReader(fmt.Sprintf(`{"name":"g%d-%d"}`, g, i)))
				if err == nil {
					resp.Body.Close()
				}
				if i%10 == 0 {
					_ = srv.Requests()
				}
				if i == 25 && g == 0 {
					srv.ClearRequests()
				}
			}
		}()
	}
	wg.Wait()
	got := srv.Requests()
	assert.LessOrEqual(t, len(got), 100)
	for _, r := range got {
		assert.Equal(t, http.StatusCreated, r.Status)
		assert.True(t, bytes.HasPrefix(r.Body, []byte(`{"name":"g`)), "%s", r.Body)
	}
	// After the storm the ring still keeps exactly the last 100, in order.
	for i := range 120 {
		status, _, _ := do(t, http.MethodGet, fmt.Sprintf("%s/users/%d", base, i), nil)
		require.Contains(t, []int{200, 404}, status)
	}
	got = srv.Requests()
	require.Len(t, got, 100)
	for i, r := range got {
		assert.Equal(t, fmt.Sprintf("/users/%d", 20+i), r.Path)
	}
}

// BenchmarkGetByIDJournal measures GET /users/{id} with the journal on
// (the default) and off.
func BenchmarkGetByIDJournal(b *testing.B) {
	for _, size := range []int{pretendo.DefaultJournalSize, 0} {
		b.Run(fmt.Sprintf("size=%d", size), func(b *testing.B) {
			srv, err := pretendo.Open(benchSpec(tenK), pretendo.WithJournal(size))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = srv.Close() })
			req := httptest.NewRequest(http.MethodGet, "/users/42", nil)
			req.Header.Set("Accept", "application/json")
			req.Header.Set("User-Agent", "bench")
			w := &discardWriter{header: make(http.Header, 8)}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.header)
				srv.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
		})
	}
}

// Check which requests a client under test sent.
func ExampleServer_Requests() {
	spec, err := pretendo.ParseSpec([]byte(journalSpec))
	if err != nil {
		panic(err)
	}
	srv := pretendo.New(spec)
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	resp, err := http.Post(ts.URL+"/users", "application/json", strings.NewReader(`{"name":"Ada"}`))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fetch(ts.URL + "/users?name=Ada")

	for _, r := range srv.Requests() {
		line := r.String()
		if len(r.Body) > 0 {
			line += " " + string(r.Body)
		}
		fmt.Println(line)
	}
	// Output:
	// POST /users -> 201 {"name":"Ada"}
	// GET /users?name=Ada -> 200
}

func TestJournalIDsAndAnswers(t *testing.T) {
	t.Parallel()
	srv, base := serve(t, parseSpec(t, journalSpec), pretendo.WithJournal(2))
	do(t, http.MethodPost, base+"/users", `{"name":"Ada"}`)
	do(t, http.MethodHead, base+"/users/1", nil)
	do(t, http.MethodDelete, base+"/users/1", nil)

	got := srv.Requests()
	require.Len(t, got, 2)
	assert.Equal(t, []uint64{2, 3}, []uint64{got[0].ID, got[1].ID}, "numbered from 1, the ring keeping the last")
	assert.Empty(t, got[0].ResponseBody, "a HEAD answer has no body")
	assert.Empty(t, got[1].ResponseBody, "nor a 204")

	srv.ClearRequests()
	do(t, http.MethodGet, base+"/users/1", nil)
	got = srv.Requests()
	require.Len(t, got, 1)
	assert.Equal(t, uint64(4), got[0].ID, "ids go on after a clear")
	assert.JSONEq(t, `{"status":404,"message":"users 1 not found","code":"RECORD_NOT_FOUND"}`, string(got[0].ResponseBody))
	assert.False(t, got[0].ResponseBodyTruncated)

	got[0].ResponseBody[0] = 'X'
	assert.Equal(t, byte('{'), srv.Requests()[0].ResponseBody[0], "the caller's copy")

	t.Run("bounded", func(t *testing.T) {
		long := strings.Repeat("x", pretendo.MaxJournalBody)
		huge := pretendo.WithRoute("GET", "/huge", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for range 3 {
				_, _ = io.WriteString(w, long)
			}
		}))
		srv, base := serve(t, parseSpec(t, journalSpec), huge)
		resp, err := http.Get(base + "/huge")
		require.NoError(t, err)
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		assert.Equal(t, int64(3*pretendo.MaxJournalBody), n, "the client gets it all")
		got := srv.Requests()
		require.Len(t, got, 1)
		assert.Equal(t, long, string(got[0].ResponseBody))
		assert.True(t, got[0].ResponseBodyTruncated)
	})
}
