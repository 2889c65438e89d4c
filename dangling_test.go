package pretendo_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// refsSpec has posts that reference users by id and tags by name.
const refsSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: name, type: string, unique: true }
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: title, type: string }
      - { name: userId, type: number, references: { resource: users, onDelete: cascade } }
      - { name: editor, type: string, references: { resource: users, field: name, onDelete: nullify } }
options:
  database: { adapter: json-file, dbPath: %s%s }
`

// TestDanglingReferencesInTheFile checks that a database file whose
// records point at records that do not exist (written by hand) loads as it
// is, with one warning per resource naming the first of those records and
// their fields, and that the server keeps its rules from then on.
func TestDanglingReferencesInTheFile(t *testing.T) {
	t.Parallel()
	for _, lazy := range []bool{false, true} {
		t.Run("lazy="+strconv.FormatBool(lazy), func(t *testing.T) {
			t.Parallel()
			db := filepath.Join(t.TempDir(), "db.json")
			var posts []string
			for i := 1; i <= 6; i++ {
				posts = append(posts, `{"id": `+strconv.Itoa(i)+`, "title": "p`+strconv.Itoa(i)+`", "userId": `+strconv.Itoa(90+i)+`}`)
			}
			posts = append(posts, `{"id": 7, "title": "ok", "userId": 1, "editor": "ghost"}`, `{"id": 8, "title": "fine", "userId": 1, "editor": "ada"}`)
			require.NoError(t, os.WriteFile(db, []byte(`{"users": [{"id": 1, "name": "ada"}], "posts": [`+strings.Join(posts, ",\n")+`]}`), 0o644))
			extra := ""
			if lazy {
				extra = ", optimizations: { lazyLoading: true }"
			}
			logger, logs := jsonLogger()
			srv, base := serve(t, parseSpec(t, fmt.Sprintf(refsSpec, strconv.Quote(db), extra)), pretendo.WithLogger(logger))

			assert.Len(t, list(t, get(t, base+"/posts?perPage=100")), 8, "the file loads as it is")
			_, err := srv.Stats(t.Context()) // waits for a lazy load
			require.NoError(t, err)

			var warnings []map[string]any
			for _, l := range logs.lines(t) {
				if l["level"] == "WARN" && strings.Contains(l["msg"].(string), "do not exist") {
					warnings = append(warnings, l)
				}
			}
			require.Len(t, warnings, 1, "one warning for posts: %s", logs)
			w := warnings[0]
			assert.Equal(t, "posts", w["resource"])
			assert.Equal(t, 7.0, w["count"], "every dangling record counted")
			assert.Equal(t, `posts[0] (id 1): userId 91 references no users record; posts[1] (id 2): userId 92 references no users record; posts[2] (id 3): userId 93 references no users record; and 4 more`, w["records"])
			assert.Equal(t, db, w["path"])

			status, _, body := do(t, http.MethodPatch, base+"/posts/1", map[string]any{"title": "edited"})
			assert.Equal(t, http.StatusOK, status, "a write that leaves the reference alone works: %v", body)
			status, _, body = do(t, http.MethodPatch, base+"/posts/1", map[string]any{"userId": 92})
			assert.Equal(t, http.StatusUnprocessableEntity, status, "%v", body)
			assert.Equal(t, map[string][]string{"userId": {"reference"}}, detailCodes(body))
			status, _, body = do(t, http.MethodPatch, base+"/posts/1", map[string]any{"userId": 1})
			assert.Equal(t, http.StatusOK, status, "pointing it at a record mends it: %v", body)

			// Each load of the file checks again.
			_, err = srv.Save(t.Context())
			require.NoError(t, err)
			before := len(logs.lines(t))
			_, err = srv.Load(t.Context())
			require.NoError(t, err)
			var counts []any
			for _, l := range logs.lines(t)[before:] {
				if strings.Contains(l["msg"].(string), "do not exist") {
					counts = append(counts, l["count"])
				}
			}
			assert.Equal(t, []any{6.0}, counts, "posts 2 to 7 still dangle")
		})
	}
}
