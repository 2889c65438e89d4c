package schema

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pretendo-go/pretendo/internal/number"
	"github.com/pretendo-go/pretendo/internal/routepath"
	"github.com/pretendo-go/pretendo/internal/uuid"
)

// Validate checks the semantics of a spec: what [Decode] checks after the
// structure, for specs built in Go code. It returns nil or an [*Error]
// listing every problem, each with its path, sorted in the order of the
// Spec type's fields. It does not modify s.
//
// It checks that there is at least one resource; that resource names are
// valid, unique and do not clash with the admin API or the auth endpoints
// when those are enabled; that field names are unique and field types
// known; that every primary key is declared with a type that can be a key;
// that rules (enum, min, max, minLength, maxLength, pattern, defaultValue,
// generate) fit their field's type; that references and relationships name
// declared resources and fields of compatible types; that data names known
// resources; that options are in range; and that custom routes are well
// formed and unique. Record contents are checked later, by the server.
func (s *Spec) Validate() error {
	if s == nil {
		return &Error{Problems: []Problem{{Message: "spec is nil"}}}
	}
	ps := s.check()
	if len(ps) == 0 {
		return nil
	}
	sortCanonical(ps)
	return &Error{Problems: ps}
}

// check returns the semantic problems of s, in the order they were found.
func (s *Spec) check() []Problem {
	c := checker{s: s, byName: make(map[string]*Resource, len(s.Resources)), fieldIndex: make(map[*Resource]map[string]*Field)}
	for i := range s.Resources {
		r := &s.Resources[i]
		c.names = append(c.names, r.Name)
		if _, ok := c.byName[r.Name]; !ok {
			c.byName[r.Name] = r
		}
	}
	c.resources()
	c.data()
	c.options()
	c.routes()
	return c.problems
}

// checker walks a spec collecting semantic problems.
type checker struct {
	report
	s          *Spec
	byName     map[string]*Resource // the first resource of each name
	names      []string             // resource names in spec order
	fieldIndex map[*Resource]map[string]*Field
}

// declared returns the first field of r named name, or nil, as
// Resource.Field does but in constant time once r has been indexed.
func (c *checker) declared(r *Resource, name string) *Field {
	idx, ok := c.fieldIndex[r]
	if !ok {
		idx = make(map[string]*Field, len(r.Fields))
		for i := range r.Fields {
			if _, dup := idx[r.Fields[i].Name]; !dup {
				idx[r.Fields[i].Name] = &r.Fields[i]
			}
		}
		c.fieldIndex[r] = idx
	}
	return idx[name]
}

// resource returns the first resource named name, or nil, as Spec.Resource
// does but in constant time.
func (c *checker) resource(name string) *Resource { return c.byName[name] }

// typeList is the list of field types as messages show it.
func typeList() string { return strings.Join(Types, ", ") }

// relationshipTypes lists the relationship types, as messages show them.
func relationshipTypes() []string { return []string{HasOne, HasMany, BelongsTo, ManyToMany} }

// onDeleteActions lists the onDelete actions, as messages show them.
func onDeleteActions() []string { return []string{Cascade, Restrict, Nullify} }

// adapters lists the adapters options.database.adapter may name.
func adapters() []string { return []string{"json-file", "memory", "postgres"} }

// routeMethods lists the methods a custom route may answer, lower-cased.
func routeMethods() []string {
	return []string{"get", "post", "put", "patch", "delete", "head", "options"}
}

func (c *checker) resources() {
	if len(c.s.Resources) == 0 {
		c.add("resources", "at least one resource is required")
	}
	builtins := c.builtins()
	first := make(map[string]int, len(c.s.Resources))
	for i := range c.s.Resources {
		r := &c.s.Resources[i]
		p := elem("resources", i)
		c.resourceName(r, p, i, first, builtins)
		c.fields(r, p)
		c.primaryKey(r, p)
		c.relationships(r, p)
		c.access(r, p)
		if r.Latency != nil {
			c.latency(*r.Latency, child(p, "latency"))
		}
		for k, rec := range r.InitialData {
			if rec == nil {
				c.add(elem(child(p, "initialData"), k), "want an object, got null")
			}
			c.inexactNumbers(r, rec, elem(child(p, "initialData"), k))
		}
	}
}

