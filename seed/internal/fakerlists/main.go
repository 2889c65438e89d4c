// Fakerlists writes the word lists of github.com/go-faker/faker/v4 as Go
// source for package seed: first names, last names, lorem words, country
// names and real US addresses.
//
// It reads the lists as data, from the faker module that go.mod selects:
// the string slices from faker's Go source (parsed, never run) and the
// addresses and countries from the JSON files faker embeds. It does not call
// faker's random providers, so it does not depend on how faker picks an
// element. A list it cannot find, or finds in a shape it does not know,
// stops it with an error naming the list: an upgrade of faker fails here,
// loudly, instead of changing the data quietly.
//
// Run it through go generate in the seed directory:
//
//	go generate ./seed
//
// Usage:
//
//	fakerlists [-o file]
//
// The -o flag names the file to write (default library_gen.go).
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("o", "library_gen.go", "file to write")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "fakerlists:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	mod, err := findModule(fakerPath)
	if err != nil {
		return err
	}
	l, err := readLists(mod.Dir)
	if err != nil {
		return err
	}
	src, err := render(l, mod)
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}
