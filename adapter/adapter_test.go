package adapter_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

func TestCompareIsATotalOrderOnDates(t *testing.T) {
	values := []any{
		"2024-01-01T00:00:00Z",
		"2024-01-01T00:00:00.5Z",
		"2024-01-01T01:00:00+02:00", // 23:00 the day before
		"2024-01-02",
		"not a date",
		"also not",
	}
	for _, a := range values {
		for _, b := range values {
			ab, _ := adapter.Compare(schema.TypeDate, a, b, false)
			ba, _ := adapter.Compare(schema.TypeDate, b, a, false)
			assert.Equal(t, -ab, ba, "antisymmetric for %v, %v", a, b)
		}
	}
	c, ok := adapter.Compare(schema.TypeDate, "2024-01-01T01:00:00+02:00", "2024-01-01T00:00:00Z", false)
	assert.True(t, ok)
	assert.Equal(t, -1, c, "dates compare as instants, not as text")
	c, _ = adapter.Compare(schema.TypeDate, "zzz", "2024-01-01T00:00:00Z", false)
	assert.Equal(t, 1, c, "a string that is no date sorts after the dates")
	assert.True(t, adapter.Equal(schema.TypeDate, "2024-01-01T02:00:00+02:00", "2024-01-01T00:00:00Z", false))
}

func TestCompareNumbersOfAnyGoType(t *testing.T) {
	for _, pair := range [][2]any{{int(10), 9.0}, {10.0, int64(9)}, {int64(10), int(9)}} {
		c, ok := adapter.Compare(schema.TypeNumber, pair[0], pair[1], false)
		assert.True(t, ok)
		assert.Equal(t, 1, c, "%T(%v) > %T(%v)", pair[0], pair[0], pair[1], pair[1])
		assert.False(t, adapter.Equal(schema.TypeNumber, pair[0], pair[1], false))
	}
	assert.True(t, adapter.Equal(schema.TypeNumber, int(3), 3.0, false))
	assert.True(t, adapter.Equal(schema.TypeNumber, 3.0, int64(3), false))
}

func TestFilterMatch(t *testing.T) {
	rec := adapter.Record{"name": "Ada Lovelace", "age": 36.0, "tags": []any{"math", "go"}, "gone": nil}
	cases := []struct {
		name string
		f    adapter.Filter
		want bool
	}{
		{"eq any of", adapter.Filter{Field: "age", Type: "number", Op: adapter.OpEq, Values: []any{1.0, 36.0}}, true},
		{"ne", adapter.Filter{Field: "age", Type: "number", Op: adapter.OpNe, Values: []any{36.0}}, false},
		{"gt", adapter.Filter{Field: "age", Type: "number", Op: adapter.OpGt, Values: []any{35.0}}, true},
		{"lte", adapter.Filter{Field: "age", Type: "number", Op: adapter.OpLte, Values: []any{35.0}}, false},
		{"in", adapter.Filter{Field: "age", Type: "number", Op: adapter.OpIn, Values: []any{35.0, 36.0}}, true},
		{"nin", adapter.Filter{Field: "age", Type: "number", Op: adapter.OpNin, Values: []any{36.0}}, false},
		{"contains string", adapter.Filter{Field: "name", Type: "string", Op: adapter.OpContains, Values: []any{"Love"}}, true},
		{"contains folded", adapter.Filter{Field: "name", Type: "string", Op: adapter.OpContains, Values: []any{"love"}, Fold: true}, true},
		{"contains exact case", adapter.Filter{Field: "name", Type: "string", Op: adapter.OpContains, Values: []any{"love"}}, false},
		{"contains in array", adapter.Filter{Field: "tags", Type: "array", Op: adapter.OpContains, Values: []any{"go"}}, true},
		{"startsWith", adapter.Filter{Field: "name", Type: "string", Op: adapter.OpStartsWith, Values: []any{"Ada"}}, true},
		{"endsWith folded", adapter.Filter{Field: "name", Type: "string", Op: adapter.OpEndsWith, Values: []any{"LACE"}, Fold: true}, true},
		{"exists", adapter.Filter{Field: "name", Op: adapter.OpExists, Values: []any{true}}, true},
		{"null is not there", adapter.Filter{Field: "gone", Op: adapter.OpExists, Values: []any{false}}, true},
		{"missing fails eq", adapter.Filter{Field: "nope", Op: adapter.OpEq, Values: []any{nil}}, false},
		{"missing passes ne", adapter.Filter{Field: "nope", Op: adapter.OpNe, Values: []any{1.0}}, true},
		{"missing passes nin", adapter.Filter{Field: "nope", Op: adapter.OpNin, Values: []any{1.0}}, true},
		{"missing fails gt", adapter.Filter{Field: "gone", Type: "number", Op: adapter.OpGt, Values: []any{0.0}}, false},
		{"wrong kind fails gt", adapter.Filter{Field: "name", Type: "number", Op: adapter.OpGt, Values: []any{0.0}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, c.f.Match(rec))
		})
	}
}

func TestSearchIsCaseInsensitiveOverStrings(t *testing.T) {
	q := &adapter.Query{Search: "LOVE"}
	assert.True(t, q.Match(adapter.Record{"name": "Ada Lovelace"}))
	assert.False(t, q.Match(adapter.Record{"age": 36.0}))
	assert.True(t, (&adapter.Query{Search: "ÉCOLE"}).Match(adapter.Record{"name": "l'école"}))
}

