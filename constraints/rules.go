// Package constraints enforces the rules of a spec on every write: field
// types and rules, defaults and id generation, unique values, and references
// between resources with their onDelete actions.
//
// Every operation runs inside an adapter.WriteTx, so a write and the checks
// that guard it commit together or not at all, and concurrent writers (which
// adapters serialize) can never leave an orphan. The package does not import
// the root package.
package constraints

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/uuid"
	"github.com/pretendo-go/pretendo/schema"
)

// Options configures a Set.
type Options struct {
	// Strict rejects fields a resource does not declare (options.strictValidation).
	Strict bool
	// Now is the clock for $now defaults; time.Now when nil.
	Now func() time.Time
	// UUID makes $uuid defaults and string/uuid primary keys; a random v4
	// UUID from crypto/rand when nil.
	UUID func() string
	// Secrets names, by resource, a field whose stored value is a digest of
	// what clients send (a password hash). Its rules other than its type
	// (enum, lengths, pattern) hold for the values writes send, never for
	// the stored digest: a PUT or PATCH that keeps the stored value does
	// not check them again.
	Secrets map[string]string
	// MaxDepth is how many levels of objects and arrays a record may nest,
	// the record being the first (options.maxDepth); schema.DefaultMaxDepth
	// when 0.
	MaxDepth int
}

// Set holds the compiled rules of one spec. It is immutable and safe for
// concurrent use.
type Set struct {
	spec      *schema.Spec
	opts      Options
	resources map[string]*resourceRules
}

type resourceRules struct {
	res      *schema.Resource
	key      string
	keyType  string
	fields   map[string]*schema.Field
	patterns map[string]*regexp.Regexp
	// usesNow is set when a write may need the clock ($now defaults).
	usesNow bool
	// secret is the field of Options.Secrets for this resource, or "".
	secret string
	// dependants are the fields, in any resource, whose references point here.
	dependants []dependant
	// hashed are the fields whose default is $hash.
	hashed []string
	// increments are the fields whose default is $increment.
	increments []string
}

type dependant struct {
	resource string
	field    *schema.Field
	target   string // the field of this resource the reference points at
	onDelete string
}

// New compiles the rules of s, which must be a valid spec. The Set keeps a
// reference to s: the caller must not modify it afterwards.
func New(s *schema.Spec, opts Options) (*Set, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.UUID == nil {
		opts.UUID = NewUUID
	}
	set := &Set{spec: s, opts: opts, resources: make(map[string]*resourceRules, len(s.Resources))}
	for i := range s.Resources {
		res := &s.Resources[i]
		rr := &resourceRules{res: res, key: res.Key(), fields: make(map[string]*schema.Field), patterns: make(map[string]*regexp.Regexp), secret: opts.Secrets[res.Name]}
		if kf := res.KeyField(); kf != nil {
			rr.keyType = kf.Type
		}
		for j := range res.Fields {
			f := &res.Fields[j]
			rr.fields[f.Name] = f
			switch f.DefaultValue {
			case schema.DefaultNow:
				rr.usesNow = true
			case schema.DefaultHash:
				rr.hashed = append(rr.hashed, f.Name)
			case schema.DefaultIncrement:
				rr.increments = append(rr.increments, f.Name)
			}
			if f.Pattern != "" {
				re, err := regexp.Compile(f.Pattern)
				if err != nil {
					return nil, fmt.Errorf("constraints: %s.%s: pattern: %w", res.Name, f.Name, err)
				}
				rr.patterns[f.Name] = re
			}
		}
		set.resources[res.Name] = rr
	}
	for i := range s.Resources {
		res := &s.Resources[i]
		for j := range res.Fields {
			f := &res.Fields[j]
			if f.References == nil {
				continue
			}
			target, ok := set.resources[f.References.Resource]
			if !ok {
				return nil, fmt.Errorf("constraints: %s.%s: references unknown resource %q", res.Name, f.Name, f.References.Resource)
			}
			tf := f.References.Field
			if tf == "" {
				tf = target.key
			}
			onDelete := f.References.OnDelete
			if onDelete == "" {
				onDelete = schema.Restrict
			}
			target.dependants = append(target.dependants, dependant{resource: res.Name, field: f, target: tf, onDelete: onDelete})
		}
	}
	return set, nil
}

func (s *Set) rules(resource string) (*resourceRules, error) {
	rr, ok := s.resources[resource]
	if !ok {
		return nil, fmt.Errorf("%w: unknown resource %q", adapter.ErrNotFound, resource)
	}
	return rr, nil
}

// Validate checks rec against the field rules of resource (types, required,
// enum, min/max, lengths, pattern, and unknown fields when strict) and
// returns every violation, in field declaration order, followed by the
// fields, declared or not, that nest deeper than Options.MaxDepth allows.
func (s *Set) Validate(resource string, rec adapter.Record) []Violation {
	rr, ok := s.resources[resource]
	if !ok {
		return []Violation{{Field: "", Code: CodeUnknown, Message: fmt.Sprintf("unknown resource %q", resource)}}
	}
	return s.validate(rr, rec, nil)
}

