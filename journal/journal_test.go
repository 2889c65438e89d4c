package journal_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/journal"
)

// ok answers 200 after reading n bytes of the body (all of it when n < 0).
func ok(n int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n < 0 {
			_, _ = io.ReadAll(r.Body)
		} else {
			_, _ = io.ReadFull(r.Body, make([]byte, n))
		}
		_, _ = w.Write([]byte("{}"))
	})
}

func TestRingKeepsTheLastRequests(t *testing.T) {
	t.Parallel()
	j := journal.New(3, nil)
	h := j.Middleware(ok(0))
	for i := range 5 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, fmt.Sprintf("/users/%d", i), nil))
	}
	got := j.Requests()
	require.Len(t, got, 3)
	for i, r := range got {
		assert.Equal(t, fmt.Sprintf("/users/%d", i+2), r.Path, "oldest first")
		assert.Equal(t, http.StatusOK, r.Status)
	}
	assert.Equal(t, 3, j.Size())
	j.Clear()
	assert.Empty(t, j.Requests())
}

func TestBodies(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", journal.MaxBody+10)
	tests := []struct {
		name      string
		body      string
		read      int // bytes the handler reads, -1 for all
		want      string
		truncated bool
	}{
		{"read whole", `{"a":1}`, -1, `{"a":1}`, false},
		{"never read", `{"a":1}`, 0, `{"a":1}`, false},
		{"half read", `{"a":1}`, 3, `{"a":1}`, false},
		{"too long, read", long, -1, long[:journal.MaxBody], true},
		{"too long, unread", long, 0, long[:journal.MaxBody], true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j := journal.New(1, nil)
			var seen int
			h := j.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.read < 0 {
					b, _ := io.ReadAll(r.Body)
					seen = len(b)
				} else {
					_, _ = io.ReadFull(r.Body, make([]byte, tt.read))
				}
				w.WriteHeader(http.StatusAccepted)
			}))
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(tt.body)))
			got := j.Requests()
			require.Len(t, got, 1)
			assert.Equal(t, tt.want, string(got[0].Body))
			assert.Equal(t, tt.truncated, got[0].BodyTruncated)
			assert.Equal(t, http.StatusAccepted, got[0].Status)
			if tt.read < 0 {
				assert.Equal(t, len(tt.body), seen, "the handler reads the whole body")
			}
		})
	}
}

func TestRecordedBeforeTheAnswerStarts(t *testing.T) {
	t.Parallel()
	j := journal.New(10, nil)
	var during int
	h := j.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		during = len(j.Requests())
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, 1, during)
	assert.Equal(t, http.StatusTeapot, j.Requests()[0].Status)
}

func TestOffJournal(t *testing.T) {
	t.Parallel()
	var j *journal.Journal = journal.New(0, nil)
	h := ok(-1)
	assert.Nil(t, j)
	assert.Equal(t, 0, j.Size())
	j.Clear()
	assert.Nil(t, j.Requests())
	rec := httptest.NewRecorder()
	j.Middleware(h).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
}

func TestRequestsAreCopies(t *testing.T) {
	t.Parallel()
	j := journal.New(2, nil)
	req := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader("abc"))
	req.Header.Set("X-Trace", "1")
	j.Middleware(ok(-1)).ServeHTTP(httptest.NewRecorder(), req)
	first := j.Requests()[0]
	first.Body[0] = 'z'
	first.Header.Set("X-Trace", "2")
	again := j.Requests()[0]
	assert.Equal(t, "abc", string(again.Body))
	assert.Equal(t, "1", again.Header.Get("X-Trace"))
}
