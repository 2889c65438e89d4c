package static

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
)

// homepage is the page GET / answers when the folder has no index.html.
var homepage = template.Must(template.New("homepage").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pretendo</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } ul { padding: 0; list-style: none; } li { margin: .3rem 0; }
a { color: #0b61a4; text-decoration: none; } a:hover { text-decoration: underline; }
.count { color: #666; margin-left: .5rem; }
</style>
</head>
<body>
<h1>pretendo</h1>
<p>A fake REST API is running here.</p>
<h2>Resources</h2>
<ul>
{{- range .Resources}}
<li><a href="{{.Href}}">/{{.Name}}</a><span class="count">{{.Count}}</span></li>
{{- else}}
<li>none</li>
{{- end}}
</ul>
{{- if .Admin}}
<p>Admin: <a href="{{.Admin}}">dashboard</a></p>
{{- end}}
</body>
</html>
`))

// homepageResource is one line of the homepage.
type homepageResource struct {
	Name, Href, Count string
}

// serveHomepage answers r with the homepage: the resources in spec order,
// each with a link and its count of records.
func (s *server) serveHomepage(w http.ResponseWriter, r *http.Request) {
	var counts map[string]int
	if s.c.Stats != nil {
		if stats, err := s.c.Stats(r.Context()); err == nil {
			counts = make(map[string]int, len(stats))
			for name, st := range stats {
				counts[name] = st.Count
			}
		}
	}
	data := struct {
		Resources []homepageResource
		Admin     string
	}{}
	for _, res := range s.c.Spec.Resources {
		line := homepageResource{Name: res.Name, Href: "./" + url.PathEscape(res.Name)}
		if n, ok := counts[res.Name]; ok {
			line.Count = strconv.Itoa(n) + " records"
			if n == 1 {
				line.Count = "1 record"
			}
		}
		data.Resources = append(data.Resources, line)
	}
	if s.c.Spec.Options.Admin.On() {
		// Relative, like the resources' links, so that they keep a mount
		// prefix.
		data.Admin = "." + s.c.AdminPath + "/ui/"
	}
	var b bytes.Buffer
	if err := homepage.Execute(&b, data); err != nil {
		http.Error(w, "homepage: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b.Bytes())
	}
}
