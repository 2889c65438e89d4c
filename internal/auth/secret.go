package auth

import (
	"fmt"
	"net/http"

	"golang.org/x/crypto/bcrypt"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/expand"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/schema"
)

// passwordCost is the bcrypt cost of stored passwords. A fake server holds
// test credentials, not secrets, so it takes the cheapest cost bcrypt
// allows: seeding a thousand users stays fast.
const passwordCost = bcrypt.MinCost

// maxPasswordBytes is the longest password bcrypt can hash.
const maxPasswordBytes = 72

// PasswordField returns the password field of the user resource when auth
// is enabled with one, else "".
func PasswordField(sp *schema.Spec) string {
	a := sp.Options.Auth
	if !a.Enabled || a.UserResource == "" {
		return ""
	}
	if a.PasswordField != "" {
		return a.PasswordField
	}
	return defaultPasswordField
}

// Hidden returns the field that no answer about records of res may show
// (the password of the user resource), or "" for a resource without one.
func (a *Authenticator) Hidden(res *schema.Resource) string {
	if a == nil || a.users == nil || res != a.users {
		return ""
	}
	return a.passField
}

// HideSearch returns q with its search kept out of the hidden field of
// res (the password hashes of the user resource), so that q cannot probe
// them.
func (a *Authenticator) HideSearch(res *schema.Resource, q *adapter.Query) *adapter.Query {
	field := a.Hidden(res)
	if q.Search == "" || field == "" {
		return q
	}
	c := *q
	c.SearchSkip = append(q.SearchSkip[:len(q.SearchSkip):len(q.SearchSkip)], field)
	return &c
}

// HideRecords removes the hidden fields (the password of the user
// resource) from recs, records of res, and from the records plan
// embedded in them.
func (a *Authenticator) HideRecords(res *schema.Resource, recs []adapter.Record, plan expand.Plan) {
	if a == nil {
		return
	}
	plan.Each(res, recs, func(res *schema.Resource, recs []adapter.Record) {
		if field := a.Hidden(res); field != "" {
			for _, rec := range recs {
				delete(rec, field)
			}
		}
	})
}

// CheckQuery refuses filters and sort keys on the hidden field of res.
func (a *Authenticator) CheckQuery(res *schema.Resource, filters []adapter.Filter, sort []adapter.SortKey) error {
	field := a.Hidden(res)
	if field == "" {
		return nil
	}
	for _, f := range filters {
		if f.Field == field {
			return httperr.New(http.StatusBadRequest, httperr.CodeInvalidQuery, "invalid query parameter %q: the password cannot be queried", f.Field)
		}
	}
	for _, k := range sort {
		if k.Field == field {
			return httperr.New(http.StatusBadRequest, httperr.CodeInvalidQuery, "invalid query parameter \"sortBy\": the password cannot be sorted on")
		}
	}
	return nil
}

// Secret is a password from a write to the user resource, hashed before
// the transaction that stores it.
type Secret struct {
	field, hash string
	// set reports that the write sets a new password.
	set bool
}

// Set reports whether the write sets a new password (and so ends the
// user's other sessions).
func (sec *Secret) Set() bool { return sec.set }

// Prepare hashes the password of a write to res, when res is the user
// resource and the body sets one.
func (a *Authenticator) Prepare(res *schema.Resource, body adapter.Record) (Secret, error) {
	field := a.Hidden(res)
	if field == "" {
		return Secret{}, nil
	}
	return Hash(res.Name, field, body)
}

// Hash hashes the password field of body, a record of resource; an empty
// field means the resource holds no passwords. A password that is not a
// string, or is longer than bcrypt can hash, is a validation error.
func Hash(resource, field string, body adapter.Record) (Secret, error) {
	if field == "" {
		return Secret{}, nil
	}
	v, ok := body[field]
	if !ok || v == nil {
		return Secret{field: field}, nil
	}
	plain, isString := v.(string)
	var msg string
	switch {
	case !isString:
		msg = field + " must be a string"
	case len(plain) > maxPasswordBytes:
		msg = fmt.Sprintf("%s must be at most %d bytes", field, maxPasswordBytes)
	}
	if msg != "" {
		return Secret{}, &constraints.ValidationError{Resource: resource, Violations: []constraints.Violation{{Field: field, Code: "type", Message: msg}}}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(plain), passwordCost)
	if err != nil {
		return Secret{}, fmt.Errorf("pretendo: hashing a password: %w", err)
	}
	return Secret{field: field, hash: string(hash), set: true}, nil
}

// Keep makes a PUT or PATCH that leaves the password out, or sends back
// the stored hash, keep the stored hash.
func (sec *Secret) Keep(old, body adapter.Record, put bool) {
	if sec.field == "" {
		return
	}
	stored, had := old[sec.field]
	if !had {
		return
	}
	v, ok := body[sec.field]
	switch {
	case !ok && put:
		body[sec.field] = stored
	case ok && v == stored:
		sec.set = false
	}
}

// Field returns the password field the write concerns, "" when it
// concerns none.
func (sec *Secret) Field() string { return sec.field }

// Seal replaces the plain password of a record just written with its hash,
// in the same transaction, so that no plain password is ever committed;
// the field's rules were checked against the plain password.
func (sec Secret) Seal(tx adapter.WriteTx, resource string, rec adapter.Record) error {
	if !sec.set {
		return nil
	}
	rec[sec.field] = sec.hash
	return tx.Replace(resource, rec)
}
