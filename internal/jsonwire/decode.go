package jsonwire

// DecodeObject parses data, which must hold exactly one JSON object with
// optional surrounding whitespace, into the map encoding/json would give
// when decoding into an `any`: nested objects as map[string]any, arrays as
// []any, strings as string (escapes resolved, invalid UTF-8 and lone
// surrogates as U+FFFD), numbers as float64, booleans as bool, null as nil;
// of duplicate keys the last wins. Unlike encoding/json, an integer that a
// float64 cannot hold exactly (most beyond ±2^53) keeps its digits as a
// json.Number (see [Inexact]), so that it is stored and written back as
// sent.
//
// keys, which may be nil, maps a field name to the string to store for it
// (normally the name itself): an object key found in it, after unescaping,
// is stored as that string instead of a new copy, so records share one copy
// of each field name. Nothing returned refers to data, which the caller may
// reuse. keys is only read, so concurrent calls may share one map.
//
// Objects and arrays may nest maxDepth levels, the outermost object being
// the first; maxDepth <= 0 means 10000, as encoding/json allows.
//
// DecodeObject fails with [ErrEmpty], [ErrTrailing], a *[NotObjectError], a
// *[DepthError] or a *[SyntaxError], and never panics.
func DecodeObject(data []byte, keys map[string]string, maxDepth int) (map[string]any, error) {
	if maxDepth <= 0 || maxDepth > maxNesting {
		maxDepth = maxNesting
	}
	d := decoder{data: data, keys: keys, limit: maxDepth}
	d.skipSpace()
	if d.pos == len(data) {
		return nil, ErrEmpty
	}
	if data[d.pos] != '{' {
		// Read the whole value anyway: invalid JSON and trailing data are
		// reported as such before the value's kind.
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		if d.skipSpace(); d.pos < len(data) {
			return nil, ErrTrailing
		}
		return nil, &NotObjectError{Kind: kindOf(v)}
	}
	m, err := d.object()
	if err != nil {
		return nil, err
	}
	if d.skipSpace(); d.pos < len(data) {
		return nil, ErrTrailing
	}
	return m, nil
}

// member is one key and value of an object: read but not yet stored in its
// map, or about to be written.
type member struct {
	key string
	val any
}

// decoder reads one JSON text by recursive descent, nesting bounded by
// limit. Each object and array collects its contents before making its
// map or slice at the final size: the first few in its own frame, the rest
// on the members and elems stacks, which nested values share.
type decoder struct {
	data  []byte
	pos   int
	keys  map[string]string
	depth int
	limit int
	// internMax, when above zero, lets keys grow to that many entries:
	// a Reader's own map, shared by every value it reads.
	internMax int
	// lenient accepts numbers too large for a float64, for a reader that
	// only checks the syntax of what it skips.
	lenient bool
	// field is the key of the outermost object's member being read.
	field   string
	members []member
	elems   []any
}

// skipSpace moves past JSON whitespace: space, tab, newline and return.
func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// value reads the value starting at d.pos, which follows any whitespace.
func (d *decoder) value() (any, error) {
	if d.pos >= len(d.data) {
		return nil, d.eof(InValue, d.pos)
	}
	switch c := d.data[d.pos]; {
	case c == '"':
		return d.str(false)
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	case c == 't':
		return d.literal("true", true)
	case c == 'f':
		return d.literal("false", false)
	case c == 'n':
		return d.literal("null", nil)
	default:
		return nil, d.invalid(d.pos, InValue, d.pos)
	}
}

// enter counts one more level of nesting for the bracket at d.pos.
func (d *decoder) enter() error {
	d.depth++
	if d.depth > d.limit {
		return &DepthError{Limit: d.limit, Field: d.field, Offset: int64(d.pos)}
	}
	d.pos++
	d.skipSpace()
	return nil
}

// inline is how many members or elements an object or array collects in
// its own frame before moving them to the decoder's shared stack.
const inline = 8

