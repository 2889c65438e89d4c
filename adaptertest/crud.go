package adaptertest

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
)

func crudCases() []testCase {
	return []testCase{
		{name: "InitialData", run: testInitialData},
		{name: "Get", run: testGet},
		{name: "GetHostileIDs", run: testGetHostileIDs},
		{name: "Exists", run: testExists},
		{name: "JSONReader", run: testJSONReader},
		{name: "Insert", run: testInsert},
		{name: "InsertOwned", run: testInsertOwned},
		{name: "InsertStringKey", run: testInsertStringKey},
		{name: "InsertConflict", run: testInsertConflict},
		{name: "InsertInvalidKey", run: testInsertInvalidKey},
		{name: "InsertHostileValues", run: testInsertHostileValues},
		{name: "Replace", run: testReplace},
		{name: "ReplaceMissing", run: testReplaceMissing},
		{name: "Delete", run: testDelete},
		{name: "DeleteThenInsertGoesLast", run: testDeleteThenInsert},
		{name: "UnknownResource", run: testUnknownResource},
		{name: "ReadYourWrites", run: testReadYourWrites},
		{name: "Rollback", run: testRollback},
		{name: "CopyOnInsert", run: testCopyOnInsert},
		{name: "CopyOnReplace", run: testCopyOnReplace},
		{name: "CopyOnGet", run: testCopyOnGet},
		{name: "CopyOnList", run: testCopyOnList},
		{name: "InitialStateUntouched", raw: true, run: testInitialStateUntouched},
		{name: "CounterNeverDecreases", run: testCounter},
	}
}

func testInitialData(t *testing.T, a adapter.DatabaseAdapter) {
	want, wantCounters := initialDump()
	got, gotCounters := dump(t, a)
	assert.Equal(t, want, got)
	assert.Equal(t, wantCounters, gotCounters)
	for _, c := range []struct {
		resource string
		key      string
		ids      []any
	}{
		{"users", "id", nums(1, 2, 3, 4, 5)},
		{"posts", "id", nums(1, 2, 3)},
		{"sessions", "token", []any{token1, token2}},
	} {
		page := list(t, a, c.resource, nil)
		assert.Equal(t, c.ids, keys(page.Records, c.key), "%s in insertion order", c.resource)
		assert.Equal(t, len(c.ids), page.Total, "%s total", c.resource)
	}
	view(t, a, func(tx adapter.Tx) {
		assert.Equal(t, int64(7), tx.Counter("users"))
		assert.Equal(t, int64(3), tx.Counter("posts"))
		assert.Equal(t, int64(0), tx.Counter("sessions"))
	})
}

func testGet(t *testing.T, a adapter.DatabaseAdapter) {
	d, _ := fixtureData()
	assert.Equal(t, d["users"][0], get(t, a, "users", 1.0))
	assert.Equal(t, d["users"][4], get(t, a, "users", 5.0), "undeclared fields are stored")
	assert.Equal(t, d["sessions"][1], get(t, a, "sessions", token2))
	view(t, a, func(tx adapter.Tx) {
		_, err := tx.Get("users", 6.0)
		assert.ErrorIs(t, err, adapter.ErrNotFound, "a deleted id")
		_, err = tx.Get("sessions", "no-such-token")
		assert.ErrorIs(t, err, adapter.ErrNotFound)
	})
}

func testGetHostileIDs(t *testing.T, a adapter.DatabaseAdapter) {
	ids := map[string]any{
		"nil": nil, "bool": true, "fraction": 1.5, "NaN": math.NaN(), "Inf": math.Inf(1),
		"huge": 1e300, "negative": -1.0, "empty": "", "unicode": "💥ü", "map": map[string]any{"id": 1.0},
		"slice": []any{1.0}, "long": string(make([]byte, 1<<16)),
	}
	view(t, a, func(tx adapter.Tx) {
		for name, id := range ids {
			rec, err := tx.Get("users", id)
			assert.ErrorIs(t, err, adapter.ErrNotFound, name)
			assert.Nil(t, rec, name)
		}
	})
	update(t, a, func(tx adapter.WriteTx) error {
		for name, id := range ids {
			assert.ErrorIs(t, tx.Delete("users", id), adapter.ErrNotFound, name)
		}
		return nil
	})
	assert.Equal(t, 5, list(t, a, "users", nil).Total)
}

