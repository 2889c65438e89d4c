package dialect

import (
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/query"
)

// The parameters of json-server 0.17's lists that are not filters.
const (
	jsQ      = "q"
	jsStart  = "_start"
	jsEnd    = "_end"
	jsPage   = "_page"
	jsSort   = "_sort"
	jsOrder  = "_order"
	jsLimit  = "_limit"
	jsEmbed  = "_embed"
	jsExpand = "_expand"
)

// maxLikePattern bounds the regular expression of a _like filter.
const maxLikePattern = 1000

// jsFilterOp is the kind of a json-server filter, by its key's suffix.
type jsFilterOp uint8

const (
	jsEq jsFilterOp = iota
	jsNe
	jsGte
	jsLte
	jsLike
)

// jsFilter is one filter parameter: path=v1&path=v2 matches a record whose
// value at path equals one of the values (as strings); _ne none of them;
// _gte, _lte and _like any of them.
type jsFilter struct {
	key    string   // the parameter as sent
	path   []string // the field and the keys below it (author.name)
	op     jsFilterOp
	values []string
	likes  []*regexp.Regexp
}

// jsQuery is a json-server 0.17 list query.
type jsQuery struct {
	search  string // q, lowercased
	filters []jsFilter
	sort    []jsSortKey
	// The slice parameters as sent ("" for absent).
	start, end, page, limit string
}

// jsSortKey is one key of _sort, descending when _order says desc.
type jsSortKey struct {
	path []string
	desc bool
}

// parseJSQuery reads the query of a json-server list. hidden names a
// field no filter or sort may name (a password hash). The only errors are
// a _like that is no regular expression and a filter on hidden.
func parseJSQuery(values url.Values, hidden string) (*jsQuery, error) {
	q := &jsQuery{
		start: first(values, jsStart), end: first(values, jsEnd),
		page: first(values, jsPage), limit: first(values, jsLimit),
	}
	if s := first(values, jsQ); s != "" {
		q.search = strings.ToLower(s)
	}
	if s := first(values, jsSort); s != "" {
		orders := strings.Split(strings.ToLower(first(values, jsOrder)), ",")
		for i, f := range strings.Split(s, ",") {
			k := jsSortKey{path: splitPath(f)}
			k.desc = i < len(orders) && orders[i] == "desc"
			if hidden != "" && len(k.path) > 0 && k.path[0] == hidden {
				return nil, &query.Error{Param: jsSort, Reason: "cannot sort on " + hidden}
			}
			q.sort = append(q.sort, k)
		}
	}
	for key, vals := range values {
		switch key {
		case jsQ, jsStart, jsEnd, jsSort, jsOrder, jsLimit, jsEmbed, jsExpand, "callback", "_":
			continue
		}
		f := jsFilter{key: key, values: vals}
		name := key
		for _, s := range []struct {
			suffix string
			op     jsFilterOp
		}{{"_lte", jsLte}, {"_gte", jsGte}, {"_ne", jsNe}, {"_like", jsLike}} {
			if base, ok := strings.CutSuffix(key, s.suffix); ok {
				name, f.op = base, s.op
				break
			}
		}
		f.path = splitPath(name)
		if hidden != "" && len(f.path) > 0 && f.path[0] == hidden {
			return nil, &query.Error{Param: key, Reason: "cannot filter on " + hidden}
		}
		if f.op == jsLike {
			for _, v := range vals {
				if len(v) > maxLikePattern {
					return nil, &query.Error{Param: key, Reason: "the regular expression is longer than " + strconv.Itoa(maxLikePattern) + " bytes"}
				}
				re, err := regexp.Compile("(?i)" + v)
				if err != nil {
					return nil, &query.Error{Param: key, Reason: "not a regular expression: " + err.Error()}
				}
				f.likes = append(f.likes, re)
			}
		}
		q.filters = append(q.filters, f)
	}
	return q, nil
}

// first is the first value of name, "" when absent.
func first(values url.Values, name string) string {
	if v := values[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// splitPath reads a lodash property path: keys between dots, and [n] for
// an index (items[0].name).
func splitPath(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ".") {
		for {
			i := strings.IndexByte(part, '[')
			j := strings.IndexByte(part, ']')
			if i < 0 || j < i {
				break
			}
			if i > 0 {
				out = append(out, part[:i])
			}
			out = append(out, strings.Trim(part[i+1:j], `"'`))
			part = part[j+1:]
		}
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

// lookup is lodash's _.get(rec, path): the value at path and whether it
// is there.
func lookup(rec adapter.Record, path []string) (any, bool) {
	var v any = map[string]any(rec)
	for _, k := range path {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				if k == "length" {
					v = float64(len(x))
					continue
				}
				return nil, false
			}
			v = x[i]
		case string:
			if k != "length" {
				return nil, false
			}
			v = float64(utf16Len(x))
		default:
			return nil, false
		}
	}
	return v, len(path) > 0
}

// utf16Len is the number of UTF-16 code units of s (String.length).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// applies reports whether some record of recs has f's field, so that the
// filter applies: json-server 0.17 drops a plain filter on a field none of
// a resource's records has (the operators always apply).
func (f *jsFilter) applies(recs []adapter.Record) bool {
	if f.op != jsEq {
		return true
	}
	for _, rec := range recs {
		if _, ok := lookup(rec, f.path); ok {
			return true
		}
	}
	return false
}

// match reports whether rec passes f.
func (f *jsFilter) match(rec adapter.Record) bool {
	v, ok := lookup(rec, f.path)
	if !ok || v == nil {
		return false
	}
	switch f.op {
	case jsNe:
		s := jsString(v)
		for _, w := range f.values {
			if w == s {
				return false
			}
		}
		return true
	case jsGte, jsLte:
		for _, w := range f.values {
			// _gte: w <= v; _lte: w >= v, as JavaScript compares a
			// string with a value.
			var holds bool
			if f.op == jsGte {
				holds = !jsLess(v, w) && comparable(w, v)
			} else {
				holds = !jsLess(w, v) && comparable(w, v)
			}
			if holds {
				return true
			}
		}
		return false
	case jsLike:
		s := jsString(v)
		for _, re := range f.likes {
			if re.MatchString(s) {
				return true
			}
		}
		return false
	default:
		s := jsString(v)
		for _, w := range f.values {
			if w == s {
				return true
			}
		}
		return false
	}
}

// comparable reports whether JavaScript's <= and >= can hold between the
// string w and v: never when either reads as NaN in a numeric comparison.
func comparable(w string, v any) bool {
	p := jsPrimitive(v)
	if _, ok := p.(string); ok {
		return true
	}
	return !math.IsNaN(jsStringNumber(w)) && !math.IsNaN(jsNumberOf(p))
}

// deepQuery reports whether v, or a value inside it, contains q (already
// lowercased) in its string: json-server's q. Falsy values (0, false, "",
// null) never match, as in json-server.
func deepQuery(v any, q string) bool {
	switch x := v.(type) {
	case nil:
		return false
	case []any:
		for _, e := range x {
			if deepQuery(e, q) {
				return true
			}
		}
		return false
	case map[string]any:
		for _, e := range x {
			if deepQuery(e, q) {
				return true
			}
		}
		return false
	case bool:
		return x && strings.Contains("true", q)
	case string:
		return x != "" && strings.Contains(strings.ToLower(x), q)
	case float64:
		return x != 0 && strings.Contains(jsNumber(x), q)
	}
	return strings.Contains(strings.ToLower(jsString(v)), q)
}
