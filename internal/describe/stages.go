package describe

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/internal/oas"
	"github.com/pretendo-go/pretendo/schema"
)

// stages describes what the stages before the router change in the API a
// client sees: the homepage of options.static, the 403 of
// options.readOnly, and the URLs that options.rewrites serves as others.
func stages(doc, paths *oas.Object, o Options) {
	// The read-only rule and the homepage see the URL as the client sent
	// it, before the rules rewrite it.
	if len(o.Rewrites) > 0 {
		rewrites(doc, paths, o.Rewrites)
	}
	if o.ReadOnly {
		readOnly(paths, o)
	}
	if o.Static {
		homepage(paths)
	}
}

// homepage describes GET / as options.static serves it: the folder's
// index.html, or else a page that lists the resources. The other files of
// the folder are the site's, not the API's, and are left out: they are
// served only at paths the API does not serve.
func homepage(paths *oas.Object) {
	item := paths.Object("/")
	if item == nil {
		item = &oas.Object{}
		paths.Set("/", item)
	}
	item.Set("get", oas.New("operationId", "homepage", "summary", "The homepage: the static folder's index.html, or a page that lists the resources",
		"responses", oas.New("200", oas.New("description", "The page.", "content", oas.New("text/html", oas.New("schema", oas.New("type", "string")))))))
	item.Set("head", oas.New("operationId", "homepage.head", "summary", "As GET, without a body",
		"responses", oas.New("200", oas.New("description", "As GET."))))
}

// errorShape is the body of the errors the server's stages write, in
// whatever dialect or document: pretendo's error.
func errorShape(code string) *oas.Object {
	return oas.New("type", "object", "required", []any{"status", "message", "code"}, "properties", oas.New(
		"status", oas.New("type", "integer"),
		"message", oas.New("type", "string"),
		"code", oas.New("type", "string", "enum", []any{code}),
	))
}

// readOnly makes every write a 403 FORBIDDEN, but those of the admin API
// and the login and logout endpoints, which stay open.
func readOnly(paths *oas.Object, o Options) {
	refused := oas.New("403", oas.New("description", "FORBIDDEN: the API is read-only (options.readOnly).",
		"content", oas.New("application/json", oas.New("schema", errorShape("FORBIDDEN")))))
	for _, p := range paths.Keys() {
		if o.AdminPath != "" && (p == o.AdminPath || strings.HasPrefix(p, o.AdminPath+"/")) || p != "" && (p == o.Login || p == o.Logout) {
			continue
		}
		item := paths.Object(p)
		for _, m := range []string{"post", "put", "patch", "delete"} {
			op := item.Object(m)
			if op == nil {
				continue
			}
			op.Set("responses", refused)
			op.Delete("x-pretendo") // nothing of it is served
		}
	}
}

// rewrites describes options.rewrites: GET /__rules, which lists them,
// and each URL a rule serves as another. Rules apply in turn, each to what
// the ones before made of the URL, so they are read from the last: the
// paths a rule adds are those whose rewritten URL the rules after it and
// the router serve, and a described path the rule's pattern takes in
// whole (the same segments) is the rule's from then on. A rule whose
// pattern or target is not made of whole segments (literals, :name, a
// last *) cannot be said in OpenAPI: the document lists it in its
// description.
func rewrites(doc, paths *oas.Object, rules []schema.Rewrite) {
	paths.Set("/__rules", oas.New("get", oas.New("operationId", "rewrites.rules", "summary", "The URL rewriting rules (options.rewrites), pattern to target, in order",
		"tags", []any{"docs"},
		"responses", oas.New("200", oas.New("description", "The rules.", "content", oas.New("application/json",
			oas.New("schema", oas.New("type", "object", "additionalProperties", oas.New("type", "string")))))),
		"x-pretendo", oas.New("forward", true))))
	var unsaid []string
	for i := len(rules) - 1; i >= 0; i-- {
		if !rewriteRule(paths, rules[i], i) {
			unsaid = append(unsaid, rules[i].From+" -> "+rules[i].To)
		}
	}
	if len(unsaid) == 0 {
		return
	}
	info := doc.Object("info")
	if info == nil {
		return
	}
	d := info.String("description")
	if d != "" {
		d += "\n\n"
	}
	info.Set("description", d+"URLs matching these rewriting rules are served as their targets, which this document does not describe: "+strings.Join(unsaid, "; ")+".")
}

