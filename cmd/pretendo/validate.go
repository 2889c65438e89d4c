package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/pretendo-go/pretendo"
)

// runValidate checks a spec the way start would load it, without serving:
// the strict decoder, then its data (spec data and generated data) against
// the spec's rules, in memory. It prints "NAME: ok" and a summary, or every
// problem with its path.
func runValidate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var arg string
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "--help"):
		_, err := fmt.Fprintln(stdout, "Usage: pretendo validate SPEC\n\nChecks SPEC (a YAML or JSON file, or - for standard input) and its data;\nprints every problem with its path. Exits 0 when valid, 1 when not.")
		return err
	case len(args) == 1:
		arg = args[0]
	case len(args) == 0:
		return usageErrorf("validate needs a spec: pretendo validate api.yml")
	default:
		return usageErrorf("unexpected argument %q: validate takes one spec", args[1])
	}
	if arg == "" {
		return usageErrorf("the spec path is empty")
	}
	src, err := readSpec(arg, stdin)
	if err != nil {
		return err
	}
	spec, err := src.parse()
	if err != nil {
		return printInvalid(stderr, err)
	}
	// Check the data in memory: validating must neither create a database
	// file nor a snapshot folder.
	spec.Options.Database = pretendo.Options{}.Database
	srv, err := pretendo.Open(spec)
	if err != nil {
		return printInvalid(stderr, newInvalidSpecError(src.name, err))
	}
	defer srv.Close()
	stats, err := srv.Stats(ctx)
	if err != nil {
		return fmt.Errorf("counting records: %w", err)
	}
	records := 0
	for _, st := range stats {
		records += st.Count
	}
	_, err = fmt.Fprintf(stdout, "%s: ok (%d resources, %d records)\n", src.name, len(spec.Resources), records)
	return err
}

// printInvalid prints the problems of an invalid spec to w and returns the
// error, which exits with code 1.
func printInvalid(w io.Writer, err error) error {
	var ie *invalidSpecError
	if errors.As(err, &ie) {
		ie.print(w)
	}
	return err
}
