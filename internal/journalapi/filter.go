package journalapi

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pretendo-go/pretendo/internal/dialect"
	"github.com/pretendo-go/pretendo/internal/query"
)

// DashboardHeader marks the requests the dashboard makes. The list, the
// count and the stream leave them out, with the requests to the admin API,
// unless asked for them with admin=true: what a client under test did is
// then not mixed with what a person looking at the dashboard did.
const DashboardHeader = "X-Pretendo-Dashboard"

// Bounds of a filter, so that a hostile query costs little.
const (
	// maxValues is how many values a filter parameter takes, counting
	// those of a comma list.
	maxValues = 64
	// maxPattern is the longest path pattern, in bytes.
	maxPattern = 2048
	// maxDeep is how many "**" segments one path pattern may hold.
	maxDeep = 4
)

// Filter selects recorded requests. It is read from a query ([ParseFilter]):
//
//	method=POST             the method, in any case; a comma list or the
//	                        parameter repeated means any of them; "*" any
//	path=/posts/*           the path: "*" matches any text within a segment,
//	                        a segment ":id" or "{id}" any one segment, a
//	                        segment "**" any number of them; "?a=1" after
//	                        it requires those query values; repeated: any
//	status=201, status=4xx  the status, or its class; lists: any of them
//	since=2024-05-01T12:00:00Z
//	                        arrived at that instant or later (RFC 3339)
//	limit=10                at most that many, the newest (not on count)
//	admin=true              include requests to the admin API and those
//	                        the dashboard made (left out by default)
type Filter struct {
	methods  []string // upper case
	paths    []pathPattern
	statuses []statusSet
	since    time.Time
	// Limit is the limit parameter, 0 when absent.
	Limit int
	// Admin is the admin parameter.
	Admin bool
}

// statusSet is one status (lo == hi) or a class (2xx: 200 to 299).
type statusSet struct{ lo, hi int }

// ParseFilter reads a filter from a raw query. Parameters other than the
// filter's are refused, and so is limit unless withLimit. Every error is a
// *query.Error naming the parameter, which the server answers with 400
// INVALID_QUERY.
func ParseFilter(raw string, withLimit bool) (Filter, error) {
	v, err := dialect.Values(raw)
	if err != nil {
		return Filter{}, err
	}
	var f Filter
	for _, name := range sortedKeys(v) {
		values, err := split(name, v[name])
		if err != nil {
			return Filter{}, err
		}
		switch name {
		case "method":
			for _, m := range values {
				if m != "*" && !isToken(m) {
					return Filter{}, bad(name, "want a method name like GET or POST, or * for any")
				}
				f.methods = append(f.methods, strings.ToUpper(m))
			}
			if slices.Contains(f.methods, "*") {
				f.methods = nil
			}
		case "path":
			// A pattern may hold commas; each value is one pattern.
			for _, p := range v[name] {
				pp, err := parsePathPattern(p)
				if err != nil {
					return Filter{}, err
				}
				f.paths = append(f.paths, pp)
			}
		case "status":
			for _, s := range values {
				set, ok := parseStatus(s)
				if !ok {
					return Filter{}, bad(name, "want a status like 404, a class like 4xx, or a comma list of them")
				}
				f.statuses = append(f.statuses, set)
			}
		case "since":
			if len(values) != 1 {
				return Filter{}, bad(name, "give one instant")
			}
			t, err := time.Parse(time.RFC3339Nano, values[0])
			if err != nil {
				return Filter{}, bad(name, "want an RFC 3339 instant like 2024-05-01T12:00:00Z")
			}
			f.since = t
		case "limit":
			if !withLimit {
				return Filter{}, bad(name, "not taken here")
			}
			n, err := strconv.Atoi(single(values))
			if err != nil || n < 1 || len(values) != 1 {
				return Filter{}, bad(name, "want one whole number, 1 or more")
			}
			f.Limit = n
		case "admin":
			b, err := strconv.ParseBool(single(values))
			if err != nil || len(values) != 1 {
				return Filter{}, bad(name, "want true or false")
			}
			f.Admin = b
		default:
			known := "method, path, status, since, admin"
			if withLimit {
				known = "method, path, status, since, limit, admin"
			}
			return Filter{}, bad(name, "unknown parameter (want "+known+")")
		}
	}
	return f, nil
}

// Match reports whether r passes the filter. adminPath is the admin API's
// path, whose requests only admin=true lets through.
func (f *Filter) Match(r *Request, adminPath string) bool {
	if !f.Admin && (underPath(r.Path, adminPath) || r.Header.Get(DashboardHeader) != "") {
		return false
	}
	if len(f.methods) > 0 && !slices.Contains(f.methods, r.Method) {
		return false
	}
	if len(f.statuses) > 0 && !slices.ContainsFunc(f.statuses, func(s statusSet) bool { return s.lo <= r.Status && r.Status <= s.hi }) {
		return false
	}
	if !f.since.IsZero() && r.Time.Before(f.since) {
		return false
	}
	if len(f.paths) > 0 && !slices.ContainsFunc(f.paths, func(p pathPattern) bool { return p.match(r.Path, r.Query) }) {
		return false
	}
	return true
}

// underPath reports whether path is base or below it.
func underPath(path, base string) bool {
	return base != "" && (path == base || strings.HasPrefix(path, base+"/"))
}

// split returns the values of parameter name, each comma list split,
// at most maxValues of them.
func split(name string, vs []string) ([]string, error) {
	var out []string
	for _, v := range vs {
		for part := range strings.SplitSeq(v, ",") {
			if len(out) == maxValues {
				return nil, bad(name, "too many values (at most "+strconv.Itoa(maxValues)+")")
			}
			out = append(out, strings.TrimSpace(part))
		}
	}
	return out, nil
}

// single returns the only value, or "" when there are several.
func single(vs []string) string {
	if len(vs) != 1 {
		return ""
	}
	return vs[0]
}

func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// bad returns the error of a parameter, answered with 400 INVALID_QUERY.
func bad(param, reason string) error {
	if len(param) > 64 {
		param = param[:64]
	}
	return &query.Error{Param: param, Reason: reason}
}

// isToken reports whether s is a method name: letters only, as every
// method the server answers is spelled.
func isToken(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// parseStatus reads "404", "4xx" or "0" (no answer).
func parseStatus(s string) (statusSet, bool) {
	if s == "0" {
		return statusSet{}, true
	}
	if len(s) != 3 || s[0] < '1' || s[0] > '5' {
		return statusSet{}, false
	}
	class := int(s[0]-'0') * 100
	if strings.EqualFold(s[1:], "xx") {
		return statusSet{class, class + 99}, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 100 {
		return statusSet{}, false
	}
	return statusSet{n, n}, true
}
