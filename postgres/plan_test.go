package postgres_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/postgres"
	"github.com/pretendo-go/pretendo/schema"
)

// planNode is one node of EXPLAIN (FORMAT JSON).
type planNode struct {
	NodeType  string     `json:"Node Type"`
	IndexName string     `json:"Index Name"`
	Plans     []planNode `json:"Plans"`
}

// scans returns the node types of the scans in the plan, with the index
// each one reads.
func (n planNode) scans() []string {
	var out []string
	if strings.HasSuffix(n.NodeType, "Scan") {
		out = append(out, strings.TrimSpace(n.NodeType+" "+n.IndexName))
	}
	for _, c := range n.Plans {
		out = append(out, c.scans()...)
	}
	return out
}

// literal spells a statement argument as SQL, for EXECUTE.
func literal(t *testing.T, v any) string {
	t.Helper()
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	t.Fatalf("no literal for %T", v)
	return ""
}

// explain returns the scans of the plan PostgreSQL makes for the statement
// List runs for q: the custom plan of its first executions, or the generic
// plan a prepared statement may settle on.
func explain(t *testing.T, conn *pgx.Conn, db *postgres.DB, q *adapter.Query, generic bool) []string {
	t.Helper()
	ctx := t.Context()
	sql, args := postgres.ListSQL(db, "posts", q)
	_, err := conn.Exec(ctx, "DEALLOCATE ALL")
	require.NoError(t, err)
	_, err = conn.Exec(ctx, "PREPARE list AS "+sql)
	require.NoError(t, err)
	mode := "force_custom_plan"
	if generic {
		mode = "force_generic_plan"
	}
	_, err = conn.Exec(ctx, "SET plan_cache_mode = "+mode)
	require.NoError(t, err)
	lits := make([]string, len(args))
	for i, a := range args {
		lits[i] = literal(t, a)
	}
	var out []byte
	require.NoError(t, conn.QueryRow(ctx, "EXPLAIN (FORMAT JSON) EXECUTE list("+strings.Join(lits, ", ")+")",
		pgx.QueryExecModeSimpleProtocol).Scan(&out))
	var plans []struct {
		Plan planNode `json:"Plan"`
	}
	require.NoError(t, json.Unmarshal(out, &plans))
	require.Len(t, plans, 1)
	return plans[0].Plan.scans()
}

// TestListUsesIndexes checks with EXPLAIN that a page filtered on an
// indexed field reads its index, not the whole table, in the custom plan
// and in the generic one, and that it answers what the Go reference does.
func TestListUsesIndexes(t *testing.T) {
	prefix := newPrefix(t)
	db := openPrefix(t, prefix)
	const n = 20_000
	st := vsState(n)
	require.NoError(t, db.Initialize(t.Context(), vsSpec(), st))
	conn, err := pgx.Connect(t.Context(), dsn(t))
	require.NoError(t, err)
	defer conn.Close(t.Context())
	recs, _ := adapter.Snapshot(st)

	userID := func(op adapter.Op, v ...any) adapter.Filter {
		return adapter.Filter{Field: "userId", Type: schema.TypeNumber, Op: op, Values: v}
	}
	newest := []adapter.SortKey{{Field: "createdAt", Type: schema.TypeDate, Desc: true}}
	cases := map[string]*adapter.Query{
		"eq, sorted by a date":  vsPage,
		"eq, insertion order":   {Filters: []adapter.Filter{userID(adapter.OpEq, 7.0)}, PerPage: 10},
		"in, sorted":            {Filters: []adapter.Filter{userID(adapter.OpIn, 3.0, 9.0)}, Sort: newest, Page: 2, PerPage: 5},
		"range, sorted":         {Filters: []adapter.Filter{userID(adapter.OpGte, 995.0)}, Sort: newest, PerPage: 10},
		"eq as untyped text":    {Filters: []adapter.Filter{{Field: "userId", Type: schema.TypeNumber, Op: adapter.OpEq, Values: []any{adapter.NewUntyped("12")}}}, PerPage: 10},
		"two filters, one page": {Filters: []adapter.Filter{userID(adapter.OpEq, 5.0), userID(adapter.OpLt, 6.0)}, Sort: newest, PerPage: 3},
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			for _, generic := range []bool{false, true} {
				scans := explain(t, conn, db, q, generic)
				assert.True(t, slices.ContainsFunc(scans, func(s string) bool { return strings.HasSuffix(s, "_userId_idx") }),
					"generic plan %v: %v", generic, scans)
				assert.False(t, slices.ContainsFunc(scans, func(s string) bool { return strings.HasPrefix(s, "Seq Scan") }),
					"generic plan %v: %v", generic, scans)
			}
			want, total := reference(recs["posts"], q)
			page := listPosts(t, db, q)
			assert.Equal(t, want, ids(page.Records), describe(q))
			assert.Equal(t, total, page.Total, describe(q))
		})
	}
}

// listPosts runs q on posts through db.
func listPosts(t *testing.T, db *postgres.DB, q *adapter.Query) adapter.Page {
	t.Helper()
	var page adapter.Page
	require.NoError(t, db.View(t.Context(), func(tx adapter.Tx) error {
		var err error
		page, err = tx.List("posts", q)
		return err
	}), fmt.Sprint(describe(q)))
	return page
}
