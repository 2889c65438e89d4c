package postgres

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/jsonwire"
)

// A record is stored as a row:
//
//   - each declared field in its typed column, when its value fits the
//     column exactly (a string without NUL in text, an integral number in
//     bigint, a parseable date in text plus its instant, ...);
//   - _extra (jsonb) holds the undeclared fields, and the declared ones
//     whose value does not fit their column (the column is then NULL);
//   - _exact (bytea, JSON) holds the exact value of the entries whose
//     query-visible copy in _extra had to change: PostgreSQL text cannot hold
//     U+0000, so strings in _extra carry U+FFFD in its place, jsonb has no
//     negative zero, and an integer a float64 cannot hold (a json.Number)
//     shows in _extra as its nearest float64;
//   - _absent (text[]) names the declared fields the record does not have,
//     telling an absent field from a null one;
//   - _inst (jsonb) maps each field whose value is a string that
//     adapter.Instant reads as a date to that instant, in seconds since the
//     epoch (a JSON number, exact to the nanosecond), so that queries can
//     order the strings of undeclared fields as adapter.Compare does; NULL
//     when there are none. Reads never look at it.
//
// Decoding reverses this exactly, so Get returns what Insert stored.

// encoded is a record ready to bind: values in the table's storage order.
type encoded struct {
	args []any
	key  any // the primary key column's value
}

// keyArg returns the value of t's primary key column for the id v, or false
// when v is not a key (see adapter.Key) or cannot be one in this column.
func keyArg(t *table, v any) (any, bool) {
	k, ok := adapter.Key(v)
	if !ok {
		return nil, false
	}
	if t.key.kind == kindInt {
		n, err := strconv.ParseInt(k, 10, 64)
		if err != nil || strconv.FormatInt(n, 10) != k {
			return nil, false
		}
		return n, true
	}
	if !storable(k) {
		return nil, false
	}
	return k, true
}

