package query

import (
	"strings"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// foldPrefix marks a case-insensitive filter parameter.
const foldPrefix = "i:"

// filterName is a filter parameter's name taken apart.
type filterName struct {
	field    string
	op       adapter.Op
	explicit bool // the name carried [op]
	fold     bool // the name carried i:
}

// splitName takes a filter parameter's name apart: an optional "i:", the
// field, and an optional "[op]" at the end. It returns a reason on failure.
func splitName(name string) (filterName, string) {
	var n filterName
	if strings.HasPrefix(name, foldPrefix) {
		n.fold = true
		name = name[len(foldPrefix):]
	}
	open := strings.IndexByte(name, '[')
	if open < 0 {
		if strings.IndexByte(name, ']') >= 0 {
			return n, "malformed operator brackets (want field[op])"
		}
		n.field, n.op = name, adapter.OpEq
	} else {
		if name[len(name)-1] != ']' {
			return n, "malformed operator brackets (want field[op])"
		}
		inner := name[open+1 : len(name)-1]
		if inner == "" || strings.ContainsAny(inner, "[]") {
			return n, "malformed operator brackets (want field[op])"
		}
		op, ok := findOp(inner)
		if !ok {
			return n, "unknown operator " + quote(inner) + " (want one of " + opList() + ")"
		}
		n.field, n.op, n.explicit = name[:open], op, true
	}
	if n.field == "" {
		return n, "empty field name"
	}
	return n, ""
}

// findOp returns the operator spelled s (case-sensitively).
func findOp(s string) (adapter.Op, bool) {
	for _, op := range adapter.Ops {
		if string(op) == s {
			return op, true
		}
	}
	return "", false
}

// opList lists the operators for messages.
func opList() string {
	var b strings.Builder
	for i, op := range adapter.Ops {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(op))
	}
	return b.String()
}

// applies reports whether op can be used on a field of type typ. Object
// fields only know exists, array fields exists and contains (membership),
// and the substring operators need a string-like field.
func applies(op adapter.Op, typ string) bool {
	switch op {
	case adapter.OpExists:
		return true
	case adapter.OpContains:
		return typ == schema.TypeArray || stringLike(typ)
	case adapter.OpStartsWith, adapter.OpEndsWith:
		return stringLike(typ)
	}
	return typ != schema.TypeObject && typ != schema.TypeArray
}

// stringLike reports whether values of type typ may be compared as text:
// string and uuid fields, and undeclared fields, whose values may be text.
func stringLike(typ string) bool {
	return typ == schema.TypeString || typ == schema.TypeUUID || typ == ""
}

// parseFilter reads one filter parameter with its values and appends the
// resulting filters to dst: one for field=value (any of the values), one per
// value for field[op]=value.
func parseFilter(dst []adapter.Filter, name string, values []string, res *schema.Resource, strict bool) ([]adapter.Filter, error) {
	n, reason := splitName(name)
	if reason != "" {
		return dst, &Error{Param: name, Reason: reason}
	}
	typ, field, err := resolve(res, n.field, name, strict)
	if err != nil {
		return dst, err
	}
	if n.fold && !stringLike(typ) {
		return dst, fail(name, "i: needs a string or uuid field; %q is %s", field, typeNoun(typ))
	}
	if !applies(n.op, typ) {
		if !n.explicit && typ == schema.TypeArray {
			return dst, fail(name, "equality does not apply to array field %q (use %s[contains])", field, field)
		}
		return dst, fail(name, "operator %q does not apply to %s field %q", n.op, typ, field)
	}
	if !n.explicit {
		vals := make([]any, 0, len(values))
		for _, s := range values {
			v, ok := readValue(typ, s)
			if !ok {
				return dst, fail(name, "cannot read %s as %s", quote(s), typeNoun(typ))
			}
			vals = append(vals, v)
		}
		return append(dst, adapter.Filter{Field: field, Type: typ, Op: adapter.OpEq, Values: vals, Fold: n.fold}), nil
	}
	for _, s := range values {
		vals, err := readOperand(name, n.op, typ, s)
		if err != nil {
			return dst, err
		}
		dst = append(dst, adapter.Filter{Field: field, Type: typ, Op: n.op, Values: vals, Fold: n.fold})
	}
	return dst, nil
}

// readOperand reads the value s of one field[op]=value parameter.
func readOperand(name string, op adapter.Op, typ, s string) ([]any, error) {
	switch op {
	case adapter.OpExists:
		b, ok := readBool(s)
		if !ok {
			return nil, fail(name, "cannot read %s as true or false", quote(s))
		}
		return []any{b}, nil
	case adapter.OpIn, adapter.OpNin:
		vals := make([]any, 0, strings.Count(s, ",")+1)
		for rest, more := s, true; more; {
			var elem string
			elem, rest, more = strings.Cut(rest, ",")
			v, ok := readValue(typ, elem)
			if !ok {
				return nil, fail(name, "cannot read list element %s as %s", quote(elem), typeNoun(typ))
			}
			vals = append(vals, v)
		}
		return vals, nil
	case adapter.OpContains, adapter.OpStartsWith, adapter.OpEndsWith:
		switch typ {
		case schema.TypeArray:
			return []any{readScalar(s)}, nil
		case "":
			// An undeclared field may hold text or an array of any values.
			return []any{adapter.NewUntyped(s)}, nil
		}
		return []any{s}, nil
	}
	v, ok := readValue(typ, s)
	if !ok {
		return nil, fail(name, "cannot read %s as %s", quote(s), typeNoun(typ))
	}
	return []any{v}, nil
}
