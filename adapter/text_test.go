package adapter_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

// TestListTextGetText reads through a store that keeps JSON text (memory)
// with and without asking for it.
func TestListTextGetText(t *testing.T) {
	t.Parallel()
	spec := &schema.Spec{Resources: []schema.Resource{{Name: "users", Fields: []schema.Field{{Name: "id", Type: "integer"}}}}}
	db := memory.New()
	require.NoError(t, db.Initialize(context.Background(), spec, adapter.NewState(adapter.Dataset{"users": {{"id": 1.0, "name": "Ada"}}}, nil)))
	require.NoError(t, db.View(context.Background(), func(tx adapter.Tx) error {
		page, texts, err := adapter.ListText(tx, "users", &adapter.Query{}, true)
		require.NoError(t, err)
		assert.Equal(t, 1, page.Total)
		require.Len(t, texts, 1)
		assert.JSONEq(t, `{"id":1,"name":"Ada"}`, string(texts[0]))

		page, texts, err = adapter.ListText(tx, "users", &adapter.Query{}, false)
		require.NoError(t, err)
		assert.Nil(t, texts)
		assert.Equal(t, []adapter.Record{{"id": 1.0, "name": "Ada"}}, page.Records)

		rec, text, err := adapter.GetText(tx, "users", 1.0, true)
		require.NoError(t, err)
		assert.Nil(t, rec)
		assert.JSONEq(t, `{"id":1,"name":"Ada"}`, string(text))
		rec, text, err = adapter.GetText(tx, "users", 1.0, false)
		require.NoError(t, err)
		assert.Nil(t, text)
		assert.Equal(t, "Ada", rec["name"])
		_, _, err = adapter.GetText(tx, "users", 2.0, false)
		assert.ErrorIs(t, err, adapter.ErrNotFound)
		return nil
	}))
}
