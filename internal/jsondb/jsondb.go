// Package jsondb reads a json-server database (a db.json: one JSON object
// whose values are arrays of records, for plural resources, or objects, for
// singular ones) as a pretendo spec. [Recognize] tells such a file from a
// spec; [Infer] builds the spec json-server would serve from it: one
// resource per key, field types from the values, the id as primary key,
// and the fields named after another resource with the foreign key suffix
// (postId, userId) as references with belongsTo and hasMany relationships,
// as json-server 0.17's _embed, _expand, nested routes and DELETE read
// them. The data stays in the file, served by the json-file adapter in the
// json-server dialect.
package jsondb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Options tunes the inference, as json-server's command-line flags do.
type Options struct {
	// ID is the primary key field of every resource (json-server --id);
	// "id" when empty.
	ID string
	// ForeignKeySuffix ends the fields that reference another resource
	// (json-server --foreignKeySuffix); "Id" when empty.
	ForeignKeySuffix string
	// Path is the database file, where the json-file adapter keeps the
	// data; empty keeps it in memory, seeded from the file's data.
	Path string
}

// ErrNotDatabase is returned (wrapped) for a file that is JSON but not a
// json-server database.
var ErrNotDatabase = errors.New("jsondb: not a json-server database")

// entry is one top-level key of a database and its value.
type entry struct {
	name  string
	value json.RawMessage
	// plural is set for an array, unset for an object.
	plural bool
}

// Recognize reports whether data is a json-server database: a JSON object,
// with at least one key and no "resources" key, whose values are all
// arrays or objects. A spec written in JSON always has "resources".
func Recognize(data []byte) bool {
	_, err := entries(data)
	return err == nil
}

// entries reads the top level of a database, in file order.
func entries(data []byte) ([]entry, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", ErrNotDatabase)
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotDatabase, err)
	}
	var out []entry
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotDatabase, err)
		}
		name, _ := tok.(string)
		if name == "resources" {
			return nil, fmt.Errorf("%w: it has resources, so it is a spec", ErrNotDatabase)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrNotDatabase, name, err)
		}
		if seen[name] {
			return nil, fmt.Errorf("%w: key %q appears twice", ErrNotDatabase, name)
		}
		seen[name] = true
		switch raw[0] {
		case '[':
			out = append(out, entry{name: name, value: raw, plural: true})
		case '{':
			out = append(out, entry{name: name, value: raw})
		default:
			return nil, fmt.Errorf("%w: the value of %q is neither an array nor an object", ErrNotDatabase, name)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotDatabase, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the object", ErrNotDatabase)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: it has no keys", ErrNotDatabase)
	}
	return out, nil
}
