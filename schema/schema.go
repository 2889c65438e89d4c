// Package schema holds the vocabulary of a pretendo spec: resources, fields,
// relationships, references and options, as plain data with JSON tags.
//
// It is a leaf package so that the root package, the adapters, the
// constraints and the seed packages can all share one description of the
// data model without importing each other. Users normally reach these types
// through the aliases in the root package (pretendo.Spec, pretendo.Field, ...).
//
// The types carry no behaviour beyond lookups; loading and validation live in
// [Spec.Validate] and in the root package's ParseSpec.
package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"
)

// Field types a spec may declare.
const (
	TypeString  = "string"
	TypeNumber  = "number"
	TypeInteger = "integer"
	TypeBoolean = "boolean"
	TypeDate    = "date"
	TypeObject  = "object"
	TypeArray   = "array"
	TypeUUID    = "uuid"
)

// Types lists every field type, in the order error messages show them.
var Types = []string{TypeString, TypeNumber, TypeInteger, TypeBoolean, TypeDate, TypeObject, TypeArray, TypeUUID}

// Relationship types.
const (
	HasOne     = "hasOne"
	HasMany    = "hasMany"
	BelongsTo  = "belongsTo"
	ManyToMany = "manyToMany"
)

// OnDelete actions of a reference.
const (
	Cascade  = "cascade"
	Restrict = "restrict"
	Nullify  = "nullify"
)

// Special default values.
const (
	DefaultNow       = "$now"
	DefaultUUID      = "$uuid"
	DefaultIncrement = "$increment"
	// DefaultUserID fills an absent field with the id of the signed-in
	// user that writes the record.
	DefaultUserID = "$userId"
	// DefaultHash stores every value written to the field as the
	// lowercase hex SHA-256 digest of the value sent.
	DefaultHash = "$hash"
)

// DateLayout is the form of the dates the server writes into records
// ($now defaults, updatedAt, generated dates): RFC 3339 in UTC with
// milliseconds, as JavaScript's Date.prototype.toISOString writes them
// (2024-05-01T12:00:00.000Z). Format times in UTC with it.
const DateLayout = "2006-01-02T15:04:05.000Z07:00"

// dateLayouts are the forms of a date field's value, in the order
// ParseDate tries them.
var dateLayouts = [...]string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"}

// ParseDate reads the value of a date field: RFC 3339 (with or without
// fractional seconds), a date and time without a zone (read as UTC), or a
// plain date (midnight UTC). It reports false for anything else.
func ParseDate(s string) (time.Time, bool) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Spec is a whole API description: its resources, their initial data,
// options and custom routes.
type Spec struct {
	Resources []Resource                  `json:"resources"`
	Data      map[string][]map[string]any `json:"data,omitempty"`
	Options   Options                     `json:"options,omitempty"`
	Routes    []Route                     `json:"routes,omitempty"`
	// Extension is what a reader of another format (an OpenAPI document,
	// say) attaches to the spec it makes: what it serves beyond the
	// resources, such as operations that are not resource routes, other
	// response shapes and request validation. The root package finds its
	// capabilities by type assertion (see pretendo.RegisterSpecFormat). It
	// is not part of the spec's text; Clone shares it, so it must not
	// change once the spec is made. Nil for a pretendo spec.
	Extension any `json:"-"`
}

// Resource is one collection of records, served under /{Name}.
type Resource struct {
	Name          string         `json:"name"`
	PrimaryKey    string         `json:"primaryKey,omitempty"`
	Description   string         `json:"description,omitempty"`
	Fields        []Field        `json:"fields"`
	Relationships []Relationship `json:"relationships,omitempty"`
	Access        *Access        `json:"access,omitempty"`
	OwnedBy       string         `json:"ownedBy,omitempty"`
	Latency       *Latency       `json:"latency,omitempty"`
	// InitialData holds initial records of this resource, loaded like
	// the spec's data (before it) at first start and on reset.
	InitialData []map[string]any `json:"initialData,omitempty"`
}

