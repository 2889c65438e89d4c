package constraints

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// Create stores a new record of resource built from body: defaults are
// applied to absent fields, a primary key is generated unless body has one,
// and every rule, unique value and reference is checked. It returns the
// stored record. body is not modified.
func (s *Set) Create(tx adapter.WriteTx, resource string, body adapter.Record) (adapter.Record, error) {
	return s.create(tx, resource, adapter.Clone(body), true, false)
}

// CreateOwned is Create for a body the caller hands over, which saves
// copies: body is completed in place (defaults, primary key), stored
// through adapter.InsertOwned and returned, or left in an unspecified state
// on error. The caller must not use body afterwards except through the
// result, and must not change the result: it may be the stored record.
func (s *Set) CreateOwned(tx adapter.WriteTx, resource string, body adapter.Record) (adapter.Record, error) {
	return s.create(tx, resource, body, true, true)
}

// Import is Create without the reference checks, for loading a whole data
// set whose records may point at each other in any order; call
// CheckReferences once everything is in.
func (s *Set) Import(tx adapter.WriteTx, resource string, body adapter.Record) (adapter.Record, error) {
	return s.create(tx, resource, adapter.Clone(body), false, false)
}

// create completes and stores rec, which it owns; handOver stores rec
// itself when tx can.
func (s *Set) create(tx adapter.WriteTx, resource string, rec adapter.Record, refs, handOver bool) (adapter.Record, error) {
	rr, err := s.rules(resource)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		rec = adapter.Record{}
	}
	sentIncrements := sentFields(rr.increments, rec)
	if err := s.applyDefaults(tx, rr, rec, s.nowFor(rr)); err != nil {
		return nil, err
	}
	sent := true
	if v, ok := rec[rr.key]; !ok || v == nil {
		if rec[rr.key], err = s.newKey(tx, rr); err != nil {
			return nil, err
		}
		sent = false
	}
	viol := s.Validate(resource, rec)
	if sent {
		viol = append(viol, keyViolations(rr, rec[rr.key], viol)...)
	}
	viol = append(viol, incrementViolations(rr, rec, sentIncrements, viol)...)
	if refs {
		viol = append(viol, s.referenceViolations(tx, rr, rec, nil, viol)...)
	}
	if len(viol) > 0 {
		return nil, &ValidationError{Resource: resource, Violations: viol}
	}
	hashValues(rr, rec, nil)
	if taken, err := adapter.Exists(tx, resource, rec[rr.key]); err != nil {
		return nil, err
	} else if taken {
		return nil, &ConflictError{Resource: resource, Violations: []Violation{{
			Field: rr.key, Code: CodeUnique, Message: fmt.Sprintf("%s %v is already taken", rr.key, rec[rr.key]),
		}}}
	}
	if err := s.checkUnique(tx, rr, rec, nil); err != nil {
		return nil, err
	}
	if handOver {
		err = adapter.InsertOwned(tx, resource, rec)
	} else {
		err = tx.Insert(resource, rec)
	}
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// Replace stores body in place of the record of resource whose primary key
// is id (PUT): the id is the URL's, defaults are applied again to absent
// fields, and every rule is checked.
func (s *Set) Replace(tx adapter.WriteTx, resource string, id any, body adapter.Record) (adapter.Record, error) {
	rr, err := s.rules(resource)
	if err != nil {
		return nil, err
	}
	old, err := s.get(tx, rr, id)
	if err != nil {
		return nil, err
	}
	rec := adapter.Clone(body)
	if rec == nil {
		rec = adapter.Record{}
	}
	rec[rr.key] = id
	kept := keptHashes(rr, old, rec)
	sent := sentFields(rr.increments, rec)
	// One reading of the clock per write, so $now fields and updatedAt agree.
	now := s.nowFor(rr)
	if err := s.applyDefaults(tx, rr, rec, now); err != nil {
		return nil, err
	}
	s.touch(rr, rec, now)
	return s.store(tx, rr, rec, nil, kept, sent)
}

