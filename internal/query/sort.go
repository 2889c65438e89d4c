package query

import (
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// parseSort reads a sortBy value: comma-separated keys, each "field",
// "field.asc", "field.desc" or "-field". A later key on a field already
// sorted on can never change the order, so it is dropped.
func parseSort(raw string, res *schema.Resource, strict bool) ([]adapter.SortKey, error) {
	var keys []adapter.SortKey
	for rest, more := raw, true; more; {
		var part string
		part, rest, more = strings.Cut(rest, ",")
		key, err := parseSortKey(part, res, strict)
		if err != nil {
			return nil, err
		}
		if !hasSortField(keys, key.Field) {
			keys = append(keys, key)
		}
	}
	return keys, nil
}

// parseSortKey reads one sort key. A suffix after the last dot that is
// not asc or desc is part of the name of an undeclared field, unless what
// precedes it is declared.
func parseSortKey(part string, res *schema.Resource, strict bool) (adapter.SortKey, error) {
	if part == "" {
		return adapter.SortKey{}, &Error{Param: ParamSort, Reason: "empty sort key"}
	}
	name, desc := part, false
	if typ, field, ok := lookup(res, name); ok {
		// A declared name wins, even one that contains a dot.
		return adapter.SortKey{Field: field, Type: typ}, nil
	}
	if name[0] == '-' {
		name, desc = name[1:], true
	} else if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		switch dir := name[dot+1:]; dir {
		case "asc":
		case "desc":
			desc = true
		default:
			if _, _, ok := lookup(res, name[:dot]); ok {
				return adapter.SortKey{}, fail(ParamSort, "unknown direction %s (want asc or desc)", quote(dir))
			}
			if !strict {
				dot = len(name)
			}
		}
		name = name[:dot]
	}
	if name == "" {
		return adapter.SortKey{}, fail(ParamSort, "empty field name in sort key %s", quote(part))
	}
	typ, field, err := resolve(res, name, ParamSort, strict)
	if err != nil {
		return adapter.SortKey{}, err
	}
	return adapter.SortKey{Field: field, Type: typ, Desc: desc}, nil
}

// hasSortField reports whether keys already sort on field.
func hasSortField(keys []adapter.SortKey, field string) bool {
	for _, k := range keys {
		if k.Field == field {
			return true
		}
	}
	return false
}
