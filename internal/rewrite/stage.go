package rewrite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/internal/reply"
	"github.com/pretendo-go/pretendo/schema"
)

// RulesPath is where the stage answers GET with its rules, as json-server
// does.
const RulesPath = "/__rules"

// Check returns the problems of sp's options.rewrites: too many rules,
// and each rule that does not compile, with its path.
func Check(sp *schema.Spec) []schema.Problem {
	rules := sp.Options.Rewrites
	if len(rules) > MaxRules {
		return []schema.Problem{{Path: "options.rewrites", Message: fmt.Sprintf("%d rules, more than the %d a server takes", len(rules), MaxRules)}}
	}
	var problems []schema.Problem
	for i, r := range rules {
		if _, err := Compile(r.From, r.To); err != nil {
			problems = append(problems, schema.Problem{Path: fmt.Sprintf("options.rewrites[%d]", i), Message: err.Error()})
		}
	}
	return problems
}

// New returns the stage that rewrites the URL of each request by rules, in
// order, before handing it on; with no rules it hands requests on as they
// are. A rewritten URL that is not a valid one is a 404 written by fail.
// Rules must pass Check (Open checks them): New panics on one that does
// not.
func New(rules []schema.Rewrite, fail httperr.Fail) func(http.Handler) http.Handler {
	compiled := make([]Rule, 0, len(rules))
	for _, rule := range rules {
		r, err := Compile(rule.From, rule.To)
		if err != nil {
			panic("pretendo: " + err.Error())
		}
		compiled = append(compiled, r)
	}
	if len(compiled) == 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	listing := rulesJSON(compiled)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.EqualFold(strings.TrimSuffix(r.URL.Path, "/"), RulesPath) {
				reply.Send(w, r, http.StatusOK, listing)
				return
			}
			orig := r.URL.EscapedPath()
			if r.URL.RawQuery != "" || r.URL.ForceQuery {
				orig += "?" + r.URL.RawQuery
			}
			u, changed := orig, false
			for _, rule := range compiled {
				if v, ok := rule.Apply(u); ok {
					u, changed = v, true
				}
			}
			if !changed || u == orig {
				next.ServeHTTP(w, r)
				return
			}
			to, err := url.ParseRequestURI(u)
			if err != nil || to.Path == "" || to.Host != "" {
				fail(w, r, httperr.New(http.StatusNotFound, httperr.CodeRouteNotFound, "no route for %s %s: the rules rewrite it to %s, which is not a valid path", r.Method, reply.HeaderText(orig), reply.HeaderText(u)))
				return
			}
			r2 := new(http.Request)
			*r2 = *r
			r2.URL = new(url.URL)
			*r2.URL = *r.URL
			r2.URL.Path, r2.URL.RawPath = to.Path, to.RawPath
			r2.URL.RawQuery, r2.URL.ForceQuery = to.RawQuery, to.ForceQuery
			// As express-urlrewrite sets originalUrl: the answer's links
			// are built from the rewritten URL, below any mount prefix.
			r2.RequestURI = reply.MountPrefix(r) + to.RequestURI()
			next.ServeHTTP(w, r2)
		})
	}
}

// rulesJSON is the answer to GET /__rules: an object of pattern to
// target, in the rules' order, as the routes file has them.
func rulesJSON(rules []Rule) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, r := range rules {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(r.from) // strings always encode
		v, _ := json.Marshal(r.to)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes()
}
