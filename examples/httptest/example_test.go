package httptest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/pretendo-go/pretendo"
)

// A test server for the blog example, in four lines.
func Example() {
	spec, err := pretendo.LoadSpec("../blog/api.yml")
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := pretendo.New(spec)
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	resp, err := http.Get(ts.URL + "/tags")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("X-Total-Count"))
	// Output: 200 8
}
