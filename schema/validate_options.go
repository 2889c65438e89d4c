package schema

import (
	"math"
	"slices"
	"strings"
	"time"
)

// adapters lists the adapters options.database.adapter may name.
func adapters() []string { return []string{"json-file", "memory", "postgres"} }

func (c *checker) latency(l Latency, p string) {
	for _, v := range []struct {
		name string
		n    int
	}{{"fixed", l.Fixed}, {"min", l.Min}, {"max", l.Max}} {
		if v.n < 0 {
			c.add(child(p, v.name), "%s must be 0 or more, got %d", v.name, v.n)
		}
	}
	if l.Min > l.Max {
		c.add(child(p, "min"), "min %d is greater than max %d", l.Min, l.Max)
	}
}

func (c *checker) options() {
	o := &c.s.Options
	op := "options"
	if o.Port < 0 || o.Port > 65535 {
		c.add(child(op, "port"), "port %d out of range (want 0 to 65535)", o.Port)
	}
	c.nonNegative(child(op, "defaultPageSize"), int64(o.DefaultPageSize))
	c.nonNegative(child(op, "maxPageSize"), int64(o.MaxPageSize))
	if o.DefaultPageSize > 0 && o.MaxPageSize > 0 && o.DefaultPageSize > o.MaxPageSize {
		c.add(child(op, "defaultPageSize"), "defaultPageSize %d is greater than maxPageSize %d", o.DefaultPageSize, o.MaxPageSize)
	}
	c.nonNegative(child(op, "maxBodyBytes"), o.MaxBodyBytes)
	c.nonNegative(child(op, "maxExpandRecords"), int64(o.MaxExpandRecords))
	sp := child(op, "server")
	c.nonNegative(child(sp, "readTimeout"), int64(o.Server.ReadTimeout))
	c.nonNegative(child(sp, "writeTimeout"), int64(o.Server.WriteTimeout))
	c.nonNegative(child(sp, "idleTimeout"), int64(o.Server.IdleTimeout))
	c.nonNegative(child(sp, "maxConnections"), int64(o.Server.MaxConnections))
	if o.MaxDepth < 0 || o.MaxDepth > MaxRecordDepth {
		c.add(child(op, "maxDepth"), "maxDepth %d out of range (want 1 to %d, or 0 for the default, %d)", o.MaxDepth, MaxRecordDepth, DefaultMaxDepth)
	}
	if o.Admin.Path != "" && !validAdminPath(o.Admin.Path) {
		c.add("options.admin.path", "invalid admin path %s (want \"/\" and segments of letters, digits, \"-\", \"_\", \".\" or \"~\", like \"/admin\")", quote(o.Admin.Path))
	}
	c.database(&o.Database)
	c.generateData(&o.GenerateData)
	c.latency(o.Latency, child(op, "latency"))
	c.errorSimulation(&o.ErrorSimulation)
	c.auth(&o.Auth)
	if o.Journal != nil {
		c.nonNegative("options.journal.size", int64(o.Journal.Size))
	}
	c.nonNegative("options.logMaxEntries", int64(o.LogMaxEntries))
	switch o.Dialect {
	case "", DialectPretendo, DialectJSONServer:
	default:
		c.add(child(op, "dialect"), "unknown dialect %s (want %q or %q)", quote(o.Dialect), DialectPretendo, DialectJSONServer)
	}
}

// nonNegative records a problem if n is below zero.
func (c *checker) nonNegative(path string, n int64) {
	if n < 0 {
		name := path[strings.LastIndexByte(path, '.')+1:]
		c.add(path, "%s must be 0 or more, got %d", name, n)
	}
}

// validAdminPath reports whether p is "/" followed by one or more segments
// of unreserved URL characters.
func validAdminPath(p string) bool {
	if !strings.HasPrefix(p, "/") || len(p) < 2 {
		return false
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		for i := 0; i < len(seg); i++ {
			ch := seg[i]
			switch {
			case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
			case ch == '-', ch == '_', ch == '.', ch == '~':
			default:
				return false
			}
		}
	}
	return true
}

