// Package examples holds the example specs of pretendo, embedded so that
// a program can serve them without the files on disk: the CLI serves
// [Blog] when it is given no spec.
//
// The specs themselves live next to this file, each with a README of curl
// calls: blog/api.yml and ecommerce/api.yml. The subfolders httptest and
// mount show the library used from a Go test and mounted inside an
// existing net/http server; playwright, a front end tested with Playwright
// against pretendo start through the request journal over HTTP.
package examples

import _ "embed"

// Blog is the blog example spec (blog/api.yml): users, posts, comments and
// tags, with generated data from a fixed seed. Callers must not modify it.
//
//go:embed blog/api.yml
var Blog []byte

// Ecommerce is the shop example spec (ecommerce/api.yml): categories,
// products, customers, orders and order items, with the three onDelete
// rules. Callers must not modify it.
//
//go:embed ecommerce/api.yml
var Ecommerce []byte
