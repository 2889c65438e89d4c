package constraints_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

func ptr[T any](v T) *T { return &v }

// testSpec has a unique, typed, ruled resource and a reference of each
// onDelete kind.
func testSpec() *schema.Spec {
	return &schema.Spec{Resources: []schema.Resource{
		{Name: "users", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "email", Type: schema.TypeString, Required: true, Unique: true, Pattern: "^[^@]+@[^@]+$"},
			{Name: "age", Type: schema.TypeInteger, Min: ptr(0.0), Max: ptr(150.0)},
			{Name: "role", Type: schema.TypeString, Enum: []any{"admin", "user"}, DefaultValue: "user"},
			{Name: "nick", Type: schema.TypeString, MinLength: ptr(2), MaxLength: ptr(5)},
			{Name: "createdAt", Type: schema.TypeDate, DefaultValue: schema.DefaultNow},
			{Name: "updatedAt", Type: schema.TypeDate, DefaultValue: schema.DefaultNow},
		}},
		{Name: "posts", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "userId", Type: schema.TypeNumber, Required: true, References: &schema.Reference{Resource: "users", OnDelete: schema.Cascade}},
		}},
		{Name: "notes", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeUUID},
			{Name: "postId", Type: schema.TypeNumber, References: &schema.Reference{Resource: "posts", OnDelete: schema.Nullify}},
		}},
		{Name: "pins", Fields: []schema.Field{
			{Name: "id", Type: schema.TypeNumber},
			{Name: "postId", Type: schema.TypeNumber, References: &schema.Reference{Resource: "posts"}}, // restrict
		}},
	}}
}

var clock = func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }

func setup(t *testing.T) (*constraints.Set, *memory.DB) {
	t.Helper()
	s := testSpec()
	require.NoError(t, s.Validate())
	set, err := constraints.New(s, constraints.Options{Now: clock, UUID: func() string { return "6ba7b810-9dad-11d1-80b4-00c04fd430c8" }})
	require.NoError(t, err)
	db := memory.New()
	require.NoError(t, db.Initialize(context.Background(), s, nil))
	return set, db
}

func create(t *testing.T, set *constraints.Set, db *memory.DB, res string, rec adapter.Record) (adapter.Record, error) {
	t.Helper()
	var out adapter.Record
	err := db.Update(context.Background(), func(tx adapter.WriteTx) error {
		var err error
		out, err = set.Create(tx, res, rec)
		return err
	})
	return out, err
}

func count(t *testing.T, db *memory.DB, res string) int {
	t.Helper()
	var n int
	require.NoError(t, db.View(context.Background(), func(tx adapter.Tx) error {
		p, err := tx.List(res, nil)
		n = p.Total
		return err
	}))
	return n
}

func TestValidateReportsEveryViolation(t *testing.T) {
	set, _ := setup(t)
	viol := set.Validate("users", adapter.Record{"email": "nope", "age": 1.5, "role": "boss", "nick": "x", "createdAt": "yesterday"})
	codes := map[string]string{}
	for _, v := range viol {
		codes[v.Field] = v.Code
	}
	assert.Equal(t, map[string]string{
		"email": constraints.CodePattern, "age": constraints.CodeType, "role": constraints.CodeEnum,
		"nick": constraints.CodeMinLength, "createdAt": constraints.CodeType,
	}, codes)
	assert.Empty(t, set.Validate("users", adapter.Record{"email": "a@b", "age": 30.0, "nick": "héllo"}), "five runes fit maxLength 5")
	assert.Equal(t, constraints.CodeRequired, set.Validate("users", adapter.Record{"email": nil})[0].Code)
	assert.Equal(t, constraints.CodeMax, set.Validate("users", adapter.Record{"email": "a@b", "age": 151.0})[0].Code)
}

func TestCreateAppliesDefaultsAndIDs(t *testing.T) {
	set, db := setup(t)
	u, err := create(t, set, db, "users", adapter.Record{"email": "a@b"})
	require.NoError(t, err)
	assert.Equal(t, 1.0, u["id"])
	assert.Equal(t, "user", u["role"])
	assert.Equal(t, "2025-01-02T03:04:05.000Z", u["createdAt"])
	assert.Equal(t, u["createdAt"], u["updatedAt"])
	n, err := create(t, set, db, "notes", adapter.Record{})
	require.NoError(t, err)
	assert.Equal(t, "6ba7b810-9dad-11d1-80b4-00c04fd430c8", n["id"])

	_, err = create(t, set, db, "users", adapter.Record{"email": "a@b"})
	var ce *constraints.ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "email", ce.Violations[0].Field)
	assert.True(t, errors.Is(err, adapter.ErrConflict))

	_, err = create(t, set, db, "posts", adapter.Record{"userId": 42.0})
	var ve *constraints.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, constraints.CodeReference, ve.Violations[0].Code)
	u2, err := create(t, set, db, "users", adapter.Record{"email": "c@d"})
	require.NoError(t, err)
	assert.Equal(t, 2.0, u2["id"], "failed writes consumed no id")
}