// Patch merges patch into the record of resource whose primary key is id:
// top-level keys replace, a null removes a key, nested objects are replaced
// whole. The primary key cannot change.
func (s *Set) Patch(tx adapter.WriteTx, resource string, id any, patch adapter.Record) (adapter.Record, error) {
	rr, err := s.rules(resource)
	if err != nil {
		return nil, err
	}
	rec, err := s.get(tx, rr, id)
	if err != nil {
		return nil, err
	}
	kept := keptHashes(rr, rec, patch)
	changed := make(map[string]bool, len(patch))
	for k, v := range patch {
		if k == rr.key {
			if v == nil || !adapter.Equal(rr.keyType, v, id, false) {
				return nil, &ValidationError{Resource: resource, Violations: []Violation{{
					Field: k, Code: CodeType, Message: fmt.Sprintf("%s cannot change", k),
				}}}
			}
			continue
		}
		changed[k] = true
		if v == nil {
			delete(rec, k)
		} else {
			rec[k] = adapter.CloneValue(v)
		}
	}
	s.touch(rr, rec, s.nowFor(rr))
	return s.store(tx, rr, rec, changed, kept, changed)
}

// store validates rec (an existing record's new version) and replaces it.
// Only the fields in changed have their references and uniqueness checked,
// or all of them when changed is nil. The $hash fields in kept hold their
// stored digest; the others are hashed once their rules pass. The
// $increment fields in sent hold values the write sent, which are bounded.
func (s *Set) store(tx adapter.WriteTx, rr *resourceRules, rec adapter.Record, changed, kept, sent map[string]bool) (adapter.Record, error) {
	viol := s.validate(rr, rec, kept)
	viol = append(viol, incrementViolations(rr, rec, sent, viol)...)
	viol = append(viol, s.referenceViolations(tx, rr, rec, changed, viol)...)
	if len(viol) > 0 {
		return nil, &ValidationError{Resource: rr.res.Name, Violations: viol}
	}
	hashValues(rr, rec, kept)
	if err := s.checkUnique(tx, rr, rec, changed); err != nil {
		return nil, err
	}
	if err := s.checkReferenced(tx, rr, rec, changed); err != nil {
		return nil, err
	}
	if err := tx.Replace(rr.res.Name, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// checkReferenced refuses, with a ConflictError, to change a field that
// references of other records point at (a reference with a field other
// than the primary key) while some of them hold the old value and no other
// record of rr does: the write would orphan them. Only the fields in
// changed are checked, or all of them when changed is nil.
func (s *Set) checkReferenced(tx adapter.Tx, rr *resourceRules, rec adapter.Record, changed map[string]bool) error {
	var old adapter.Record
	for _, dep := range rr.dependants {
		if dep.target == rr.key || (changed != nil && !changed[dep.target]) {
			continue
		}
		if old == nil {
			var err error
			if old, err = s.get(tx, rr, rec[rr.key]); err != nil {
				return err
			}
		}
		was, ok := old[dep.target]
		if !ok || was == nil {
			continue
		}
		typ := ""
		if f := rr.fields[dep.target]; f != nil {
			typ = f.Type
		}
		if now, ok := rec[dep.target]; ok && adapter.Equal(typ, was, now, false) {
			continue
		}
		holders, err := tx.List(rr.res.Name, &adapter.Query{
			Filters: []adapter.Filter{{Field: dep.target, Type: typ, Op: adapter.OpEq, Values: []any{was}}},
			PerPage: 2,
		})
		if err != nil {
			return err
		}
		if holders.Total > 1 {
			continue
		}
		refs, err := tx.List(dep.resource, &adapter.Query{
			Filters: []adapter.Filter{{Field: dep.field.Name, Type: dep.field.Type, Op: adapter.OpEq, Values: []any{was}}},
			PerPage: 2,
		})
		if err != nil {
			return err
		}
		child := s.resources[dep.resource]
		for _, u := range refs.Records {
			if dep.resource == rr.res.Name && adapter.Equal(rr.keyType, u[rr.key], rec[rr.key], false) {
				continue // the record itself, whose new version is rec
			}
			return &ConflictError{Resource: rr.res.Name, Violations: []Violation{{
				Field: dep.target, Code: CodeRestrict,
				Message: fmt.Sprintf("%s %v is referenced by %s %v (%s.%s)", dep.target, was, dep.resource, u[child.key], dep.resource, dep.field.Name),
			}}}
		}
	}
	return nil
}

func (s *Set) get(tx adapter.Tx, rr *resourceRules, id any) (adapter.Record, error) {
	rec, err := tx.Get(rr.res.Name, id)
	if errors.Is(err, adapter.ErrNotFound) {
		return nil, &NotFoundError{Resource: rr.res.Name, ID: id}
	}
	return rec, err
}

// touch refreshes an updatedAt field whose default is $now to now.
func (s *Set) touch(rr *resourceRules, rec adapter.Record, now string) {
	if f, ok := rr.fields["updatedAt"]; ok && f.DefaultValue == schema.DefaultNow {
		rec["updatedAt"] = now
	}
}

func (s *Set) now() string { return s.opts.Now().UTC().Format(schema.DateLayout) }

// nowFor reads the clock once for a write to rr, or not at all when rr
// has no $now default.
func (s *Set) nowFor(rr *resourceRules) string {
	if !rr.usesNow {
		return ""
	}
	return s.now()
}

// applyDefaults fills the absent fields of rec that have a default; $now
// becomes now, read once by the caller for the whole write.
func (s *Set) applyDefaults(tx adapter.Tx, rr *resourceRules, rec adapter.Record, now string) error {
	for i := range rr.res.Fields {
		f := &rr.res.Fields[i]
		if f.DefaultValue == nil {
			continue
		}
		if v, ok := rec[f.Name]; ok && v != nil {
			continue
		}
		switch f.DefaultValue {
		case schema.DefaultUserID, schema.DefaultHash:
			// $userId needs the signed-in user, which the caller fills in;
			// $hash has no value of its own to store.
		case schema.DefaultNow:
			rec[f.Name] = now
		case schema.DefaultUUID:
			rec[f.Name] = s.opts.UUID()
		case schema.DefaultIncrement:
			next, err := nextIncrement(tx, rr, f)
			if err != nil {
				return err
			}
			rec[f.Name] = next
		default:
			rec[f.Name] = adapter.CloneValue(f.DefaultValue)
		}
	}
	return nil
}

// nextIncrement is the value of f's $increment default: one more than the
// largest value f holds in rr. When that largest value is
// adapter.MaxSafeInteger or more, the next one would not be an integer a
// JSON number holds exactly, which is a ValidationError that tells the
// client to send a value.
func nextIncrement(tx adapter.Tx, rr *resourceRules, f *schema.Field) (float64, error) {
	page, err := tx.List(rr.res.Name, &adapter.Query{
		Sort:    []adapter.SortKey{{Field: f.Name, Type: f.Type, Desc: true}},
		PerPage: 1,
	})
	if err != nil {
		return 0, err
	}
	if len(page.Records) == 0 {
		return 1, nil
	}
	n, ok := page.Records[0][f.Name].(float64)
	if !ok {
		return 1, nil
	}
	if n >= adapter.MaxSafeInteger {
		return 0, &ValidationError{Resource: rr.res.Name, Violations: []Violation{{
			Field: f.Name, Code: CodeExhausted,
			Message: fmt.Sprintf("no %s left to generate ($increment): the largest, %s, leaves no next integer a JSON number holds exactly (at most %d); send a %s",
				f.Name, strconv.FormatFloat(n, 'f', -1, 64), int64(adapter.MaxSafeInteger), f.Name),
		}}}
	}
	return n + 1, nil
}

// incrementViolations checks the values a write sent for the $increment
// fields of rr, those in sent: as for a number primary key, a whole number
// must be at most MaxSentID, so that the value generated after it is still
// exact, and at least -adapter.MaxSafeInteger. Fields with a violation in
// already are skipped.
func incrementViolations(rr *resourceRules, rec adapter.Record, sent map[string]bool, already []Violation) []Violation {
	var out []Violation
	for _, name := range rr.increments {
		n, ok := rec[name].(float64)
		if !ok || n != math.Trunc(n) || !sent[name] || hasViolation(already, name) {
			continue
		}
		code := ""
		switch {
		case n > MaxSentID:
			code = CodeMax
		case n < -adapter.MaxSafeInteger:
			code = CodeMin
		default:
			continue
		}
		out = append(out, Violation{Field: name, Code: code, Message: fmt.Sprintf(
			"%s must be a whole number from %d to %d (so that the value $increment generates after it still fits in a JSON number)",
			name, -int64(adapter.MaxSafeInteger), int64(MaxSentID))})
	}
	return out
}

// sentFields returns the fields of names that rec holds (not null), or nil
// when it holds none.
func sentFields(names []string, rec adapter.Record) map[string]bool {
	var out map[string]bool
	for _, name := range names {
		if v, ok := rec[name]; ok && v != nil {
			if out == nil {
				out = make(map[string]bool, len(names))
			}
			out[name] = true
		}
	}
	return out
}

// hasViolation reports whether viol holds one of field.
func hasViolation(viol []Violation, field string) bool {
	for _, v := range viol {
		if v.Field == field {
			return true
		}
	}
	return false
}

// MaxSentID is the largest number primary key a write may send: the id
// generated after it, MaxSentID+1, is still an integer a JSON number holds
// exactly (adapter.MaxSafeInteger). The smallest is -adapter.MaxSafeInteger.
const MaxSentID = adapter.MaxSafeInteger - 1

// newKey generates the primary key of a new record: for a number key one
// more than the largest ever used (tx.Counter), else a UUID. In the
// json-server dialect it is json-server 0.17's: one more than the largest
// key there is now (0 for none), and for a string key 7 random characters
// of nanoid's alphabet. When the
// largest ever used is adapter.MaxSafeInteger no number is left, which is
// a ConflictError that tells the client to send an id.
func (s *Set) newKey(tx adapter.Tx, rr *resourceRules) (any, error) {
	jsonServer := s.spec.Options.Dialect == schema.DialectJSONServer
	switch rr.keyType {
	case schema.TypeNumber, schema.TypeInteger:
		last := tx.Counter(rr.res.Name)
		if jsonServer {
			var err error
			if last, err = largestKey(tx, rr); err != nil {
				return nil, err
			}
		}
		if last >= adapter.MaxSafeInteger {
			return nil, &ConflictError{Resource: rr.res.Name, Violations: []Violation{{
				Field: rr.key, Code: CodeExhausted,
				Message: fmt.Sprintf("no %s left to generate: the largest ever used, %d, is the largest integer a JSON number holds exactly; send an %s", rr.key, last, rr.key),
			}}}
		}
		return float64(last + 1), nil
	case schema.TypeString:
		if jsonServer {
			return newNanoID(), nil
		}
	}
	return s.opts.UUID(), nil
}

// keyViolations checks that a primary key sent by a write can index a
// record and, for a number, leaves room for the id generated after it
// (at most MaxSentID); type violations already reported for it are not
// repeated.
func keyViolations(rr *resourceRules, id any, already []Violation) []Violation {
	for _, v := range already {
		if v.Field == rr.key {
			return nil
		}
	}
	bounds := fmt.Sprintf("%s must be a whole number from %d to %d (so that the %s generated after it still fits in a JSON number)",
		rr.key, -int64(adapter.MaxSafeInteger), int64(MaxSentID), rr.key)
	if n, ok := id.(float64); ok && n == math.Trunc(n) {
		switch {
		case n > MaxSentID:
			return []Violation{{Field: rr.key, Code: CodeMax, Message: bounds}}
		case n < -adapter.MaxSafeInteger:
			return []Violation{{Field: rr.key, Code: CodeMin, Message: bounds}}
		}
	}
	if _, ok := adapter.Key(id); !ok {
		return []Violation{{Field: rr.key, Code: CodeType, Message: bounds + " or a string"}}
	}
	if s, ok := id.(string); ok && s == "" {
		return []Violation{{Field: rr.key, Code: CodeRequired, Message: fmt.Sprintf("%s must not be empty", rr.key)}}
	}
	return nil
}

func (s *Set) checkUnique(tx adapter.Tx, rr *resourceRules, rec adapter.Record, changed map[string]bool) error {
	var viol []Violation
	for i := range rr.res.Fields {
		f := &rr.res.Fields[i]
		if !f.Unique || f.Name == rr.key || (changed != nil && !changed[f.Name]) {
			continue
		}
		v, ok := rec[f.Name]
		if !ok || v == nil {
			continue
		}
		page, err := tx.List(rr.res.Name, &adapter.Query{
			Filters: []adapter.Filter{{Field: f.Name, Type: f.Type, Op: adapter.OpEq, Values: []any{v}}},
			PerPage: 2,
		})
		if err != nil {
			return err
		}
		for _, other := range page.Records {
			if !adapter.Equal(rr.keyType, other[rr.key], rec[rr.key], false) {
				viol = append(viol, Violation{Field: f.Name, Code: CodeUnique, Message: fmt.Sprintf("%s %v is already taken", f.Name, v)})
				break
			}
		}
	}
	if len(viol) > 0 {
		return &ConflictError{Resource: rr.res.Name, Violations: viol}
	}
	return nil
}

// referenceViolations checks that every foreign key of rec (or only those
// in changed, when not nil) points at an existing record. Fields already
// failing another rule are skipped.
func (s *Set) referenceViolations(tx adapter.Tx, rr *resourceRules, rec adapter.Record, changed map[string]bool, already []Violation) []Violation {
	failed := make(map[string]bool, len(already))
	for _, v := range already {
		failed[v.Field] = true
	}
	var out []Violation
	for i := range rr.res.Fields {
		f := &rr.res.Fields[i]
		if f.References == nil || failed[f.Name] || (changed != nil && !changed[f.Name]) {
			continue
		}
		v, ok := rec[f.Name]
		if !ok || v == nil {
			continue
		}
		exists, err := s.exists(tx, f.References, v)
		if err != nil {
			out = append(out, Violation{Field: f.Name, Code: CodeReference, Message: err.Error()})
			continue
		}
		if !exists {
			out = append(out, Violation{Field: f.Name, Code: CodeReference, Message: fmt.Sprintf("%s %v references no %s record", f.Name, v, f.References.Resource)})
		}
	}
	return out
}

func (s *Set) exists(tx adapter.Tx, ref *schema.Reference, v any) (bool, error) {
	target := s.resources[ref.Resource]
	field := ref.Field
	if field == "" || field == target.key {
		return adapter.Exists(tx, ref.Resource, v)
	}
	tf := target.fields[field]
	page, err := tx.List(ref.Resource, &adapter.Query{
		Filters: []adapter.Filter{{Field: field, Type: tf.Type, Op: adapter.OpEq, Values: []any{v}}},
		PerPage: 1,
	})
	if err != nil {
		return false, err
	}
	return page.Total > 0, nil
}

// CheckRecordReferences verifies the foreign keys of rec, a record of
// resource, returning a *ValidationError listing the broken ones. Like
// CheckReferences it is meant for records loaded with Import, checked once
// everything is in, by callers that name each record themselves.
func (s *Set) CheckRecordReferences(tx adapter.Tx, resource string, rec adapter.Record) error {
	rr, err := s.rules(resource)
	if err != nil {
		return err
	}
	if viol := s.referenceViolations(tx, rr, rec, nil, nil); len(viol) > 0 {
		return &ValidationError{Resource: resource, Violations: viol}
	}
	return nil
}

// CheckReferences verifies every foreign key of every record, naming each
// broken one by resource and position. It is meant for whole data sets
// loaded with Import.
func (s *Set) CheckReferences(tx adapter.Tx) error {
	names := make([]string, 0, len(s.resources))
	for name := range s.resources {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		rr := s.resources[name]
		var hasRefs bool
		for i := range rr.res.Fields {
			hasRefs = hasRefs || rr.res.Fields[i].References != nil
		}
		if !hasRefs {
			continue
		}
		page, err := tx.List(name, nil)
		if err != nil {
			return err
		}
		var viol []Violation
		for i, rec := range page.Records {
			for _, v := range s.referenceViolations(tx, rr, rec, nil, nil) {
				v.Message = fmt.Sprintf("%s[%d]: %s", name, i, v.Message)
				viol = append(viol, v)
			}
		}
		if len(viol) > 0 {
			return &ValidationError{Resource: name, Violations: viol}
		}
	}
	return nil
}

func sortedKeys(r adapter.Record) []string {
	keys := make([]string, 0, len(r))
	for k := range r {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
