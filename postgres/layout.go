package postgres

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"

	"github.com/jackc/pgx/v5"

	"github.com/pretendo-go/pretendo/schema"
)

// kind is how a declared field is stored: the SQL type of its column.
type kind int

const (
	kindText  kind = iota // text COLLATE "C": string and uuid fields, string keys
	kindInt               // bigint: integer fields and number keys
	kindFloat             // double precision: number fields
	kindBool              // boolean
	kindDate              // text COLLATE "C" plus a numeric instant column
	kindJSON              // jsonb: object and array fields, unknown types
)

// sqlType is the column type of k, as DDL spells it and as the catalog
// (format_type) reports it.
func (k kind) sqlType() string {
	switch k {
	case kindInt:
		return "bigint"
	case kindFloat:
		return "double precision"
	case kindBool:
		return "boolean"
	case kindJSON:
		return "jsonb"
	default:
		return "text"
	}
}

// maxIdent is the longest identifier PostgreSQL keeps (NAMEDATALEN-1 bytes);
// longer ones would be silently truncated, so they are shortened here.
const maxIdent = 63

// namePattern is what the spec allows for resource and field names.
var namePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// prefixPattern is what WithPrefix allows.
var prefixPattern = regexp.MustCompile(`^[A-Za-z0-9_]{0,40}$`)

