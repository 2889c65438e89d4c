package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Errors of reading a Go package's lists.
var (
	errNoVar     = errors.New("no such package variable")
	errShape     = errors.New("not a list of string literals")
	errCycle     = errors.New("defined in terms of itself")
	errTooLong   = errors.New("list too long")
	errNoEmbed   = errors.New("no single-file //go:embed directive")
	errEmptyList = errors.New("empty list")
)

// maxListLen bounds a list read from source, so that variables appended to
// themselves many times over cannot exhaust memory.
const maxListLen = 1 << 16

// source is the parsed, non-test Go source of one package: its
// package-level variables by name. Nothing in it is run.
type source struct {
	dir  string
	vars map[string]variable
	// lists holds the lists evaluated so far, busy the variables being
	// evaluated, to catch one defined in terms of itself.
	lists map[string][]string
	busy  map[string]bool
}

// variable is a package-level variable: its initial value, if any, and the
// comments before it.
type variable struct {
	value ast.Expr
	doc   []*ast.CommentGroup
}

// newSource returns a source with no variables yet, whose embedded files
// are in dir.
func newSource(dir string) *source {
	return &source{dir: dir, vars: map[string]variable{}, lists: map[string][]string{}, busy: map[string]bool{}}
}

// parsePackage parses the Go files of the package in dir that the default
// build context would compile, test files left out.
func parsePackage(dir string) (*source, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read package: %w", err)
	}
	fset := token.NewFileSet()
	s := newSource(dir)
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse package: %w", err)
		}
		s.addFile(f)
	}
	return s, nil
}

// addFile records the package-level variables of f.
func (s *source) addFile(f *ast.File) {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			doc := []*ast.CommentGroup{vs.Doc}
			if !g.Lparen.IsValid() {
				doc = append(doc, g.Doc) // var x = ... with its comment on the declaration
			}
			for i, n := range vs.Names {
				v := variable{doc: doc}
				if len(vs.Values) == len(vs.Names) {
					v.value = vs.Values[i]
				}
				s.vars[n.Name] = v
			}
		}
	}
}

// strings returns the value of the []string variable name, which must be
// built from string literals: a composite literal, or append over such
// variables and literals.
func (s *source) strings(name string) ([]string, error) {
	list, err := s.variableList(name)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("var %s: %w", name, errEmptyList)
	}
	return list, nil
}

func (s *source) variableList(name string) ([]string, error) {
	if list, done := s.lists[name]; done {
		return list, nil
	}
	if s.busy[name] {
		return nil, fmt.Errorf("var %s: %w", name, errCycle)
	}
	v, ok := s.vars[name]
	if !ok || v.value == nil {
		return nil, fmt.Errorf("var %s: %w", name, errNoVar)
	}
	s.busy[name] = true
	list, err := s.list(v.value)
	delete(s.busy, name)
	if err != nil {
		return nil, fmt.Errorf("var %s: %w", name, err)
	}
	s.lists[name] = list
	return list, nil
}

// list evaluates an expression of type []string made of string literals.
// The list it returns is never shared with another.
func (s *source) list(e ast.Expr) ([]string, error) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return s.list(e.X)
	case *ast.Ident:
		list, err := s.variableList(e.Name)
		if err != nil {
			return nil, err
		}
		return append([]string{}, list...), nil
	case *ast.CompositeLit:
		if t, ok := e.Type.(*ast.ArrayType); !ok || t.Len != nil || !isIdent(t.Elt, "string") {
			return nil, errShape
		}
		return appendLiterals(make([]string, 0, len(e.Elts)), e.Elts)
	case *ast.CallExpr:
		if !isIdent(e.Fun, "append") || len(e.Args) == 0 {
			return nil, errShape
		}
		out, err := s.list(e.Args[0])
		if err != nil {
			return nil, err
		}
		if !e.Ellipsis.IsValid() {
			return appendLiterals(out, e.Args[1:])
		}
		if len(e.Args) != 2 {
			return nil, errShape
		}
		more, err := s.list(e.Args[1])
		if err != nil {
			return nil, err
		}
		if len(out)+len(more) > maxListLen {
			return nil, errTooLong
		}
		return append(out, more...), nil
	}
	return nil, errShape
}

// appendLiterals appends the values of string literals to list.
func appendLiterals(list []string, lits []ast.Expr) ([]string, error) {
	if len(list)+len(lits) > maxListLen {
		return nil, errTooLong
	}
	for _, e := range lits {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return nil, errShape
		}
		v, err := strconv.Unquote(lit.Value)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errShape, err)
		}
		list = append(list, v)
	}
	return list, nil
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// embedded decodes into v the JSON file that the variable name embeds with
// a //go:embed directive naming one file.
func (s *source) embedded(name string, v any) error {
	file, err := s.embedFile(name)
	if err != nil {
		return fmt.Errorf("var %s: %w", name, err)
	}
	b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(file)))
	if err != nil {
		return fmt.Errorf("var %s: %w", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("var %s: %s: %w", name, file, err)
	}
	return nil
}

// embedFile returns the file named by the //go:embed directive of the
// variable name.
func (s *source) embedFile(name string) (string, error) {
	v, ok := s.vars[name]
	if !ok {
		return "", errNoVar
	}
	for _, g := range v.doc {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			args, ok := strings.CutPrefix(c.Text, "//go:embed ")
			if !ok {
				continue
			}
			fields := strings.Fields(args)
			if len(fields) != 1 {
				return "", errNoEmbed
			}
			file := fields[0]
			if q := file[0]; q == '"' || q == '`' {
				if file, ok = unquote(file); !ok {
					return "", errNoEmbed
				}
			}
			if !filepath.IsLocal(file) || strings.ContainsAny(file, `*?[\`) {
				return "", errNoEmbed
			}
			return file, nil
		}
	}
	return "", errNoEmbed
}

func unquote(s string) (string, bool) {
	u, err := strconv.Unquote(s)
	return u, err == nil
}
