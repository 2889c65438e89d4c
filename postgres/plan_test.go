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
	Parent    string     `json:"Parent Relationship"`
	Plans     []planNode `json:"Plans"`
}

// scans returns the scans of the plan that read the page and those of the
// subquery that counts the matches (an InitPlan), each as its node type
// and the index it reads.
func (n planNode) scans(page, count *[]string) {
	if n.Parent == "InitPlan" {
		page = count
	}
	if strings.HasSuffix(n.NodeType, "Scan") && n.NodeType != "Subquery Scan" {
		*page = append(*page, strings.TrimSpace(n.NodeType+" "+n.IndexName))
	}
	for _, c := range n.Plans {
		c.scans(page, count)
	}
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
// List runs for q (see planNode.scans): the custom plan of its first
// executions, or the generic plan a prepared statement may settle on.
func explain(t *testing.T, conn *pgx.Conn, db *postgres.DB, q *adapter.Query, generic bool) (page, count []string) {
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
	plans[0].Plan.scans(&page, &count)
	return page, count
}

// TestListUsesIndexes checks with EXPLAIN that a page filtered or sorted on
// an indexed field reads its index, not the whole table, in the custom
// plan and in the generic one, and that it answers what the Go reference
// does.
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
	byUser, byDate := "_userId_idx", "_createdAt_idx"
	cases := map[string]struct {
		q     *adapter.Query
		index []string // the plan reads one of these indexes
	}{
		"eq, sorted by a date":  {vsPage, []string{byUser}},
		"eq, insertion order":   {&adapter.Query{Filters: []adapter.Filter{userID(adapter.OpEq, 7.0)}, PerPage: 10}, []string{byUser}},
		"in, sorted":            {&adapter.Query{Filters: []adapter.Filter{userID(adapter.OpIn, 3.0, 9.0)}, Sort: newest, Page: 2, PerPage: 5}, []string{byUser}},
		"range, sorted":         {&adapter.Query{Filters: []adapter.Filter{userID(adapter.OpGte, 995.0)}, Sort: newest, PerPage: 10}, []string{byUser, byDate}},
		"eq as untyped text":    {&adapter.Query{Filters: []adapter.Filter{{Field: "userId", Type: schema.TypeNumber, Op: adapter.OpEq, Values: []any{adapter.NewUntyped("12")}}}, PerPage: 10}, []string{byUser}},
		"two filters, one page": {&adapter.Query{Filters: []adapter.Filter{userID(adapter.OpEq, 5.0), userID(adapter.OpLt, 6.0)}, Sort: newest, PerPage: 3}, []string{byUser}},
		"sorted by a date only": {&adapter.Query{Sort: newest, Page: 3, PerPage: 10}, []string{byDate}},
		"sorted by a number":    {&adapter.Query{Sort: []adapter.SortKey{{Field: "userId", Type: schema.TypeNumber}}, PerPage: 10}, []string{byUser}},
	}
	for name, c := range cases {
		q := c.q
		t.Run(name, func(t *testing.T) {
			for _, generic := range []bool{false, true} {
				page, count := explain(t, conn, db, q, generic)
				seq := func(s string) bool { return strings.HasPrefix(s, "Seq Scan") }
				assert.True(t, slices.ContainsFunc(page, func(s string) bool {
					return slices.ContainsFunc(c.index, func(suffix string) bool { return strings.HasSuffix(s, suffix) })
				}),
					"generic plan %v: %v", generic, page)
				assert.False(t, slices.ContainsFunc(page, seq), "generic plan %v: %v", generic, page)
				if len(q.Filters) > 0 {
					assert.False(t, slices.ContainsFunc(count, seq), "generic plan %v, count: %v", generic, count)
				}
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