func (c *checker) database(d *Database) {
	dp := "options.database"
	if d.Adapter != "" && !slices.Contains(adapters(), d.Adapter) {
		c.add(child(dp, "adapter"), "unknown adapter %s (want one of %s)", quote(d.Adapter), strings.Join(adapters(), ", "))
	}
	if d.SaveInterval != nil {
		c.nonNegative(child(dp, "saveInterval"), int64(*d.SaveInterval))
	}
	for k, name := range d.Optimizations.IndexedFields {
		// A field no resource declares is indexed as an undeclared one.
		if name == "" {
			c.add(elem("options.database.optimizations.indexedFields", k), "empty field name")
		}
	}
	c.nonNegative("options.database.optimizations.cacheSize", int64(d.Optimizations.CacheSize))
	c.nonNegative("options.database.snapshots.max", int64(d.Snapshots.Max))
}

func (c *checker) generateData(g *GenerateData) {
	keys := make([]string, 0, len(g.Counts))
	for name := range g.Counts {
		keys = append(keys, name)
	}
	slices.Sort(keys)
	for _, name := range keys {
		cp := child("options.generateData.counts", name)
		if c.resource(name) == nil {
			c.unknownResource(cp, name)
		}
		if n := g.Counts[name]; n < 0 || n > MaxGenerateCount {
			c.add(cp, "count %d out of range (want 0 to %d)", n, MaxGenerateCount)
		}
	}
}

func (c *checker) errorSimulation(e *ErrorSimulation) {
	ep := "options.errorSimulation"
	if !(e.Rate >= 0 && e.Rate <= 1) {
		c.add(child(ep, "rate"), "rate %s out of range (want 0 to 1)", formatFloat(e.Rate))
	}
	for k, code := range e.StatusCodes {
		if code < 100 || code > 599 {
			c.add(elem(child(ep, "statusCodes"), k), "status code %d out of range (want 100 to 599)", code)
		}
	}
}

func (c *checker) auth(a *Auth) {
	ap := "options.auth"
	if a.UserResource != "" && c.resource(a.UserResource) == nil {
		c.add(child(ap, "userResource"), "unknown resource %s%s", quote(a.UserResource), Suggest(a.UserResource, c.resourceNames()))
	}
	c.nonNegative(child(ap, "tokenExpiration"), int64(a.TokenExpiration))
	if a.TokenExpiration > int(maxLifetime/time.Second) {
		c.add(child(ap, "tokenExpiration"), "tokenExpiration %d is too long (at most about 292 years)", a.TokenExpiration)
	}
	if a.JWT != nil && a.JWT.ExpiresIn != nil {
		if _, err := a.JWT.Lifetime(); err != nil {
			c.add(child(child(ap, "jwt"), "expiresIn"), "%s", err.Error())
		}
	}
	if a.AuthEndpoint != "" && !strings.HasPrefix(a.AuthEndpoint, "/") {
		c.add(child(ap, "authEndpoint"), "authEndpoint %s must start with \"/\"", quote(a.AuthEndpoint))
	}
	if a.TokenHeader != "" && !isHeaderName(a.TokenHeader) {
		c.add(child(ap, "tokenHeader"), "tokenHeader %s is not a header name (want letters, digits and \"-\", like \"X-Auth-Token\")", quote(a.TokenHeader))
	}
	ids := make(map[string]int, len(a.Users))
	for k, u := range a.Users {
		if u.ID == nil {
			continue
		}
		ip := child(elem(child(ap, "users"), k), "id")
		var key string
		switch v := u.ID.(type) {
		case string:
			if v == "" {
				c.add(ip, "id must not be empty")
				continue
			}
			key = "s" + v
		default:
			f, ok := toFloat(v)
			if !ok || math.IsInf(f, 0) || math.IsNaN(f) {
				c.add(ip, "id %s is not a string or a number", describe(u.ID))
				continue
			}
			key = "n" + formatFloat(f)
		}
		if j, dup := ids[key]; dup {
			c.add(ip, "duplicate id %s (also users[%d])", describe(u.ID), j)
		} else {
			ids[key] = k
		}
	}
}

// isHeaderName reports whether s is a plain HTTP header name: letters,
// digits and "-", starting with a letter.
func isHeaderName(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z':
		case i > 0 && (ch >= '0' && ch <= '9' || ch == '-'):
		default:
			return false
		}
	}
	return s != "" && len(s) <= 64
}