// storable reports whether PostgreSQL text holds s unchanged.
func storable(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// encodeRecord splits rec into the columns of t.
func encodeRecord(t *table, rec adapter.Record) (encoded, error) {
	if rec == nil {
		return encoded{}, fmt.Errorf("postgres: %s: nil record", t.resource)
	}
	keyVal := rec[t.key.field]
	key, ok := keyArg(t, keyVal)
	if !ok {
		if _, valid := adapter.Key(keyVal); valid {
			return encoded{}, fmt.Errorf("postgres: %s: primary key %q=%v cannot be stored in a %s column", t.resource, t.key.field, keyVal, t.key.kind.sqlType())
		}
		return encoded{}, fmt.Errorf("postgres: %s: primary key %q missing or not a valid key", t.resource, t.key.field)
	}
	extra := map[string]any{}
	exact := map[string]any{}
	var absent []string
	overflow := func(name string, v any) error {
		clean, lossy, err := sanitize(v)
		if err != nil {
			return fmt.Errorf("postgres: %s: field %q: %w", t.resource, name, err)
		}
		extra[name] = clean
		if lossy {
			exact[name] = v
		}
		return nil
	}
	e := encoded{key: key, args: make([]any, 0, len(t.cols)+4)}
	for _, c := range t.storageOrder() {
		v, present := rec[c.field]
		var typed, instant any
		switch {
		case c.pk:
			typed = key
			if !naturalKey(c.kind, v) {
				if err := overflow(c.field, v); err != nil {
					return encoded{}, err
				}
			}
		case !present:
			absent = append(absent, c.field)
		case v == nil:
		default:
			var fits bool
			typed, instant, fits = c.kind.encode(v)
			if !fits {
				typed, instant = nil, nil
				if err := overflow(c.field, v); err != nil {
					return encoded{}, err
				}
			}
		}
		e.args = append(e.args, typed)
		if c.instant != "" {
			e.args = append(e.args, instant)
		}
	}
	for name, v := range rec {
		if _, declared := t.byField[name]; declared {
			continue
		}
		if !storable(name) {
			// The key itself cannot be a jsonb key: keep it in _exact only.
			if _, err := json.Marshal(v); err != nil {
				return encoded{}, fmt.Errorf("postgres: %s: field %q: %w", t.resource, name, err)
			}
			exact[name] = v
			continue
		}
		if err := overflow(name, v); err != nil {
			return encoded{}, err
		}
	}
	extraJSON, err := marshal(extra)
	if err != nil {
		return encoded{}, fmt.Errorf("postgres: %s: %w", t.resource, err)
	}
	var exactJSON []byte
	if len(exact) > 0 {
		if exactJSON, err = marshal(exact); err != nil {
			return encoded{}, fmt.Errorf("postgres: %s: %w", t.resource, err)
		}
	}
	slices.Sort(absent)
	instJSON, err := instants(rec)
	if err != nil {
		return encoded{}, fmt.Errorf("postgres: %s: %w", t.resource, err)
	}
	e.args = append(e.args, extraJSON, exactJSON, absent, instJSON)
	return e, nil
}

// instants returns the _inst object of rec (see the storage notes above),
// or nil when no value of rec is a date string.
func instants(rec adapter.Record) ([]byte, error) {
	var inst map[string]json.Number
	for name, v := range rec {
		s, isStr := v.(string)
		if !isStr || !storable(name) {
			continue
		}
		if tm, ok := adapter.Instant(s); ok {
			if inst == nil {
				inst = map[string]json.Number{}
			}
			inst[name] = json.Number(instantText(tm))
		}
	}
	if inst == nil {
		return nil, nil
	}
	return marshal(inst)
}

// instantText writes t as seconds since the Unix epoch with nine decimals,
// the value instantOf gives.
func instantText(t time.Time) string {
	sec, nsec := t.Unix(), int64(t.Nanosecond())
	if sec < 0 && nsec > 0 {
		// -1.25 is Unix -2 and 750000000 nanoseconds.
		return "-" + strconv.FormatInt(-sec-1, 10) + "." + fmt.Sprintf("%09d", 1_000_000_000-nsec)
	}
	return strconv.FormatInt(sec, 10) + "." + fmt.Sprintf("%09d", nsec)
}

// naturalKey reports whether the key column of kind k reads back as v
// itself: a float64 from bigint, a string from text.
func naturalKey(k kind, v any) bool {
	if k == kindInt {
		f, ok := v.(float64)
		return ok && !(f == 0 && math.Signbit(f))
	}
	_, ok := v.(string)
	return ok
}

// encode returns the column value (and instant, for dates) of v, or false
// when v does not fit the column exactly.
func (k kind) encode(v any) (typed, instant any, ok bool) {
	switch k {
	case kindText:
		if s, isStr := v.(string); isStr && storable(s) {
			return s, nil, true
		}
	case kindDate:
		if s, isStr := v.(string); isStr && storable(s) {
			if tm, parsed := adapter.ParseTime(s); parsed {
				return s, instantOf(tm), true
			}
			return s, nil, true
		}
	case kindInt:
		if f, isNum := v.(float64); isNum && f == math.Trunc(f) && f >= -(1<<63) && f < 1<<63 && !(f == 0 && math.Signbit(f)) {
			return int64(f), nil, true
		}
	case kindFloat:
		if f, isNum := v.(float64); isNum {
			return f, nil, true
		}
	case kindBool:
		if b, isBool := v.(bool); isBool {
			return b, nil, true
		}
	case kindJSON:
		clean, lossy, err := sanitize(v)
		if err != nil || lossy {
			return nil, nil, false
		}
		b, err := marshal(clean)
		if err != nil {
			return nil, nil, false
		}
		return b, nil, true
	}
	return nil, nil, false
}

// instantOf returns t as a numeric of seconds since the Unix epoch with
// nanosecond precision, which orders and compares exactly as time.Time
// does (timestamptz would keep only microseconds).
func instantOf(t time.Time) pgtype.Numeric {
	n := new(big.Int).Mul(big.NewInt(t.Unix()), big.NewInt(1e9))
	n.Add(n, big.NewInt(int64(t.Nanosecond())))
	return pgtype.Numeric{Int: n, Exp: -9, Valid: true}
}

// sanitize returns the copy of a JSON value that PostgreSQL can hold in
// jsonb and text: U+0000 and invalid UTF-8 in strings and keys become
// U+FFFD. Lossy reports whether the copy differs from v (negative zero
// counts, since jsonb drops its sign). Values that are not JSON (NaN, Inf,
// other Go types) are an error.
func sanitize(v any) (clean any, lossy bool, err error) {
	switch t := v.(type) {
	case nil, bool:
		return t, false, nil
	case string:
		if storable(t) {
			return t, false, nil
		}
		return cleanString(t), true, nil
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, false, fmt.Errorf("%v is not a JSON number", t)
		}
		return t, t == 0 && math.Signbit(t), nil
	case int:
		return float64(t), false, nil
	case int64:
		return float64(t), false, nil
	case json.Number:
		// An integer beyond what a float64 holds: queries see the nearest
		// float64, _exact keeps the digits.
		f, err := t.Float64()
		if err != nil || math.IsInf(f, 0) {
			return nil, false, fmt.Errorf("%q is not a JSON number a float64 can approach", t)
		}
		return f, true, nil
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			c, l, err := sanitize(e)
			if err != nil {
				return nil, false, err
			}
			out[i], lossy = c, lossy || l
		}
		return out, lossy, nil
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			c, l, err := sanitize(e)
			if err != nil {
				return nil, false, err
			}
			ck := k
			if !storable(k) {
				ck, l = cleanString(k), true
			}
			out[ck], lossy = c, lossy || l
		}
		return out, lossy, nil
	default:
		return nil, false, fmt.Errorf("a %T is not a JSON value", v)
	}
}

