package memory_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

// chooser picks numbers in [0, n). Random tests use a seeded rand.Rand; the
// fuzz test reads its choices from the fuzzer's bytes.
type chooser interface {
	IntN(n int) int
}

// byteChooser reads choices from b, then zeros.
type byteChooser struct {
	b []byte
}

func (c *byteChooser) IntN(n int) int {
	if n <= 1 || len(c.b) == 0 {
		return 0
	}
	v := int(c.b[0])
	c.b = c.b[1:]
	return v % n
}

// scenarioSpec declares one resource whose fields cover every index kind.
// Its records also carry two fields it does not declare: extra, and u,
// which indexedFields names (so it is indexed as an undeclared field).
func scenarioSpec() *schema.Spec {
	return &schema.Spec{
		Resources: []schema.Resource{
			{
				Name: "items",
				Fields: []schema.Field{
					{Name: "id", Type: schema.TypeNumber},
					{Name: "cat", Type: schema.TypeString},
					{Name: "n", Type: schema.TypeNumber, Unique: true},
					{Name: "at", Type: schema.TypeDate},
					{Name: "flag", Type: schema.TypeBoolean},
					{Name: "tags", Type: schema.TypeArray},
					{Name: "ref", Type: schema.TypeNumber, References: &schema.Reference{Resource: "items"}},
					{Name: "note", Type: schema.TypeString},
				},
			},
		},
		Options: schema.Options{Database: schema.Database{Optimizations: schema.Optimizations{
			IndexedFields: []string{"cat", "at", "flag", "tags", "id", "u"},
		}}},
	}
}

var scenarioFields = []struct{ name, typ string }{
	{"id", schema.TypeNumber},
	{"cat", schema.TypeString},
	{"n", schema.TypeNumber},
	{"at", schema.TypeDate},
	{"flag", schema.TypeBoolean},
	{"tags", schema.TypeArray},
	{"ref", schema.TypeNumber},
	{"note", schema.TypeString},
	{"extra", ""},
	{"u", ""},
}

// mixed is the domain of undeclared fields: values of every JSON type,
// numbers and booleans also written as text, dates of several forms (some
// of the same instant), and text that differs only in case.
var mixed = []any{
	"alpha", "Alpha", "10", 10.0, 7.0, "7", true, "true", false, "",
	"2024-01-01T00:00:00Z", "2024-01-01T01:00:00+01:00", "2024-01-01", "2024-01-01T00:00:00.5Z",
	"2024-01-01T00:00:00.500Z", "2023-12-31T23:59:59Z", "2024-01-02T00:00", "ünï", "Ünï",
	[]any{"a", 1.0, true}, []any{"A"}, map[string]any{"k": "v"},
}

// texts are query values for undeclared fields, as a URL gives them.
var texts = []string{
	"alpha", "ALPHA", "10", "7", "10.0", "true", "false", "", "a", "ünï",
	"2024-01-01", "2024-01-01T00:00:00Z", "2024-01-01T00:30:00+00:00", "2024-01-01T00:00:00.5Z", "2023-12-31T23:59:59Z",
}

// value returns a value for a field of type typ: mostly from a small domain
// of the declared type (so that ties happen), sometimes of another kind,
// sometimes one adapter.Compare orders inconsistently.
func value(c chooser, typ string) any {
	switch c.IntN(12) {
	case 0:
		return nil
	case 1:
		odd := []any{
			int(c.IntN(4)), int64(c.IntN(4)), math.NaN(), math.Inf(-1), true, false, "",
			"2024-01-02T00:00:00,5Z", "2024-01-02T00:00:00.5000000009Z", "2024-01-02T00:00:00.5000000001Z",
			"2024-13-01T00:00:00Z", "garbage",
			[]any{"a", 1.0}, map[string]any{"k": "v"}, float32(1), "2024-01-01",
		}
		return odd[c.IntN(len(odd))]
	}
	switch typ {
	case schema.TypeNumber:
		return float64(c.IntN(6) - 1)
	case schema.TypeDate:
		dates := []string{
			"2024-01-01T00:00:00Z", "2024-01-01", "2024-01-01T01:00:00+01:00", "2024-01-02T00:00:00.5Z",
			"2024-01-02T00:00:00.25Z", "2024-01-03T12:00:00Z", "2023-12-31T23:59:59Z", "2024-01-02T00:00",
		}
		return dates[c.IntN(len(dates))]
	case schema.TypeBoolean:
		return c.IntN(2) == 0
	case "":
		return mixed[c.IntN(len(mixed))]
	case schema.TypeArray:
		tags := []any{"a", "b", "A", "ü"}
		n := c.IntN(3)
		out := make([]any, n)
		for i := range out {
			out[i] = tags[c.IntN(len(tags))]
		}
		return out
	default:
		words := []string{"alpha", "Alpha", "beta", "BETA", "ünï", "Ünï", "", "a"}
		return words[c.IntN(len(words))]
	}
}