// validate is Validate for rr, whose fields in kept hold a stored digest
// (of a $hash field, or the secret of Options.Secrets): its type is
// checked, its other rules were checked against the value sent when it was
// written.
func (s *Set) validate(rr *resourceRules, rec adapter.Record, kept map[string]bool) []Violation {
	var out []Violation
	for i := range rr.res.Fields {
		f := &rr.res.Fields[i]
		v, present := rec[f.Name]
		if !present || v == nil {
			if f.Required {
				out = append(out, Violation{Field: f.Name, Code: CodeRequired, Message: fmt.Sprintf("%s is required", f.Name)})
			}
			continue
		}
		if msg := typeProblem(f.Type, v); msg != "" {
			out = append(out, Violation{Field: f.Name, Code: CodeType, Message: fmt.Sprintf("%s %s", f.Name, msg)})
			continue
		}
		if kept[f.Name] {
			continue
		}
		out = append(out, ruleViolations(f, v, rr.patterns[f.Name])...)
	}
	if s.opts.Strict {
		for _, name := range sortedKeys(rec) {
			if _, ok := rr.fields[name]; !ok {
				out = append(out, Violation{Field: name, Code: CodeUnknown, Message: fmt.Sprintf("%s is not a declared field", name)})
			}
		}
	}
	return append(out, s.depthViolations(rec)...)
}

// CheckValue reports the first rule of f that the value v breaks (type,
// enum, min and max, lengths, and the pattern re when not nil), or nil. v
// must be present and not null; Validate checks required. The generator of
// fake data uses it, so generated values meet the very rules writes do.
func CheckValue(f *schema.Field, re *regexp.Regexp, v any) *Violation {
	if msg := typeProblem(f.Type, v); msg != "" {
		return &Violation{Field: f.Name, Code: CodeType, Message: f.Name + " " + msg}
	}
	if viol := ruleViolations(f, v, re); len(viol) > 0 {
		return &viol[0]
	}
	return nil
}

// inexactProblem describes a json.Number in a number or integer field: an
// integer beyond what a float64 holds exactly, which the decoders keep as
// sent in undeclared fields only.
const inexactProblem = "must be a number a float64 holds exactly: an integer beyond ±2^53 would lose digits (send it as a string)"

// typeProblem describes how v fails to be of type typ, or returns "".
func typeProblem(typ string, v any) string {
	switch typ {
	case schema.TypeString:
		if _, ok := v.(string); ok {
			return ""
		}
		return "must be a string"
	case schema.TypeNumber:
		if n, ok := v.(float64); ok && !math.IsInf(n, 0) && !math.IsNaN(n) {
			return ""
		}
		if _, ok := v.(json.Number); ok {
			return inexactProblem
		}
		return "must be a number"
	case schema.TypeInteger:
		if n, ok := v.(float64); ok && n == math.Trunc(n) && math.Abs(n) <= adapter.MaxSafeInteger {
			return ""
		}
		if _, ok := v.(json.Number); ok {
			return inexactProblem
		}
		if n, ok := v.(float64); ok && n == math.Trunc(n) {
			return fmt.Sprintf("must be an integer from %d to %d, the integers a JSON number holds exactly",
				-int64(adapter.MaxSafeInteger), int64(adapter.MaxSafeInteger))
		}
		return "must be an integer"
	case schema.TypeBoolean:
		if _, ok := v.(bool); ok {
			return ""
		}
		return "must be a boolean"
	case schema.TypeDate:
		if s, ok := v.(string); ok {
			if _, ok := adapter.ParseTime(s); ok {
				return ""
			}
		}
		return "must be a date (RFC 3339)"
	case schema.TypeObject:
		if _, ok := v.(map[string]any); ok {
			return ""
		}
		return "must be an object"
	case schema.TypeArray:
		if _, ok := v.([]any); ok {
			return ""
		}
		return "must be an array"
	case schema.TypeUUID:
		if s, ok := v.(string); ok && IsUUID(s) {
			return ""
		}
		return "must be a UUID"
	}
	return ""
}

func ruleViolations(f *schema.Field, v any, re *regexp.Regexp) []Violation {
	var out []Violation
	add := func(code, format string, args ...any) {
		out = append(out, Violation{Field: f.Name, Code: code, Message: f.Name + " " + fmt.Sprintf(format, args...)})
	}
	if len(f.Enum) > 0 {
		found := false
		for _, e := range f.Enum {
			if adapter.Equal(f.Type, v, e, false) {
				found = true
				break
			}
		}
		if !found {
			add(CodeEnum, "must be one of %v", f.Enum)
		}
	}
	if n, ok := v.(float64); ok {
		if f.Min != nil && n < *f.Min {
			add(CodeMin, "must be at least %v", *f.Min)
		}
		if f.Max != nil && n > *f.Max {
			add(CodeMax, "must be at most %v", *f.Max)
		}
	}
	length := -1
	switch t := v.(type) {
	case string:
		length = utf8.RuneCountInString(t)
	case []any:
		length = len(t)
	}
	if length >= 0 {
		if f.MinLength != nil && length < *f.MinLength {
			add(CodeMinLength, "must have at least %d characters", *f.MinLength)
		}
		if f.MaxLength != nil && length > *f.MaxLength {
			add(CodeMaxLength, "must have at most %d characters", *f.MaxLength)
		}
	}
	if s, ok := v.(string); ok && re != nil && !re.MatchString(s) {
		add(CodePattern, "must match %s", f.Pattern)
	}
	return out
}

// IsUUID reports whether s has the textual form of a UUID (8-4-4-4-12 hex digits).
func IsUUID(s string) bool { return uuid.Valid(s) }

// NewUUID returns a random version 4 UUID.
func NewUUID() string { return uuid.New() }