// builtins maps the first path segment of each enabled built-in route
// group to a description of it, for name clashes.
func (c *checker) builtins() map[string]string {
	b := make(map[string]string, 2)
	o := &c.s.Options
	if o.Admin.On() {
		path := o.Admin.Path
		if path == "" {
			path = "/admin"
		}
		b[firstSegment(path)] = "the admin API at " + quote(path) + " (rename the resource, change options.admin.path or disable the admin API)"
	}
	if o.Auth.Enabled {
		path := o.Auth.AuthEndpoint
		if path == "" {
			path = "/auth/login"
		}
		b[firstSegment(path)] = "the auth endpoints at " + quote(path) + " (rename the resource or change options.auth.authEndpoint)"
	}
	return b
}

// firstSegment returns the first segment of a URL path.
func firstSegment(path string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return seg
}

func (c *checker) resourceName(r *Resource, p string, i int, first map[string]int, builtins map[string]string) {
	np := child(p, "name")
	switch {
	case r.Name == "":
		c.add(np, "name is required")
		return
	case !validName(r.Name):
		c.add(np, "invalid resource name %s (want a letter, then letters, digits, \"_\" or \"-\")", quote(r.Name))
	}
	if j, ok := first[r.Name]; ok {
		c.add(np, "duplicate resource name %s (also resources[%d])", quote(r.Name), j)
	} else {
		first[r.Name] = i
	}
	if what, ok := builtins[r.Name]; ok {
		c.add(np, "resource name %s clashes with %s", quote(r.Name), what)
	}
}

// validName reports whether s matches ^[A-Za-z][A-Za-z0-9_-]*$.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z':
		case i > 0 && (ch >= '0' && ch <= '9' || ch == '_' || ch == '-'):
		default:
			return false
		}
	}
	return true
}

func (c *checker) fields(r *Resource, p string) {
	fsp := child(p, "fields")
	first := make(map[string]int, len(r.Fields))
	for j := range r.Fields {
		f := &r.Fields[j]
		fp := elem(fsp, j)
		if f.Name == "" {
			c.add(child(fp, "name"), "name is required")
		} else if k, ok := first[f.Name]; ok {
			c.add(child(fp, "name"), "duplicate field name %s (also fields[%d])", quote(f.Name), k)
		} else {
			first[f.Name] = j
		}
		c.field(f, fp)
	}
}

func (c *checker) field(f *Field, fp string) {
	typed := knownType(f.Type)
	switch {
	case f.Type == "":
		c.add(child(fp, "type"), "type is required (want one of %s)", typeList())
	case !typed:
		c.add(child(fp, "type"), "unknown type %s (want one of %s)", quote(f.Type), typeList())
	}
	c.bounds(f, fp, typed)
	c.lengths(f, fp, typed)
	c.pattern(f, fp, typed)
	c.enum(f, fp, typed)
	c.defaultValue(f, fp, typed)
	if f.References != nil {
		c.reference(f, fp, typed)
	}
	if f.Generate != nil {
		c.addAll(child(fp, "generate"), CheckGenerate(f.Generate, f))
	}
}

// knownType reports whether t is one of Types.
func knownType(t string) bool { return slices.Contains(Types, t) }

// numeric reports whether t holds numbers.
func numeric(t string) bool { return t == TypeNumber || t == TypeInteger }

func (c *checker) bounds(f *Field, fp string, typed bool) {
	for _, b := range []struct {
		name string
		v    *float64
	}{{"min", f.Min}, {"max", f.Max}} {
		if b.v == nil {
			continue
		}
		if math.IsNaN(*b.v) || math.IsInf(*b.v, 0) {
			c.add(child(fp, b.name), "%s must be a finite number", b.name)
		}
		if typed && !numeric(f.Type) {
			c.add(child(fp, b.name), "%s applies only to number and integer fields, not %s", b.name, f.Type)
		}
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		c.add(child(fp, "min"), "min %s is greater than max %s", formatFloat(*f.Min), formatFloat(*f.Max))
	}
}

