package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/yaml12"
	// OpenAPI documents are specs too: start, validate and openapi read them.
	_ "github.com/pretendo-go/pretendo/openapi"
)

// openapiUsage is the help of pretendo openapi.
const openapiUsage = `Usage: pretendo openapi [SPEC] [--format json|yaml]

Prints the OpenAPI 3.1 document of the API that SPEC serves (the embedded
blog example when omitted; - for standard input), as GET /__docs serves
it: JSON by default, YAML with --format yaml.
`

// runOpenAPI prints the OpenAPI document of a spec.
func runOpenAPI(_ context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	var arg string
	format := "json"
	seen := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-h" || a == "--help":
			_, err := fmt.Fprint(stdout, openapiUsage)
			return err
		case a == "--format" || a == "-format":
			if i+1 >= len(args) {
				return usageErrorf("--format needs a value: json or yaml")
			}
			i++
			format = args[i]
		case strings.HasPrefix(a, "--format=") || strings.HasPrefix(a, "-format="):
			format = a[strings.IndexByte(a, '=')+1:]
		case strings.HasPrefix(a, "-") && a != "-":
			return usageErrorf("unknown flag %s for openapi", quoteFlag(a))
		case seen:
			return usageErrorf("unexpected argument %q: openapi takes one spec", a)
		default:
			arg, seen = a, true
		}
	}
	if format != "json" && format != "yaml" {
		return usageErrorf("--format %q: want json or yaml", format)
	}
	if seen && arg == "" {
		return usageErrorf("the spec path is empty")
	}
	src, err := readSpec(arg, stdin)
	if err != nil {
		return err
	}
	spec, err := src.parse(jsonDB{})
	if err != nil {
		return err
	}
	// Describing needs no storage: no file, no snapshot folder.
	spec.Options.Database = pretendo.Options{}.Database
	spec.Options.GenerateData = pretendo.Options{}.GenerateData
	srv, err := pretendo.Open(spec)
	if err != nil {
		return newInvalidSpecError(src.name, err)
	}
	defer srv.Close()
	doc, err := srv.OpenAPI()
	if err != nil {
		return err
	}
	if format == "yaml" {
		if doc, err = yaml12.EncodeJSON(doc); err != nil {
			return err
		}
	}
	_, err = stdout.Write(doc)
	return err
}