// shorten returns name if PostgreSQL keeps it whole, or else a prefix of it
// followed by a hash of the whole name, so distinct long names stay distinct.
func shorten(name string) string {
	if len(name) <= maxIdent {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	return name[:maxIdent-13] + "_" + hex.EncodeToString(sum[:6])
}

// quote returns name, shortened, as a quoted SQL identifier.
func quote(name string) string {
	return pgx.Identifier{shorten(name)}.Sanitize()
}

// column is the storage of one declared field.
type column struct {
	field string
	kind  kind
	ident string // quoted column name (the field name)
	// instant is the quoted name of the numeric column holding the instant
	// of a date field ("" for other kinds).
	instant string
	pk      bool
	unique  bool
	indexed bool
	ref     *foreignKey
}

// foreignKey is a FOREIGN KEY constraint of a column.
type foreignKey struct {
	name     string // constraint name, unquoted
	target   *table
	column   *column
	onDelete string // SQL action
}

// table is the storage of one resource.
type table struct {
	resource string
	name     string // table name, unquoted
	ident    string // quoted table name
	key      *column
	cols     []*column // declared fields in spec order
	byField  map[string]*column

	// Statements built once from the layout.
	selectList string // the columns a row is read from, in scan order
	insertSQL  string
	updateSQL  string
	deleteSQL  string
	getSQL     string
	existsSQL  string

	// instantsMissing is set by migrate when the table predates _inst, whose
	// rows must then be stored again.
	instantsMissing bool
}

// layout is what a spec decides about storage under one prefix.
type layout struct {
	prefix string
	names  []string // resources in spec order
	tables map[string]*table
	state  string // quoted name of the counters and stats table
	// bumpSQL raises the counter of resource $1 to $2 and its last
	// modification to $3.
	bumpSQL string
	// fold is the quoted collation lower() runs under for case-insensitive
	// comparisons.
	fold string
}

// Internal column names start with an underscore, which no field name can.
const (
	colSeq    = `"_seq"`
	colExtra  = `"_extra"`
	colExact  = `"_exact"`
	colAbsent = `"_absent"`
	colInst   = `"_inst"`
)

// newLayout derives the tables of s under prefix. Names that the spec
// would reject are refused here too, since they become SQL identifiers.
func newLayout(s *schema.Spec, prefix, fold string, foreignKeys bool) (*layout, error) {
	if s == nil {
		return nil, errors.New("postgres: nil spec")
	}
	l := &layout{
		prefix: prefix,
		tables: make(map[string]*table, len(s.Resources)),
		state:  quote(prefix + "_state"),
		fold:   fold,
	}
	l.bumpSQL = "UPDATE " + l.state + " SET counter = greatest(counter, $2::bigint), modified = greatest(modified, $3::timestamptz)" +
		" WHERE resource = $1::text"
	for i := range s.Resources {
		r := &s.Resources[i]
		if !namePattern.MatchString(r.Name) {
			return nil, fmt.Errorf("postgres: resources[%d]: invalid resource name %q", i, r.Name)
		}
		if _, dup := l.tables[r.Name]; dup {
			return nil, fmt.Errorf("postgres: resources[%d]: duplicate resource name %q", i, r.Name)
		}
		t := &table{resource: r.Name, name: shorten(prefix + r.Name), byField: make(map[string]*column, len(r.Fields))}
		t.ident = pgx.Identifier{t.name}.Sanitize()
		for j := range r.Fields {
			f := &r.Fields[j]
			if !namePattern.MatchString(f.Name) {
				return nil, fmt.Errorf("postgres: %s.fields[%d]: invalid field name %q", r.Name, j, f.Name)
			}
			if _, dup := t.byField[f.Name]; dup {
				return nil, fmt.Errorf("postgres: %s.fields[%d]: duplicate field name %q", r.Name, j, f.Name)
			}
			c := &column{field: f.Name, ident: quote(f.Name), unique: f.Unique, pk: f.Name == r.Key()}
			t.cols = append(t.cols, c)
			t.byField[f.Name] = c
		}
		t.key = t.byField[r.Key()]
		if t.key == nil {
			return nil, fmt.Errorf("postgres: %s: primary key field %q is not declared", r.Name, r.Key())
		}
		l.names = append(l.names, r.Name)
		l.tables[r.Name] = t
	}
	for i := range s.Resources {
		r := &s.Resources[i]
		t := l.tables[r.Name]
		for j := range r.Fields {
			c := t.cols[j]
			c.kind = l.kindOf(s, r, &r.Fields[j], 0)
			if c.kind == kindDate {
				c.instant = quote("_t_" + c.field)
			}
		}
	}
	indexed := make(map[string]bool, len(s.Options.Database.Optimizations.IndexedFields))
	for _, name := range s.Options.Database.Optimizations.IndexedFields {
		indexed[name] = true
	}
	for i := range s.Resources {
		r := &s.Resources[i]
		t := l.tables[r.Name]
		for j := range r.Fields {
			f, c := &r.Fields[j], t.cols[j]
			c.indexed = indexed[f.Name] && !c.pk
			if foreignKeys {
				c.ref = l.foreignKey(s, t, c, f)
			}
			if f.References != nil && !c.pk {
				c.indexed = true
			}
		}
		for _, rel := range r.Relationships {
			holder := ""
			switch rel.Type {
			case schema.BelongsTo:
				holder = r.Name
			case schema.HasOne, schema.HasMany:
				holder = rel.Resource
			}
			if ht, ok := l.tables[holder]; ok {
				if c, ok := ht.byField[rel.ForeignKey]; ok && !c.pk {
					c.indexed = true
				}
			}
		}
	}
	for _, name := range l.names {
		l.tables[name].buildStatements()
	}
	return l, nil
}

// kindOf returns the storage kind of field f of resource r. A primary key
// is bigint or text; a foreign key takes the kind of the column it
// references so that PostgreSQL can compare them.
func (l *layout) kindOf(s *schema.Spec, r *schema.Resource, f *schema.Field, depth int) kind {
	if f.Name == r.Key() {
		if f.Type == schema.TypeNumber || f.Type == schema.TypeInteger {
			return kindInt
		}
		return kindText
	}
	if f.References != nil && depth < 8 {
		if tr := s.Resource(f.References.Resource); tr != nil {
			name := f.References.Field
			if name == "" {
				name = tr.Key()
			}
			if tf := tr.Field(name); tf != nil {
				return l.kindOf(s, tr, tf, depth+1)
			}
		}
	}
	switch f.Type {
	case schema.TypeString, schema.TypeUUID:
		return kindText
	case schema.TypeInteger:
		return kindInt
	case schema.TypeNumber:
		return kindFloat
	case schema.TypeBoolean:
		return kindBool
	case schema.TypeDate:
		return kindDate
	default:
		return kindJSON
	}
}

// foreignKey returns the FOREIGN KEY of column c (field f of t), or nil
// when f references nothing or PostgreSQL cannot enforce the reference:
// the target must be a primary key or a unique field of the same kind, and
// not a date (whose uniqueness is on its instant).
func (l *layout) foreignKey(s *schema.Spec, t *table, c *column, f *schema.Field) *foreignKey {
	if f.References == nil || c.pk {
		return nil
	}
	tr := s.Resource(f.References.Resource)
	if tr == nil {
		return nil
	}
	target := l.tables[tr.Name]
	name := f.References.Field
	if name == "" {
		name = tr.Key()
	}
	tc := target.byField[name]
	if tc == nil || !(tc.pk || tc.unique) || tc.kind != c.kind || c.kind == kindDate || c.kind == kindJSON {
		return nil
	}
	action := "NO ACTION"
	switch f.References.OnDelete {
	case schema.Cascade:
		action = "CASCADE"
	case schema.Nullify:
		action = "SET NULL"
	}
	return &foreignKey{name: shorten(t.name + "_" + c.field + "_fkey"), target: target, column: tc, onDelete: action}
}