func (c *checker) lengths(f *Field, fp string, typed bool) {
	for _, b := range []struct {
		name string
		v    *int
	}{{"minLength", f.MinLength}, {"maxLength", f.MaxLength}} {
		if b.v == nil {
			continue
		}
		if *b.v < 0 {
			c.add(child(fp, b.name), "%s must be 0 or more, got %d", b.name, *b.v)
		}
		if typed && f.Type != TypeString && f.Type != TypeUUID && f.Type != TypeArray {
			c.add(child(fp, b.name), "%s applies only to string, uuid and array fields, not %s", b.name, f.Type)
		}
	}
	if f.MinLength != nil && f.MaxLength != nil && *f.MinLength > *f.MaxLength {
		c.add(child(fp, "minLength"), "minLength %d is greater than maxLength %d", *f.MinLength, *f.MaxLength)
	}
}

func (c *checker) pattern(f *Field, fp string, typed bool) {
	if f.Pattern == "" {
		return
	}
	pp := child(fp, "pattern")
	if typed && f.Type != TypeString && f.Type != TypeUUID && f.Type != TypeDate {
		c.add(pp, "pattern applies only to string, uuid and date fields, not %s", f.Type)
	}
	if _, err := regexp.Compile(f.Pattern); err != nil {
		hint := ""
		var se *syntax.Error
		if errors.As(err, &se) && (se.Code == syntax.ErrInvalidPerlOp || se.Code == syntax.ErrInvalidEscape) {
			hint = " (patterns use Go's RE2 syntax: lookahead, lookbehind and backreferences are JavaScript-only)"
		}
		c.add(pp, "invalid pattern %s: %s%s", quote(f.Pattern), err.Error(), hint)
	}
}

func (c *checker) enum(f *Field, fp string, typed bool) {
	if f.Enum == nil {
		return
	}
	ep := child(fp, "enum")
	if len(f.Enum) == 0 {
		c.add(ep, "enum must list at least one value")
		return
	}
	if !typed {
		return
	}
	for k, v := range f.Enum {
		if !valueMatches(f.Type, v) {
			c.add(elem(ep, k), "enum value %s is not %s", describe(v), typeNoun(f.Type))
		}
	}
}

func (c *checker) defaultValue(f *Field, fp string, typed bool) {
	if f.DefaultValue == nil || !typed {
		return
	}
	dp := child(fp, "defaultValue")
	if s, ok := f.DefaultValue.(string); ok {
		if fits := specialDefaults()[s]; fits != nil {
			if !slices.Contains(fits, f.Type) {
				c.add(dp, "%s applies only to %s fields, not %s", s, orList(fits), f.Type)
			}
			return
		}
	}
	if !valueMatches(f.Type, f.DefaultValue) {
		c.add(dp, "defaultValue %s is not %s", describe(f.DefaultValue), typeNoun(f.Type))
		return
	}
	if len(f.Enum) > 0 && !slices.ContainsFunc(f.Enum, func(v any) bool { return sameValue(v, f.DefaultValue) }) {
		c.add(dp, "defaultValue %s is not one of the enum values", describe(f.DefaultValue))
	}
}

// specialDefaults maps each special default value to the field types it
// applies to.
func specialDefaults() map[string][]string {
	return map[string][]string{
		DefaultNow:       {TypeDate, TypeString},
		DefaultUUID:      {TypeUUID, TypeString},
		DefaultIncrement: {TypeNumber, TypeInteger},
		DefaultUserID:    {TypeNumber, TypeInteger, TypeString, TypeUUID},
		DefaultHash:      {TypeString},
	}
}

// orList joins names as "a", "a and b" or "a, b and c".
func orList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func (c *checker) reference(f *Field, fp string, typed bool) {
	ref := f.References
	rp := child(fp, "references")
	if ref.OnDelete != "" && !slices.Contains(onDeleteActions(), ref.OnDelete) {
		c.add(child(rp, "onDelete"), "unknown onDelete %s (want one of %s)", quote(ref.OnDelete), strings.Join(onDeleteActions(), ", "))
	}
	if ref.Resource == "" {
		c.add(child(rp, "resource"), "resource is required")
		return
	}
	target := c.resource(ref.Resource)
	if target == nil {
		c.add(child(rp, "resource"), "unknown resource %s%s", quote(ref.Resource), Suggest(ref.Resource, c.resourceNames()))
		return
	}
	name := ref.Field
	if name == "" {
		name = target.Key()
	}
	tf := c.declared(target, name)
	if tf == nil {
		if ref.Field != "" {
			c.add(child(rp, "field"), "field %s is not declared in resource %s", quote(ref.Field), quote(target.Name))
		}
		// Otherwise the target's missing primary key is reported on the target.
		return
	}
	if typed && knownType(tf.Type) && !compatible(f.Type, tf.Type) {
		c.add(rp, "type %s does not match %s.%s (%s)", f.Type, target.Name, tf.Name, tf.Type)
	}
}

