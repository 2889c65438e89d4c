package query

import (
	"strings"

	"github.com/pretendo-go/pretendo/schema"
)

// MaxExpandDepth is how many relationships an expand path may follow.
const MaxExpandDepth = 3

// ParseExpand reads the value of an expand parameter: comma-separated paths
// of relationship names ("author", "comments.user"), each resolved from res
// resource by resource (every relationship type leads to its Resource).
// The paths are kept as given, duplicates dropped. An unknown relationship,
// an empty name or a path deeper than [MaxExpandDepth] is an [*Error]; so is
// an empty raw, since the caller passes the parameter only when present.
// It serves single records as well as lists.
func ParseExpand(raw string, spec *schema.Spec, res *schema.Resource) ([]string, error) {
	if res == nil {
		return nil, ErrNilResource
	}
	return appendExpand(nil, raw, spec, res)
}

// appendExpand adds the paths in raw to out, skipping duplicates.
func appendExpand(out []string, raw string, spec *schema.Spec, res *schema.Resource) ([]string, error) {
	for rest, more := raw, true; more; {
		var path string
		path, rest, more = strings.Cut(rest, ",")
		if err := checkPath(path, spec, res); err != nil {
			return nil, err
		}
		if !contains(out, path) {
			out = append(out, path)
		}
	}
	return out, nil
}

// checkPath resolves every relationship name of path from res.
func checkPath(path string, spec *schema.Spec, res *schema.Resource) error {
	if strings.Count(path, ".") >= MaxExpandDepth {
		return fail(ParamExpand, "path %s is deeper than %d levels", quote(path), MaxExpandDepth)
	}
	cur := res
	for rest, more := path, true; more; {
		var name string
		name, rest, more = strings.Cut(rest, ".")
		if name == "" {
			return fail(ParamExpand, "empty relationship name in %s", quote(path))
		}
		var rel *schema.Relationship
		if cur != nil {
			rel = cur.Relationship(name)
		}
		if rel == nil {
			return fail(ParamExpand, "unknown relationship %s of %s", quote(name), resourceName(cur))
		}
		cur = nil
		if spec != nil {
			cur = spec.Resource(rel.Resource)
		}
	}
	return nil
}

// resourceName names res for messages.
func resourceName(res *schema.Resource) string {
	if res == nil {
		return "an unknown resource"
	}
	return quote(res.Name)
}
