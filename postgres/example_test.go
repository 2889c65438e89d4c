package postgres_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/postgres"
)

// Two servers, in one process here but as well in two, serve one set of
// data from one database.
func Example() {
	ctx := context.Background()
	spec, err := pretendo.ParseSpec([]byte(`
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: email, type: string, unique: true }
`))
	if err != nil {
		log.Fatal(err)
	}
	var urls []string
	for range 2 {
		db, err := postgres.Open(ctx, os.Getenv("PRETENDO_POSTGRES_DSN"), postgres.WithPrefix("shared_"))
		if err != nil {
			log.Fatal(err)
		}
		srv, err := pretendo.Open(spec, pretendo.WithAdapter(db))
		if err != nil {
			log.Fatal(err)
		}
		defer srv.Close()
		ts := httptest.NewServer(srv)
		defer ts.Close()
		urls = append(urls, ts.URL)
	}
	// A POST to urls[0]+"/users" is visible at urls[1]+"/users".
	fmt.Println(len(urls))
}

func ExampleWithPrefix() {
	_, err := postgres.Open(context.Background(), "postgres://localhost/app", postgres.WithPrefix("staging mock"))
	fmt.Println(err)
	// Output: postgres: invalid table prefix "staging mock" (want up to 40 ASCII letters, digits or underscores)
}