// Field is one declared field of a resource.
type Field struct {
	Name         string     `json:"name"`
	Type         string     `json:"type"`
	Description  string     `json:"description,omitempty"`
	Required     bool       `json:"required,omitempty"`
	Unique       bool       `json:"unique,omitempty"`
	DefaultValue any        `json:"defaultValue,omitempty"`
	Enum         []any      `json:"enum,omitempty"`
	Min          *float64   `json:"min,omitempty"`
	Max          *float64   `json:"max,omitempty"`
	MinLength    *int       `json:"minLength,omitempty"`
	MaxLength    *int       `json:"maxLength,omitempty"`
	Pattern      string     `json:"pattern,omitempty"`
	References   *Reference `json:"references,omitempty"`
	Generate     *Generate  `json:"generate,omitempty"`
}

// Reference makes a field a foreign key to another resource's field.
type Reference struct {
	Resource string `json:"resource"`
	Field    string `json:"field,omitempty"`    // default: the target's primary key
	OnDelete string `json:"onDelete,omitempty"` // cascade | restrict | nullify; default restrict
}

// Generate is a field's rule for generated data (options.generateData).
type Generate struct {
	Type    string         `json:"type"`
	Options map[string]any `json:"options,omitempty"`
}

// Relationship links a resource to another one. It is named by As, or else
// by Resource.
type Relationship struct {
	Type       string `json:"type"`
	Resource   string `json:"resource"`
	ForeignKey string `json:"foreignKey"`
	TargetKey  string `json:"targetKey,omitempty"`
	Through    string `json:"through,omitempty"`
	As         string `json:"as,omitempty"`
}

// Name is the name the relationship is addressed by in routes and expand.
func (r Relationship) Name() string {
	if r.As != "" {
		return r.As
	}
	return r.Resource
}

// Access lists the roles allowed to perform each action on a resource.
type Access struct {
	List   []string `json:"list,omitempty"`
	Get    []string `json:"get,omitempty"`
	Create []string `json:"create,omitempty"`
	Update []string `json:"update,omitempty"`
	Delete []string `json:"delete,omitempty"`
}

// Route is a custom route answered with a fixed response.
type Route struct {
	Path        string            `json:"path"`
	Method      string            `json:"method"`
	Type        string            `json:"type,omitempty"` // json (default) | javascript
	Status      int               `json:"status,omitempty"`
	Headers     map[string]string `json:"headers,omitempty"`
	Response    any               `json:"response,omitempty"`
	Code        string            `json:"code,omitempty"`
	Description string            `json:"description,omitempty"`
	// Latency delays this route's answers, overriding options.latency.
	Latency *Latency `json:"latency,omitempty"`
	// Auth protects the route when options.auth is enabled; without it
	// the route is public.
	Auth *RouteAuth `json:"auth,omitempty"`
}

// RouteAuth protects a custom route: a request needs a signed-in user
// whose role is one of Roles ("*" or no roles: any signed-in user).
type RouteAuth struct {
	// Enabled turns the protection off when false; it is on when unset.
	Enabled *bool    `json:"enabled,omitempty"`
	Roles   []string `json:"roles,omitempty"`
}

// On reports whether the route needs a signed-in user (Enabled unset or true).
func (a *RouteAuth) On() bool { return a != nil && (a.Enabled == nil || *a.Enabled) }

// Resource returns the resource named name, or nil.
func (s *Spec) Resource(name string) *Resource {
	for i := range s.Resources {
		if s.Resources[i].Name == name {
			return &s.Resources[i]
		}
	}
	return nil
}

// Key returns the name of the resource's primary key field ("id" unless set).
func (r *Resource) Key() string {
	if r.PrimaryKey != "" {
		return r.PrimaryKey
	}
	return "id"
}

