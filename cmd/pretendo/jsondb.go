package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/jsondb"
	"github.com/pretendo-go/pretendo/schema"
)

// jsonDB holds the flags that tune the reading of a json-server database,
// named as json-server names them: --id (-i) and --foreignKeySuffix
// (--fks).
type jsonDB struct {
	opts jsondb.Options
	// flags are the flags given, for the error when the spec is no
	// database.
	flags []string
}

// setID reads --id: the primary key field of every resource.
func (d *jsonDB) setID(name, v string) error {
	if !fieldName(v) {
		return badValue(name, v, "want a field name, like id or _id")
	}
	d.opts.ID = v
	d.flags = append(d.flags, name)
	return nil
}

// setSuffix reads --foreignKeySuffix: the end of the fields that name
// another resource's records.
func (d *jsonDB) setSuffix(name, v string) error {
	if !fieldName(v) {
		return badValue(name, v, "want the end of a field name, like Id or _id")
	}
	d.opts.ForeignKeySuffix = v
	d.flags = append(d.flags, name)
	return nil
}

// fieldName reports whether v can name a field: not empty, no space,
// control character, dot or bracket.
func fieldName(v string) bool {
	return v != "" && !strings.ContainsFunc(v, func(r rune) bool {
		return r <= ' ' || r == 0x7f || r == '.' || r == '[' || r == ']'
	})
}

// unused is the error for these flags given with a spec that is not a
// json-server database, where they would mean nothing.
func (d jsonDB) unused() error {
	if len(d.flags) == 0 {
		return nil
	}
	return usageErrorf("flag %s applies to a json-server database (a db.json), not to a spec", d.flags[0])
}

// infer builds the spec of the json-server database src, its data kept in
// its file when it is one.
func (d jsonDB) infer(src specSource) (*pretendo.Spec, error) {
	opts := d.opts
	opts.Path = src.file
	spec, err := jsondb.Infer(src.data, opts)
	if err != nil {
		var se *schema.Error
		if errors.As(err, &se) {
			err = &pretendo.SpecError{File: src.name, Problems: se.Problems}
		}
		return nil, newInvalidSpecError(src.name, fmt.Errorf("reading the json-server database: %w", err))
	}
	return spec, nil
}
