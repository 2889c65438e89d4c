// Package httptest shows pretendo in a Go test, the way the README tells
// it: load a spec, serve it with httptest.NewServer, and test a client of
// the API against it. The code is in blog_test.go; run it with
// go test ./examples/httptest.
package httptest