// Field returns the declared field named name, or nil.
func (r *Resource) Field(name string) *Field {
	for i := range r.Fields {
		if r.Fields[i].Name == name {
			return &r.Fields[i]
		}
	}
	return nil
}

// Names maps the primary key and every declared field name to itself, so
// that records built from many inputs can share one string per name.
func (r *Resource) Names() map[string]string {
	m := make(map[string]string, len(r.Fields)+1)
	m[r.Key()] = r.Key()
	for _, f := range r.Fields {
		m[f.Name] = f.Name
	}
	return m
}

// KeyField returns the primary-key field, or nil if it is not declared.
func (r *Resource) KeyField() *Field { return r.Field(r.Key()) }

// Relationship returns the relationship named name (by As, else Resource), or nil.
func (r *Resource) Relationship(name string) *Relationship {
	for i := range r.Relationships {
		if r.Relationships[i].Name() == name {
			return &r.Relationships[i]
		}
	}
	return nil
}

// Clone returns a deep copy of the spec, so a server never shares mutable
// spec state with its caller. Values come out as JSON would decode them
// (numbers as float64), except that the records of data and initialData
// keep a json.Number (an integer a float64 cannot hold exactly) as it is.
// It fails when the spec holds values JSON cannot represent (a func or
// channel in data, say), which a spec read from YAML or JSON never does.
func (s *Spec) Clone() (*Spec, error) {
	shallow := *s
	shallow.Data = nil
	shallow.Resources = slices.Clone(s.Resources)
	for i := range shallow.Resources {
		shallow.Resources[i].InitialData = nil
	}
	b, err := json.Marshal(&shallow)
	if err != nil {
		return nil, fmt.Errorf("schema: spec holds a value that is not JSON: %w", err)
	}
	var c Spec
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("schema: copying spec: %w", err)
	}
	c.Extension = s.Extension
	// Records can be many: copy them directly instead of through JSON
	// text, which would also round their json.Numbers.
	if s.Data != nil {
		c.Data = make(map[string][]map[string]any, len(s.Data))
		for name, recs := range s.Data {
			if c.Data[name], err = copyRecords(recs); err != nil {
				return nil, fmt.Errorf("schema: data.%s%w", name, err)
			}
		}
	}
	for i := range c.Resources {
		if c.Resources[i].InitialData, err = copyRecords(s.Resources[i].InitialData); err != nil {
			return nil, fmt.Errorf("schema: resources[%d].initialData%w", i, err)
		}
	}
	return &c, nil
}

// copyRecords deep-copies recs with jsonValue. An error begins with the
// record's index, as in "[2]: ...".
func copyRecords(recs []map[string]any) ([]map[string]any, error) {
	if recs == nil {
		return nil, nil
	}
	out := make([]map[string]any, len(recs))
	for i, rec := range recs {
		v, err := jsonValue(map[string]any(rec))
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out[i], _ = v.(map[string]any)
	}
	return out, nil
}

// jsonValue deep-copies v into the values encoding/json decodes into:
// every number becomes a float64, except a json.Number, which stays as it
// is (Decode keeps integers a float64 cannot hold exactly as one). Values of
// other types go through JSON.
func jsonValue(v any) (any, error) {
	switch t := v.(type) {
	case nil, string, bool, json.Number:
		return t, nil
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, fmt.Errorf("number %v is not JSON", t)
		}
		return t, nil
	case int:
		return float64(t), nil
	case int64:
		return float64(t), nil
	case int32:
		return float64(t), nil
	case map[string]any:
		if t == nil {
			return nil, nil
		}
		out := make(map[string]any, len(t))
		for k, e := range t {
			c, err := jsonValue(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = c
		}
		return out, nil
	case []any:
		if t == nil {
			return nil, nil
		}
		out := make([]any, len(t))
		for i, e := range t {
			c, err := jsonValue(e)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = c
		}
		return out, nil
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("value is not JSON: %w", err)
		}
		var out any
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, err
		}
		return out, nil
	}
}