// testExists checks adapter.Exists, which uses the adapter's Exister when
// its transactions have one, against the records: in a View, and inside an
// Update after an insert and a delete.
func testExists(t *testing.T, a adapter.DatabaseAdapter) {
	check := func(tx adapter.Tx, resource string, id any, want bool) {
		t.Helper()
		got, err := adapter.Exists(tx, resource, id)
		require.NoError(t, err, "%s %v", resource, id)
		assert.Equal(t, want, got, "%s %v", resource, id)
	}
	view(t, a, func(tx adapter.Tx) {
		for _, id := range nums(1, 2, 3, 4, 5) {
			check(tx, "users", id, true)
		}
		check(tx, "users", 6.0, false)
		check(tx, "users", 1.5, false)
		check(tx, "users", nil, false)
		check(tx, "users", math.NaN(), false)
		check(tx, "users", map[string]any{"id": 1.0}, false)
		check(tx, "sessions", token1, true)
		check(tx, "sessions", token1+"x", false)
		// Whatever an adapter makes of a key of the other type, Exists
		// agrees with Get.
		for _, id := range []any{"1", 1, int64(2), token1} {
			_, err := tx.Get("users", id)
			check(tx, "users", id, err == nil)
		}
	})
	update(t, a, func(tx adapter.WriteTx) error {
		require.NoError(t, tx.Insert("users", adapter.Record{"id": 9.0, "email": "exists@example.com"}))
		check(tx, "users", 9.0, true)
		require.NoError(t, tx.Delete("sessions", token2))
		check(tx, "sessions", token2, false)
		return nil
	})
	view(t, a, func(tx adapter.Tx) {
		check(tx, "users", 9.0, true)
		check(tx, "sessions", token2, false)
	})
}

func testInsert(t *testing.T, a adapter.DatabaseAdapter) {
	rec := adapter.Record{"id": 8.0, "email": "eve@example.com", "name": "Eve", "tags": []any{"x"}, "profile": map[string]any{"n": 1.0}}
	update(t, a, func(tx adapter.WriteTx) error {
		return tx.Insert("users", rec)
	})
	assert.Equal(t, rec, get(t, a, "users", 8.0))
	page := list(t, a, "users", nil)
	assert.Equal(t, nums(1, 2, 3, 4, 5, 8), keys(page.Records, "id"), "new records go last")
	assert.Equal(t, 6, page.Total)
	view(t, a, func(tx adapter.Tx) { assert.Equal(t, int64(8), tx.Counter("users")) })
}

func testInsertStringKey(t *testing.T, a adapter.DatabaseAdapter) {
	token := "0b0e6a7c-1d2e-4f3a-8b9c-0d1e2f3a4b5c"
	update(t, a, func(tx adapter.WriteTx) error {
		return tx.Insert("sessions", adapter.Record{"token": token, "userId": 3.0})
	})
	assert.Equal(t, adapter.Record{"token": token, "userId": 3.0}, get(t, a, "sessions", token))
	view(t, a, func(tx adapter.Tx) {
		assert.Equal(t, int64(0), tx.Counter("sessions"), "string keys leave the counter alone")
	})
}