// record returns a record with primary key id and random fields.
func record(c chooser, id float64) adapter.Record {
	rec := adapter.Record{"id": id}
	for _, f := range scenarioFields[1:] {
		if c.IntN(6) == 0 {
			continue // missing
		}
		rec[f.name] = value(c, f.typ)
	}
	return rec
}

// query returns a random query over the scenario's fields.
func query(c chooser) *adapter.Query {
	q := &adapter.Query{}
	types := []string{schema.TypeNumber, schema.TypeString, schema.TypeDate, schema.TypeBoolean, schema.TypeArray, ""}
	typeOf := func(declared string) string {
		if c.IntN(4) == 0 {
			return types[c.IntN(len(types))]
		}
		return declared
	}
	for range c.IntN(3) {
		f := scenarioFields[c.IntN(len(scenarioFields))]
		op := adapter.Ops[c.IntN(len(adapter.Ops))]
		if c.IntN(2) == 0 {
			op = []adapter.Op{adapter.OpEq, adapter.OpIn}[c.IntN(2)]
		}
		filter := adapter.Filter{Field: f.name, Type: typeOf(f.typ), Op: op, Fold: c.IntN(4) == 0}
		if op == adapter.OpExists {
			filter.Values = []any{c.IntN(2) == 0}
		} else {
			for range 1 + c.IntN(3) {
				vt := f.typ
				if vt == schema.TypeArray {
					vt = schema.TypeString
				}
				// The parser reads values of undeclared fields per record
				// (adapter.Untyped); hand-built queries may hold anything.
				if filter.Type == "" && c.IntN(3) > 0 || c.IntN(8) == 0 {
					filter.Values = append(filter.Values, adapter.NewUntyped(texts[c.IntN(len(texts))]))
					continue
				}
				filter.Values = append(filter.Values, value(c, vt))
			}
		}
		q.Filters = append(q.Filters, filter)
	}
	if c.IntN(5) == 0 {
		q.Search = []string{"a", "Ü", "ET", ""}[c.IntN(4)]
	}
	for range c.IntN(3) {
		f := scenarioFields[c.IntN(len(scenarioFields))]
		q.Sort = append(q.Sort, adapter.SortKey{Field: f.name, Type: typeOf(f.typ), Desc: c.IntN(2) == 0})
	}
	if c.IntN(3) > 0 {
		q.PerPage = c.IntN(5)
		q.Page = c.IntN(5)
	}
	return q
}

// model is the brute-force reference: records in insertion order.
type model struct {
	recs    []adapter.Record
	counter int64
}

func (m *model) find(id float64) int {
	return slices.IndexFunc(m.recs, func(r adapter.Record) bool { return r["id"] == id })
}

func (m *model) list(q *adapter.Query) adapter.Page {
	var matched []adapter.Record
	for _, r := range m.recs {
		if q.Match(r) {
			matched = append(matched, r)
		}
	}
	adapter.SortRecords(matched, q.Sort)
	start, end := q.Bounds(len(matched))
	return adapter.Page{Records: matched[start:end], Total: len(matched)}
}

// errRolledBack fails an Update on purpose.
var errRolledBack = errors.New("rolled back")

