package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testDB returns a data file with 20 users and 100 posts: post i belongs
// to user (i-1)%20+1, so each user has 5 posts, and the createdAt values
// are distinct and out of id order.
func testDB(t testing.TB) []byte {
	t.Helper()
	var f dbFile
	for i := int64(1); i <= 20; i++ {
		f.Users = append(f.Users, &user{ID: i, Username: fmt.Sprintf("u%d", i), Email: fmt.Sprintf("u%d@example.com", i), Role: "user", Age: 20 + i})
	}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := int64(1); i <= 100; i++ {
		f.Posts = append(f.Posts, &post{
			ID: i, Title: fmt.Sprintf("post %d", i), Body: "body", UserID: (i-1)%20 + 1,
			CreatedAt: base.Add(time.Duration((i*37)%100) * time.Hour).Format(time.RFC3339),
		})
	}
	b, err := json.MarshalIndent(f, "", "  ")
	require.NoError(t, err)
	return b
}

// newTestServer serves testDB through httptest.
func newTestServer(t testing.TB) *httptest.Server {
	t.Helper()
	resources, err := loadDB(bytes.NewReader(testDB(t)))
	require.NoError(t, err)
	ts := httptest.NewServer(newHandler(resources))
	t.Cleanup(ts.Close)
	return ts
}

// do sends a request and returns the status, headers and body.
func do(t testing.TB, method, url, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, b
}

func decode[T any](t testing.TB, b []byte) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(b, &v), string(b))
	return v
}

func ids(posts []post) []int64 {
	out := make([]int64, len(posts))
	for i, p := range posts {
		out[i] = p.ID
	}
	return out
}

// TestWorkloads runs the five benchmark requests, in json-server's
// spelling, and checks the answers.
func TestWorkloads(t *testing.T) {
	ts := newTestServer(t)
	all := decode[dbFile](t, testDB(t)).Posts

	t.Run("get_one", func(t *testing.T) {
		status, h, body := do(t, "GET", ts.URL+"/users/1", "")
		require.Equal(t, http.StatusOK, status)
		assert.Equal(t, "application/json; charset=utf-8", h.Get("Content-Type"))
		assert.JSONEq(t, `{"id":1,"username":"u1","email":"u1@example.com","role":"user","age":21}`, string(body))
	})

	t.Run("page", func(t *testing.T) {
		status, h, body := do(t, "GET", ts.URL+"/users?_page=1&_limit=10", "")
		require.Equal(t, http.StatusOK, status)
		users := decode[[]user](t, body)
		require.Len(t, users, 10)
		for i, u := range users {
			assert.Equal(t, int64(i+1), u.ID)
		}
		assert.Equal(t, "20", h.Get("X-Total-Count"))
		host := strings.TrimPrefix(ts.URL, "http://")
		assert.Equal(t,
			`<http://`+host+`/users?_limit=10&_page=1>; rel="first", `+
				`<http://`+host+`/users?_limit=10&_page=2>; rel="next", `+
				`<http://`+host+`/users?_limit=10&_page=2>; rel="last"`,
			h.Get("Link"))
	})

	t.Run("filter", func(t *testing.T) {
		status, h, body := do(t, "GET", ts.URL+"/posts?userId=5", "")
		require.Equal(t, http.StatusOK, status)
		got := decode[[]post](t, body)
		assert.Equal(t, []int64{5, 25, 45, 65, 85}, ids(got))
		for _, p := range got {
			assert.Equal(t, int64(5), p.UserID)
		}
		assert.Empty(t, h.Get("X-Total-Count"), "json-server sends it only when paging")
	})

	t.Run("sort", func(t *testing.T) {
		status, h, body := do(t, "GET", ts.URL+"/posts?_sort=createdAt&_order=desc&_limit=10", "")
		require.Equal(t, http.StatusOK, status)
		want := append([]*post(nil), all...)
		sort.SliceStable(want, func(i, j int) bool { return want[i].CreatedAt > want[j].CreatedAt })
		var wantIDs []int64
		for _, p := range want[:10] {
			wantIDs = append(wantIDs, p.ID)
		}
		assert.Equal(t, wantIDs, ids(decode[[]post](t, body)))
		assert.Equal(t, "100", h.Get("X-Total-Count"))
	})

	t.Run("post", func(t *testing.T) {
		body := `{"title":"bench post","body":"lorem ipsum dolor sit amet","userId":5,"createdAt":"2026-01-01T00:00:00Z"}`
		status, _, got := do(t, "POST", ts.URL+"/posts", body)
		require.Equal(t, http.StatusCreated, status)
		created := decode[post](t, got)
		assert.Equal(t, post{ID: 101, Title: "bench post", Body: "lorem ipsum dolor sit amet", UserID: 5, CreatedAt: "2026-01-01T00:00:00Z"}, created)

		status, _, stored := do(t, "GET", ts.URL+"/posts/101", "")
		require.Equal(t, http.StatusOK, status)
		assert.Equal(t, created, decode[post](t, stored))
		_, _, list := do(t, "GET", ts.URL+"/posts?userId=5", "")
		assert.Equal(t, []int64{5, 25, 45, 65, 85, 101}, ids(decode[[]post](t, list)))
	})
}

