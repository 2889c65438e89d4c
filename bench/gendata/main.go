// Command gendata writes the benchmark data set: users {id, username,
// email, role, age} and posts {id, title, body, userId, createdAt}, in
// json-server form (one object of collection name to array), indented by
// two spaces. The same flags always give the same bytes.
//
//	go run ./bench/gendata -users 1000 -posts 10000 -seed 42 -o db.json
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(2)
	}
}

// run parses args and writes the data set to the -o file, or to stdout
// when -o is "-".
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gendata", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.IntVar(&c.users, "users", 1000, "number of users")
	fs.IntVar(&c.posts, "posts", 10000, "number of posts, each owned by a random user")
	fs.Int64Var(&c.seed, "seed", 42, "seed of the generator: same seed, same bytes")
	out := fs.String("o", "db.json", `output file, or "-" for standard output`)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("gendata: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("gendata: unexpected argument %q", fs.Arg(0))
	}
	if err := c.check(); err != nil {
		return err
	}
	switch *out {
	case "":
		return errors.New("gendata: -o needs a file name, or - for standard output")
	case "-":
		return generate(stdout, c)
	}
	return writeFile(*out, c)
}

// writeFile writes the data set to a temporary file next to path and
// renames it into place, so an interrupted run never leaves a torn file.
func writeFile(path string, c config) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gendata-*.json")
	if err != nil {
		return fmt.Errorf("gendata: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := generate(tmp, c); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("gendata: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("gendata: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("gendata: %w", err)
	}
	return nil
}