// testInsertOwned checks adapter.InsertOwned, which hands the record over
// when the adapter's transactions can keep it: the record is stored whole,
// reads still return copies, a taken key is still a conflict, and a failed
// Update leaves nothing behind.
func testInsertOwned(t *testing.T, a adapter.DatabaseAdapter) {
	want := func() adapter.Record {
		return adapter.Record{"id": 8.0, "email": "owned@example.com", "tags": []any{"x"}, "profile": map[string]any{"n": 1.0}}
	}
	update(t, a, func(tx adapter.WriteTx) error {
		return adapter.InsertOwned(tx, "users", want())
	})
	got := get(t, a, "users", 8.0)
	assert.Equal(t, want(), got)
	got["email"] = "mutated"
	got["tags"].([]any)[0] = "mutated"
	assert.Equal(t, want(), get(t, a, "users", 8.0), "Get returns a copy of a handed-over record")
	assert.Equal(t, nums(1, 2, 3, 4, 5, 8), keys(list(t, a, "users", nil).Records, "id"), "new records go last")

	before, beforeCounters := dump(t, a)
	err := a.Update(t.Context(), func(tx adapter.WriteTx) error {
		err := adapter.InsertOwned(tx, "users", adapter.Record{"id": 1.0, "email": "dup@example.com"})
		assert.ErrorIs(t, err, adapter.ErrConflict, "users 1 exists")
		require.NoError(t, adapter.InsertOwned(tx, "users", adapter.Record{"id": 30.0, "email": "gone@example.com"}))
		return errors.New("boom")
	})
	require.Error(t, err)
	after, afterCounters := dump(t, a)
	assert.Equal(t, before, after, "a failed Update drops a handed-over record")
	assert.Equal(t, beforeCounters, afterCounters)
}

func testInsertConflict(t *testing.T, a adapter.DatabaseAdapter) {
	before, _ := dump(t, a)
	err := a.Update(t.Context(), func(tx adapter.WriteTx) error {
		err := tx.Insert("users", adapter.Record{"id": 1.0, "email": "dup@example.com"})
		assert.ErrorIs(t, err, adapter.ErrConflict, "users 1 exists")
		err2 := tx.Insert("sessions", adapter.Record{"token": token1})
		assert.ErrorIs(t, err2, adapter.ErrConflict, "session %s exists", token1)
		return err
	})
	assert.ErrorIs(t, err, adapter.ErrConflict, "Update returns fn's error")
	after, _ := dump(t, a)
	assert.Equal(t, before, after)
	assert.Equal(t, "ada@example.com", get(t, a, "users", 1.0)["email"])
}

func testInsertInvalidKey(t *testing.T, a adapter.DatabaseAdapter) {
	cases := map[string]adapter.Record{
		"missing":  {"email": "nokey@example.com"},
		"null":     {"id": nil, "email": "null@example.com"},
		"bool":     {"id": true},
		"fraction": {"id": 2.5},
		"object":   {"id": map[string]any{"a": 1.0}},
		"too big":  {"id": 1e300},
		"nil":      nil,
	}
	for name, rec := range cases {
		err := a.Update(t.Context(), func(tx adapter.WriteTx) error {
			return tx.Insert("users", rec)
		})
		assert.Error(t, err, name)
	}
	assert.Equal(t, nums(1, 2, 3, 4, 5), keys(list(t, a, "users", nil).Records, "id"))
	view(t, a, func(tx adapter.Tx) { assert.Equal(t, int64(7), tx.Counter("users")) })
}

func testInsertHostileValues(t *testing.T, a adapter.DatabaseAdapter) {
	recs := []adapter.Record{
		{"id": 100.0, "email": "", "name": "ünï 🚀 \u202e\x00", "tags": []any{nil, 1.0, "", []any{}}, "extra": map[string]any{"deep": map[string]any{"deeper": []any{map[string]any{}}}}},
		{"id": float64(adapter.MaxSafeInteger), "email": "max@example.com", "age": -1e308},
		{"id": -3.0, "email": "neg@example.com", "age": math.SmallestNonzeroFloat64},
	}
	update(t, a, func(tx adapter.WriteTx) error {
		for _, rec := range recs {
			if err := tx.Insert("users", rec); err != nil {
				return err
			}
		}
		return nil
	})
	for _, rec := range recs {
		assert.Equal(t, rec, get(t, a, "users", rec["id"]))
	}
	view(t, a, func(tx adapter.Tx) {
		assert.Equal(t, int64(adapter.MaxSafeInteger), tx.Counter("users"))
	})
}

