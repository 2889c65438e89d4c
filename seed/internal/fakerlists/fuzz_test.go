package main

import (
	"go/parser"
	"go/token"
	"testing"
)

// FuzzSource feeds arbitrary Go files to the list reader: every variable
// gives a bounded, non-empty list or an error, never a panic or a hang.
func FuzzSource(f *testing.F) {
	for _, text := range []string{
		"package p\n\nvar a = []string{\"x\", `y`}\nvar b = append(a, a...)\n",
		"package p\n\nvar a = append(a, \"x\")\n",
		"package p\n\nvar (\n\ta, b = b, a\n\tc []string\n)\n",
		"package p\n\nvar a = append((b), \"\\xff\", \"\\u00e9\")\nvar b = []string{0: \"k\"}\n",
		"package p\n\n//go:embed misc/a.json\nvar a []byte\n",
		"package p\n\nvar (\n\t//go:embed \"a b.json\"\n\ta []byte\n\t//go:embed `\n\tb []byte\n)\n",
		"package p\n\nvar a = append([]string{}, 1)\nvar b = append()\nvar c = append(a, b, c...)\n",
	} {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		file, err := parser.ParseFile(token.NewFileSet(), "a.go", text, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return
		}
		s := newSource(".")
		s.addFile(file)
		for name := range s.vars {
			list, err := s.strings(name)
			if err == nil && (len(list) == 0 || len(list) > maxListLen) {
				t.Fatalf("var %s: list of %d strings", name, len(list))
			}
			if file, err := s.embedFile(name); err == nil && file == "" {
				t.Fatalf("var %s: empty embed file name", name)
			}
		}
	})
}
