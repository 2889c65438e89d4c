package dialect

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/inflect"
	"github.com/pretendo-go/pretendo/internal/jsonwire"
	"github.com/pretendo-go/pretendo/internal/reply"
	"github.com/pretendo-go/pretendo/schema"
)

// JSONServer is json-server 0.17's dialect (options.dialect: json-server,
// the default of a spec inferred from a db.json): bare arrays and records
// indented by two spaces, field=value filters compared as strings (nested
// author.name=, repeated for "or"), _gte, _lte, _ne and _like
// (case-insensitive regular expressions), q searching every value,
// _sort/_order on several keys, _page/_limit with X-Total-Count and Link,
// _start/_end/_limit slices, _embed and _expand, 404s with {} and weak
// ETags with 304 answers, as Express computes them. See the README's
// "Coming from json-server" for what still differs.
//
// Its lists are selected by [JSONServer.Select], since the stores do not
// speak its filters: the pipeline hands it every record the reader may see.
type JSONServer struct {
	spec *schema.Spec
	// hidden is the field of a resource that no query may name (the
	// password hash of the user resource), or "".
	hidden func(*schema.Resource) string
}

// compile-time checks that JSONServer is a Dialect that selects.
var (
	_ Dialect  = (*JSONServer)(nil)
	_ Selector = (*JSONServer)(nil)
)

// NewJSONServer returns json-server's dialect for spec. hidden, when not
// nil, names the field of a resource that queries may not filter, sort or
// search on.
func NewJSONServer(spec *schema.Spec, hidden func(*schema.Resource) string) *JSONServer {
	if hidden == nil {
		hidden = func(*schema.Resource) string { return "" }
	}
	return &JSONServer{spec: spec, hidden: hidden}
}

// ParseList checks the query of a list (a _like that is no regular
// expression, a filter on a hidden field are errors) and returns the
// store's part of it: every record, with _embed and _expand as the
// relationships to embed. Select does the rest.
func (d *JSONServer) ParseList(raw string, res *schema.Resource) (*adapter.Query, url.Values, error) {
	values, err := Values(raw)
	if err != nil {
		return nil, nil, err
	}
	if _, err := parseJSQuery(values, d.hidden(res)); err != nil {
		return nil, nil, err
	}
	return &adapter.Query{Expand: d.expand(values, res)}, values, nil
}

// ParseOne reads _embed and _expand of a read of one record; json-server
// ignores every other parameter there.
func (d *JSONServer) ParseOne(raw string, res *schema.Resource, q *adapter.Query) error {
	if raw == "" {
		return nil
	}
	values, err := Values(raw)
	if err != nil {
		return err
	}
	q.Expand = d.expand(values, res)
	return nil
}

// expand is what _embed and _expand name, as relationships of res:
// _embed=comments the hasMany (or manyToMany) relationship named comments
// or to the resource comments, _expand=post the belongsTo (or hasOne)
// named post or to the resource posts. Names that are neither are
// ignored, as json-server ignores resources it does not have.
func (d *JSONServer) expand(values url.Values, res *schema.Resource) []string {
	var out []string
	add := func(name string, toMany bool) {
		rel := res.Relationship(name)
		if rel == nil || isToMany(rel) != toMany {
			rel = nil
			for i := range res.Relationships {
				r := &res.Relationships[i]
				if isToMany(r) == toMany && (toMany && r.Resource == name || !toMany && r.Resource == inflect.Plural(name)) {
					rel = r
					break
				}
			}
		}
		if rel != nil && !contains(out, rel.Name()) {
			out = append(out, rel.Name())
		}
	}
	for _, name := range values[jsEmbed] {
		add(name, true)
	}
	for _, name := range values[jsExpand] {
		add(name, false)
	}
	return out
}

