package pretendo

import (
	"context"
	"errors"
	"net/http"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/auth"
)

// guard returns what the scope of r may do to info's resource for action,
// writing the 401 or 403 answer when it may not. With auth off the grant
// is nil: everything.
func (s *Server) guard(w http.ResponseWriter, r *http.Request, info *resourceInfo, action string) (*auth.Grant, bool) {
	sc, ok := s.scope(w, r)
	if !ok {
		return nil, false
	}
	g, err := sc.Permit(info.res, action)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return g, true
}

// create serves POST /{r}.
func (s *Server) create(w http.ResponseWriter, r *http.Request, info *resourceInfo) {
	g, ok := s.guard(w, r, info, auth.ActionCreate)
	if !ok {
		return
	}
	body, err := s.readBody(w, r, info.fields)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec, err := s.createRecord(r.Context(), info, body, g, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", recordURL(r, info, rec[info.res.Key()]))
	s.respondData(w, r, http.StatusCreated, rec)
}

// createRelated serves POST /{r}/{id}/{rel} of a hasMany relationship: a
// new record of its resource whose foreign key names the record in the
// path. The user needs get on that record and create on the new one's
// resource.
func (s *Server) createRelated(w http.ResponseWriter, r *http.Request, rq readRequest) {
	sc, ok := s.scope(w, r)
	if !ok {
		return
	}
	gp, err := sc.Permit(rq.parent.res, auth.ActionGet)
	var gt *auth.Grant
	if err == nil {
		gt, err = sc.Permit(rq.info.res, auth.ActionCreate)
	}
	var id any
	if err == nil {
		id, err = s.pathID(rq.rawID, rq.parent)
	}
	var body adapter.Record
	if err == nil {
		body, err = s.readBody(w, r, rq.info.fields)
	}
	var rec adapter.Record
	if err == nil {
		rec, err = s.createRecord(r.Context(), rq.info, body, gt, func(tx adapter.WriteTx) error {
			parent, err := tx.Get(rq.parent.res.Name, id)
			if err != nil {
				return s.notFound(err, rq.parent, id)
			}
			if err := gp.Check(parent); err != nil {
				return err
			}
			body[rq.rel.ForeignKey] = parent[rq.parent.res.Key()]
			// The foreign key may be the owner field: a user may create a
			// record that someone else owns only where Stamp would let it.
			return gt.CheckOwner(body)
		})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", recordURL(r, rq.info, rec[rq.info.res.Key()]))
	s.respondData(w, r, http.StatusCreated, rec)
}

// createRecord stores body as a new record of info's resource, for HTTP
// and typed access alike: the owner is stamped (g), a password is stored
// hashed and left out of the answer. before, when set, runs first in the
// same transaction (a nested route checks the parent record there). body
// is handed over: it becomes the answer.
func (s *Server) createRecord(ctx context.Context, info *resourceInfo, body adapter.Record, g *auth.Grant, before func(adapter.WriteTx) error) (adapter.Record, error) {
	if err := g.Stamp(body); err != nil {
		return nil, err
	}
	g.FillUserID(body)
	sec, err := s.auth.Prepare(info.res, body)
	if err != nil {
		return nil, err
	}
	hidden := s.auth.Hidden(info.res)
	var rec adapter.Record
	err = s.db.Update(ctx, func(tx adapter.WriteTx) error {
		if before != nil {
			if err := before(tx); err != nil {
				return err
			}
		}
		var err error
		if rec, err = s.rules.CreateOwned(tx, info.res.Name, body); err != nil {
			return err
		}
		if hidden != "" {
			// rec may be the stored record, which must not change:
			// seal and hide work on a copy.
			rec = adapter.Clone(rec)
		}
		return sec.Seal(tx, info.res.Name, rec)
	})
	if err != nil {
		return nil, err
	}
	if hidden != "" {
		delete(rec, hidden)
	}
	return rec, nil
}

// write serves PUT (put true) and PATCH of /{r}/{id}.
func (s *Server) write(w http.ResponseWriter, r *http.Request, info *resourceInfo, rawID string, put bool) {
	g, ok := s.guard(w, r, info, auth.ActionUpdate)
	if !ok {
		return
	}
	id, err := s.pathID(rawID, info)
	var body adapter.Record
	if err == nil {
		body, err = s.readBody(w, r, info.fields)
	}
	var rec adapter.Record
	if err == nil {
		var token string
		if s.auth != nil {
			token, _, _ = s.auth.Bearer(r)
		}
		rec, err = s.updateRecord(r.Context(), info, id, body, g, put, token)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respondData(w, r, http.StatusOK, rec)
}

// updateRecord replaces (put) or patches the record of info's resource
// whose primary key is id, for HTTP and typed access alike: an owner grant
// (g) is checked, and a password is stored hashed, kept when the body
// leaves it out of a PUT, and left out of the answer. A new password ends
// the user's sessions but the one of token (the request's, or "").
func (s *Server) updateRecord(ctx context.Context, info *resourceInfo, id any, body adapter.Record, g *auth.Grant, put bool, token string) (adapter.Record, error) {
	if put {
		g.FillUserID(body)
	}
	sec, err := s.auth.Prepare(info.res, body)
	if err != nil {
		return nil, err
	}
	var rec adapter.Record
	err = s.db.Update(ctx, func(tx adapter.WriteTx) error {
		if g != nil || sec.Field() != "" {
			old, err := tx.Get(info.res.Name, id)
			if err != nil {
				return s.notFound(err, info, id)
			}
			if err := g.CheckUpdate(old, body, put); err != nil {
				return err
			}
			sec.Keep(old, body, put)
		}
		var err error
		if put {
			rec, err = s.rules.Replace(tx, info.res.Name, id, body)
		} else {
			rec, err = s.rules.Patch(tx, info.res.Name, id, body)
		}
		if err != nil {
			return err
		}
		return sec.Seal(tx, info.res.Name, rec)
	})
	if err != nil {
		return nil, err
	}
	if sec.Set() {
		s.auth.EndSessions(id, token)
	}
	if hidden := s.auth.Hidden(info.res); hidden != "" {
		delete(rec, hidden)
	}
	return rec, nil
}

// delete serves DELETE /{r}/{id}, applying the onDelete rules.
func (s *Server) delete(w http.ResponseWriter, r *http.Request, info *resourceInfo, rawID string) {
	g, ok := s.guard(w, r, info, auth.ActionDelete)
	if !ok {
		return
	}
	id, err := s.pathID(rawID, info)
	if err == nil {
		err = s.db.Update(r.Context(), func(tx adapter.WriteTx) error {
			if g.Owner() {
				old, err := tx.Get(info.res.Name, id)
				if err != nil {
					return s.notFound(err, info, id)
				}
				if err := g.Check(old); err != nil {
					return err
				}
			}
			return s.rules.Delete(tx, info.res.Name, id)
		})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.dialect.WriteDeleted(w, r)
}

// readBody reads a JSON object body within the size and nesting limits.
// Keys found in keys (which may be nil) share its strings.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, keys map[string]string) (adapter.Record, error) {
	return s.bodies.Read(w, r, keys)
}

// notFound turns a missing record into a NotFoundError naming it.
func (s *Server) notFound(err error, info *resourceInfo, id any) error {
	if errors.Is(err, adapter.ErrNotFound) {
		return &NotFoundError{Resource: info.res.Name, ID: id}
	}
	return err
}
