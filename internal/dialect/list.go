package dialect

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/jsonwire"
	"github.com/pretendo-go/pretendo/internal/reply"
)

// pagination is the meta of a list answer.
type pagination struct {
	currentPage, perPage, totalPages, totalItems int
	links                                        links
}

// links are the URLs of the pages around a list answer.
type links struct {
	first, last, prev, next string
}

// header renders the links as a Link header, in the order first, last, prev, next.
func (l links) header() string {
	var b strings.Builder
	b.Grow(4*len(l.first) + 64)
	add := func(u, rel string) {
		if u == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('<')
		b.WriteString(u)
		b.WriteString(`>; rel="`)
		b.WriteString(rel)
		b.WriteByte('"')
	}
	add(l.first, "first")
	add(l.last, "last")
	add(l.prev, "prev")
	add(l.next, "next")
	return b.String()
}

// newPagination is the pagination of a list of total matches answering q,
// its links built from the path the client sent and values, every
// parameter of the request kept but page.
func newPagination(r *http.Request, q *adapter.Query, values url.Values, total int) pagination {
	totalPages := 1
	if q.PerPage > 0 && total > 0 {
		totalPages = (total + q.PerPage - 1) / q.PerPage
	}
	p := pagination{currentPage: q.Page, perPage: q.PerPage, totalPages: totalPages, totalItems: total}
	link := pageLink(reply.RequestPath(r), values)
	p.links.first = link(1)
	p.links.last = link(totalPages)
	if q.Page > 1 {
		p.links.prev = link(min(q.Page-1, totalPages))
	}
	if q.Page < totalPages {
		p.links.next = link(q.Page + 1)
	}
	return p
}

// pageLink returns the function that gives the URL of a page: path and
// values with page set to it, as values.Encode writes them (keys sorted,
// each escaped). The other parameters are encoded once, for every link.
func pageLink(path string, values url.Values) func(page int) string {
	keys := make([]string, 0, len(values))
	for k := range values {
		if k != "page" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	// before and after hold the parameters that sort before and after page.
	var before, after strings.Builder
	for _, k := range keys {
		b := &after
		if k < "page" {
			b = &before
		}
		ek := url.QueryEscape(k)
		for _, v := range values[k] {
			if b == &after || b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(ek)
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	head := path + "?" + before.String()
	if before.Len() > 0 {
		head += "&"
	}
	head += "page="
	tail := after.String()
	return func(page int) string {
		var b strings.Builder
		n := strconv.Itoa(page)
		b.Grow(len(head) + len(n) + len(tail))
		b.WriteString(head)
		b.WriteString(n)
		b.WriteString(tail)
		return b.String()
	}
}

// appendList writes a list envelope: the records and the pagination meta.
func appendList(b []byte, enc *jsonwire.Encoder, p Page, pag pagination) ([]byte, error) {
	b = append(b, `{"data":[`...)
	for i, text := range p.Texts {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, text...)
	}
	for i, rec := range p.Records {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = enc.Append(b, map[string]any(rec)); err != nil {
			return b, err
		}
	}
	b = append(b, `],"meta":{"pagination":{"currentPage":`...)
	b = strconv.AppendInt(b, int64(pag.currentPage), 10)
	b = append(b, `,"perPage":`...)
	b = strconv.AppendInt(b, int64(pag.perPage), 10)
	b = append(b, `,"totalPages":`...)
	b = strconv.AppendInt(b, int64(pag.totalPages), 10)
	b = append(b, `,"totalItems":`...)
	b = strconv.AppendInt(b, int64(pag.totalItems), 10)
	b = append(b, `,"links":{"first":`...)
	b = jsonwire.AppendString(b, pag.links.first)
	b = append(b, `,"last":`...)
	b = jsonwire.AppendString(b, pag.links.last)
	if pag.links.prev != "" {
		b = append(b, `,"prev":`...)
		b = jsonwire.AppendString(b, pag.links.prev)
	}
	if pag.links.next != "" {
		b = append(b, `,"next":`...)
		b = jsonwire.AppendString(b, pag.links.next)
	}
	return append(b, "}}}}"...), nil
}