// segment is one segment of a path template: a literal, or a parameter.
type segment struct {
	lit, param string
}

// plainSegment is a literal segment of an Express path, with none of the
// characters that make it a pattern.
var plainSegment = regexp.MustCompile(`^[A-Za-z0-9._~!$&'=@,;%-]+$`)

// expressSegments reads an Express path made of whole segments: literals
// and :name; star reports a last "*".
func expressSegments(p string) (segs []segment, star, ok bool) {
	if !strings.HasPrefix(p, "/") {
		return nil, false, false
	}
	if p == "/" {
		return nil, false, true
	}
	parts := strings.Split(p[1:], "/")
	for i, s := range parts {
		switch {
		case s == "*" && i == len(parts)-1:
			star = true
		case strings.HasPrefix(s, ":") && isName(s[1:]):
			segs = append(segs, segment{param: s[1:]})
		case plainSegment.MatchString(s) && !strings.ContainsAny(s, "$:"):
			segs = append(segs, segment{lit: s})
		default:
			return nil, false, false
		}
	}
	return segs, star, true
}

// isName reports whether s is a word, as :name takes.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c != '_' && (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// templateSegments reads an OpenAPI path template.
func templateSegments(p string) []segment {
	if p == "/" {
		return nil
	}
	var segs []segment
	for _, s := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs = append(segs, segment{param: s[1 : len(s)-1]})
		} else {
			segs = append(segs, segment{lit: s})
		}
	}
	return segs
}

// template writes segments as an OpenAPI path template.
func template(segs []segment) string {
	if len(segs) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		if s.param != "" {
			b.WriteString("{" + s.param + "}")
		} else {
			b.WriteString(s.lit)
		}
	}
	return b.String()
}

// shape is a template with its parameters unnamed: two paths of one shape
// match the same URLs.
func shape(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		if s.param != "" {
			b.WriteString("{}")
		} else {
			b.WriteString(strings.ToLower(s.lit))
		}
	}
	return b.String()
}

// rewriteRule adds the paths rule serves as others to paths (see
// rewrites), and reports false when it cannot be said.
func rewriteRule(paths *oas.Object, rule schema.Rewrite, n int) bool {
	from, star, ok := expressSegments(rule.From)
	if !ok {
		return false
	}
	toPath, toQuery, _ := strings.Cut(rule.To, "?")
	type alias struct {
		segs   []segment
		source string
		bound  map[string]string // a :name of the rule to the source's parameter
		fixed  map[string]bool   // the query parameters the target sets
	}
	var aliases []alias
	existing := paths.Keys()
	if star {
		// "/api/*" -> "/$1" or "/v1/$1": a prefix for another.
		prefix, ok := strings.CutSuffix(toPath, "$1")
		for _, s := range from {
			ok = ok && s.param == ""
		}
		if !ok || !strings.HasSuffix(prefix, "/") || strings.ContainsAny(prefix, "$:") || toQuery != "" {
			return false
		}
		for _, p := range existing {
			rest, ok := strings.CutPrefix(p, prefix)
			if !ok || p == "/__rules" {
				continue
			}
			segs := append(append([]segment(nil), from...), templateSegments("/"+rest)...)
			aliases = append(aliases, alias{segs: segs, source: p})
		}
	} else {
		names := map[string]bool{}
		for _, s := range from {
			if s.param != "" {
				names[s.param] = true
			}
		}
		target, tstar, ok := expressSegments(toPath)
		if !ok || tstar {
			return false
		}
		for _, s := range target {
			if s.param != "" && !names[s.param] {
				return false
			}
		}
		fixed := map[string]bool{}
		if toQuery != "" {
			for _, kv := range strings.Split(toQuery, "&") {
				k, v, _ := strings.Cut(kv, "=")
				if strings.ContainsAny(k, ":$") || strings.Contains(v, "$") || strings.HasPrefix(v, ":") && !names[v[1:]] {
					return false
				}
				fixed[k] = true
			}
		}
	next:
		for _, p := range existing {
			if p == "/__rules" {
				continue
			}
			segs := templateSegments(p)
			if len(segs) != len(target) {
				continue
			}
			lits, bound := map[string]string{}, map[string]string{}
			for i, t := range target {
				s := segs[i]
				switch {
				case t.param == "" && s.param == "" && !strings.EqualFold(t.lit, s.lit):
					continue next
				case t.param == "":
				case s.param == "":
					if l, ok := lits[t.param]; ok && l != s.lit {
						continue next
					}
					lits[t.param] = s.lit
				default:
					bound[t.param] = s.param
				}
			}
			out := make([]segment, len(from))
			for i, s := range from {
				if l, ok := lits[s.param]; ok && s.param != "" {
					out[i] = segment{lit: l}
				} else {
					out[i] = s
				}
			}
			aliases = append(aliases, alias{segs: out, source: p, bound: bound, fixed: fixed})
		}
	}
	// The rule takes the URLs of a described path of the same shape.
	// A rule that serves a path as itself ("/*" -> "/$1") changes nothing.
	aliases = slices.DeleteFunc(aliases, func(a alias) bool { return template(a.segs) == a.source })
	taken := map[string]bool{}
	for _, a := range aliases {
		taken[shape(a.segs)] = true
	}
	items := map[string]*oas.Object{}
	for _, p := range existing {
		items[p] = paths.Object(p)
		if taken[shape(templateSegments(p))] && p != "/__rules" {
			paths.Delete(p)
		}
	}
	seen := map[string]bool{}
	for _, a := range aliases {
		key := shape(a.segs)
		if seen[key] {
			continue
		}
		seen[key] = true
		paths.Set(template(a.segs), aliasItem(items[a.source], a.segs, a.bound, a.fixed, rule, n))
	}
	return true
}