func TestListQueries(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name    string
		path    string
		wantIDs []int64
		total   string
	}{
		{"two filters", "/posts?userId=5&id=25", []int64{25}, ""},
		{"repeated filter is any of", "/posts?userId=1&userId=2&_limit=4", []int64{1, 2, 21, 22}, "10"},
		{"filter compares text", "/posts?userId=05", []int64{}, ""},
		{"plus sign is not the number", "/posts?userId=%2B5", []int64{}, ""},
		{"minus zero is not zero", "/posts?id=-0", []int64{}, ""},
		{"number and text values", "/posts?userId=abc&userId=4", []int64{4, 24, 44, 64, 84}, ""},
		{"string field", "/posts?title=post+7&title=post+70", []int64{7, 70}, ""},
		{"number past int64", "/posts?id=99999999999999999999", []int64{}, ""},
		{"unknown field", "/posts?colour=red", []int64{}, ""},
		{"unicode value", "/posts?title=%E2%9C%93%F0%9F%98%80", []int64{}, ""},
		{"page 2", "/posts?_page=2&_limit=3", []int64{4, 5, 6}, "100"},
		{"page past the end", "/posts?_page=35&_limit=3", []int64{}, "100"},
		{"huge page", "/posts?_page=99999999999999999999999&_limit=3", []int64{}, "100"},
		{"page zero is page 1", "/posts?_page=0&_limit=2", []int64{1, 2}, "100"},
		{"negative page is page 1", "/posts?_page=-4&_limit=2", []int64{1, 2}, "100"},
		{"page not a number", "/posts?_page=abc&_limit=2", []int64{1, 2}, "100"},
		{"page without limit", "/posts?_page=10", []int64{91, 92, 93, 94, 95, 96, 97, 98, 99, 100}, "100"},
		{"bad limit with page", "/posts?_page=1&_limit=-3", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "100"},
		{"limit zero", "/posts?_limit=0", []int64{}, "100"},
		{"huge limit", "/posts?userId=3&_limit=99999999999999999999", []int64{3, 23, 43, 63, 83}, "5"},
		{"start and limit", "/posts?_start=98&_limit=5", []int64{99, 100}, "100"},
		{"start past the end", "/posts?_start=500&_limit=5", []int64{}, "100"},
		{"sort a filter by id, descending", "/posts?userId=7&_sort=id&_order=desc", []int64{87, 67, 47, 27, 7}, ""},
		{"sort by unknown field keeps order", "/posts?userId=7&_sort=nope", []int64{7, 27, 47, 67, 87}, ""},
		{"two sort keys", "/posts?_sort=userId,id&_order=desc,asc&_limit=3", []int64{20, 40, 60}, "100"},
		{"unknown control parameter", "/posts?userId=7&_embed=comments&q=x", []int64{7, 27, 47, 67, 87}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := do(t, "GET", ts.URL+tt.path, "")
			require.Equal(t, http.StatusOK, status, string(body))
			assert.Equal(t, tt.wantIDs, ids(decode[[]post](t, body)))
			assert.Equal(t, tt.total, h.Get("X-Total-Count"))
		})
	}
}