// isToMany reports whether rel embeds a list.
func isToMany(rel *schema.Relationship) bool {
	return rel.Type == schema.HasMany || rel.Type == schema.ManyToMany
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Select picks the page of a list from recs, every record the reader may
// see in store order: search, filters, sort and slice as json-server 0.17
// does them. total is the number of matches before slicing.
func (d *JSONServer) Select(values url.Values, res *schema.Resource, recs []adapter.Record) ([]adapter.Record, int) {
	idx, total := d.selectIndexes(values, res, recs)
	page := make([]adapter.Record, len(idx))
	for i, j := range idx {
		page[i] = recs[j]
	}
	return page, total
}

// selectIndexes is Select, answering the indexes in recs of the page.
func (d *JSONServer) selectIndexes(values url.Values, res *schema.Resource, recs []adapter.Record) ([]int, int) {
	q, err := parseJSQuery(values, d.hidden(res))
	if err != nil {
		// ParseList refused these values already.
		return nil, 0
	}
	return d.selectParsed(q, res, recs)
}

// selectParsed is selectIndexes for the query q read.
func (d *JSONServer) selectParsed(q *jsQuery, res *schema.Resource, recs []adapter.Record) ([]int, int) {
	if h := d.hidden(res); h != "" && q.search != "" {
		recs = withoutField(recs, h)
	}
	return q.selectIndexes(recs)
}

// withoutField returns recs, the ones holding field copied without it.
func withoutField(recs []adapter.Record, field string) []adapter.Record {
	out := make([]adapter.Record, len(recs))
	for i, rec := range recs {
		if _, ok := rec[field]; ok {
			c := make(adapter.Record, len(rec))
			for k, v := range rec {
				if k != field {
					c[k] = v
				}
			}
			// The answer is rec, whose hidden field the pipeline removes.
			out[i] = c
			continue
		}
		out[i] = rec
	}
	return out
}

// WriteList writes the page as a bare array. With _end, _limit or _page
// it carries X-Total-Count, and with _page a Link header with the first,
// prev, next and last pages that exist, as json-server 0.17 builds them
// (the request's URL with its page=N replaced).
func (d *JSONServer) WriteList(w http.ResponseWriter, r *http.Request, p Page) error {
	q, err := parseJSQuery(p.Values, "")
	if err != nil {
		return err
	}
	h := w.Header()
	if q.counted() {
		h.Set("X-Total-Count", strconv.Itoa(p.Total))
		expose := "X-Total-Count"
		if q.page != "" {
			expose += ", Link"
		}
		h.Set("Access-Control-Expose-Headers", expose)
	}
	if pg := q.paging(); pg.paged {
		h.Set("Link", pageLinks(fullURL(r), pg, p.Total, len(p.Records)+len(p.Texts)))
	}
	enc := jsonwire.Encoder{NoHTMLEscape: true}
	embeds := p.Values[jsEmbed]
	b := []byte{'['}
	n := 0
	for _, text := range p.Texts {
		b = appendItem(b, n)
		b = append(b, withEmbeds(text, embeds)...)
		n++
	}
	for _, rec := range p.Records {
		b = appendItem(b, n)
		emptyEmbeds(rec, embeds)
		if b, err = enc.Append(b, map[string]any(rec)); err != nil {
			return err
		}
		n++
	}
	b = append(b, ']')
	d.send(w, r, http.StatusOK, indent(b))
	return nil
}

// emptyEmbeds sets each of the _embed names that rec lacks to an empty
// list: json-server 0.17 embeds [] for a name that is no resource (it
// tests db.get(name).value, a function, for the resource).
func emptyEmbeds(rec map[string]any, names []string) {
	for _, name := range names {
		if _, ok := rec[name]; !ok {
			rec[name] = []any{}
		}
	}
}

// withEmbeds is emptyEmbeds for a record given as JSON text.
func withEmbeds(text []byte, names []string) []byte {
	if len(names) == 0 {
		return text
	}
	var rec map[string]any
	if err := json.Unmarshal(text, &rec); err != nil || rec == nil {
		return text
	}
	emptyEmbeds(rec, names)
	enc := jsonwire.Encoder{NoHTMLEscape: true}
	out, err := enc.Append(nil, rec)
	if err != nil {
		return text
	}
	return out
}

// appendItem starts the n-th element of an array.
func appendItem(b []byte, n int) []byte {
	if n > 0 {
		b = append(b, ',')
	}
	return b
}

// pageLinks is the Link header of page pg of total matches, items of them
// on the page, as json-server 0.17's getPage and Express's res.links
// write it: rels first, prev, next, last, each where it exists, and an
// empty header when the page is empty.
func pageLinks(full string, pg jsSlice, total, items int) string {
	if items == 0 {
		return ""
	}
	var prev, next, last, firstPage float64
	if pg.page > 1 {
		prev = pg.page - 1
	}
	if pg.page*pg.size < float64(total) {
		next = pg.page + 1
	}
	current := "undefined"
	if items != total {
		current = jsNumber(pg.page)
		firstPage = 1
		last = ceil(float64(total) / pg.size)
	}
	var links []string
	add := func(rel string, n float64) {
		if n == 0 {
			return
		}
		u := strings.Replace(full, "page="+current, "page="+jsNumber(n), 1)
		links = append(links, "<"+u+`>; rel="`+rel+`"`)
	}
	add("first", firstPage)
	add("prev", prev)
	add("next", next)
	add("last", last)
	return strings.Join(links, ", ")
}

// ceil is Math.ceil.
func ceil(f float64) float64 {
	n := float64(int64(f))
	if n < f {
		n++
	}
	return n
}

// fullURL is the URL the client asked for, as json-server's getFullURL
// builds it: the protocol, the Host header and the path with its query.
func fullURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.RequestURI()
}

