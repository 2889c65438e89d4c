package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/schema"
)

// banner is what pretendo start prints once it serves.
type banner struct {
	version string
	source  specSource
	url     string
	spec    *pretendo.Spec
	counts  map[string]int
	// loading says the data is still loading (lazyLoading), so the
	// counts are unknown.
	loading bool
	// quiet (--quiet) shrinks the banner to the one line that says where
	// the API is, which --port 0 leaves to the system.
	quiet bool
}

// write prints the banner: where the API is, where its data lives, and a
// table of the resources with their record counts and routes.
func (b banner) write(w io.Writer) error {
	if b.quiet {
		_, err := fmt.Fprintf(w, "pretendo: url %s (Press Ctrl+C to stop.)\n", b.url)
		return err
	}
	o := b.spec.Options
	var sb strings.Builder
	if b.source.embedded {
		fmt.Fprintf(&sb, "pretendo %s: serving %s (pass a spec file to serve your own)\n", b.version, embeddedName)
	} else {
		fmt.Fprintf(&sb, "pretendo %s: serving %s\n", b.version, b.source.name)
	}
	line := func(key, value string) { fmt.Fprintf(&sb, "  %-8s %s\n", key, value) }
	line("url", b.url)
	storage := storageLine(o.Database)
	if b.loading {
		storage += " (loading in the background)"
	}
	line("storage", storage)
	if o.Admin.On() {
		path := strings.TrimSuffix(o.Admin.Path, "/")
		if path == "" {
			path = "/admin"
		}
		admin := b.url + path
		if o.Admin.Token != "" {
			admin += " (Bearer token required)"
		}
		line("admin", admin)
		line("ui", b.url+path+"/ui/")
	}
	if !o.CORS() {
		line("cors", "off")
	}
	if o.ReadOnly {
		line("writes", "refused (read-only)")
	}
	if o.Static != "" {
		line("static", o.Static)
	}
	if n := len(o.Rewrites); n > 0 {
		line("rewrites", strconv.Itoa(n)+" rules (GET "+b.url+"/__rules)")
	}
	if l := o.Latency; l.Enabled {
		line("latency", latencyLine(l))
	}
	if e := o.ErrorSimulation; e.Enabled {
		codes := e.StatusCodes
		if len(codes) == 0 {
			codes = []int{500, 503, 504}
		}
		line("errors", percent(e.Rate)+" of requests fail with "+joinInts(codes))
	}

	nameW, countW := len("resource"), len("records")
	for _, res := range b.spec.Resources {
		nameW = max(nameW, len(res.Name))
		countW = max(countW, len(strconv.Itoa(b.counts[res.Name])))
	}
	fmt.Fprintf(&sb, "\n  %-*s  %*s  %s\n", nameW, "resource", countW, "records", "routes")
	for i := range b.spec.Resources {
		res := &b.spec.Resources[i]
		count := strconv.Itoa(b.counts[res.Name])
		if b.loading {
			count = "-"
		}
		routes := resourceRoutes(res)
		if p, ok := b.spec.Extension.(pretendo.SpecPaths); ok {
			routes = strings.Join(p.ResourcePaths(res.Name), "  ")
		}
		fmt.Fprintf(&sb, "  %-*s  %*s  %s\n", nameW, res.Name, countW, count, routes)
	}
	if len(b.spec.Routes) > 0 {
		routes := make([]string, len(b.spec.Routes))
		for i, r := range b.spec.Routes {
			routes[i] = strings.ToUpper(r.Method) + " " + r.Path
		}
		fmt.Fprintf(&sb, "  custom routes: %s\n", strings.Join(routes, ", "))
	}
	sb.WriteString("\nPress Ctrl+C to stop.\n")
	_, err := io.WriteString(w, sb.String())
	return err
}

// resourceRoutes lists the paths of a resource: the collection, a record
// and, when it has relationships, the nested routes by relationship name.
func resourceRoutes(res *schema.Resource) string {
	routes := "/" + res.Name + "  /" + res.Name + "/{id}"
	if len(res.Relationships) == 0 {
		return routes
	}
	names := make([]string, len(res.Relationships))
	for i, rel := range res.Relationships {
		names[i] = rel.Name()
	}
	if len(names) == 1 {
		return routes + "  /" + res.Name + "/{id}/" + names[0]
	}
	return routes + "  /" + res.Name + "/{id}/{" + strings.Join(names, ",") + "}"
}

// storageLine says where the data lives.
func storageLine(db schema.Database) string {
	var s string
	switch db.Adapter {
	case adapterJSONFile:
		s = "json-file " + db.DBPath
	case "", adapterMemory:
		s = "memory (data is lost on exit)"
	default:
		s = db.Adapter
	}
	if db.Snapshots.Enabled && db.Snapshots.Directory != "" {
		s += ", snapshots in " + db.Snapshots.Directory
	}
	return s
}

// latencyLine describes the simulated latency.
func latencyLine(l schema.Latency) string {
	switch {
	case l.Fixed > 0:
		return strconv.Itoa(l.Fixed) + " ms"
	case l.Max > l.Min:
		return strconv.Itoa(l.Min) + " to " + strconv.Itoa(l.Max) + " ms"
	}
	return strconv.Itoa(l.Min) + " ms"
}

// percent shows a share as a percentage: 0.1 -> "10%".
func percent(r float64) string {
	return strconv.FormatFloat(math.Round(r*10000)/100, 'f', -1, 64) + "%"
}

// joinInts joins numbers with commas.
func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
