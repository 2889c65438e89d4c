package main

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// Validating a spec prints a summary, or every problem with its path.
func Example_validate() {
	ctx := context.Background()
	err := run(ctx, []string{"validate", "../../examples/blog/api.yml"}, nil, os.Stdout, os.Stdout)
	fmt.Println("exit code", exitCode(err))

	bad := `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: email, type: strng }
`
	err = run(ctx, []string{"validate", "-"}, strings.NewReader(bad), os.Stdout, os.Stdout)
	report(os.Stdout, err)
	fmt.Println("exit code", exitCode(err))
	// Output:
	// ../../examples/blog/api.yml: ok (5 resources, 359 records)
	// exit code 0
	// standard input:6:30: resources[0].fields[1].type: unknown type "strng" (want one of string, number, integer, boolean, date, object, array, uuid)
	// pretendo: invalid spec standard input: 1 problem
	// exit code 1
}

// A bad flag is a usage error, exit code 2, naming the flag.
func Example_usageError() {
	err := run(context.Background(), []string{"start", "--port", "70000"}, nil, os.Stdout, os.Stdout)
	code := report(os.Stdout, err)
	fmt.Println("exit code", code)
	// Output:
	// pretendo: invalid value "70000" for flag --port: want a port number from 0 to 65535
	// Run "pretendo help" for usage.
	// exit code 2
}
