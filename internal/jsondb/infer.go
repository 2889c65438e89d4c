package jsondb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// kinds is the set of JSON kinds seen in one field, null aside.
type kinds uint8

const (
	kindInteger kinds = 1 << iota
	kindNumber
	kindString
	kindBoolean
	kindObject
	kindArray
)

// kindOf is the kind of a JSON value decoded with UseNumber, 0 for null.
func kindOf(v any) kinds {
	switch x := v.(type) {
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			return kindNumber
		}
		return kindInteger
	case string:
		return kindString
	case bool:
		return kindBoolean
	case map[string]any:
		return kindObject
	case []any:
		return kindArray
	}
	return 0
}

// typ is the field type of the kinds seen, or "" when they mix (or none
// was seen): such a field stays undeclared and takes any value.
func (k kinds) typ() string {
	switch k {
	case kindInteger:
		return schema.TypeInteger
	case kindNumber, kindNumber | kindInteger:
		return schema.TypeNumber
	case kindString:
		return schema.TypeString
	case kindBoolean:
		return schema.TypeBoolean
	case kindObject:
		return schema.TypeObject
	case kindArray:
		return schema.TypeArray
	}
	return ""
}

// collection is one plural resource as read: its fields, each record's
// new ones in name order, and the kinds each holds.
type collection struct {
	name   string
	fields []string
	kinds  map[string]kinds
}

// Infer reads data, a json-server database, as the spec json-server would
// serve: the resources in file order, each with the fields its records
// hold typed by their values (a field whose values mix types stays
// undeclared and takes any value; no field is required), the primary key
// opts.ID, and references with onDelete cascade, belongsTo and hasMany
// for the fields named after a resource with opts.ForeignKeySuffix. The
// options say dialect json-server, and the spec carries the records as
// its data; with opts.Path the json-file adapter keeps them in that file
// (which wins over the data when it exists), saved on every change. An error wraps ErrNotDatabase when data is not a
// database, and names the key at fault otherwise.
func Infer(data []byte, opts Options) (*schema.Spec, error) {
	if opts.ID == "" {
		opts.ID = "id"
	}
	if opts.ForeignKeySuffix == "" {
		opts.ForeignKeySuffix = "Id"
	}
	top, err := entries(data)
	if err != nil {
		return nil, err
	}
	spec := &schema.Spec{Data: map[string][]map[string]any{}}
	var cols []*collection
	for _, e := range top {
		if !e.plural {
			return nil, problem(e.name, "%q is an object: singular resources are not served yet (make it an array of one record)", e.name)
		}
		recs, err := records(e)
		if err != nil {
			return nil, err
		}
		c := &collection{name: e.name, kinds: map[string]kinds{}}
		for i, rec := range recs {
			if rec[opts.ID] == nil {
				return nil, problem(fmt.Sprintf("%s[%d]", e.name, i), "the record has no %s: pretendo serves every record by its %s, so give it one", opts.ID, opts.ID)
			}
			for _, f := range sortedKeys(rec) {
				if _, ok := c.kinds[f]; !ok {
					c.fields = append(c.fields, f)
				}
				c.kinds[f] |= kindOf(rec[f])
			}
		}
		cols = append(cols, c)
		for i, rec := range recs {
			n, err := adapter.NormalizeRecord(rec)
			if err != nil {
				return nil, problem(fmt.Sprintf("%s[%d]", e.name, i), "%s", err)
			}
			recs[i] = n
		}
		spec.Data[e.name] = recs
	}
	byName := make(map[string]*collection, len(cols))
	for _, c := range cols {
		byName[c.name] = c
	}
	for _, c := range cols {
		res, err := c.resource(opts)
		if err != nil {
			return nil, err
		}
		spec.Resources = append(spec.Resources, res)
	}
	link(spec, byName, opts)
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	spec.Options.Dialect = schema.DialectJSONServer
	if opts.Path != "" {
		zero := 0
		spec.Options.Database = schema.Database{Adapter: "json-file", DBPath: opts.Path, SaveInterval: &zero}
	}
	return spec, nil
}

// records decodes the records of a plural entry, numbers as json.Number.
func records(e entry) ([]map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(e.value))
	dec.UseNumber()
	var raw []any
	if err := dec.Decode(&raw); err != nil {
		return nil, problem(e.name, "%s", err)
	}
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		rec, ok := v.(map[string]any)
		if !ok {
			return nil, problem(fmt.Sprintf("%s[%d]", e.name, i), "not an object (a record is a JSON object)")
		}
		out[i] = rec
	}
	return out, nil
}

// resource is the resource of c: its fields typed, its primary key an
// integer when every id is one (or none is given), else a string.
func (c *collection) resource(opts Options) (schema.Resource, error) {
	res := schema.Resource{Name: c.name, Fields: []schema.Field{}}
	if opts.ID != "id" {
		res.PrimaryKey = opts.ID
	}
	key := schema.Field{Name: opts.ID, Type: schema.TypeInteger}
	switch k := c.kinds[opts.ID]; k {
	case 0, kindInteger:
	case kindString:
		key.Type = schema.TypeString
	default:
		return res, problem(c.name, "the %s of its records mix types (want all integers or all strings)", opts.ID)
	}
	res.Fields = append(res.Fields, key)
	for _, f := range c.fields {
		if f == opts.ID {
			continue
		}
		if t := c.kinds[f].typ(); t != "" {
			res.Fields = append(res.Fields, schema.Field{Name: f, Type: t})
		}
	}
	return res, nil
}

// sortedKeys returns the keys of rec in name order.
func sortedKeys(rec map[string]any) []string {
	keys := make([]string, 0, len(rec))
	for k := range rec {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// problem is an error about the value at path of the database, as
// *schema.Error, the error of every spec.
func problem(path, format string, args ...any) error {
	return &schema.Error{Problems: []schema.Problem{{Path: path, Message: fmt.Sprintf(format, args...)}}}
}
