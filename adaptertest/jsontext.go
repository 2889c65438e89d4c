package adaptertest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
)

// testJSONReader checks the texts of an adapter whose transactions
// implement adapter.JSONReader against encoding/json's text of the records
// Get and List return: for every record, for every query of the operator
// cases, after writes, and for missing records. Adapters without it pass.
func testJSONReader(t *testing.T, a adapter.DatabaseAdapter) {
	marshal := func(rec adapter.Record) string {
		t.Helper()
		b, err := json.Marshal(rec)
		require.NoError(t, err)
		return string(b)
	}
	check := func(tx adapter.Tx) {
		t.Helper()
		jr, ok := tx.(adapter.JSONReader)
		if !ok {
			return
		}
		for _, resource := range []string{"users", "posts", "sessions"} {
			all, err := tx.List(resource, nil)
			require.NoError(t, err)
			texts, err := jr.ListJSON(resource, nil)
			require.NoError(t, err)
			require.Equal(t, all.Total, texts.Total, resource)
			require.Len(t, texts.Records, len(all.Records), resource)
			for i, rec := range all.Records {
				assert.Equal(t, marshal(rec), string(texts.Records[i]), "%s[%d] listed", resource, i)
				key := "id"
				if resource == "sessions" {
					key = "token"
				}
				text, err := jr.GetJSON(resource, rec[key])
				require.NoError(t, err)
				assert.Equal(t, marshal(rec), string(text), "%s %v", resource, rec[key])
			}
		}
		for op, cases := range operatorCases() {
			for _, c := range cases {
				page, err := tx.List("users", c.q)
				require.NoError(t, err)
				texts, err := jr.ListJSON("users", c.q)
				require.NoError(t, err)
				assert.Equal(t, page.Total, texts.Total, "%s %s", op, c.name)
				want := make([]string, len(page.Records))
				for i, rec := range page.Records {
					want[i] = marshal(rec)
				}
				got := make([]string, len(texts.Records))
				for i, text := range texts.Records {
					got[i] = string(text)
				}
				assert.Equal(t, want, got, "%s %s", op, c.name)
			}
		}
		_, err := jr.GetJSON("users", 99.0)
		assert.ErrorIs(t, err, adapter.ErrNotFound, "a missing record")
		_, err = jr.GetJSON("nothing", 1.0)
		assert.ErrorIs(t, err, adapter.ErrNotFound, "an unknown resource")
		_, err = jr.ListJSON("nothing", nil)
		assert.ErrorIs(t, err, adapter.ErrNotFound, "an unknown resource")
	}
	view(t, a, check)
	// A record read once and then replaced reads as replaced; a deleted
	// one is gone; a new one reads; the same holds inside the Update.
	update(t, a, func(tx adapter.WriteTx) error {
		if err := tx.Replace("users", adapter.Record{"id": 1.0, "email": "replaced@example.com", "name": "<Ada & co>"}); err != nil {
			return err
		}
		if err := tx.Delete("users", 2.0); err != nil {
			return err
		}
		if err := adapter.InsertOwned(tx, "users", adapter.Record{"id": 9.0, "email": "new@example.com"}); err != nil {
			return err
		}
		check(tx)
		return nil
	})
	view(t, a, check)
	view(t, a, func(tx adapter.Tx) {
		jr, ok := tx.(adapter.JSONReader)
		if !ok {
			return
		}
		text, err := jr.GetJSON("users", 1.0)
		require.NoError(t, err)
		assert.JSONEq(t, `{"id":1,"email":"replaced@example.com","name":"<Ada & co>"}`, string(text))
		assert.Contains(t, string(text), `\u003cAda \u0026 co\u003e`, "HTML characters are escaped as encoding/json does")
		_, err = jr.GetJSON("users", 2.0)
		assert.ErrorIs(t, err, adapter.ErrNotFound)
	})
}
