package auth

import (
	"fmt"
	"strings"

	"github.com/pretendo-go/pretendo/schema"
)

// Check reports what the schema does not check about options.auth of sp:
// the declared users and the endpoint paths.
func Check(sp *schema.Spec) []schema.Problem {
	a := sp.Options.Auth
	if !a.Enabled {
		return nil
	}
	var problems []schema.Problem
	add := func(p, format string, args ...any) {
		problems = append(problems, schema.Problem{Path: p, Message: fmt.Sprintf(format, args...)})
	}
	login, logout, me := Paths(a)
	for _, p := range []string{login, logout, me} {
		if !validPath(p) {
			add("options.auth.authEndpoint", "auth path %q is not a plain path (want \"/\" and segments of letters, digits, \"-\", \"_\", \".\" or \"~\")", p)
			break
		}
	}
	if login == logout || login == me {
		add("options.auth.authEndpoint", "the login path %q clashes with the logout or me path beside it", login)
	}
	if admin := strings.TrimSuffix(sp.Options.Admin.Path, "/"); sp.Options.Admin.On() {
		if admin == "" {
			admin = "/admin"
		}
		if login == admin || strings.HasPrefix(login, admin+"/") {
			add("options.auth.authEndpoint", "the login path %q lies under the admin API at %q", login, admin)
		}
	}
	seen := make(map[string]int, len(a.Users))
	for i, u := range a.Users {
		p := fmt.Sprintf("options.auth.users[%d]", i)
		switch j, dup := seen[u.Username]; {
		case u.Username == "":
			add(p+".username", "username is required")
		case dup:
			add(p+".username", "duplicate username %q (also users[%d])", u.Username, j)
		default:
			seen[u.Username] = i
		}
		if len(u.Password) > maxPasswordBytes {
			add(p+".password", "password is longer than %d bytes, the most bcrypt can hash", maxPasswordBytes)
		}
	}
	return problems
}

// validPath reports whether p is "/" and segments of unreserved URL characters.
func validPath(p string) bool {
	if len(p) < 2 || p[0] != '/' {
		return false
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		for i := 0; i < len(seg); i++ {
			switch c := seg[i]; {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~':
			default:
				return false
			}
		}
	}
	return true
}