func testReplace(t *testing.T, a adapter.DatabaseAdapter) {
	rec := adapter.Record{"id": 2.0, "email": "robert@example.com", "name": "Robert"}
	update(t, a, func(tx adapter.WriteTx) error { return tx.Replace("users", rec) })
	assert.Equal(t, rec, get(t, a, "users", 2.0), "a whole replacement: absent fields are gone")
	assert.Equal(t, nums(1, 2, 3, 4, 5), keys(list(t, a, "users", nil).Records, "id"), "position kept")
	token := adapter.Record{"token": token1, "note": "replaced"}
	update(t, a, func(tx adapter.WriteTx) error { return tx.Replace("sessions", token) })
	assert.Equal(t, token, get(t, a, "sessions", token1))
	page := list(t, a, "users", &adapter.Query{Filters: []adapter.Filter{{Field: "age", Type: "number", Op: adapter.OpEq, Values: []any{25.0}}}})
	assert.Equal(t, nums(4), keys(page.Records, "id"), "indexes follow the replacement")
}

func testReplaceMissing(t *testing.T, a adapter.DatabaseAdapter) {
	before, _ := dump(t, a)
	err := a.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Replace("users", adapter.Record{"id": 6.0, "email": "ghost@example.com"})
	})
	assert.ErrorIs(t, err, adapter.ErrNotFound)
	err = a.Update(t.Context(), func(tx adapter.WriteTx) error {
		return tx.Replace("sessions", adapter.Record{"token": "nope"})
	})
	assert.ErrorIs(t, err, adapter.ErrNotFound)
	after, _ := dump(t, a)
	assert.Equal(t, before, after)
}

func testDelete(t *testing.T, a adapter.DatabaseAdapter) {
	update(t, a, func(tx adapter.WriteTx) error {
		if err := tx.Delete("users", 3.0); err != nil {
			return err
		}
		return tx.Delete("sessions", token1)
	})
	view(t, a, func(tx adapter.Tx) {
		_, err := tx.Get("users", 3.0)
		assert.ErrorIs(t, err, adapter.ErrNotFound)
		_, err = tx.Get("sessions", token1)
		assert.ErrorIs(t, err, adapter.ErrNotFound)
	})
	assert.Equal(t, nums(1, 2, 4, 5), keys(list(t, a, "users", nil).Records, "id"))
	err := a.Update(t.Context(), func(tx adapter.WriteTx) error { return tx.Delete("users", 3.0) })
	assert.ErrorIs(t, err, adapter.ErrNotFound, "deleting twice")
	page := list(t, a, "users", &adapter.Query{Filters: []adapter.Filter{{Field: "age", Type: "number", Op: adapter.OpExists, Values: []any{false}}}})
	assert.Empty(t, page.Records, "indexes forget deleted records")
}

func testDeleteThenInsert(t *testing.T, a adapter.DatabaseAdapter) {
	update(t, a, func(tx adapter.WriteTx) error {
		if err := tx.Delete("users", 2.0); err != nil {
			return err
		}
		return tx.Insert("users", adapter.Record{"id": 2.0, "email": "bob2@example.com"})
	})
	assert.Equal(t, nums(1, 3, 4, 5, 2), keys(list(t, a, "users", nil).Records, "id"))
	assert.Equal(t, "bob2@example.com", get(t, a, "users", 2.0)["email"])
}

func testUnknownResource(t *testing.T, a adapter.DatabaseAdapter) {
	for _, name := range []string{"nope", "", "Users", "users/1", "ユーザー"} {
		view(t, a, func(tx adapter.Tx) {
			_, err := tx.Get(name, 1.0)
			assert.ErrorIs(t, err, adapter.ErrNotFound, "Get %q", name)
			_, err = tx.List(name, nil)
			assert.ErrorIs(t, err, adapter.ErrNotFound, "List %q", name)
			assert.Equal(t, int64(0), tx.Counter(name))
		})
		err := a.Update(t.Context(), func(tx adapter.WriteTx) error {
			assert.ErrorIs(t, tx.Insert(name, adapter.Record{"id": 1.0}), adapter.ErrNotFound, "Insert %q", name)
			assert.ErrorIs(t, tx.Replace(name, adapter.Record{"id": 1.0}), adapter.ErrNotFound, "Replace %q", name)
			assert.ErrorIs(t, tx.Delete(name, 1.0), adapter.ErrNotFound, "Delete %q", name)
			return nil
		})
		assert.NoError(t, err)
	}
}

