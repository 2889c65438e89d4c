package pretendo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/auth"
	"github.com/pretendo-go/pretendo/internal/dialect"
	"github.com/pretendo-go/pretendo/internal/gokey"
	"github.com/pretendo-go/pretendo/internal/query"
)

// Typed gives typed access to the records of one resource, through the same
// rules as HTTP: defaults, generated ids, validation, unique values,
// references and onDelete actions. A T is stored as adapter.Normalize
// reads it (json tags name the fields, a time.Time becomes an RFC 3339
// string in UTC) and read back through encoding/json; T may also be
// map[string]any holding any Go values. A Typed is safe for concurrent use.
type Typed[T any] struct {
	srv  *Server
	info *resourceInfo
}

// Page is one page of typed records.
type Page[T any] struct {
	Items []T
	// Total is the number of matching records before paging.
	Total int
	// Page and PerPage echo the page read (PerPage 0: every match).
	Page, PerPage int
}

// Collection returns typed access to resource of srv. It panics if srv
// serves no such resource, a programming error.
//
// Typed access is the test's own back door: it bypasses options.auth and
// its access rules. Passwords of the auth user resource are still stored
// hashed and never read back: the field is write-only, and an Update that
// leaves it out (give it omitempty) keeps the stored one.
func Collection[T any](srv *Server, resource string) *Typed[T] {
	info := srv.info[resource]
	if info == nil {
		panic(fmt.Sprintf("pretendo: Collection: unknown resource %q", resource))
	}
	srv.extras()
	return &Typed[T]{srv: srv, info: info}
}

// Get returns the record whose primary key is id, or an error wrapping ErrNotFound.
func (c *Typed[T]) Get(ctx context.Context, id any) (T, error) {
	var zero T
	key, err := c.id(id)
	if err != nil {
		return zero, err
	}
	out, err := c.srv.read(ctx, auth.Scope{}, readRequest{kind: readOne, info: c.info, id: key})
	if err != nil {
		return zero, err
	}
	defer out.release()
	return decode[T](out.out.rec)
}

// List returns the records matching q. Filter and sort types are taken
// from the spec; a field the resource does not declare is compared by its
// stored values, and filter values as given (the number 10 matches 10,
// not "10"). PerPage 0 returns every match. With options.strictValidation
// an undeclared field is an error wrapping ErrInvalidQuery.
func (c *Typed[T]) List(ctx context.Context, q Query) (Page[T], error) {
	qq := q
	qq.Filters = append([]Filter(nil), q.Filters...)
	qq.Sort = append([]SortKey(nil), q.Sort...)
	res := c.info.res
	for i, f := range qq.Filters {
		typ, field, err := query.Resolve(res, f.Field, f.Field, c.srv.qopts)
		if err != nil {
			return Page[T]{}, err
		}
		qq.Filters[i].Field, qq.Filters[i].Type = field, typ
	}
	for i, k := range qq.Sort {
		typ, field, err := query.Resolve(res, k.Field, query.ParamSort, c.srv.qopts)
		if err != nil {
			return Page[T]{}, err
		}
		qq.Sort[i].Field, qq.Sort[i].Type = field, typ
	}
	if qq.PerPage > 0 && qq.Page < 1 {
		qq.Page = 1
	}
	return c.run(ctx, &qq)
}

// Find lists the records matching a query string in the HTTP query
// language, like "role=admin&sortBy=-id"; paging defaults apply as over HTTP.
func (c *Typed[T]) Find(ctx context.Context, rawQuery string) (Page[T], error) {
	values, err := dialect.Values(rawQuery)
	if err != nil {
		return Page[T]{}, err
	}
	q, err := query.Parse(values, c.srv.spec, c.info.res, c.srv.qopts)
	if err != nil {
		return Page[T]{}, err
	}
	return c.run(ctx, q)
}

func (c *Typed[T]) run(ctx context.Context, q *adapter.Query) (Page[T], error) {
	res, err := c.srv.read(ctx, auth.Scope{}, readRequest{kind: readList, info: c.info, query: q})
	if err != nil {
		return Page[T]{}, err
	}
	defer res.release()
	page := res.out.page
	out := Page[T]{Items: make([]T, 0, len(page.Records)), Total: page.Total, Page: q.Page, PerPage: q.PerPage}
	for _, rec := range page.Records {
		v, err := decode[T](rec)
		if err != nil {
			return Page[T]{}, err
		}
		out.Items = append(out.Items, v)
	}
	return out, nil
}

// Create stores v as a new record and returns it as stored (with its id
// and defaults). A zero primary key (0 or "") in v counts as absent, so
// the id is generated.
func (c *Typed[T]) Create(ctx context.Context, v T) (T, error) {
	body, err := encode(c.info.res.Name, v)
	if err != nil {
		var zero T
		return zero, err
	}
	key := c.info.res.Key()
	if k, ok := body[key]; ok && (k == nil || k == 0.0 || k == "") {
		delete(body, key)
	}
	return c.done(c.srv.createRecord(ctx, c.info, body, nil, nil))
}

// Update replaces the record whose primary key is id with v (like PUT).
func (c *Typed[T]) Update(ctx context.Context, id any, v T) (T, error) {
	var zero T
	key, err := c.id(id)
	if err != nil {
		return zero, err
	}
	body, err := encode(c.info.res.Name, v)
	if err != nil {
		return zero, err
	}
	return c.done(c.srv.updateRecord(ctx, c.info, key, body, nil, true, ""))
}

// Patch merges patch into the record whose primary key is id (like PATCH):
// keys replace, a nil value removes the key. A nil patch, like an empty
// one, changes nothing but updatedAt.
func (c *Typed[T]) Patch(ctx context.Context, id any, patch map[string]any) (T, error) {
	var zero T
	key, err := c.id(id)
	if err != nil {
		return zero, err
	}
	if patch == nil {
		patch = map[string]any{}
	}
	body, err := encode(c.info.res.Name, patch)
	if err != nil {
		return zero, err
	}
	return c.done(c.srv.updateRecord(ctx, c.info, key, body, nil, false, ""))
}

// Delete removes the record whose primary key is id, applying the
// onDelete rules of the records that reference it.
func (c *Typed[T]) Delete(ctx context.Context, id any) error {
	key, err := c.id(id)
	if err != nil {
		return err
	}
	return c.srv.db.Update(ctx, func(tx adapter.WriteTx) error {
		return c.srv.rules.Delete(tx, c.info.res.Name, key)
	})
}

// done turns the result of a write into a T.
func (c *Typed[T]) done(rec adapter.Record, err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return decode[T](rec)
}

// id converts a Go id (any integer, float or string type) to the primary
// key's stored form.
func (c *Typed[T]) id(id any) (any, error) {
	key, ok := gokey.Convert(id, c.info.keyType)
	if !ok {
		return nil, &NotFoundError{Resource: c.info.res.Name, ID: id}
	}
	return key, nil
}

// encode turns a Go value into a record of resource (see
// adapter.NormalizeRecord).
func encode(resource string, v any) (adapter.Record, error) {
	rec, err := adapter.NormalizeRecord(v)
	if ve, ok := err.(*adapter.ValueError); ok {
		ve.Resource = resource
	}
	return rec, err
}

// decode turns a record into a T through its JSON form.
func decode[T any](rec adapter.Record) (T, error) {
	var v T
	data, err := json.Marshal(rec)
	if err != nil {
		return v, wrap(err, "encoding record")
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, wrap(err, "decoding record into %T", v)
	}
	return v, nil
}