// runScenario applies random writes to a DB and to the model and checks
// that random queries, and Get, agree. It backs up and restores, and runs
// Updates of several writes that fail and must leave no trace.
func runScenario(t *testing.T, c chooser, steps int) {
	ctx := t.Context()
	db := memory.New()
	t.Cleanup(func() { _ = db.Close() })
	require.NoError(t, db.Initialize(ctx, scenarioSpec(), nil))
	m := &model{}
	var saved adapter.State
	var savedModel model
	for step := range steps {
		switch op := c.IntN(11); {
		case op == 10:
			// Several writes, then a failure: every one must be undone.
			n := 1 + c.IntN(6)
			err := db.Update(ctx, func(tx adapter.WriteTx) error {
				for range n {
					id := float64(c.IntN(40))
					switch c.IntN(3) {
					case 0:
						_ = tx.Insert("items", record(c, id))
					case 1:
						_ = tx.Replace("items", record(c, id))
					default:
						_ = tx.Delete("items", id)
					}
				}
				return errRolledBack
			})
			require.ErrorIs(t, err, errRolledBack, "step %d", step)
		case op < 4:
			id := float64(c.IntN(40))
			rec := record(c, id)
			err := db.Update(ctx, func(tx adapter.WriteTx) error { return tx.Insert("items", rec) })
			if i := m.find(id); i >= 0 {
				require.ErrorIs(t, err, adapter.ErrConflict, "step %d", step)
			} else {
				require.NoError(t, err, "step %d", step)
				m.recs = append(m.recs, adapter.Clone(rec))
				m.counter = max(m.counter, int64(id))
			}
		case op < 6:
			id := float64(c.IntN(40))
			rec := record(c, id)
			err := db.Update(ctx, func(tx adapter.WriteTx) error { return tx.Replace("items", rec) })
			if i := m.find(id); i >= 0 {
				require.NoError(t, err, "step %d", step)
				m.recs[i] = adapter.Clone(rec)
			} else {
				require.ErrorIs(t, err, adapter.ErrNotFound, "step %d", step)
			}
		case op < 7:
			id := float64(c.IntN(40))
			err := db.Update(ctx, func(tx adapter.WriteTx) error { return tx.Delete("items", id) })
			if i := m.find(id); i >= 0 {
				require.NoError(t, err, "step %d", step)
				m.recs = slices.Delete(m.recs, i, i+1)
			} else {
				require.ErrorIs(t, err, adapter.ErrNotFound, "step %d", step)
			}
		case op < 8 && saved == nil:
			st, err := db.Backup(ctx)
			require.NoError(t, err)
			saved, savedModel = st, model{recs: slices.Clone(m.recs), counter: m.counter}
		case op < 8:
			require.NoError(t, db.Restore(ctx, saved))
			*m = model{recs: slices.Clone(savedModel.recs), counter: savedModel.counter}
		default:
			q := query(c)
			var got adapter.Page
			require.NoError(t, db.View(ctx, func(tx adapter.Tx) error {
				var err error
				got, err = tx.List("items", q)
				return err
			}))
			want := m.list(q)
			if !assert.Equal(t, fmt.Sprint(want), fmt.Sprint(got), "step %d: query %+v", step, *q) {
				return
			}
		}
	}
	var counter int64
	var all adapter.Page
	require.NoError(t, db.View(ctx, func(tx adapter.Tx) error {
		counter = tx.Counter("items")
		var err error
		all, err = tx.List("items", nil)
		return err
	}))
	assert.Equal(t, m.counter, counter)
	assert.Equal(t, fmt.Sprint(m.recs), fmt.Sprint(all.Records))
}

func TestListMatchesScan(t *testing.T) {
	for seed := range uint64(40) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			runScenario(t, rand.New(rand.NewPCG(seed, 0x5eed)), 400)
		})
	}
}

func FuzzListMatchesScan(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 9, 9, 9, 9, 4, 5, 9, 9, 0, 9})
	f.Add([]byte("\x00\x05\x01\x09\x09\x09\x00\x07\x07\x09\x09\x09\x09\x09\x09\x09"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c := &byteChooser{b: b}
		runScenario(t, c, min(len(b), 300))
	})
}