// compatible reports whether values of field types a and b can refer to
// each other: number and integer are compatible, and so are string and uuid.
func compatible(a, b string) bool {
	norm := func(t string) string {
		switch t {
		case TypeInteger:
			return TypeNumber
		case TypeUUID:
			return TypeString
		}
		return t
	}
	return norm(a) == norm(b)
}

func (c *checker) primaryKey(r *Resource, p string) {
	key := r.Key()
	j := slices.IndexFunc(r.Fields, func(f Field) bool { return f.Name == key })
	if j < 0 {
		path := child(p, "fields")
		if r.PrimaryKey != "" {
			path = child(p, "primaryKey")
		}
		c.add(path, "primary key field %s is not declared", quote(key))
		return
	}
	t := r.Fields[j].Type
	if knownType(t) && t != TypeNumber && t != TypeInteger && t != TypeString && t != TypeUUID {
		c.add(child(elem(child(p, "fields"), j), "type"), "primary key %s must be of type number, integer, string or uuid, not %s", quote(key), t)
	}
}

func (c *checker) relationships(r *Resource, p string) {
	rsp := child(p, "relationships")
	first := make(map[string]int, len(r.Relationships))
	for k := range r.Relationships {
		rel := &r.Relationships[k]
		rp := elem(rsp, k)
		typed := slices.Contains(relationshipTypes(), rel.Type)
		switch {
		case rel.Type == "":
			c.add(child(rp, "type"), "type is required (want one of %s)", strings.Join(relationshipTypes(), ", "))
		case !typed:
			c.add(child(rp, "type"), "unknown relationship type %s (want one of %s)", quote(rel.Type), strings.Join(relationshipTypes(), ", "))
		}
		if rel.As != "" && !validName(rel.As) {
			c.add(child(rp, "as"), "invalid relationship name %s (want a letter, then letters, digits, \"_\" or \"-\")", quote(rel.As))
		}
		if name := rel.Name(); name != "" {
			if j, ok := first[name]; ok {
				np := child(rp, "resource")
				if rel.As != "" {
					np = child(rp, "as")
				}
				c.add(np, "duplicate relationship name %s (also relationships[%d]); set \"as\" to tell them apart", quote(name), j)
			} else {
				first[name] = k
			}
		}
		if rel.ForeignKey == "" {
			c.add(child(rp, "foreignKey"), "foreignKey is required")
		}
		var target *Resource
		if rel.Resource == "" {
			c.add(child(rp, "resource"), "resource is required")
		} else if target = c.resource(rel.Resource); target == nil {
			c.add(child(rp, "resource"), "unknown resource %s%s", quote(rel.Resource), Suggest(rel.Resource, c.resourceNames()))
		}
		if !typed || target == nil {
			continue
		}
		switch rel.Type {
		case BelongsTo:
			c.foreignKey(child(rp, "foreignKey"), r, rel.ForeignKey, target)
		case HasOne, HasMany:
			c.foreignKey(child(rp, "foreignKey"), target, rel.ForeignKey, r)
		case ManyToMany:
			c.manyToMany(rp, r, rel, target)
		}
	}
}

func (c *checker) manyToMany(rp string, r *Resource, rel *Relationship, target *Resource) {
	if rel.Through == "" {
		c.add(child(rp, "through"), "through is required for manyToMany")
		return
	}
	through := c.resource(rel.Through)
	if through == nil {
		c.add(child(rp, "through"), "unknown resource %s%s", quote(rel.Through), Suggest(rel.Through, c.resourceNames()))
		return
	}
	c.foreignKey(child(rp, "foreignKey"), through, rel.ForeignKey, r)
	if rel.TargetKey == "" {
		c.add(child(rp, "targetKey"), "targetKey is required for manyToMany")
		return
	}
	c.foreignKey(child(rp, "targetKey"), through, rel.TargetKey, target)
}

