package examples_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/examples"
)

// The embedded blog example serves without any file on disk.
func Example() {
	spec, err := pretendo.ParseSpec(examples.Blog)
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := pretendo.New(spec)
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	resp, err := http.Get(ts.URL + "/users/1?fields=id,username,role")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status)
	fmt.Println(string(body))
	// Output:
	// 200 OK
	// {"data":{"id":1,"role":"admin","username":"ada"}}
}