func TestCreateOwnedCompletesTheBody(t *testing.T) {
	set, db := setup(t)
	body := adapter.Record{"email": "own@b"}
	kept := adapter.Record{"email": "kept@b"}
	var owned, copied adapter.Record
	require.NoError(t, db.Update(context.Background(), func(tx adapter.WriteTx) error {
		var err error
		if owned, err = set.CreateOwned(tx, "users", body); err != nil {
			return err
		}
		copied, err = set.Create(tx, "users", kept)
		return err
	}))
	assert.Equal(t, 1.0, body["id"], "the owned body is completed in place")
	assert.Equal(t, "user", body["role"])
	assert.Equal(t, reflect.ValueOf(body).Pointer(), reflect.ValueOf(owned).Pointer(), "and returned as the result, not a copy")
	assert.Equal(t, adapter.Record{"email": "kept@b"}, kept, "Create leaves its body as it was")
	assert.Equal(t, 2.0, copied["id"])

	var stored adapter.Record
	require.NoError(t, db.View(context.Background(), func(tx adapter.Tx) error {
		var err error
		stored, err = tx.Get("users", 1.0)
		return err
	}))
	assert.Equal(t, body, stored, "the store holds the completed body")

	_, err := create(t, set, db, "users", nil)
	var ve *constraints.ValidationError
	require.ErrorAs(t, err, &ve, "a nil body is an empty record")
	require.NoError(t, db.Update(context.Background(), func(tx adapter.WriteTx) error {
		_, err := set.CreateOwned(tx, "users", nil)
		assert.ErrorAs(t, err, &ve, "CreateOwned of nil, too")
		return nil
	}))
}

func TestDeleteActions(t *testing.T) {
	set, db := setup(t)
	_, err := create(t, set, db, "users", adapter.Record{"id": 1.0, "email": "a@b"})
	require.NoError(t, err)
	for i := 1; i <= 3; i++ {
		_, err = create(t, set, db, "posts", adapter.Record{"id": float64(i), "userId": 1.0})
		require.NoError(t, err)
	}
	_, err = create(t, set, db, "notes", adapter.Record{"postId": 2.0})
	require.NoError(t, err)
	_, err = create(t, set, db, "pins", adapter.Record{"postId": 3.0})
	require.NoError(t, err)

	del := func(res string, id any) error {
		return db.Update(context.Background(), func(tx adapter.WriteTx) error { return set.Delete(tx, res, id) })
	}
	// The cascade users -> posts reaches post 3, which a pin restricts: nothing changes.
	err = del("users", 1.0)
	require.ErrorIs(t, err, adapter.ErrConflict)
	assert.Equal(t, 1, count(t, db, "users"))
	assert.Equal(t, 3, count(t, db, "posts"))

	require.NoError(t, del("pins", 1.0))
	require.NoError(t, del("users", 1.0))
	assert.Equal(t, 0, count(t, db, "posts"), "posts cascade")
	assert.Equal(t, 1, count(t, db, "notes"), "notes are nullified, not deleted")
	require.NoError(t, db.View(context.Background(), func(tx adapter.Tx) error {
		p, err := tx.List("notes", nil)
		assert.Nil(t, p.Records[0]["postId"])
		return err
	}))
	assert.ErrorIs(t, del("users", 1.0), adapter.ErrNotFound, "deleting twice")
}

func TestSelfReferenceCycleTerminates(t *testing.T) {
	s := &schema.Spec{Resources: []schema.Resource{{Name: "nodes", Fields: []schema.Field{
		{Name: "id", Type: schema.TypeNumber},
		{Name: "parentId", Type: schema.TypeNumber, References: &schema.Reference{Resource: "nodes", OnDelete: schema.Cascade}},
	}}}}
	set, err := constraints.New(s, constraints.Options{})
	require.NoError(t, err)
	db := memory.New()
	require.NoError(t, db.Initialize(context.Background(), s, nil))
	require.NoError(t, db.Update(context.Background(), func(tx adapter.WriteTx) error {
		// 1 -> 2 -> 3 -> 1: a cycle, loaded without reference checks.
		for _, r := range []adapter.Record{{"id": 1.0, "parentId": 3.0}, {"id": 2.0, "parentId": 1.0}, {"id": 3.0, "parentId": 2.0}, {"id": 4.0}} {
			if _, err := set.Import(tx, "nodes", r); err != nil {
				return err
			}
		}
		return set.CheckReferences(tx)
	}))
	require.NoError(t, db.Update(context.Background(), func(tx adapter.WriteTx) error { return set.Delete(tx, "nodes", 2.0) }))
	assert.Equal(t, 1, count(t, db, "nodes"), "the whole cycle goes, node 4 stays")
}