func testReadYourWrites(t *testing.T, a adapter.DatabaseAdapter) {
	update(t, a, func(tx adapter.WriteTx) error {
		require.NoError(t, tx.Insert("posts", adapter.Record{"id": 4.0, "userId": 3.0, "title": "new"}))
		rec, err := tx.Get("posts", 4.0)
		require.NoError(t, err)
		assert.Equal(t, "new", rec["title"])
		page, err := tx.List("posts", &adapter.Query{Filters: []adapter.Filter{{Field: "userId", Type: "number", Op: adapter.OpEq, Values: []any{3.0}}}})
		require.NoError(t, err)
		assert.Equal(t, nums(4), keys(page.Records, "id"))
		assert.Equal(t, int64(4), tx.Counter("posts"))
		require.NoError(t, tx.Delete("posts", 1.0))
		_, err = tx.Get("posts", 1.0)
		assert.ErrorIs(t, err, adapter.ErrNotFound)
		return nil
	})
	assert.Equal(t, nums(2, 3, 4), keys(list(t, a, "posts", nil).Records, "id"))
}

func testRollback(t *testing.T, a adapter.DatabaseAdapter) {
	before, beforeCounters := dump(t, a)
	boom := errors.New("boom")
	err := a.Update(t.Context(), func(tx adapter.WriteTx) error {
		require.NoError(t, tx.Insert("users", adapter.Record{"id": 20.0, "email": "x@example.com"}))
		require.NoError(t, tx.Replace("users", adapter.Record{"id": 1.0, "email": "changed@example.com"}))
		require.NoError(t, tx.Delete("users", 2.0))
		require.NoError(t, tx.Insert("posts", adapter.Record{"id": 9.0, "userId": 1.0}))
		require.NoError(t, tx.Delete("sessions", token1))
		assert.Equal(t, int64(20), tx.Counter("users"))
		return boom
	})
	assert.ErrorIs(t, err, boom)
	after, afterCounters := dump(t, a)
	assert.Equal(t, before, after, "no change of a failed Update survives")
	assert.Equal(t, beforeCounters, afterCounters, "counters roll back too")
	view(t, a, func(tx adapter.Tx) {
		assert.Equal(t, int64(7), tx.Counter("users"))
		_, err := tx.Get("users", 20.0)
		assert.ErrorIs(t, err, adapter.ErrNotFound)
	})
	// The adapter still works after a rollback.
	update(t, a, func(tx adapter.WriteTx) error {
		return tx.Insert("users", adapter.Record{"id": 20.0, "email": "y@example.com"})
	})
	assert.Equal(t, "y@example.com", get(t, a, "users", 20.0)["email"])
}

func testCopyOnInsert(t *testing.T, a adapter.DatabaseAdapter) {
	tags := []any{"a", map[string]any{"k": "v"}}
	rec := adapter.Record{"id": 9.0, "email": "copy@example.com", "tags": tags, "profile": map[string]any{"city": "Oslo"}}
	update(t, a, func(tx adapter.WriteTx) error { return tx.Insert("users", rec) })
	rec["email"] = "mutated"
	tags[0] = "mutated"
	tags[1].(map[string]any)["k"] = "mutated"
	rec["profile"].(map[string]any)["city"] = "mutated"
	rec["added"] = true
	want := adapter.Record{"id": 9.0, "email": "copy@example.com", "tags": []any{"a", map[string]any{"k": "v"}}, "profile": map[string]any{"city": "Oslo"}}
	assert.Equal(t, want, get(t, a, "users", 9.0))
}

