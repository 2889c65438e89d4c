package journalapi

import (
	"net/url"
	"slices"
	"strings"
)

// pathPattern is a parsed path filter: segments matched one by one, and
// query values the request must have.
type pathPattern struct {
	segs  []segPattern
	query url.Values
}

// segPattern matches one path segment, or any number of them (deep).
type segPattern struct {
	// glob is the segment with "*" matching any text within it.
	glob string
	// any matches any one non-empty segment (":id", "{id}").
	any bool
	// deep matches any number of segments, none included ("**").
	deep bool
}

// parsePathPattern reads a path filter like "/posts/*/comments?draft=1".
func parsePathPattern(p string) (pathPattern, error) {
	const param = "path"
	if len(p) > maxPattern {
		return pathPattern{}, bad(param, "pattern too long")
	}
	raw, rawQuery, hasQuery := strings.Cut(p, "?")
	if !strings.HasPrefix(raw, "/") {
		return pathPattern{}, bad(param, `want a path starting with "/", like /posts/* or /posts/:id`)
	}
	var pp pathPattern
	if hasQuery {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return pathPattern{}, bad(param, "the query after \"?\" is not valid query text")
		}
		pp.query = q
	}
	deep := 0
	for s := range strings.SplitSeq(raw[1:], "/") {
		switch {
		case s == "**":
			if deep++; deep > maxDeep {
				return pathPattern{}, bad(param, `too many "**" segments`)
			}
			pp.segs = append(pp.segs, segPattern{deep: true})
		case len(s) > 1 && s[0] == ':', len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}':
			pp.segs = append(pp.segs, segPattern{any: true})
		default:
			pp.segs = append(pp.segs, segPattern{glob: s})
		}
	}
	return pp, nil
}

// match reports whether a request's path and raw query match.
func (p *pathPattern) match(path, rawQuery string) bool {
	if !strings.HasPrefix(path, "/") || !p.matchPath(strings.Split(path[1:], "/")) {
		return false
	}
	if len(p.query) == 0 {
		return true
	}
	got, err := url.ParseQuery(rawQuery)
	if err != nil {
		return false
	}
	for k, want := range p.query {
		for _, v := range want {
			if !slices.Contains(got[k], v) {
				return false
			}
		}
	}
	return true
}

// matchPath matches segments, "**" by dynamic programming: ok[j] tells
// whether the pattern so far matches the first j segments.
func (p *pathPattern) matchPath(segs []string) bool {
	ok := make([]bool, len(segs)+1)
	next := make([]bool, len(segs)+1)
	ok[0] = true
	for _, sp := range p.segs {
		clear(next)
		for j := 0; j <= len(segs); j++ {
			switch {
			case sp.deep:
				// Any number of segments: reachable from any earlier j.
				next[j] = ok[j] || (j > 0 && next[j-1])
			case j > 0 && ok[j-1]:
				next[j] = sp.matchOne(segs[j-1])
			}
		}
		ok, next = next, ok
	}
	return ok[len(segs)]
}

// matchOne matches one segment.
func (sp segPattern) matchOne(s string) bool {
	if sp.any {
		return s != ""
	}
	return glob(sp.glob, s)
}

// glob reports whether s matches pattern, where "*" matches any run of
// bytes, without recursion: it backtracks to the last star only, so it
// takes at most len(pattern)·len(s) steps.
func glob(pattern, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(pattern) && pattern[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(pattern) && pattern[pi] == s[si]:
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}
