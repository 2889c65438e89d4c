package pretendotest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/pretendotest"
)

func TestForkPerParallelTest(t *testing.T) {
	spec, err := pretendo.ParseSpec([]byte(todoSpec))
	require.NoError(t, err)
	base := pretendotest.New(t, spec)

	t.Run("group", func(t *testing.T) {
		for i := 0; i < 8; i++ {
			t.Run(fmt.Sprint("fork", i), func(t *testing.T) {
				t.Parallel()
				srv := pretendotest.Fork(t, base)
				todos := pretendo.Collection[map[string]any](srv, "todos")
				_, err := todos.Create(context.Background(), map[string]any{"title": fmt.Sprint("mine ", i)})
				require.NoError(t, err)
				page, err := todos.List(context.Background(), pretendo.Query{})
				require.NoError(t, err)
				assert.Equal(t, 2, page.Total, "each fork sees the base record and its own only")
				assert.Equal(t, 2.0, page.Items[1]["id"], "every fork continues the base's id counter")
			})
		}
	})
	page, err := pretendo.Collection[map[string]any](base, "todos").List(context.Background(), pretendo.Query{})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total, "no fork's write reached the base")
}

func TestServeClosesWithTest(t *testing.T) {
	spec, err := pretendo.ParseSpec([]byte(todoSpec))
	require.NoError(t, err)
	var url string
	t.Run("inner", func(t *testing.T) {
		url = pretendotest.Serve(t, pretendotest.New(t, spec))
		resp, err := http.Get(url + "/todos/1")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	})
	_, err = http.Get(url + "/todos/1")
	assert.Error(t, err, "the server is closed when the test that started it ends")
}

func TestLoadSpecFailsTheTest(t *testing.T) {
	ft := &fakeTB{TB: t}
	func() {
		defer func() { _ = recover() }()
		pretendotest.LoadSpec(ft, "does-not-exist.yml")
	}()
	assert.True(t, ft.failed, "a missing spec fails the test")
}

// fakeTB records a Fatalf instead of stopping the real test.
type fakeTB struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = true
	f.msg = fmt.Sprintf(format, args...)
	panic("fatal")
}

// Subtests that begin with Isolate share one server and its URL, yet each
// sees the same data and counts only its own requests.
func TestIsolate(t *testing.T) {
	spec, err := pretendo.ParseSpec([]byte(todoSpec))
	require.NoError(t, err)
	srv := pretendotest.New(t, spec)
	url := pretendotest.Serve(t, srv)
	post := func(t *testing.T, title string) map[string]any {
		t.Helper()
		resp, err := http.Post(url+"/todos", "application/json", strings.NewReader(`{"title":"`+title+`"}`))
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusCreated, resp.StatusCode)
		var body struct{ Data map[string]any }
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
		return body.Data
	}
	get := func(t *testing.T, path string) int {
		t.Helper()
		resp, err := http.Get(url + path)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	// Requests before the subtests: Isolate starts each one with none.
	require.Equal(t, http.StatusOK, get(t, "/todos/1"))

	for _, name := range []string{"first", "second", "third"} {
		t.Run(name, func(t *testing.T) {
			pretendotest.Isolate(t, srv)
			pretendotest.AssertNotCalled(t, srv, "*", "/todos/:id")
			assert.Equal(t, http.StatusOK, get(t, "/todos/1"), "the todo a previous subtest deleted is back")
			assert.Equal(t, 2.0, post(t, name)["id"], "the id counter is back too")
			req, err := http.NewRequest(http.MethodDelete, url+"/todos/1", nil)
			require.NoError(t, err)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusNoContent, resp.StatusCode)
			pretendotest.AssertCalledTimes(t, srv, "POST", "/todos", 1)
			pretendotest.AssertCalledTimes(t, srv, "GET", "/todos/:id", 1)
		})
	}
	assert.Empty(t, srv.Requests(), "the last subtest's requests are cleared when it ends")
	page, err := pretendo.Collection[map[string]any](srv, "todos").List(context.Background(), pretendo.Query{})
	require.NoError(t, err)
	assert.Equal(t, []map[string]any{{"id": 1.0, "title": "write tests"}}, page.Items)
	snaps, err := srv.Snapshots(context.Background())
	require.NoError(t, err)
	assert.Empty(t, snaps, "Isolate leaves no snapshot behind")
}

// Misuse fails the test with a message instead of panicking.
func TestHelpersFailOnMisuse(t *testing.T) {
	spec, err := pretendo.ParseSpec([]byte(todoSpec))
	require.NoError(t, err)
	closed := pretendo.New(spec)
	require.NoError(t, closed.Close())
	cases := []struct {
		name string
		call func(tb testing.TB)
		want string
	}{
		{"Fork of nil", func(tb testing.TB) { pretendotest.Fork(tb, nil) }, "pretendotest: Fork: the base server is nil"},
		{"Fork of a closed server", func(tb testing.TB) { pretendotest.Fork(tb, closed) }, "pretendotest: Fork: pretendo: fork: adapter closed"},
		{"Isolate of nil", func(tb testing.TB) { pretendotest.Isolate(tb, nil) }, "pretendotest: Isolate: the server is nil"},
		{"Isolate of a closed server", func(tb testing.TB) { pretendotest.Isolate(tb, closed) }, "pretendotest: Isolate: saving the state: pretendo: adapter closed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ft := &fakeTB{TB: t}
			assert.NotPanics(t, func() {
				defer func() {
					if r := recover(); r != nil && r != "fatal" {
						panic(r)
					}
				}()
				c.call(ft)
			})
			assert.True(t, ft.failed, "the test is failed")
			assert.Equal(t, c.want, ft.msg)
		})
	}
}