func testCopyOnReplace(t *testing.T, a adapter.DatabaseAdapter) {
	rec := adapter.Record{"id": 1.0, "email": "ada@example.com", "tags": []any{"x"}}
	update(t, a, func(tx adapter.WriteTx) error { return tx.Replace("users", rec) })
	rec["tags"].([]any)[0] = "mutated"
	delete(rec, "email")
	assert.Equal(t, adapter.Record{"id": 1.0, "email": "ada@example.com", "tags": []any{"x"}}, get(t, a, "users", 1.0))
}

func testCopyOnGet(t *testing.T, a adapter.DatabaseAdapter) {
	d, _ := fixtureData()
	view(t, a, func(tx adapter.Tx) {
		rec, err := tx.Get("users", 1.0)
		require.NoError(t, err)
		rec["name"] = "mutated"
		rec["tags"].([]any)[0] = "mutated"
		rec["profile"].(map[string]any)["langs"].([]any)[0] = "mutated"
		delete(rec, "email")
		again, err := tx.Get("users", 1.0)
		require.NoError(t, err)
		assert.Equal(t, d["users"][0], again, "within one View")
	})
	update(t, a, func(tx adapter.WriteTx) error {
		rec, err := tx.Get("users", 1.0)
		require.NoError(t, err)
		rec["tags"].([]any)[1] = "mutated"
		return nil
	})
	assert.Equal(t, d["users"][0], get(t, a, "users", 1.0), "after View and Update")
}

func testCopyOnList(t *testing.T, a adapter.DatabaseAdapter) {
	d, _ := fixtureData()
	page := list(t, a, "users", &adapter.Query{Sort: []adapter.SortKey{{Field: "createdAt", Type: "date"}}})
	for _, rec := range page.Records {
		rec["name"] = "mutated"
		if tags, ok := rec["tags"].([]any); ok && len(tags) > 0 {
			tags[0] = "mutated"
		}
	}
	page.Records[0] = adapter.Record{}
	got := list(t, a, "users", nil)
	assert.Equal(t, d["users"], got.Records)
}

func testInitialStateUntouched(t *testing.T, a adapter.DatabaseAdapter) {
	spec, _ := Fixture()
	d, counters := fixtureData()
	require.NoError(t, a.Initialize(t.Context(), spec, adapter.NewState(d, counters)))
	update(t, a, func(tx adapter.WriteTx) error {
		require.NoError(t, tx.Replace("users", adapter.Record{"id": 1.0, "email": "new@example.com"}))
		require.NoError(t, tx.Delete("users", 2.0))
		return tx.Insert("users", adapter.Record{"id": 42.0, "email": "n@example.com"})
	})
	view(t, a, func(tx adapter.Tx) {
		rec, err := tx.Get("users", 3.0)
		require.NoError(t, err)
		rec["tags"] = "mutated"
	})
	want, wantCounters := fixtureData()
	assert.Equal(t, want, d, "the adapter must not modify the initial state")
	assert.Equal(t, wantCounters, counters)
	assert.Equal(t, fixtureSpec(), spec, "the adapter must not modify the spec")
}

func testCounter(t *testing.T, a adapter.DatabaseAdapter) {
	counter := func() int64 {
		var c int64
		view(t, a, func(tx adapter.Tx) { c = tx.Counter("users") })
		return c
	}
	require.Equal(t, int64(7), counter())
	update(t, a, func(tx adapter.WriteTx) error {
		return tx.Insert("users", adapter.Record{"id": 12.0, "email": "a@b.c"})
	})
	assert.Equal(t, int64(12), counter())
	update(t, a, func(tx adapter.WriteTx) error { return tx.Delete("users", 12.0) })
	assert.Equal(t, int64(12), counter(), "a delete never lowers the counter")
	update(t, a, func(tx adapter.WriteTx) error {
		return tx.Insert("users", adapter.Record{"id": 10.0, "email": "b@b.c"})
	})
	assert.Equal(t, int64(12), counter(), "a smaller id leaves the counter alone")
	update(t, a, func(tx adapter.WriteTx) error {
		for _, id := range []float64{10, 1, 4} {
			if err := tx.Delete("users", id); err != nil {
				return err
			}
		}
		return nil
	})
	assert.Equal(t, int64(12), counter())
}