// foreignKey checks that field name is declared on holder and that its
// type fits the primary key of the resource it points at.
func (c *checker) foreignKey(path string, holder *Resource, name string, pointsAt *Resource) {
	if name == "" {
		return
	}
	f := c.declared(holder, name)
	if f == nil {
		c.add(path, "%s is not a field of %s", quote(name), quote(holder.Name))
		return
	}
	key := c.declared(pointsAt, pointsAt.Key())
	if key == nil || !knownType(f.Type) || !knownType(key.Type) {
		return
	}
	if !compatible(f.Type, key.Type) {
		c.add(path, "%s.%s (%s) does not match %s.%s (%s)", holder.Name, f.Name, f.Type, pointsAt.Name, key.Name, key.Type)
	}
}

func (c *checker) access(r *Resource, p string) {
	if r.OwnedBy != "" && c.declared(r, r.OwnedBy) == nil {
		c.add(child(p, "ownedBy"), "ownedBy %s is not a field of %s", quote(r.OwnedBy), quote(r.Name))
	}
	if r.Access == nil {
		return
	}
	ap := child(p, "access")
	for _, list := range []struct {
		name  string
		roles []string
	}{{"list", r.Access.List}, {"get", r.Access.Get}, {"create", r.Access.Create}, {"update", r.Access.Update}, {"delete", r.Access.Delete}} {
		for k, role := range list.roles {
			if role == "" {
				c.add(elem(child(ap, list.name), k), "role must not be empty")
			}
		}
	}
}

func (c *checker) latency(l Latency, p string) {
	for _, v := range []struct {
		name string
		n    int
	}{{"fixed", l.Fixed}, {"min", l.Min}, {"max", l.Max}} {
		if v.n < 0 {
			c.add(child(p, v.name), "%s must be 0 or more, got %d", v.name, v.n)
		}
	}
	if l.Min > l.Max {
		c.add(child(p, "min"), "min %d is greater than max %d", l.Min, l.Max)
	}
}

// resourceNames lists the names of the spec's resources, for suggestions.
func (c *checker) resourceNames() []string { return c.names }

// unknownResource records that path names no resource.
func (c *checker) unknownResource(path, name string) {
	c.add(path, "unknown resource%s", Suggest(name, c.resourceNames()))
}

func (c *checker) data() {
	keys := make([]string, 0, len(c.s.Data))
	for name := range c.s.Data {
		keys = append(keys, name)
	}
	slices.Sort(keys)
	for _, name := range keys {
		dp := child("data", name)
		if c.resource(name) == nil {
			c.unknownResource(dp, name)
		}
		r := c.resource(name)
		for i, rec := range c.s.Data[name] {
			if rec == nil {
				c.add(elem(dp, i), "want an object, got null")
			}
			if r != nil {
				c.inexactNumbers(r, rec, elem(dp, i))
			}
		}
	}
}

// inexactNumbers records each integer of rec, at path, that a float64
// cannot hold exactly (a json.Number, as Decode keeps it) in r's primary
// key or a field r declares a number or integer: those hold float64s, and
// rounding would change the value. Undeclared fields keep such integers.
func (c *checker) inexactNumbers(r *Resource, rec map[string]any, path string) {
	keys := make([]string, 0, len(rec))
	for k, v := range rec {
		if _, ok := v.(json.Number); ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		n := rec[k].(json.Number)
		switch f := r.Field(k); {
		case k == r.Key():
			c.add(child(path, k), "primary key %s is beyond ±(2^53-1), the range of ids a float64 holds exactly", shorten(string(n)))
		case f != nil && (f.Type == TypeNumber || f.Type == TypeInteger):
			c.add(child(path, k), "integer %s is beyond ±(2^53-1), the range a %s field holds exactly (store it as a string, or in a field the resource does not declare)", shorten(string(n)), f.Type)
		}
	}
}

