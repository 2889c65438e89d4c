package query

import (
	"strings"

	"github.com/pretendo-go/pretendo/schema"
)

// ParseFields reads the value of a fields parameter: comma-separated names
// of declared fields of res (the primary key included) or of its
// relationships (to keep what expand embeds). Duplicates collapse
// to their first occurrence. An unknown or empty name is an [*Error]; so is
// an empty raw, since the caller passes the parameter only when present.
func ParseFields(raw string, res *schema.Resource) ([]string, error) {
	if res == nil {
		return nil, ErrNilResource
	}
	return appendFields(nil, raw, res)
}

// appendFields adds the fields named in raw to out, skipping duplicates.
func appendFields(out []string, raw string, res *schema.Resource) ([]string, error) {
	for rest, more := raw, true; more; {
		var part string
		part, rest, more = strings.Cut(rest, ",")
		if part == "" {
			return nil, &Error{Param: ParamFields, Reason: "empty field name"}
		}
		_, field, ok := lookup(res, part)
		if !ok && res.Relationship(part) != nil {
			// A relationship name keeps the records embedded by expand.
			field, ok = part, true
		}
		if !ok {
			return nil, fail(ParamFields, "unknown field %s", quote(part))
		}
		if !contains(out, field) {
			out = append(out, field)
		}
	}
	return out, nil
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