func TestErrors(t *testing.T) {
	ts := newTestServer(t)
	huge := `{"title":"` + strings.Repeat("x", maxBody) + `"}`
	tests := []struct {
		name, method, path, body string
		status                   int
	}{
		{"unknown resource", "GET", "/comments", "", 404},
		{"unknown record", "GET", "/users/999", "", 404},
		{"id not a number", "GET", "/users/abc", "", 404},
		{"id overflows", "GET", "/users/99999999999999999999", "", 404},
		{"unicode id", "GET", "/users/%E2%9C%93", "", 404},
		{"root", "GET", "/", "", 404},
		{"deep path", "GET", "/users/1/posts", "", 404},
		{"post to unknown resource", "POST", "/comments", `{}`, 404},
		{"post not JSON", "POST", "/posts", `title=x`, 400},
		{"post empty", "POST", "/posts", ``, 400},
		{"post array", "POST", "/posts", `[{"title":"x"}]`, 400},
		{"post null", "POST", "/posts", `null`, 400},
		{"post wrong type", "POST", "/posts", `{"userId":"five"}`, 400},
		{"post huge number", "POST", "/posts", `{"userId":1e400}`, 400},
		{"post trailing data", "POST", "/posts", `{"title":"x"} {"title":"y"}`, 400},
		{"post trailing brace", "POST", "/posts", `{"title":"x"}}`, 400},
		{"post truncated", "POST", "/posts", `{"title":"x"`, 400},
		{"post too large", "POST", "/posts", huge, 413},
		{"delete", "DELETE", "/posts/1", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, _ := do(t, tt.method, ts.URL+tt.path, tt.body)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, "application/json; charset=utf-8", h.Get("Content-Type"))
		})
	}
	// None of the refused posts was stored.
	_, h, _ := do(t, "GET", ts.URL+"/posts?_limit=1", "")
	assert.Equal(t, "100", h.Get("X-Total-Count"))
}

func TestPostIgnoresClientIDAndKeepsUnicode(t *testing.T) {
	ts := newTestServer(t)
	status, _, body := do(t, "POST", ts.URL+"/users", `{"id":1,"username":"zoë 数据 😀","age":-1}`)
	require.Equal(t, http.StatusCreated, status)
	got := decode[user](t, body)
	assert.Equal(t, user{ID: 21, Username: "zoë 数据 😀", Age: -1}, got)
	_, _, first := do(t, "GET", ts.URL+"/users/1", "")
	assert.Equal(t, "u1", decode[user](t, first).Username, "user 1 is untouched")
}

func TestConcurrentPostsGetDistinctIDs(t *testing.T) {
	ts := newTestServer(t)
	const writers, each = 8, 25
	var wg sync.WaitGroup
	created := make(chan int64, writers*each)
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				resp, err := http.Post(ts.URL+"/posts", "application/json", strings.NewReader(`{"userId":3}`))
				if !assert.NoError(t, err) {
					return
				}
				var p post
				assert.NoError(t, json.NewDecoder(resp.Body).Decode(&p))
				resp.Body.Close()
				created <- p.ID
			}
		}()
	}
	// Readers run alongside the writers.
	for range 20 {
		status, _, _ := do(t, "GET", ts.URL+"/posts?_sort=createdAt&_order=desc&_limit=10", "")
		assert.Equal(t, http.StatusOK, status)
	}
	wg.Wait()
	close(created)
	seen := map[int64]bool{}
	for id := range created {
		assert.False(t, seen[id], "id %d given twice", id)
		assert.Greater(t, id, int64(100))
		seen[id] = true
	}
	assert.Len(t, seen, writers*each)
	_, h, _ := do(t, "GET", ts.URL+"/posts?_limit=0", "")
	assert.Equal(t, fmt.Sprint(100+writers*each), h.Get("X-Total-Count"))
}
