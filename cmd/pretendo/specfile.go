package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/examples"
	"github.com/pretendo-go/pretendo/internal/jsondb"
)

// maxSpecBytes bounds the size of a spec, so that a wrong path (a disk
// image, a log) fails at once instead of filling memory.
const maxSpecBytes = 64 << 20

// embeddedName is how messages name the spec served when none is given.
const embeddedName = "the embedded blog example"

// specSource is a spec as read: its bytes and the name messages use.
type specSource struct {
	name     string
	data     []byte
	embedded bool
	// file is the path of a spec read from a file, else "".
	file string
}

// readSpec reads the spec argument: a file path, "-" for stdin, or "" for
// the embedded blog example. Every failure is one clear line.
func readSpec(arg string, stdin io.Reader) (specSource, error) {
	switch arg {
	case "":
		return specSource{name: embeddedName, data: examples.Blog, embedded: true}, nil
	case "-":
		if stdin == nil {
			return specSource{}, errors.New("no standard input to read the spec from")
		}
		data, err := io.ReadAll(io.LimitReader(stdin, maxSpecBytes+1))
		if err != nil {
			return specSource{}, fmt.Errorf("reading the spec from standard input: %w", err)
		}
		return checkSize(specSource{name: "standard input", data: data})
	}
	info, err := os.Stat(arg)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return specSource{}, fmt.Errorf("spec file %s not found", arg)
	case err != nil:
		return specSource{}, fmt.Errorf("reading spec: %w", err)
	case info.IsDir():
		return specSource{}, fmt.Errorf("spec %s is a directory (want a YAML or JSON file)", arg)
	case info.Size() > maxSpecBytes:
		return specSource{}, fmt.Errorf("spec %s is too large (%d bytes; the limit is %d MiB)", arg, info.Size(), maxSpecBytes>>20)
	}
	f, err := os.Open(arg)
	if err != nil {
		return specSource{}, fmt.Errorf("reading spec: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSpecBytes+1))
	if err != nil {
		return specSource{}, fmt.Errorf("reading spec: %w", err)
	}
	return checkSize(specSource{name: arg, data: data, file: arg})
}

// checkSize refuses a spec that is empty or larger than maxSpecBytes.
func checkSize(src specSource) (specSource, error) {
	if len(src.data) > maxSpecBytes {
		return specSource{}, fmt.Errorf("spec %s is too large (the limit is %d MiB)", src.name, maxSpecBytes>>20)
	}
	if len(bytes.TrimSpace(src.data)) == 0 {
		return specSource{}, fmt.Errorf("spec %s is empty", src.name)
	}
	return src, nil
}

// parse decodes the spec strictly, or infers it from a json-server
// database (kept in that file when it is one) with db's settings. On
// failure the error is an *invalidSpecError listing every problem with its
// path.
func (src specSource) parse(db jsonDB) (*pretendo.Spec, error) {
	if jsondb.Recognize(src.data) {
		return db.infer(src)
	}
	if err := db.unused(); err != nil {
		return nil, err
	}
	spec, err := pretendo.ParseSpec(src.data)
	if err != nil {
		return nil, newInvalidSpecError(src.name, err)
	}
	return spec, nil
}

// invalidSpecError reports a spec that fails to load, with its problems.
// The command prints the problems, one per line, before the final line.
type invalidSpecError struct {
	name string
	// problems are the lines to print after the name: ": path: message",
	// or ":line:column: path: message" when the place is known.
	problems []string
	err      error
}

func newInvalidSpecError(name string, err error) *invalidSpecError {
	e := &invalidSpecError{name: name, err: err}
	var se *pretendo.SpecError
	if errors.As(err, &se) {
		for _, p := range se.Problems {
			line := ": " + p.String()
			switch {
			case p.Line > 0 && p.Column > 0:
				line = fmt.Sprintf(":%d:%d%s", p.Line, p.Column, line)
			case p.Line > 0:
				line = fmt.Sprintf(":%d%s", p.Line, line)
			}
			e.problems = append(e.problems, line)
		}
	}
	if len(e.problems) == 0 {
		e.problems = []string{": " + oneLine(tidy(err.Error()))}
	}
	return e
}

func (e *invalidSpecError) Error() string {
	n := len(e.problems)
	s := "s"
	if n == 1 {
		s = ""
	}
	return fmt.Sprintf("invalid spec %s: %d problem%s", e.name, n, s)
}

// Unwrap returns the error of the library.
func (e *invalidSpecError) Unwrap() error { return e.err }

// lines returns one line per problem, as print writes them.
func (e *invalidSpecError) lines() []string {
	out := make([]string, len(e.problems))
	for i, p := range e.problems {
		out[i] = e.name + p
	}
	return out
}

// print writes one line per problem, prefixed with the spec's name and,
// when known, the line and column: "api.yml:7:15: path: message".
func (e *invalidSpecError) print(w io.Writer) {
	for _, line := range e.lines() {
		fmt.Fprintln(w, line)
	}
}