func TestSortMissingLastBothWays(t *testing.T) {
	recs := []adapter.Record{{"id": 1.0}, {"id": 2.0, "n": 5.0}, {"id": 3.0, "n": nil}, {"id": 4.0, "n": 1.0}}
	adapter.SortRecords(recs, []adapter.SortKey{{Field: "n", Type: "number"}})
	assert.Equal(t, []any{4.0, 2.0, 1.0, 3.0}, ids(recs))
	adapter.SortRecords(recs, []adapter.SortKey{{Field: "n", Type: "number", Desc: true}})
	assert.Equal(t, []any{2.0, 4.0, 1.0, 3.0}, ids(recs), "missing values stay last, in their stable order")
}

func ids(recs []adapter.Record) []any {
	out := make([]any, len(recs))
	for i, r := range recs {
		out[i] = r["id"]
	}
	return out
}

func TestBounds(t *testing.T) {
	cases := []struct {
		page, perPage, total, start, end int
	}{
		{1, 10, 25, 0, 10},
		{3, 10, 25, 20, 25},
		{4, 10, 25, 25, 25},
		{1, 0, 25, 0, 25},
		{int(^uint(0) >> 1), 10, 25, 25, 25},
		{2, int(^uint(0) >> 1), 25, 25, 25},
	}
	for _, c := range cases {
		q := &adapter.Query{Page: c.page, PerPage: c.perPage}
		start, end := q.Bounds(c.total)
		assert.Equal(t, [2]int{c.start, c.end}, [2]int{start, end}, "page %d perPage %d", c.page, c.perPage)
	}
}

func TestKey(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
		ok   bool
	}{
		{1.0, "1", true}, {-7.0, "-7", true}, {"abc", "abc", true}, {1.5, "", false},
		{1e20, "", false}, {nil, "", false}, {true, "", false}, {map[string]any{}, "", false},
	} {
		got, ok := adapter.Key(c.v)
		assert.Equal(t, c.ok, ok, "%v", c.v)
		assert.Equal(t, c.want, got, "%v", c.v)
	}
}

func TestCloneSharesNothing(t *testing.T) {
	r := adapter.Record{"obj": map[string]any{"a": []any{1.0}}}
	c := adapter.Clone(r)
	c["obj"].(map[string]any)["a"].([]any)[0] = 2.0
	assert.Equal(t, 1.0, r["obj"].(map[string]any)["a"].([]any)[0])
}

// getOnly is a Tx without Exister: Get answers from a map, or fails with err.
type getOnly struct {
	recs map[string]adapter.Record
	err  error
}

func (g getOnly) Get(_ string, id any) (adapter.Record, error) {
	if g.err != nil {
		return nil, g.err
	}
	k, _ := adapter.Key(id)
	if r, ok := g.recs[k]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("no %v: %w", id, adapter.ErrNotFound)
}

func (getOnly) List(string, *adapter.Query) (adapter.Page, error) { return adapter.Page{}, nil }
func (getOnly) Counter(string) int64                              { return 0 }

func TestExistsFallsBackToGet(t *testing.T) {
	tx := getOnly{recs: map[string]adapter.Record{"1": {"id": 1.0}}}
	ok, err := adapter.Exists(tx, "users", 1.0)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = adapter.Exists(tx, "users", 2.0)
	require.NoError(t, err)
	assert.False(t, ok, "ErrNotFound means absent")

	broken := errors.New("connection lost")
	ok, err = adapter.Exists(getOnly{err: broken}, "users", 1.0)
	assert.ErrorIs(t, err, broken, "other errors are returned")
	assert.False(t, ok)
}

// insertOnly is a WriteTx without OwnedInserter: Insert keeps a copy.
type insertOnly struct {
	getOnly
	inserted []adapter.Record
}

func (t *insertOnly) Insert(_ string, rec adapter.Record) error {
	t.inserted = append(t.inserted, adapter.Clone(rec))
	return nil
}
func (*insertOnly) Replace(string, adapter.Record) error { return nil }
func (*insertOnly) Delete(string, any) error             { return nil }

// owning keeps what InsertOwned hands it.
type owning struct {
	insertOnly
	owned []adapter.Record
}

func (t *owning) InsertOwned(_ string, rec adapter.Record) error {
	t.owned = append(t.owned, rec)
	return nil
}

func TestInsertOwned(t *testing.T) {
	rec := adapter.Record{"id": 1.0}
	plain := &insertOnly{}
	require.NoError(t, adapter.InsertOwned(plain, "users", rec))
	assert.Equal(t, []adapter.Record{{"id": 1.0}}, plain.inserted, "without OwnedInserter, through Insert")

	own := &owning{}
	require.NoError(t, adapter.InsertOwned(own, "users", rec))
	require.Len(t, own.owned, 1)
	assert.Empty(t, own.inserted, "with OwnedInserter, Insert is not called")
	assert.Equal(t, reflect.ValueOf(rec).Pointer(), reflect.ValueOf(own.owned[0]).Pointer(), "the record itself is handed over")
}