// WriteData writes v as it is. A 201's Location becomes the full URL of
// the request followed by the new record's id, as json-server sends it.
func (d *JSONServer) WriteData(w http.ResponseWriter, r *http.Request, status int, v any) error {
	enc := jsonwire.Encoder{NoHTMLEscape: true}
	b, err := enc.Append(nil, v)
	if err != nil {
		return err
	}
	d.WriteDataJSON(w, r, status, b)
	return nil
}

// WriteDataJSON writes text, indented, with status; null is written as
// {} with a 404, json-server's answer for a record it does not have.
func (d *JSONServer) WriteDataJSON(w http.ResponseWriter, r *http.Request, status int, text []byte) {
	if status == http.StatusOK && string(text) == "null" {
		status, text = http.StatusNotFound, []byte("{}")
	}
	if status == http.StatusOK && (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.Contains(r.URL.RawQuery, jsEmbed) {
		if values, err := Values(r.URL.RawQuery); err == nil {
			text = withEmbeds(text, values[jsEmbed])
		}
	}
	if status == http.StatusCreated {
		h := w.Header()
		if loc := h.Get("Location"); loc != "" {
			h.Set("Location", fullURL(r)+loc[strings.LastIndexByte(loc, '/'):])
			h.Set("Access-Control-Expose-Headers", "Location")
		}
	}
	d.send(w, r, status, indent(text))
}

// WriteDeleted answers a DELETE that removed its record: 200 with {}.
func (d *JSONServer) WriteDeleted(w http.ResponseWriter, r *http.Request) {
	d.send(w, r, http.StatusOK, []byte("{}"))
}

// WriteError writes a 404 (and a 405: json-server has no route there) as
// 404 {}, and any other error as pretendo does, {"status", "message",
// "code", "details"}, so that a client learns why.
func (d *JSONServer) WriteError(w http.ResponseWriter, r *http.Request, p Problem) {
	w.Header().Del("Location")
	if p.Status == http.StatusNotFound || p.Status == http.StatusMethodNotAllowed {
		w.Header().Del("Allow")
		d.send(w, r, http.StatusNotFound, []byte("{}"))
		return
	}
	data, _ := json.Marshal(p) // a Problem holds strings and ints only
	d.send(w, r, p.Status, data)
}

// indent is text indented by two spaces, as Express's json spaces 2 writes
// it, keys in their order.
func indent(text []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(text) * 2)
	if err := json.Indent(&b, text, "", "  "); err != nil {
		return text
	}
	return b.Bytes()
}

// send writes body with status and the weak ETag Express computes for it
// (W/"<length in hex>-<27 characters of its SHA-1 in base64>"). A GET or
// HEAD with a 2xx answer whose ETag the client's If-None-Match names gets
// 304 and no body, as Express's req.fresh decides.
func (d *JSONServer) send(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	sum := sha1.Sum(body)
	tag := `W/"` + strconv.FormatInt(int64(len(body)), 16) + "-" + base64.StdEncoding.EncodeToString(sum[:])[:27] + `"`
	h.Set("ETag", tag)
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && status >= 200 && status < 300 && fresh(r, tag) {
		delete(h, "Content-Type")
		delete(h, "Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	reply.Send(w, r, status, body)
}

// fresh is the freshness test of Express (the fresh module) for a
// response with tag: If-None-Match names it (weakly) or is *, and the
// request does not say Cache-Control: no-cache.
func fresh(r *http.Request, tag string) bool {
	inm := r.Header.Get("If-None-Match")
	if inm == "" {
		return false
	}
	if cc := r.Header.Get("Cache-Control"); cc != "" && strings.Contains(cc, "no-cache") {
		return false
	}
	if strings.TrimSpace(inm) == "*" {
		return true
	}
	want := strings.TrimPrefix(tag, "W/")
	for _, t := range strings.Split(inm, ",") {
		t = strings.TrimSpace(t)
		if t == tag || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// WriteDB writes json-server's GET /db: one object of each resource's
// name, in spec order, to its records.
func (d *JSONServer) WriteDB(w http.ResponseWriter, r *http.Request, names []string, lists [][]adapter.Record) error {
	enc := jsonwire.Encoder{NoHTMLEscape: true}
	b := []byte{'{'}
	for i, name := range names {
		b = appendItem(b, i)
		b = append(jsonwire.AppendStringNoHTML(b, name), ":["...)
		for j, rec := range lists[i] {
			b = appendItem(b, j)
			var err error
			if b, err = enc.Append(b, map[string]any(rec)); err != nil {
				return err
			}
		}
		b = append(b, ']')
	}
	d.send(w, r, http.StatusOK, indent(append(b, '}')))
	return nil
}
