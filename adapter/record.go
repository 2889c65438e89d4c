package adapter

// Record is one stored record: a JSON object decoded into Go values
// (float64, string, bool, nil, map[string]any, []any). Normalize turns
// other Go values into these.
type Record = map[string]any

// Clone returns a deep copy of r, so the copy shares no maps or slices with r.
func Clone(r Record) Record {
	if r == nil {
		return nil
	}
	c := make(Record, len(r))
	for k, v := range r {
		c[k] = CloneValue(v)
	}
	return c
}

// CloneValue returns a deep copy of a JSON value.
func CloneValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return Clone(t)
	case []any:
		c := make([]any, len(t))
		for i, e := range t {
			c[i] = CloneValue(e)
		}
		return c
	default:
		return v
	}
}