func (c *checker) options() {
	o := &c.s.Options
	op := "options"
	if o.Port < 0 || o.Port > 65535 {
		c.add(child(op, "port"), "port %d out of range (want 0 to 65535)", o.Port)
	}
	c.nonNegative(child(op, "defaultPageSize"), int64(o.DefaultPageSize))
	c.nonNegative(child(op, "maxPageSize"), int64(o.MaxPageSize))
	if o.DefaultPageSize > 0 && o.MaxPageSize > 0 && o.DefaultPageSize > o.MaxPageSize {
		c.add(child(op, "defaultPageSize"), "defaultPageSize %d is greater than maxPageSize %d", o.DefaultPageSize, o.MaxPageSize)
	}
	c.nonNegative(child(op, "maxBodyBytes"), o.MaxBodyBytes)
	c.nonNegative(child(op, "maxExpandRecords"), int64(o.MaxExpandRecords))
	sp := child(op, "server")
	c.nonNegative(child(sp, "readTimeout"), int64(o.Server.ReadTimeout))
	c.nonNegative(child(sp, "writeTimeout"), int64(o.Server.WriteTimeout))
	c.nonNegative(child(sp, "idleTimeout"), int64(o.Server.IdleTimeout))
	c.nonNegative(child(sp, "maxConnections"), int64(o.Server.MaxConnections))
	if o.MaxDepth < 0 || o.MaxDepth > MaxRecordDepth {
		c.add(child(op, "maxDepth"), "maxDepth %d out of range (want 1 to %d, or 0 for the default, %d)", o.MaxDepth, MaxRecordDepth, DefaultMaxDepth)
	}
	if o.Admin.Path != "" && !validAdminPath(o.Admin.Path) {
		c.add("options.admin.path", "invalid admin path %s (want \"/\" and segments of letters, digits, \"-\", \"_\", \".\" or \"~\", like \"/admin\")", quote(o.Admin.Path))
	}
	c.database(&o.Database)
	c.generateData(&o.GenerateData)
	c.latency(o.Latency, child(op, "latency"))
	c.errorSimulation(&o.ErrorSimulation)
	c.auth(&o.Auth)
	if o.Journal != nil {
		c.nonNegative("options.journal.size", int64(o.Journal.Size))
	}
	c.nonNegative("options.logMaxEntries", int64(o.LogMaxEntries))
	switch o.Dialect {
	case "", DialectPretendo, DialectJSONServer:
	default:
		c.add(child(op, "dialect"), "unknown dialect %s (want %q or %q)", quote(o.Dialect), DialectPretendo, DialectJSONServer)
	}
}

// nonNegative records a problem if n is below zero.
func (c *checker) nonNegative(path string, n int64) {
	if n < 0 {
		name := path[strings.LastIndexByte(path, '.')+1:]
		c.add(path, "%s must be 0 or more, got %d", name, n)
	}
}

// validAdminPath reports whether p is "/" followed by one or more segments
// of unreserved URL characters.
func validAdminPath(p string) bool {
	if !strings.HasPrefix(p, "/") || len(p) < 2 {
		return false
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		for i := 0; i < len(seg); i++ {
			ch := seg[i]
			switch {
			case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
			case ch == '-', ch == '_', ch == '.', ch == '~':
			default:
				return false
			}
		}
	}
	return true
}

func (c *checker) database(d *Database) {
	dp := "options.database"
	if d.Adapter != "" && !slices.Contains(adapters(), d.Adapter) {
		c.add(child(dp, "adapter"), "unknown adapter %s (want one of %s)", quote(d.Adapter), strings.Join(adapters(), ", "))
	}
	if d.SaveInterval != nil {
		c.nonNegative(child(dp, "saveInterval"), int64(*d.SaveInterval))
	}
	for k, name := range d.Optimizations.IndexedFields {
		// A field no resource declares is indexed as an undeclared one.
		if name == "" {
			c.add(elem("options.database.optimizations.indexedFields", k), "empty field name")
		}
	}
	c.nonNegative("options.database.optimizations.cacheSize", int64(d.Optimizations.CacheSize))
	c.nonNegative("options.database.snapshots.max", int64(d.Snapshots.Max))
}