// aliasItem is the path item of URLs of segs that a rule serves as the
// path item src describes: its operations, with the path's parameters of
// segs (the schema of the source's parameter each is bound to, else a
// string) and without the query parameters the target sets.
func aliasItem(src *oas.Object, segs []segment, bound map[string]string, fixed map[string]bool, rule schema.Rewrite, n int) *oas.Object {
	schemas := map[string]any{}
	collect := func(list any) {
		ps, _ := list.([]any)
		for _, p := range ps {
			if po, ok := p.(*oas.Object); ok && po.String("in") == "path" {
				schemas[po.String("name")], _ = po.Get("schema")
			}
		}
	}
	v, _ := src.Get("parameters")
	collect(v)
	for _, m := range src.Keys() {
		if op := src.Object(m); op != nil && m != "parameters" {
			v, _ := op.Get("parameters")
			collect(v)
		}
	}
	var pathParams []any
	for _, s := range segs {
		if s.param == "" {
			continue
		}
		var sch any = oas.New("type", "string")
		if name, ok := bound[s.param]; ok && schemas[name] != nil {
			sch = schemas[name]
		} else if bound == nil && schemas[s.param] != nil {
			sch = schemas[s.param]
		}
		pathParams = append(pathParams, oas.New("name", s.param, "in", "path", "required", true, "schema", sch))
	}
	keep := func(list any) []any {
		ps, _ := list.([]any)
		var out []any
		for _, p := range ps {
			po, ok := p.(*oas.Object)
			if ok && (po.String("in") == "path" || po.String("in") == "query" && fixed[po.String("name")]) {
				continue
			}
			out = append(out, p)
		}
		return out
	}
	item := &oas.Object{}
	common := keep(v)
	item.Set("parameters", append(pathParams, common...))
	item.Set("description", "Served as "+rule.To+" (options.rewrites: "+rule.From+").")
	for _, m := range src.Keys() {
		op := src.Object(m)
		if op == nil || m == "parameters" || m == "summary" || m == "description" || m == "servers" {
			continue
		}
		c := &oas.Object{}
		for _, k := range op.Keys() {
			val, _ := op.Get(k)
			c.Set(k, val)
		}
		if id := op.String("operationId"); id != "" {
			c.Set("operationId", id+".rewrite"+strconv.Itoa(n))
		}
		pv, _ := op.Get("parameters")
		if ps := keep(pv); len(ps) > 0 {
			c.Set("parameters", ps)
		} else {
			c.Delete("parameters")
		}
		c.Set("x-pretendo", oas.New("forward", true))
		item.Set(m, c)
	}
	return item
}
