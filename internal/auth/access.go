package auth

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/expand"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/schema"
)

// The actions of an access rule.
const (
	ActionList   = "list"
	ActionGet    = "get"
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// The role names with a meaning of their own in access rules.
const (
	roleAnyone = "*"
	roleOwner  = "owner"
)

// Scope is what one caller may do. The zero Scope may do everything: it
// is the scope of a server without auth and of typed Go access, which
// bypasses the access rules. A signed-in user's scope is what the access
// rules of the user's role allow.
type Scope struct {
	a    *Authenticator
	user *User
}

// Scope returns the scope of u, a signed-in user.
func (a *Authenticator) Scope(u *User) Scope { return Scope{a: a, user: u} }

// User returns the signed-in user of the scope, or nil for the zero Scope.
func (sc Scope) User() *User { return sc.user }

// Grant is what a scope may do to one resource: anything (owner false), or
// only what touches records the user owns. A nil *Grant, the grant of the
// zero Scope, allows everything.
type Grant struct {
	a     *Authenticator
	user  *User
	res   *schema.Resource
	owner bool
}

// Owner reports whether g covers only the records the user owns.
func (g *Grant) Owner() bool { return g != nil && g.owner }

// roles returns the access rule of res for action (nil: any signed-in user).
func roles(res *schema.Resource, action string) []string {
	if res.Access == nil {
		return nil
	}
	switch action {
	case ActionList:
		return res.Access.List
	case ActionGet:
		return res.Access.Get
	case ActionCreate:
		return res.Access.Create
	case ActionUpdate:
		return res.Access.Update
	default:
		return res.Access.Delete
	}
}

// allowsAll reports whether u may do action to every record of res: the
// rule is empty, holds "*", or holds u's role.
func allowsAll(u *User, res *schema.Resource, action string) bool {
	rs := roles(res, action)
	if len(rs) == 0 || slices.Contains(rs, roleAnyone) {
		return true
	}
	return u.Role != "" && u.Role != roleOwner && slices.Contains(rs, u.Role)
}

// Permit decides what the scope may do to res: a full grant, an owner
// grant, or a 403 error. The zero Scope gets nil, a grant of everything.
func (sc Scope) Permit(res *schema.Resource, action string) (*Grant, error) {
	u := sc.user
	if u == nil {
		return nil, nil
	}
	if allowsAll(u, res, action) {
		return &Grant{a: sc.a, user: u, res: res}, nil
	}
	if slices.Contains(roles(res, action), roleOwner) && res.OwnedBy != "" && u.ID != nil {
		return &Grant{a: sc.a, user: u, res: res, owner: true}, nil
	}
	return nil, httperr.New(http.StatusForbidden, httperr.CodeForbidden, "%s may not %s %s", who(u), action, res.Name)
}

// who names a user by role in messages.
func who(u *User) string {
	if u.Role == "" {
		return "a user without a role"
	}
	return fmt.Sprintf("role %q", u.Role)
}

// PermitRoute lets u into a custom route whose auth lists roles: no roles
// or "*" lets any signed-in user in, else the user's role must be listed.
func PermitRoute(u *User, roles []string, r *http.Request) error {
	if len(roles) == 0 || slices.Contains(roles, roleAnyone) || u.Role != "" && slices.Contains(roles, u.Role) {
		return nil
	}
	return httperr.New(http.StatusForbidden, httperr.CodeForbidden, "%s may not %s %s (allowed: %s)", who(u), r.Method, r.URL.Path, strings.Join(roles, ", "))
}

// ownerField returns the ownedBy field of the grant's resource and its type.
func (g *Grant) ownerField() (string, string) {
	f := g.res.OwnedBy
	if fd := g.res.Field(f); fd != nil {
		return f, fd.Type
	}
	return f, ""
}

// owns reports whether the grant's user owns rec.
func (g *Grant) owns(rec adapter.Record) bool {
	f, typ := g.ownerField()
	v, ok := rec[f]
	return ok && v != nil && adapter.Equal(typ, v, g.user.ID, false)
}

// Check refuses a record an owner grant does not cover.
func (g *Grant) Check(rec adapter.Record) error {
	if g == nil || !g.owner || g.owns(rec) {
		return nil
	}
	return httperr.New(http.StatusForbidden, httperr.CodeForbidden, "only the owner of this %s record may do that", g.res.Name)
}

// Restrict narrows a list query to the records an owner grant covers.
func (g *Grant) Restrict(q *adapter.Query) {
	if g == nil || !g.owner {
		return
	}
	f, typ := g.ownerField()
	q.Filters = append(q.Filters, adapter.Filter{Field: f, Type: typ, Op: adapter.OpEq, Values: []any{g.user.ID}})
}

// CheckExpand refuses, for the zero Scope nothing, an expansion into a
// resource that the scope's user may not read in full (list for to-many
// relationships, get for to-one ones): an owner-only rule cannot be
// applied to embedded records. The first path given that reaches such a
// resource is named.
func (sc Scope) CheckExpand(plan expand.Plan) error {
	if sc.user == nil {
		return nil
	}
	for _, p := range plan.Paths() {
		for _, st := range p.Steps {
			action := ActionGet
			if st.Rel.Type == schema.HasMany || st.Rel.Type == schema.ManyToMany {
				action = ActionList
			}
			if st.Target == nil || !allowsAll(sc.user, st.Target, action) {
				return httperr.New(http.StatusForbidden, httperr.CodeForbidden, "expand=%s needs %s access to all of %s", p.Text, action, st.Rel.Resource)
			}
		}
	}
	return nil
}

// Stamp sets the owner of a record about to be created: the ownedBy field
// (unless it is the primary key) is set to the user's id when the body
// leaves it out. A body that names another owner must pass CheckOwner.
func (g *Grant) Stamp(body adapter.Record) error {
	if g == nil || g.res.OwnedBy == "" || g.res.OwnedBy == g.res.Key() {
		return nil
	}
	f, _ := g.ownerField()
	if v, ok := body[f]; (!ok || v == nil) && g.user.ID != nil {
		body[f] = g.user.ID
	}
	return g.CheckOwner(body)
}

// CheckOwner refuses a new record owned by someone else, as an update
// refuses to give a record away: only a user whose role may update every
// record of the resource (not only its own) may create one for another
// user. A body without an owner passes.
func (g *Grant) CheckOwner(body adapter.Record) error {
	if g == nil || g.res.OwnedBy == "" || g.res.OwnedBy == g.res.Key() {
		return nil
	}
	f, _ := g.ownerField()
	if v, ok := body[f]; !ok || v == nil || (g.user.ID != nil && g.owns(body)) {
		return nil
	}
	if !g.owner && allowsAll(g.user, g.res, ActionUpdate) {
		return nil
	}
	return httperr.New(http.StatusForbidden, httperr.CodeForbidden, "you may only create %s records that you own (%s)", g.res.Name, f)
}

// CheckUpdate applies an owner grant to a PUT or PATCH of old: the record
// must be the user's, stays the user's (a PUT without the ownedBy field
// keeps it), and a user may not change its own role.
func (g *Grant) CheckUpdate(old, body adapter.Record, put bool) error {
	if err := g.Check(old); err != nil || g == nil || !g.owner {
		return err
	}
	f, typ := g.ownerField()
	if v, ok := body[f]; ok {
		if v == nil || !adapter.Equal(typ, v, g.user.ID, false) {
			return httperr.New(http.StatusForbidden, httperr.CodeForbidden, "you may not give away a %s record (%s)", g.res.Name, f)
		}
	} else if put && f != g.res.Key() {
		body[f] = old[f]
	}
	if a := g.a; a.users != nil && g.res == a.users {
		if v, ok := body[a.roleField]; ok && !adapter.Equal("", v, old[a.roleField], false) {
			return httperr.New(http.StatusForbidden, httperr.CodeForbidden, "you may not change your own %s", a.roleField)
		}
		if _, ok := body[a.roleField]; !ok && put {
			if v, had := old[a.roleField]; had {
				body[a.roleField] = v
			}
		}
	}
	return nil
}

// FillUserID applies the $userId defaults of the grant's resource to body,
// a record about to be created or replaced (PUT re-applies defaults): each
// such field that body leaves out or sets to null gets the id of the
// signed-in user. Without one (auth off, typed access) or for a user
// without an id, the fields stay absent, and a required one is refused as
// any missing field is.
func (g *Grant) FillUserID(body adapter.Record) {
	if g == nil || g.user.ID == nil {
		return
	}
	for i := range g.res.Fields {
		f := &g.res.Fields[i]
		if f.DefaultValue != schema.DefaultUserID {
			continue
		}
		if v, ok := body[f.Name]; !ok || v == nil {
			body[f.Name] = g.user.ID
		}
	}
}