func TestCheckRecordReferences(t *testing.T) {
	s := &schema.Spec{Resources: []schema.Resource{{Name: "nodes", Fields: []schema.Field{
		{Name: "id", Type: schema.TypeNumber},
		{Name: "parentId", Type: schema.TypeNumber, References: &schema.Reference{Resource: "nodes", OnDelete: schema.Cascade}},
	}}}}
	set, err := constraints.New(s, constraints.Options{})
	require.NoError(t, err)
	db := memory.New()
	require.NoError(t, db.Initialize(context.Background(), s, nil))
	require.NoError(t, db.Update(context.Background(), func(tx adapter.WriteTx) error {
		// 2 points at 1, which comes later; 3 points at nothing.
		for _, r := range []adapter.Record{{"id": 2.0, "parentId": 1.0}, {"id": 1.0}, {"id": 3.0, "parentId": 9.0}} {
			if _, err := set.Import(tx, "nodes", r); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(t, db.View(context.Background(), func(tx adapter.Tx) error {
		assert.NoError(t, set.CheckRecordReferences(tx, "nodes", adapter.Record{"id": 2.0, "parentId": 1.0}))
		assert.NoError(t, set.CheckRecordReferences(tx, "nodes", adapter.Record{"id": 1.0}))
		err := set.CheckRecordReferences(tx, "nodes", adapter.Record{"id": 3.0, "parentId": 9.0})
		var ve *constraints.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "parentId", ve.Violations[0].Field)
		assert.Equal(t, constraints.CodeReference, ve.Violations[0].Code)
		assert.Error(t, set.CheckRecordReferences(tx, "ghosts", adapter.Record{"id": 1.0}), "unknown resource")
		return nil
	}))
}

func TestPatchAndReplace(t *testing.T) {
	set, db := setup(t)
	_, err := create(t, set, db, "users", adapter.Record{"id": 1.0, "email": "a@b", "nick": "ab"})
	require.NoError(t, err)
	var got adapter.Record
	require.NoError(t, db.Update(context.Background(), func(tx adapter.WriteTx) error {
		got, err = set.Patch(tx, "users", 1.0, adapter.Record{"nick": nil, "age": 3.0})
		return err
	}))
	assert.NotContains(t, got, "nick", "null removes the key")
	assert.Equal(t, 3.0, got["age"])
	err = db.Update(context.Background(), func(tx adapter.WriteTx) error {
		_, err := set.Patch(tx, "users", 1.0, adapter.Record{"id": 2.0})
		return err
	})
	assert.ErrorIs(t, err, constraints.ErrValidation, "the primary key cannot change")
	require.NoError(t, db.Update(context.Background(), func(tx adapter.WriteTx) error {
		got, err = set.Replace(tx, "users", 1.0, adapter.Record{"id": 9.0, "email": "x@y"})
		return err
	}))
	assert.Equal(t, 1.0, got["id"], "the URL's id wins")
	assert.Equal(t, "user", got["role"], "defaults are applied again")
	err = db.Update(context.Background(), func(tx adapter.WriteTx) error {
		_, err := set.Replace(tx, "users", 7.0, adapter.Record{"email": "x@y"})
		return err
	})
	assert.ErrorIs(t, err, adapter.ErrNotFound)
}

func TestIsUUIDAndNewUUID(t *testing.T) {
	for i := 0; i < 100; i++ {
		u := constraints.NewUUID()
		require.True(t, constraints.IsUUID(u), u)
		assert.Equal(t, byte('4'), u[14], "version 4")
	}
	for _, bad := range []string{"", "6ba7b810-9dad-11d1-80b4-00c04fd430c", "6ba7b810x9dad-11d1-80b4-00c04fd430c8", "zba7b810-9dad-11d1-80b4-00c04fd430c8"} {
		assert.False(t, constraints.IsUUID(bad), bad)
	}
}