// cleanString replaces U+0000 and invalid UTF-8 in s with U+FFFD.
func cleanString(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// marshal encodes v as compact JSON without HTML escaping.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// scanned holds one row as read from the select list of a table.
type scanned struct {
	texts  []pgtype.Text
	ints   []pgtype.Int8
	floats []pgtype.Float8
	bools  []pgtype.Bool
	jsons  [][]byte
	extra  []byte
	exact  []byte
	absent []string
	dest   []any
}

// newScanned returns scan targets for the select list of t.
func newScanned(t *table) *scanned {
	n := len(t.cols)
	s := &scanned{
		texts: make([]pgtype.Text, n), ints: make([]pgtype.Int8, n), floats: make([]pgtype.Float8, n),
		bools: make([]pgtype.Bool, n), jsons: make([][]byte, n), dest: make([]any, 0, n+3),
	}
	for i, c := range t.storageOrder() {
		switch c.kind {
		case kindInt:
			s.dest = append(s.dest, &s.ints[i])
		case kindFloat:
			s.dest = append(s.dest, &s.floats[i])
		case kindBool:
			s.dest = append(s.dest, &s.bools[i])
		case kindJSON:
			s.dest = append(s.dest, &s.jsons[i])
		default:
			s.dest = append(s.dest, &s.texts[i])
		}
	}
	s.dest = append(s.dest, &s.extra, &s.exact, &s.absent)
	return s
}

// record rebuilds the record of the row last scanned into s.
func (s *scanned) record(t *table) (adapter.Record, error) {
	rec := make(adapter.Record, len(t.cols)+2)
	for i, c := range t.storageOrder() {
		var v any
		var null bool
		switch c.kind {
		case kindInt:
			v, null = float64(s.ints[i].Int64), !s.ints[i].Valid
		case kindFloat:
			v, null = s.floats[i].Float64, !s.floats[i].Valid
		case kindBool:
			v, null = s.bools[i].Bool, !s.bools[i].Valid
		case kindJSON:
			if s.jsons[i] == nil {
				null = true
			} else if err := json.Unmarshal(s.jsons[i], &v); err != nil {
				return nil, fmt.Errorf("postgres: %s: reading %s: %w", t.resource, c.field, err)
			}
		default:
			v, null = s.texts[i].String, !s.texts[i].Valid
		}
		switch {
		case !null:
			rec[c.field] = v
		case !slices.Contains(s.absent, c.field):
			rec[c.field] = nil
		}
	}
	if err := mergeJSON(rec, s.extra, false); err != nil {
		return nil, fmt.Errorf("postgres: %s: reading _extra: %w", t.resource, err)
	}
	if err := mergeJSON(rec, s.exact, true); err != nil {
		return nil, fmt.Errorf("postgres: %s: reading _exact: %w", t.resource, err)
	}
	return rec, nil
}

// mergeJSON sets the entries of the JSON object b (if any) in rec. With
// exact, b is _exact, written by marshal, whose integers a float64 cannot
// hold come back as the json.Numbers they were; _extra is jsonb text, whose
// large floats PostgreSQL writes out in full digits, so its numbers are
// all read as float64.
func mergeJSON(rec adapter.Record, b []byte, exact bool) error {
	if len(b) == 0 || bytes.Equal(b, []byte("{}")) {
		return nil
	}
	var m map[string]any
	if exact {
		var err error
		if m, err = jsonwire.DecodeObject(b, nil, 0); err != nil {
			return err
		}
	} else if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if m == nil {
		return errors.New("not a JSON object")
	}
	for k, v := range m {
		rec[k] = v
	}
	return nil
}
