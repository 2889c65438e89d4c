package pretendo

import (
	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// fillUserID applies the $userId defaults of the grant's resource to body,
// a record about to be created or replaced (PUT re-applies defaults): each
// such field that body leaves out or sets to null gets the id of the
// signed-in user. Without one (auth off, typed access) or for a user
// without an id, the fields stay absent, and a required one is refused as
// any missing field is.
func (g *grant) fillUserID(body adapter.Record) {
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
