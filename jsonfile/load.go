package jsonfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// resourceKey is what loading needs to know of a resource: its name and
// the name of its primary key.
type resourceKey struct {
	name string
	key  string
}

// resourceKeys lists the resources of s in spec order.
func resourceKeys(s *schema.Spec) []resourceKey {
	out := make([]resourceKey, 0, len(s.Resources))
	for i := range s.Resources {
		out = append(out, resourceKey{name: s.Resources[i].Name, key: s.Resources[i].Key()})
	}
	return out
}

// names returns the resource names of rs.
func names(rs []resourceKey) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.name
	}
	return out
}

// utf8BOM is the byte order mark some editors put at the start of a file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// readFile reads the database file at path. It reports exists == false for
// a missing file and for an empty one, which counts as missing.
func readFile(path string) (data []byte, exists bool, err error) {
	data, err = os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	case err != nil:
		return nil, false, &LoadError{Path: path, Err: err}
	}
	return data, len(data) > 0, nil
}

// checkStart reports a file that does not start like a JSON object, which
// is all a lazy load checks before it returns.
func checkStart(path string, data []byte) error {
	p := newParser(data)
	p.r.SetOffset(bomLen(data))
	p.skipSpace()
	if err := expectObject(p); err != nil {
		return located(path, data, err)
	}
	return nil
}

func bomLen(data []byte) int {
	if bytes.HasPrefix(data, utf8BOM) {
		return len(utf8BOM)
	}
	return 0
}

// expectObject checks that the parser is at the '{' that opens the file.
func expectObject(p *parser) error {
	switch p.peek() {
	case '{':
		return nil
	case '[':
		return p.errorAt(p.r.Offset(), "the file holds a JSON array; want an object of resource name to array of records, like {\"users\": [{\"id\": 1}]}")
	default:
		return p.unexpected("a JSON object of resource name to array of records")
	}
}

// parseFile reads the text of a database file: one object of resource name
// to array of records. Every key must name a resource of rs (a resource it
// does not name is empty), and every record must be an object. With
// checkKeys, every record must also hold a valid primary key that no other
// record of its resource holds. Errors carry the byte offset of the problem.
//
// Loading leaves checkKeys off, because the memory adapter checks keys as it
// builds its indexes, and parses again with it on only to locate a problem
// the memory adapter found: the check costs a string and a map entry per
// record.
//
// A record may nest objects and arrays depth levels, itself being the
// first (options.maxDepth); depth <= 0 allows as many as the parser does.
func parseFile(data []byte, rs []resourceKey, checkKeys bool, depth int) (adapter.Dataset, error) {
	keyOf := make(map[string]string, len(rs))
	for _, r := range rs {
		keyOf[r.name] = r.key
	}
	p := newParser(data)
	if depth > 0 {
		// The parser counts from each record: the file's object and the
		// arrays of resources are read here, without it.
		p.records = true
		p.limit = min(depth, maxDepth)
	}
	p.r.SetOffset(bomLen(data))
	p.skipSpace()
	if err := expectObject(p); err != nil {
		return nil, err
	}
	p.r.Next()
	d := make(adapter.Dataset, len(rs))
	seen := make(map[string]int, len(rs))
	p.skipSpace()
	if p.peek() == '}' {
		p.r.Next()
		return d, p.end()
	}
	for {
		p.skipSpace()
		if p.peek() != '"' {
			return nil, p.unexpected("a resource name")
		}
		at := p.r.Offset()
		name, err := p.str()
		if err != nil {
			return nil, err
		}
		key, ok := keyOf[name]
		if !ok {
			return nil, p.errorAt(at, "unknown resource %q (the spec declares %s)", name, declared(rs))
		}
		if first, dup := seen[name]; dup {
			line, col := position(data, first)
			return nil, p.errorAt(at, "resource %q appears twice (first at line %d, column %d)", name, line, col)
		}
		seen[name] = at
		p.skipSpace()
		if p.peek() != ':' {
			return nil, p.unexpected("':' after a resource name")
		}
		p.r.Next()
		if !checkKeys {
			key = ""
		}
		recs, err := parseRecords(p, name, key)
		if err != nil {
			return nil, err
		}
		d[name] = recs
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.r.Next()
		case '}':
			p.r.Next()
			return d, p.end()
		default:
			return nil, p.unexpected("',' or '}' after the records of a resource")
		}
	}
}

