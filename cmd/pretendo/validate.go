package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/yaml12"
)

// runValidate checks a spec the way start would load it, without serving:
// the strict decoder, then its data (spec data and generated data) against
// the spec's rules, in memory. It prints "NAME: ok" and a summary, or every
// problem with its path.
func runValidate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var (
		arg, db   = "", jsonDB{}
		printSpec bool
		args0     = args
	)
	for len(args) > 0 {
		a := args[0]
		args = args[1:]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case a == "-h" || a == "--help":
			if len(args0) != 1 {
				return usageErrorf("--help takes no other argument")
			}
			_, err := io.WriteString(stdout, validateUsageText)
			return err
		case a == "--print-spec":
			printSpec = true
		case strings.HasPrefix(a, "-") && (name == "id" || name == "i" || name == "foreignKeySuffix" || name == "fks"):
			if !hasValue {
				if len(args) == 0 {
					return usageErrorf("flag %s needs a value", a)
				}
				value, args = args[0], args[1:]
			}
			set := db.setID
			if name == "foreignKeySuffix" || name == "fks" {
				set = db.setSuffix
			}
			if err := set("--"+name, value); err != nil {
				return err
			}
		case strings.HasPrefix(a, "-") && a != "-":
			return usageErrorf("unknown flag %s (validate takes --print-spec, --id and --foreignKeySuffix)", a)
		case arg != "":
			return usageErrorf("unexpected argument %q: validate takes one spec", a)
		default:
			arg = a
			if arg == "" {
				return usageErrorf("the spec path is empty")
			}
		}
	}
	if arg == "" {
		return usageErrorf("validate needs a spec: pretendo validate api.yml")
	}
	src, err := readSpec(arg, stdin)
	if err != nil {
		return err
	}
	spec, err := src.parse(db)
	if err != nil {
		return printInvalid(stderr, err)
	}
	if printSpec {
		return writeSpec(stdout, spec)
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

// validateUsageText is the help of pretendo validate.
const validateUsageText = `Usage: pretendo validate [flags] SPEC

Checks SPEC (a YAML or JSON file, or - for standard input) and its data;
prints every problem with its path. Exits 0 when valid, 1 when not.
A json-server database (db.json) is read as the spec it stands for.

Flags:
      --print-spec          print the spec as YAML instead (for a db.json, the
                            inferred spec without its data, to grow into a typed spec)
  -i, --id FIELD            a db.json's primary key field (default id)
      --foreignKeySuffix S, --fks S
                            the end of a db.json's foreign key fields (default Id)
`

// writeSpec prints spec as YAML, without its data: a spec inferred from a
// json-server database keeps reading its records from the file.
func writeSpec(w io.Writer, spec *pretendo.Spec) error {
	c := *spec
	c.Data = nil
	out, err := yaml12.Encode(&c)
	if err != nil {
		return fmt.Errorf("printing the spec: %w", err)
	}
	_, err = w.Write(out)
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