func (c *checker) generateData(g *GenerateData) {
	keys := make([]string, 0, len(g.Counts))
	for name := range g.Counts {
		keys = append(keys, name)
	}
	slices.Sort(keys)
	for _, name := range keys {
		cp := child("options.generateData.counts", name)
		if c.resource(name) == nil {
			c.unknownResource(cp, name)
		}
		if n := g.Counts[name]; n < 0 || n > MaxGenerateCount {
			c.add(cp, "count %d out of range (want 0 to %d)", n, MaxGenerateCount)
		}
	}
}

func (c *checker) errorSimulation(e *ErrorSimulation) {
	ep := "options.errorSimulation"
	if !(e.Rate >= 0 && e.Rate <= 1) {
		c.add(child(ep, "rate"), "rate %s out of range (want 0 to 1)", formatFloat(e.Rate))
	}
	for k, code := range e.StatusCodes {
		if code < 100 || code > 599 {
			c.add(elem(child(ep, "statusCodes"), k), "status code %d out of range (want 100 to 599)", code)
		}
	}
}

func (c *checker) auth(a *Auth) {
	ap := "options.auth"
	if a.UserResource != "" && c.resource(a.UserResource) == nil {
		c.add(child(ap, "userResource"), "unknown resource %s%s", quote(a.UserResource), Suggest(a.UserResource, c.resourceNames()))
	}
	c.nonNegative(child(ap, "tokenExpiration"), int64(a.TokenExpiration))
	if a.TokenExpiration > int(maxLifetime/time.Second) {
		c.add(child(ap, "tokenExpiration"), "tokenExpiration %d is too long (at most about 292 years)", a.TokenExpiration)
	}
	if a.JWT != nil && a.JWT.ExpiresIn != nil {
		if _, err := a.JWT.Lifetime(); err != nil {
			c.add(child(child(ap, "jwt"), "expiresIn"), "%s", err.Error())
		}
	}
	if a.AuthEndpoint != "" && !strings.HasPrefix(a.AuthEndpoint, "/") {
		c.add(child(ap, "authEndpoint"), "authEndpoint %s must start with \"/\"", quote(a.AuthEndpoint))
	}
	if a.TokenHeader != "" && !isHeaderName(a.TokenHeader) {
		c.add(child(ap, "tokenHeader"), "tokenHeader %s is not a header name (want letters, digits and \"-\", like \"X-Auth-Token\")", quote(a.TokenHeader))
	}
	ids := make(map[string]int, len(a.Users))
	for k, u := range a.Users {
		if u.ID == nil {
			continue
		}
		ip := child(elem(child(ap, "users"), k), "id")
		var key string
		switch v := u.ID.(type) {
		case string:
			if v == "" {
				c.add(ip, "id must not be empty")
				continue
			}
			key = "s" + v
		default:
			f, ok := toFloat(v)
			if !ok || math.IsInf(f, 0) || math.IsNaN(f) {
				c.add(ip, "id %s is not a string or a number", describe(u.ID))
				continue
			}
			key = "n" + formatFloat(f)
		}
		if j, dup := ids[key]; dup {
			c.add(ip, "duplicate id %s (also users[%d])", describe(u.ID), j)
		} else {
			ids[key] = k
		}
	}
}

// isHeaderName reports whether s is a plain HTTP header name: letters,
// digits and "-", starting with a letter.
func isHeaderName(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z':
		case i > 0 && (ch >= '0' && ch <= '9' || ch == '-'):
		default:
			return false
		}
	}
	return s != "" && len(s) <= 64
}

