package pretendotest_test

import (
	"context"
	"fmt"
	"net/http"
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
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = true
	panic("fatal")
}
