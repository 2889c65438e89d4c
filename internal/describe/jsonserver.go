package describe

import "github.com/pretendo-go/pretendo/internal/oas"

// JSONServer returns json-server 0.17's dialect (options.dialect:
// json-server, package dialect's JSONServer): bare arrays and records,
// field=value filters compared as text with the _gte, _lte, _ne and _like
// suffixes, q, _sort/_order, _page/_limit and _start/_end/_limit with
// X-Total-Count and Link, _embed and _expand, 404s with {}, DELETE
// answering 200 {}, weak ETags with 304s, and GET /db. Errors other than
// 404 keep pretendo's error body, so that a client learns why.
func JSONServer() *Dialect {
	d := Pretendo()
	str := func(description string) Param {
		return Param{Description: description, Schema: oas.New("type", "string")}
	}
	named := func(name string, p Param) Param {
		p.Name = name
		return p
	}
	list := func(name, description string) Param {
		return Param{Name: name, Description: description, Schema: oas.New("type", "array", "items", oas.New("type", "string"))}
	}
	empty := oas.New("type", "object", "maxProperties", 0, "description", "{}")
	d.Name = "json-server"
	d.ItemKey, d.ListKey, d.ListMetaKey, d.ListMeta = "", "", "", nil
	d.ListHeaders = []Header{
		{Name: "X-Total-Count", Description: "With _page, _limit or _end: the number of records that match, on every page.", Schema: oas.New("type", "integer", "minimum", 0)},
		{Name: "Link", Description: `With _page: the first, prev, next and last pages that exist (<url>; rel="first", ...), the request's URL with its page replaced.`, Schema: oas.New("type", "string")},
		etag,
	}
	d.ListParams = []Param{
		named("q", str("Records with the text, in any case, in any value, nested ones included.")),
		named("_sort", str("Sort keys, comma-separated; nested with dots (author.name).")),
		named("_order", str("asc or desc for each key of _sort, comma-separated (default asc).")),
		named("_page", str("The page, from 1, of _limit records (default 10); sets X-Total-Count and Link. Any text is taken, as json-server takes it.")),
		named("_limit", str("Records per page, or at most this many from _start; sets X-Total-Count.")),
		named("_start", str("The first record of a slice, from 0 (negative from the end, as Array.slice).")),
		named("_end", str("The end of a slice, excluded; sets X-Total-Count.")),
		list("_embed", "Embed the children of each record (a hasMany relationship, or its resource); repeated for several."),
		list("_expand", "Embed the parent of each record (a belongsTo relationship, or its resource, singular); repeated for several."),
	}
	d.ItemParams = []Param{
		list("_embed", "Embed the record's children (a hasMany relationship, or its resource); repeated for several."),
		list("_expand", "Embed the record's parent (a belongsTo relationship, or its resource, singular); repeated for several."),
	}
	d.Filter = "{field}_{op}"
	d.Operators = []string{"gte", "lte", "ne", "like"}
	d.CaseInsensitive = ""
	d.FilterNote = "gte and lte compare as JavaScript compares the text with the value, ne matches none of the values, like is a case-insensitive regular expression; nested fields are written with dots (author.name=)."
	d.FilterText = true
	d.DeleteStatus = 200
	d.DeleteBody = empty
	d.NotFound = empty
	d.CreateHeaders = []Header{
		{Name: "Location", Description: "The full URL of the request, then the new record's id.", Schema: oas.New("type", "string")},
		etag,
	}
	d.ETag = true
	d.Database = true
	return d
}

// etag is the header of an answer that carries an ETag.
var etag = Header{Name: "ETag", Description: `A weak tag as Express computes it (W/"<length in hex>-<SHA-1 in base64>"); a GET or HEAD that names it in If-None-Match is a 304.`, Schema: oas.New("type", "string")}
