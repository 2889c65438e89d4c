package dialect

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/query"
	"github.com/pretendo-go/pretendo/internal/reply"
	"github.com/pretendo-go/pretendo/schema"
)

// Pretendo is the server's own dialect (contract sections 2 to 4): the
// query language of package query, {"data": ...} envelopes, lists with
// pagination meta, X-Total-Count and Link, and {"status", "message",
// "code", "details"} errors.
type Pretendo struct {
	spec *schema.Spec
	opts query.Options
	// partial is options.allowPartialResponses: whether fields is accepted.
	partial bool
}

// compile-time check that Pretendo is a Dialect.
var _ Dialect = (*Pretendo)(nil)

// NewPretendo returns the dialect of spec, reading queries with opts.
func NewPretendo(spec *schema.Spec, opts query.Options) *Pretendo {
	return &Pretendo{spec: spec, opts: opts, partial: spec.Options.PartialResponses()}
}

// values reads raw as Values does, refusing fields when
// options.allowPartialResponses is false.
func (d *Pretendo) values(raw string) (url.Values, error) {
	values, err := Values(raw)
	if err != nil {
		return nil, err
	}
	if _, ok := values[query.ParamFields]; ok && !d.partial {
		return nil, &query.Error{Param: query.ParamFields, Reason: "partial responses are off (options.allowPartialResponses is false)"}
	}
	return values, nil
}

// ParseList reads the query of a list with query.Parse.
func (d *Pretendo) ParseList(raw string, res *schema.Resource) (*adapter.Query, url.Values, error) {
	values, err := d.values(raw)
	if err != nil {
		return nil, nil, err
	}
	q, err := query.Parse(values, d.spec, res, d.opts)
	if err != nil {
		return nil, nil, err
	}
	return q, values, nil
}

// ParseOne reads fields and expand into q; any other parameter but the
// ones left to others (query.Options.Ignore) is an error.
func (d *Pretendo) ParseOne(raw string, res *schema.Resource, q *adapter.Query) error {
	if raw == "" {
		return nil
	}
	values, err := d.values(raw)
	if err != nil {
		return err
	}
	for name := range values {
		switch name {
		case query.ParamFields, query.ParamExpand:
		default:
			if ignored(d.opts, name) {
				continue
			}
			return &query.Error{Param: name, Reason: "not accepted on a single record (only fields and expand)"}
		}
	}
	if raw, ok := values[query.ParamFields]; ok {
		if q.Fields, err = query.ParseFields(strings.Join(raw, ","), res, d.opts); err != nil {
			return err
		}
	}
	if raw, ok := values[query.ParamExpand]; ok {
		if q.Expand, err = query.ParseExpand(strings.Join(raw, ","), d.spec, res); err != nil {
			return err
		}
	}
	return nil
}

// ignored reports whether opts leaves the parameter name to others.
func ignored(opts query.Options, name string) bool {
	for _, n := range opts.Ignore {
		if n == name {
			return true
		}
	}
	return false
}

// WriteList writes {"data":[...],"meta":{"pagination":{...}}} with the
// X-Total-Count and Link headers.
func (d *Pretendo) WriteList(w http.ResponseWriter, r *http.Request, p Page) error {
	pag := newPagination(r, p.Query, p.Values, p.Total)
	buf := reply.GetBuffer()
	defer buf.Release()
	var err error
	if buf.B, err = appendList(buf.B[:0], &buf.Enc, p, pag); err != nil {
		return err
	}
	h := w.Header()
	h.Set("X-Total-Count", strconv.Itoa(p.Total))
	h.Set("Link", pag.links.header())
	reply.Send(w, r, http.StatusOK, buf.B)
	return nil
}

// WriteData writes {"data": v}, v encoded without reflection when it
// holds JSON values.
func (d *Pretendo) WriteData(w http.ResponseWriter, r *http.Request, status int, v any) error {
	buf := reply.GetBuffer()
	defer buf.Release()
	b := append(buf.B[:0], `{"data":`...)
	b, err := buf.Enc.Append(b, v)
	if err != nil {
		return err
	}
	buf.B = append(b, '}')
	reply.Send(w, r, status, buf.B)
	return nil
}

// WriteDataJSON writes {"data": text}.
func (d *Pretendo) WriteDataJSON(w http.ResponseWriter, r *http.Request, status int, text []byte) {
	buf := reply.GetBuffer()
	defer buf.Release()
	buf.B = append(append(append(buf.B[:0], `{"data":`...), text...), '}')
	reply.Send(w, r, status, buf.B)
}

// WriteError writes {"status","message","code","details"}, with its own
// Content-Length, and drops a Location header set before the failure.
func (d *Pretendo) WriteError(w http.ResponseWriter, r *http.Request, p Problem) {
	data, _ := json.Marshal(p) // a Problem holds strings and ints only
	h := w.Header()
	h.Del("Location")
	h["Content-Length"] = []string{strconv.Itoa(len(data))}
	reply.Send(w, r, p.Status, data)
}

// WriteDeleted answers 204 No Content.
func (d *Pretendo) WriteDeleted(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}