// declared lists the resource names of rs for messages.
func declared(rs []resourceKey) string {
	if len(rs) == 0 {
		return "no resources"
	}
	return strings.Join(names(rs), ", ")
}

// end checks that nothing but white space follows the top-level object.
func (p *parser) end() error {
	p.skipSpace()
	if at := p.r.Offset(); at < len(p.data) {
		return p.errorAt(at, "unexpected %s after the end of the top-level object", p.describe(at))
	}
	return nil
}

// parseRecords parses the array of records of resource name, whose primary
// key is key; an empty key skips the checks of primary keys.
func parseRecords(p *parser, name, key string) ([]adapter.Record, error) {
	p.skipSpace()
	if p.peek() != '[' {
		return nil, p.unexpected(fmt.Sprintf("an array of %s records", name))
	}
	p.r.Next()
	var recs []adapter.Record
	var ids map[string]int
	if key != "" {
		ids = make(map[string]int)
	}
	p.skipSpace()
	if p.peek() == ']' {
		p.r.Next()
		return recs, nil
	}
	for {
		p.skipSpace()
		at := p.r.Offset()
		if p.peek() != '{' {
			return nil, p.unexpected(fmt.Sprintf("a record (a JSON object) as %s[%d]", name, len(recs)))
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		rec := v.(map[string]any) // the value starts with '{'

		if key != "" {
			id, ok := adapter.Key(rec[key])
			if !ok {
				return nil, p.errorAt(at, "%s[%d]: primary key %q missing or not a valid key (a string, or an integer up to 2^53-1)", name, len(recs), key)
			}
			if first, dup := ids[id]; dup {
				return nil, p.errorAt(at, "%s[%d]: primary key %q=%s already used by %s[%d]", name, len(recs), key, id, name, first)
			}
			ids[id] = len(recs)
		}
		recs = append(recs, rec)
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.r.Next()
		case ']':
			p.r.Next()
			return recs, nil
		default:
			return nil, p.unexpected("',' or ']' after a record")
		}
	}
}

// located turns a parse error into a *LoadError with its line and column.
func located(path string, data []byte, err error) error {
	var pe *parseError
	if !errors.As(err, &pe) {
		return &LoadError{Path: path, Err: err}
	}
	line, col := position(data, pe.off)
	return &LoadError{Path: path, Line: line, Column: col, Err: errors.New(pe.msg)}
}

// position returns the 1-based line and column (in characters) of the byte
// offset off of data.
func position(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	if lineStart == 0 {
		// Editors do not show a byte order mark as a character.
		lineStart = bomLen(before)
	}
	return line, 1 + utf8.RuneCount(before[lineStart:])
}

// restoreData parses data, the content of the database file, and makes it
// the state of the store. The caller holds saveMu and wmu, or, for a lazy
// load, nothing: no other method touches the state before the load ends.
func (s *Store) restoreData(ctx context.Context, data []byte) error {
	d, err := parseFile(data, s.resources, false, s.depth)
	if err != nil {
		return located(s.path, data, err)
	}
	// The parser's records are fresh and in the value model: the store
	// keeps them instead of copying each (warnDangling only reads them).
	if err := s.db.Restore(ctx, adapter.HandOver(d, nil)); err != nil {
		if ctx.Err() == nil {
			// Most likely a bad primary key: find where it is.
			if _, perr := parseFile(data, s.resources, true, s.depth); perr != nil {
				return located(s.path, data, perr)
			}
		}
		return &LoadError{Path: s.path, Err: err}
	}
	saved, err := s.db.Backup(ctx)
	if err != nil {
		return &LoadError{Path: s.path, Err: err}
	}
	s.saved = saved
	s.markDurable(s.gen.Load())
	s.warnDangling(ctx, d)
	return nil
}
