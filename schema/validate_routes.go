package schema

import (
	"slices"
	"strings"

	"github.com/pretendo-go/pretendo/internal/routepath"
)

// routeMethods lists the methods a custom route may answer, lower-cased.
func routeMethods() []string {
	return []string{"get", "post", "put", "patch", "delete", "head", "options"}
}

func (c *checker) routes() {
	first := make(map[string]int, len(c.s.Routes))
	for k := range c.s.Routes {
		rt := &c.s.Routes[k]
		rp := elem("routes", k)
		if rt.Latency != nil {
			c.latency(*rt.Latency, child(rp, "latency"))
		}
		pathOK := c.routePath(rt.Path, child(rp, "path"))
		method := strings.ToLower(rt.Method)
		methodOK := slices.Contains(routeMethods(), method)
		switch {
		case rt.Method == "":
			c.add(child(rp, "method"), "method is required (want one of %s)", strings.Join(routeMethods(), ", "))
		case !methodOK:
			c.add(child(rp, "method"), "unknown method %s (want one of %s)", quote(rt.Method), strings.Join(routeMethods(), ", "))
		}
		if rt.Type != "" && rt.Type != "json" && rt.Type != "javascript" {
			c.add(child(rp, "type"), "unknown route type %s (want json or javascript)", quote(rt.Type))
		}
		if rt.Status != 0 && (rt.Status < 100 || rt.Status > 599) {
			c.add(child(rp, "status"), "status %d out of range (want 100 to 599)", rt.Status)
		}
		if rt.Auth != nil {
			for j, role := range rt.Auth.Roles {
				switch role {
				case "":
					c.add(elem(child(child(rp, "auth"), "roles"), j), "role must not be empty")
				case "owner":
					c.add(elem(child(child(rp, "auth"), "roles"), j), "role \"owner\" needs a record to own, which a custom route has none of (use \"*\" for any signed-in user)")
				}
			}
		}
		if !pathOK || !methodOK {
			continue
		}
		key := strings.ToUpper(method) + " " + routeShape(rt.Path)
		if j, ok := first[key]; ok {
			c.add(child(rp, "path"), "duplicate route %s %s (also routes[%d])", strings.ToUpper(method), quote(rt.Path), j)
		} else {
			first[key] = k
		}
	}
}

// routePath checks a custom route's path, reporting whether it is valid.
func (c *checker) routePath(path, pp string) bool {
	if _, err := routepath.Parse(path); err != nil {
		c.add(pp, "%s", strings.TrimPrefix(err.Error(), routepath.ErrPath.Error()+": "))
		return false
	}
	return true
}

// routeShape returns the shape of a valid route path, so that routes
// matching the same requests compare equal.
func routeShape(path string) string {
	rp, _ := routepath.Parse(path)
	return rp.Shape()
}