func (c *checker) routes() {
	first := make(map[string]int, len(c.s.Routes))
	for k := range c.s.Routes {
		rt := &c.s.Routes[k]
		rp := elem("routes", k)
		if rt.Latency != nil {
			c.latency(*rt.Latency, child(rp, "latency"))
		}
		pathOK := c.routePath(rt.Path, child(rp, "path"))
		method := strings.ToLower(rt.Method)
		methodOK := slices.Contains(routeMethods(), method)
		switch {
		case rt.Method == "":
			c.add(child(rp, "method"), "method is required (want one of %s)", strings.Join(routeMethods(), ", "))
		case !methodOK:
			c.add(child(rp, "method"), "unknown method %s (want one of %s)", quote(rt.Method), strings.Join(routeMethods(), ", "))
		}
		if rt.Type != "" && rt.Type != "json" && rt.Type != "javascript" {
			c.add(child(rp, "type"), "unknown route type %s (want json or javascript)", quote(rt.Type))
		}
		if rt.Status != 0 && (rt.Status < 100 || rt.Status > 599) {
			c.add(child(rp, "status"), "status %d out of range (want 100 to 599)", rt.Status)
		}
		if rt.Auth != nil {
			for j, role := range rt.Auth.Roles {
				switch role {
				case "":
					c.add(elem(child(child(rp, "auth"), "roles"), j), "role must not be empty")
				case "owner":
					c.add(elem(child(child(rp, "auth"), "roles"), j), "role \"owner\" needs a record to own, which a custom route has none of (use \"*\" for any signed-in user)")
				}
			}
		}
		if !pathOK || !methodOK {
			continue
		}
		key := strings.ToUpper(method) + " " + routeShape(rt.Path)
		if j, ok := first[key]; ok {
			c.add(child(rp, "path"), "duplicate route %s %s (also routes[%d])", strings.ToUpper(method), quote(rt.Path), j)
		} else {
			first[key] = k
		}
	}
}

// routePath checks a custom route's path, reporting whether it is valid.
func (c *checker) routePath(path, pp string) bool {
	if _, err := routepath.Parse(path); err != nil {
		c.add(pp, "%s", strings.TrimPrefix(err.Error(), routepath.ErrPath.Error()+": "))
		return false
	}
	return true
}

// routeShape returns the shape of a valid route path, so that routes
// matching the same requests compare equal.
func routeShape(path string) string {
	rp, _ := routepath.Parse(path)
	return rp.Shape()
}

// valueMatches reports whether v is a value of field type typ.
func valueMatches(typ string, v any) bool {
	switch typ {
	case TypeString:
		_, ok := v.(string)
		return ok
	case TypeNumber:
		_, ok := toFloat(v)
		return ok
	case TypeInteger:
		f, ok := toFloat(v)
		return ok && f == math.Trunc(f)
	case TypeBoolean:
		_, ok := v.(bool)
		return ok
	case TypeDate:
		s, ok := v.(string)
		return ok && isDate(s)
	case TypeUUID:
		s, ok := v.(string)
		return ok && uuid.Valid(s)
	case TypeObject:
		if _, ok := v.(map[string]any); ok {
			return true
		}
		return v != nil && reflect.TypeOf(v).Kind() == reflect.Map
	case TypeArray:
		_, ok := toList(v)
		return ok
	}
	return false
}

// sameValue reports whether a and b are equal, numbers compared by value.
func sameValue(a, b any) bool {
	if x, ok := toFloat(a); ok {
		y, ok := toFloat(b)
		return ok && x == y
	}
	if a == nil || b == nil {
		return a == b
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta.Comparable() && ta == tb {
		return a == b
	}
	return reflect.DeepEqual(a, b)
}

// toFloat reads a finite number of any Go numeric type.
func toFloat(v any) (float64, bool) {
	f, ok := number.Float(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// toList reads a slice of any element type as []any.
func toList(v any) ([]any, bool) {
	if l, ok := v.([]any); ok {
		return l, true
	}
	if v == nil {
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	l := make([]any, rv.Len())
	for i := range l {
		l[i] = rv.Index(i).Interface()
	}
	return l, true
}

// isDate reports whether s is a date as stored values hold them: RFC 3339
// (with or without fractional seconds), a date and time without a zone, or
// a plain date.
func isDate(s string) bool {
	_, ok := ParseDate(s)
	return ok
}

// typeNoun names a value of field type t, for messages.
func typeNoun(t string) string {
	switch t {
	case TypeInteger, TypeObject, TypeArray:
		return "an " + t
	case TypeDate:
		return "a date (RFC 3339 or YYYY-MM-DD)"
	}
	return "a " + t
}

// describe shows a value in a message.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return quote(x)
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return formatFloat(x)
	}
	if f, ok := toFloat(v); ok {
		return formatFloat(f)
	}
	if _, ok := toList(v); ok {
		return "an array"
	}
	if reflect.TypeOf(v).Kind() == reflect.Map {
		return "an object"
	}
	return "a value of type " + reflect.TypeOf(v).String()
}

// formatFloat shows a number the way JSON would.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
