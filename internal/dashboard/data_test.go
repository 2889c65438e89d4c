package dashboard_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// teamSpec is the spec of most browser tests.
const teamSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: email, type: string, required: true, unique: true, pattern: "^[^@]+@[^@]+$" }
      - { name: role, type: string, enum: [admin, editor, user], defaultValue: user }
      - { name: age, type: integer, min: 0, max: 150 }
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: title, type: string, required: true }
      - { name: userId, type: number, required: true, references: { resource: users, onDelete: cascade } }
data:
  users:
    - { id: 1, email: ada@example.com, role: admin, age: 36 }
    - { id: 2, email: bob@example.com, role: user, age: 41 }
    - { id: 3, email: cy@example.com, role: editor, age: 29 }
    - { id: 4, email: "<img src=x onerror=alert(1)>@example.com", role: user, age: 5 }
  posts:
    - { id: 1, title: Hello, userId: 1 }
`

// getJSON fetches url and decodes its JSON answer.
func getJSON(t *testing.T, url string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var body map[string]any
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &body), "%s", raw)
	}
	return resp.StatusCode, body
}

// record fetches one record over HTTP; nil when it is not found.
func record(t *testing.T, url string) map[string]any {
	t.Helper()
	status, body := getJSON(t, url)
	if status == http.StatusNotFound {
		return nil
	}
	require.Equal(t, http.StatusOK, status, "%v", body)
	return body["data"].(map[string]any)
}

// rows returns the text of each row of the records table, cells joined by "|".
func rows(p *page) []string {
	return eval[[]string](p, `[...document.querySelectorAll("#records tbody tr")].map(tr => [...tr.cells].map(td => td.textContent).join("|"))`)
}

func TestDashboardBrowsesAndEditsRecords(t *testing.T) {
	s := serve(t, teamSpec)
	p := newPage(t)
	p.open(s.page)

	// The resources with their counts; the first one is shown.
	assert.Equal(t, []string{"users4", "posts1"}, eval[[]string](p, `[...document.querySelectorAll("#resource-list li")].map(li => li.textContent)`))
	assert.Equal(t, []string{
		"1|ada@example.com|admin|36",
		"2|bob@example.com|user|41",
		"3|cy@example.com|editor|29",
		"4|<img src=x onerror=alert(1)>@example.com|user|5",
	}, rows(p), "values shown as text, never as HTML")
	assert.Equal(t, "page 1 of 1 · 4 records", p.text("#page-info"))

	t.Run("filter and sort in the API's query language", func(t *testing.T) {
		p := p.in(t)
		p.run(typeInto("#query", "role[in]=user,editor&sortBy=-age"), click(`#query-form button[type=submit]`),
			p.untilText("#page-info", "3 records"))
		assert.Equal(t, []string{"2|bob@example.com|user|41", "3|cy@example.com|editor|29", "4|<img src=x onerror=alert(1)>@example.com|user|5"}, rows(p))
		assert.Equal(t, "age", p.text("#records th.sorted-desc"))

		// A click on a header sorts by it, ascending, in the query box.
		p.run(click(`#records th[data-field="email"]`), p.until(`document.querySelector("#query").value.includes("sortBy=email")`),
			p.until(`document.querySelector("#records tbody tr").textContent.startsWith("4")`))
		assert.Equal(t, "role[in]=user,editor&sortBy=email&page=1", eval[string](p, `document.querySelector("#query").value`))

		p.run(typeInto("#query", "age[gt]=nope"), click(`#query-form button[type=submit]`), chromedp.WaitVisible("#query-error", chromedp.ByQuery))
		assert.Contains(t, p.text("#query-error"), "INVALID_QUERY")
		assert.Contains(t, p.text("#query-error"), "age[gt]")

		p.run(typeInto("#query", "page=2&perPage=3"), click(`#query-form button[type=submit]`), p.untilText("#page-info", "page 2 of 2"))
		assert.Equal(t, []string{"4|<img src=x onerror=alert(1)>@example.com|user|5"}, rows(p))
		p.run(click("#page-prev"), p.untilText("#page-info", "page 1 of 2"))
		assert.Len(t, rows(p), 3)
		p.run(typeInto("#query", ""), click(`#query-form button[type=submit]`), p.untilText("#page-info", "page 1 of 1 · 4 records"))
	})

	t.Run("edit a field", func(t *testing.T) {
		p := p.in(t)
		p.run(click(`#records tbody tr[data-id="2"]`), chromedp.WaitVisible("#editor", chromedp.ByQuery))
		var text string
		p.run(chromedp.Value("#record-json", &text, chromedp.ByQuery))
		assert.JSONEq(t, `{"id":2,"email":"bob@example.com","role":"user","age":41}`, text)
		edited := strings.Replace(text, `"role": "user"`, `"role": "editor"`, 1)
		p.run(click("#record-json"), selectAll, chromedp.SendKeys("#record-json", edited, chromedp.ByQuery),
			click("#save-record"), p.untilText("#notice", "Saved"))
		assert.Equal(t, "editor", record(t, s.url+"/users/2")["role"], "the server has the change")
		p.run(p.untilText(`#records tbody tr[data-id="2"]`, "editor"))
	})

	t.Run("create a record", func(t *testing.T) {
		p := p.in(t)
		p.run(click("#close-editor"), click("#new-record"), chromedp.WaitVisible("#editor", chromedp.ByQuery))
		p.run(click("#record-json"), selectAll,
			chromedp.SendKeys("#record-json", `{"email":"dee@example.com","age":50}`, chromedp.ByQuery),
			click("#save-record"), p.untilText("#notice", "Created users 5"))
		assert.Equal(t, map[string]any{"id": float64(5), "email": "dee@example.com", "role": "user", "age": float64(50)}, record(t, s.url+"/users/5"))
		p.run(p.untilText(`#resource-list li[data-resource="users"]`, "5"))
	})

	t.Run("delete a record", func(t *testing.T) {
		p := p.in(t)
		p.run(click(`#records tbody tr[data-id="1"]`), p.untilText("#editor-title", "users 1"))
		p.run(click("#delete-record"), p.untilText("#delete-record", "Confirm"))
		assert.NotNil(t, record(t, s.url+"/users/1"), "one click only asks")
		p.run(click("#delete-record"), p.untilText("#notice", "Deleted users 1"))
		assert.Nil(t, record(t, s.url+"/users/1"))
		assert.Nil(t, record(t, s.url+"/posts/1"), "onDelete: cascade")
		p.run(p.untilText(`#resource-list li[data-resource="posts"]`, "0"), chromedp.WaitNotPresent(`#records tbody tr[data-id="1"]`, chromedp.ByQuery))
		assert.True(t, eval[bool](p, `document.querySelector("#editor").hidden`))
	})
}

