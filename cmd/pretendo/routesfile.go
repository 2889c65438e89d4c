package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/pretendo-go/pretendo/internal/rewrite"
)

// maxRoutesBytes bounds a routes file: a thousand long rules fit.
const maxRoutesBytes = 1 << 20

// errRoutes is wrapped by every error of readRoutes.
var errRoutes = errors.New("invalid routes file")

// readRoutes reads a json-server routes file (a JSON object of pattern to
// target, like {"/api/*": "/$1"}) as the value of options.rewrites: a
// list of {from, to} in the file's order, which is the order the rules
// apply in.
func readRoutes(path string) ([]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("flag --routes: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxRoutesBytes+1))
	if err != nil {
		return nil, fmt.Errorf("flag --routes: reading %s: %w", path, err)
	}
	if len(data) > maxRoutesBytes {
		return nil, fmt.Errorf("flag --routes: %s: %w: larger than %d KiB", path, errRoutes, maxRoutesBytes>>10)
	}
	rules, err := parseRoutes(data)
	if err != nil {
		return nil, fmt.Errorf("flag --routes: %s: %w", path, err)
	}
	return rules, nil
}

// parseRoutes reads the text of a routes file, and compiles each rule to
// name the one at fault.
func parseRoutes(data []byte) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s (want a JSON object of pattern to target, like {\"/api/*\": \"/$1\"})", errRoutes, fmt.Sprintf(format, args...))
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, bad("%s", jsonProblem(err))
	}
	if tok != json.Delim('{') {
		return nil, bad("the file holds %s", tokenKind(tok))
	}
	rules := []any{}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, bad("%s", jsonProblem(err))
		}
		from := tok.(string) // object keys are strings
		tok, err = dec.Token()
		if err != nil {
			return nil, bad("%s", jsonProblem(err))
		}
		to, ok := tok.(string)
		if !ok {
			return nil, bad("the target of %s is %s, not a string", strconv.Quote(from), tokenKind(tok))
		}
		if seen[from] {
			return nil, bad("%s is given twice", strconv.Quote(from))
		}
		seen[from] = true
		if len(rules) == rewrite.MaxRules {
			return nil, bad("more than %d rules", rewrite.MaxRules)
		}
		if _, err := rewrite.Compile(from, to); err != nil {
			return nil, fmt.Errorf("rule %s: %w", strconv.Quote(from), err)
		}
		rules = append(rules, map[string]any{"from": from, "to": to})
	}
	if _, err := dec.Token(); err != nil {
		return nil, bad("%s", jsonProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, bad("text after the object")
	}
	return rules, nil
}

// jsonProblem says what is wrong with a JSON text, with the offset of a
// syntax error.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("not JSON at byte %d: %s", se.Offset, se.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the JSON ends early"
	}
	return "not JSON: " + err.Error()
}

// tokenKind names the kind of JSON value a token starts.
func tokenKind(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return "an object"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a value"
}
