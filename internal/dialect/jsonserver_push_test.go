package dialect_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/dialect"
	"github.com/pretendo-go/pretendo/memory"
	"github.com/pretendo-go/pretendo/schema"
)

// TestJSONServerSelectPageAgrees checks that the pages SelectPage answers,
// with plain filters pushed down to the store and its index and the
// records read shared, are the pages Select picks from every record, over
// random records and queries.
func TestJSONServerSelectPageAgrees(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(18, 4))
	spec := &schema.Spec{Resources: []schema.Resource{{
		Name: "posts",
		Fields: []schema.Field{
			{Name: "id", Type: schema.TypeInteger}, {Name: "userId", Type: schema.TypeNumber},
			{Name: "flag", Type: schema.TypeBoolean}, {Name: "tag", Type: schema.TypeString},
			{Name: "n", Type: schema.TypeInteger}, {Name: "ghost", Type: schema.TypeNumber},
		},
	}}}
	spec.Options.Database.Optimizations.IndexedFields = []string{"userId", "tag"}
	res := &spec.Resources[0]
	pick := func(vals ...any) any { return vals[rng.IntN(len(vals))] }
	recs := make([]adapter.Record, 300)
	for i := range recs {
		rec := adapter.Record{"id": float64(i + 1)}
		for name, v := range map[string]any{
			"userId": pick(1.0, 2.0, 3.0, 1.5, 0.0, 1e21, nil),
			"flag":   pick(true, false, nil),
			"tag":    pick("a", "b", "5", "true", "", "A", nil),
			"n":      pick(1.0, 2.0, 3.0),
		} {
			if rng.IntN(5) > 0 {
				rec[name] = v
			}
		}
		recs[i] = rec
	}
	db := memory.New()
	t.Cleanup(func() { _ = db.Close() })
	ctx := context.Background()
	require.NoError(t, db.Initialize(ctx, spec, adapter.NewState(adapter.Dataset{"posts": recs}, nil)))
	params := []string{
		"userId=1", "userId=1.5", "userId=1.0", "userId=01", "userId=2&userId=3", "userId=1e%2B21", "userId=0", "userId=-0",
		"userId=1e21", "userId=null", "userId=", "flag=true", "flag=false", "flag=1", "flag=True", "tag=a", "tag=5",
		"tag=true", "tag=", "tag=A", "tag=a&tag=b", "n=2", "n=2.0", "ghost=1", "other=1", "userId_ne=2", "n_gte=2",
		"tag_like=a", "q=a", "q=true", "_sort=n", "_sort=userId&_order=desc", "_sort=tag,n&_order=desc,asc",
		"_page=2&_limit=7", "_start=3&_end=9", "_limit=4",
	}
	d := dialect.NewJSONServer(spec, nil)
	for range 500 {
		parts := make([]string, 1+rng.IntN(3))
		for i := range parts {
			parts[i] = params[rng.IntN(len(params))]
		}
		raw := strings.Join(parts, "&")
		values, err := url.ParseQuery(raw)
		require.NoError(t, err, raw)
		require.NoError(t, db.View(ctx, func(tx adapter.Tx) error {
			all, err := tx.List("posts", &adapter.Query{})
			require.NoError(t, err)
			want, wantTotal := d.Select(values, res, all.Records)
			page, texts, err := d.SelectPage(tx, res, &adapter.Query{}, values, false)
			require.NoError(t, err, raw)
			require.Nil(t, texts)
			require.Equal(t, wantTotal, page.Total, raw)
			require.Equal(t, want, page.Records, raw)
			page, texts, err = d.SelectPage(tx, res, &adapter.Query{}, values, true)
			require.NoError(t, err, raw)
			require.Equal(t, wantTotal, page.Total, raw)
			require.Len(t, texts, len(want), raw)
			for i, text := range texts {
				var got adapter.Record
				require.NoError(t, json.Unmarshal(text, &got), raw)
				require.Equal(t, want[i], got, raw)
			}
			return nil
		}))
	}
}