func TestDashboardRefusesBadRecords(t *testing.T) {
	s := serve(t, teamSpec)
	p := newPage(t)
	p.open(s.page)
	p.run(click(`#records tbody tr[data-id="3"]`), chromedp.WaitVisible("#editor", chromedp.ByQuery))
	before := record(t, s.url+"/users/3")

	t.Run("broken JSON is not sent", func(t *testing.T) {
		p := p.in(t)
		p.run(click("#record-json"), selectAll,
			chromedp.SendKeys("#record-json", "{\n  \"id\": 3,\n  \"email\": \"cy@example.com\",,\n}", chromedp.ByQuery),
			click("#save-record"), chromedp.WaitVisible("#editor-error", chromedp.ByQuery))
		msg := p.text("#editor-error")
		assert.Contains(t, msg, "Not valid JSON (line 3")
		assert.Contains(t, msg, "Nothing was sent")
		assert.Equal(t, before, record(t, s.url+"/users/3"))
		n := countRequests(t, s.url, "method=PUT")
		assert.Zero(t, n, "no PUT reached the server")
	})

	t.Run("a list is not a record", func(t *testing.T) {
		p := p.in(t)
		p.run(click("#record-json"), selectAll, chromedp.SendKeys("#record-json", "[1, 2]", chromedp.ByQuery),
			click("#save-record"), p.untilText("#editor-error", "JSON object"))
		assert.Equal(t, before, record(t, s.url+"/users/3"))
	})

	t.Run("the server's 422 details beside the fields", func(t *testing.T) {
		p := p.in(t)
		p.run(click("#record-json"), selectAll,
			chromedp.SendKeys("#record-json", "{\n  \"email\": \"not-an-email\",\n  \"role\": \"boss\",\n  \"age\": -1\n}", chromedp.ByQuery),
			click("#save-record"), p.untilText("#editor-error", "VALIDATION_FAILED"))
		marks := eval[map[string]string](p, `Object.fromEntries([...document.querySelectorAll("#field-errors .field-error")].map(m => [m.dataset.field, m.dataset.line]))`)
		assert.Equal(t, map[string]string{"email": "1", "role": "2", "age": "3"}, marks, "each beside its field's line")
		assert.Contains(t, p.text(`#field-errors .field-error[data-field="role"]`), "admin")
		assert.Len(t, eval[[]string](p, `[...document.querySelectorAll("#editor-details li")].map(li => li.textContent)`), 3)
		assert.Equal(t, before, record(t, s.url+"/users/3"), "nothing changed")
	})

	t.Run("a conflict is shown", func(t *testing.T) {
		p := p.in(t)
		p.run(click("#record-json"), selectAll,
			chromedp.SendKeys("#record-json", `{"email":"ada@example.com"}`, chromedp.ByQuery),
			click("#save-record"), p.untilText("#editor-error", "CONFLICT"))
		assert.Equal(t, before, record(t, s.url+"/users/3"))
	})
}

// countRequests counts the journal's requests that match the filter.
func countRequests(t *testing.T, base, filter string) int {
	t.Helper()
	status, body := getJSON(t, base+"/admin/requests/count?"+filter)
	require.Equal(t, http.StatusOK, status, "%v", body)
	return int(body["data"].(map[string]any)["count"].(float64))
}
