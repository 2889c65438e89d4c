package dashboard_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDashboardAsksForTheAdminToken(t *testing.T) {
	s := serve(t, teamSpec+"options:\n  admin: { token: s3cret }\n")
	p := newPage(t)
	p.open(s.page)
	p.run(chromedp.WaitVisible("#login", chromedp.ByQuery))
	assert.Equal(t, "Admin token", p.text("#login-title"))
	assert.Empty(t, rows(p), "no data without the token")

	t.Run("a wrong token of 10 KB", func(t *testing.T) {
		p := p.in(t)
		long := strings.Repeat("x", 10<<10)
		// Typed key by key 10,240 times would take long: the field is
		// filled at once, then sent as a person would, with Enter.
		p.run(chromedp.SetValue("#login-token", long, chromedp.ByQuery), click(`#login-form button[type=submit]`),
			p.untilText("#login-error", "not the admin token"))
		assert.False(t, eval[bool](p, `document.querySelector("#login").hidden`))
	})

	t.Run("the right token", func(t *testing.T) {
		p := p.in(t)
		p.run(typeInto("#login-token", "s3cret"), chromedp.KeyEvent("\r"), chromedp.WaitNotVisible("#login", chromedp.ByQuery),
			p.untilText("#page-info", "4 records"), p.untilText("#live-state", "live"))
		assert.Len(t, rows(p), 4)
		p.run(click("#tab-snapshots"), typeInto("#snapshot-name", "with-token"), click(`#snapshot-form button[type=submit]`),
			p.untilText("#snapshots tbody", "with-token"))
	})

	t.Run("the token holds for the tab", func(t *testing.T) {
		p := p.in(t)
		p.open(s.page)
		p.run(p.untilText("#page-info", "4 records"))
		assert.True(t, eval[bool](p, `document.querySelector("#login").hidden`))
		p.run(click("#sign-out"), chromedp.WaitVisible("#login", chromedp.ByQuery))
	})
}

func TestDashboardUnderAPrefix(t *testing.T) {
	spec := teamSpec + "options:\n  admin: { path: /_admin/v1 }\n"
	s := mounted(t, "/mock", spec)
	p := newPage(t)
	// Without the trailing slash, as a person types it: a relative
	// redirect keeps the prefix.
	p.open(s.url + "/_admin/v1/ui")
	assert.Equal(t, "/mock/_admin/v1/ui/", eval[string](p, `location.pathname`))
	assert.Equal(t, "page 1 of 1 · 4 records", p.text("#page-info"))
	p.run(click("#tab-requests"), p.untilText("#live-state", "live"))

	require.Equal(t, http.StatusOK, send(t, http.MethodPatch, s.url+"/users/3", `{"age":30}`))
	p.run(p.until(`document.querySelectorAll("#journal tbody tr[data-id]").length === 1`))
	assert.Regexp(t, `^\d+\|PATCH\|/users/3\|200$`, journalRows(p)[0], "the path the server saw, below the prefix")

	// The page reloads the records a second after a write it saw.
	p.run(click("#tab-data"), p.untilText(`#records tbody tr[data-id="3"]`, "30"), click(`#records tbody tr[data-id="3"]`), chromedp.WaitVisible("#editor", chromedp.ByQuery),
		click("#delete-record"), click("#delete-record"), p.untilText("#notice", "Deleted users 3"))
	assert.Nil(t, record(t, s.url+"/users/3"))
	p.run(click("#tab-snapshots"), typeInto("#snapshot-name", "prefixed"), click(`#snapshot-form button[type=submit]`),
		p.untilText("#snapshots tbody", "prefixed"))
}

func TestDashboardPagesALargeResource(t *testing.T) {
	const n = 10_000
	spec := fmt.Sprintf(`
resources:
  - name: items
    fields:
      - { name: id, type: number }
      - { name: name, type: string }
      - { name: price, type: number }
options:
  maxPageSize: 100
  generateData: { enabled: true, seed: 7, counts: { items: %d } }
`, n)
	s := serve(t, spec)
	p := newPage(t)
	p.open(s.page)
	assert.Equal(t, "page 1 of 400 · 10000 records", p.text("#page-info"))
	assert.Len(t, rows(p), 25, "one page in the table")
	assert.Equal(t, "items10000", p.text(`#resource-list li[data-resource="items"]`))

	// Each step answers at once; the bound is far above what it takes.
	step := func(name string, action chromedp.Action, want string) {
		begin := time.Now()
		p.run(action, p.untilText("#page-info", want))
		took := time.Since(begin)
		t.Logf("%s: %v", name, took)
		assert.Less(t, took, 5*time.Second, name)
	}
	step("last page", click("#page-last"), "page 400 of 400")
	assert.Equal(t, "10000", strings.Split(rows(p)[24], "|")[0])
	step("100 per page", chromedp.SetValue("#per-page", "100", chromedp.ByQuery), "page 1 of 100")
	assert.Len(t, rows(p), 100)
	step("sort by price", chromedp.Tasks{click(`#records th[data-field="price"]`), p.until(`!!document.querySelector("#records th.sorted-asc")`)}, "page 1 of 100")
	step("filter", chromedp.Tasks{typeInto("#query", "price[gte]=0&perPage=100&page=50"), click(`#query-form button[type=submit]`)}, "page 50 of")
	assert.Len(t, rows(p), 100)
}

func TestDashboardSignsInAUserWhenTheAPINeedsOne(t *testing.T) {
	spec := `
resources:
  - name: notes
    fields:
      - { name: id, type: number }
      - { name: text, type: string }
    access: { list: ["*"], get: ["*"], create: ["*"], update: ["*"], delete: [admin] }
data:
  notes: [ { id: 1, text: private } ]
options:
  auth:
    enabled: true
    users: [ { username: ada, password: lovelace, role: admin } ]
`
	s := serve(t, spec)
	p := newPage(t)
	p.open(s.page)
	p.run(chromedp.WaitVisible("#login", chromedp.ByQuery), p.untilText("#login-title", "Sign in"))
	assert.Contains(t, p.text("#query-error"), "UNAUTHORIZED")

	p.run(typeInto("#login-user", "ada"), typeInto("#login-token", "wrong"), click(`#login-form button[type=submit]`),
		p.untilText("#login-error", "INVALID_CREDENTIALS"))
	p.run(typeInto("#login-token", "lovelace"), click(`#login-form button[type=submit]`),
		chromedp.WaitNotVisible("#login", chromedp.ByQuery), p.untilText("#page-info", "1 record"))
	assert.Equal(t, []string{"1|private"}, rows(p))
}