// gathered collects the members or elements of one object or array: the
// first inline in the reading frame, the rest on a stack of the decoder,
// which nested values push onto and pop from in turn.
type gathered[T any] struct {
	local   [inline]T
	n, mark int
}

// add appends v, moving what was collected onto stack once the frame's
// room runs out.
func (g *gathered[T]) add(stack *[]T, v T) {
	switch {
	case g.n < inline:
		g.local[g.n] = v
	case g.n == inline:
		g.mark = len(*stack)
		*stack = append(*stack, g.local[:]...)
		fallthrough
	default:
		*stack = append(*stack, v)
	}
	g.n++
}

// take returns what was collected, popping it off stack. The result is
// valid until the next add to stack.
func (g *gathered[T]) take(stack *[]T) []T {
	if g.n <= inline {
		return g.local[:g.n]
	}
	vals := (*stack)[g.mark:]
	*stack = (*stack)[:g.mark]
	return vals
}

// object reads the object whose '{' is at d.pos.
func (d *decoder) object() (map[string]any, error) {
	if empty, err := d.open('}'); err != nil {
		return nil, err
	} else if empty {
		return map[string]any{}, nil
	}
	var g gathered[member]
	for {
		if d.pos >= len(d.data) {
			return nil, d.eof(InKey, d.pos)
		}
		if d.data[d.pos] != '"' {
			return nil, d.invalid(d.pos, InKey, d.pos)
		}
		k, err := d.str(true)
		if err != nil {
			return nil, err
		}
		if d.depth == 1 {
			d.field = k
		}
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.eof(AfterKey, d.pos)
		}
		if d.data[d.pos] != ':' {
			return nil, d.invalid(d.pos, AfterKey, d.pos)
		}
		d.pos++
		d.skipSpace()
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		g.add(&d.members, member{key: k, val: v})
		if closed, err := d.next('}', AfterMember); err != nil {
			return nil, err
		} else if closed {
			pending := g.take(&d.members)
			m := make(map[string]any, len(pending))
			for _, p := range pending {
				m[p.key] = p.val
			}
			return m, nil
		}
	}
}

// array reads the array whose '[' is at d.pos.
func (d *decoder) array() ([]any, error) {
	if empty, err := d.open(']'); err != nil {
		return nil, err
	} else if empty {
		return []any{}, nil
	}
	var g gathered[any]
	for {
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		g.add(&d.elems, v)
		if closed, err := d.next(']', AfterElement); err != nil {
			return nil, err
		} else if closed {
			vals := g.take(&d.elems)
			a := make([]any, len(vals))
			copy(a, vals)
			return a, nil
		}
	}
}

// open enters the object or array whose opening byte was just read and
// reports whether closing follows at once: an empty one, read in full.
func (d *decoder) open(closing byte) (bool, error) {
	if err := d.enter(); err != nil {
		return false, err
	}
	if d.pos < len(d.data) && d.data[d.pos] == closing {
		d.pos++
		d.depth--
		return true, nil
	}
	return false, nil
}

// next reads what follows a member or element (where says which): a ','
// and the space after it, when more are to come, or closing, which ends
// the object or array and is reported as true.
func (d *decoder) next(closing byte, where Where) (bool, error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return false, d.eof(where, d.pos)
	}
	switch d.data[d.pos] {
	case ',':
		d.pos++
		d.skipSpace()
		return false, nil
	case closing:
		d.pos++
		d.depth--
		return true, nil
	}
	return false, d.invalid(d.pos, where, d.pos)
}

// literal reads word (true, false or null), whose first letter is at
// d.pos, as v.
func (d *decoder) literal(word string, v any) (any, error) {
	for j := 1; j < len(word); j++ {
		p := d.pos + j
		if p >= len(d.data) {
			return nil, d.eof(InLiteral, d.pos)
		}
		if d.data[p] != word[j] {
			err := d.invalid(p, InLiteral, d.pos).(*SyntaxError)
			err.msg += " " + word + " (expecting " + quoteChar(word[j]) + ")"
			return nil, err
		}
	}
	d.pos += len(word)
	return v, nil
}
