package dashboard_test

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// send makes a request with a JSON body and returns its status.
func send(t *testing.T, method, url, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

func TestDashboardSnapshotsAndReset(t *testing.T) {
	dir := t.TempDir()
	spec := teamSpec + "options:\n  database:\n    snapshots: { enabled: true, directory: " + dir + " }\n"
	s := serve(t, spec)
	p := newPage(t)
	p.open(s.page)
	p.run(click("#tab-snapshots"), chromedp.WaitVisible("#snapshot-form", chromedp.ByQuery))

	t.Run("take one with a description", func(t *testing.T) {
		p := p.in(t)
		p.run(typeInto("#snapshot-name", "four-users"), typeInto("#snapshot-description", "before the test"),
			click(`#snapshot-form button[type=submit]`), p.untilText("#snapshots tbody", "four-users"))
		assert.Equal(t, []string{"four-users|before the test|5"}, eval[[]string](p,
			`[...document.querySelectorAll("#snapshots tbody tr")].map(tr => [0, 1, 3].map(i => tr.cells[i].textContent).join("|"))`))
		_, body := getJSON(t, s.url+"/admin/snapshots")
		list := body["data"].([]any)
		require.Len(t, list, 1)
		assert.Equal(t, "before the test", list[0].(map[string]any)["description"])
		assert.FileExists(t, dir+"/four-users.json")
	})

	t.Run("a name with ../ is refused and writes nothing", func(t *testing.T) {
		p := p.in(t)
		for _, name := range []string{"../escape", "..", "a/b", ".hidden", "nul"} {
			p.run(typeInto("#snapshot-name", name), click(`#snapshot-form button[type=submit]`),
				p.untilText("#snapshot-error", "INVALID_NAME"))
		}
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		assert.Len(t, entries, 1, "only four-users.json")
		_, err = os.Stat(dir + "/../escape.json")
		assert.ErrorIs(t, err, os.ErrNotExist)
		p.run(typeInto("#snapshot-name", "four-users"), click(`#snapshot-form button[type=submit]`),
			p.untilText("#snapshot-error", "CONFLICT"))
	})

	t.Run("restore", func(t *testing.T) {
		p := p.in(t)
		require.Equal(t, http.StatusNoContent, send(t, http.MethodDelete, s.url+"/users/2", ""))
		require.Equal(t, http.StatusCreated, send(t, http.MethodPost, s.url+"/users", `{"email":"eve@example.com"}`))
		p.run(click(`#snapshots tr[data-name="four-users"] button.restore`), p.untilText("#notice", "Restored four-users"))
		assert.NotNil(t, record(t, s.url+"/users/2"), "back")
		assert.Nil(t, record(t, s.url+"/users/5"), "gone")
		p.run(p.untilText(`#resource-list li[data-resource="users"]`, "4"))
	})

	t.Run("reset", func(t *testing.T) {
		p := p.in(t)
		require.Equal(t, http.StatusNoContent, send(t, http.MethodDelete, s.url+"/users/1", ""))
		p.run(click("#reset-data"), p.untilText("#reset-data", "Confirm"))
		assert.Nil(t, record(t, s.url+"/users/1"), "one click only asks")
		p.run(click("#reset-data"), p.untilText("#notice", "reset"))
		assert.NotNil(t, record(t, s.url+"/users/1"), "the initial data is back")
		assert.NotNil(t, record(t, s.url+"/posts/1"))
	})

	t.Run("delete", func(t *testing.T) {
		p := p.in(t)
		del := `#snapshots tr[data-name="four-users"] button.delete`
		p.run(click(del), p.untilText(del, "Confirm"), click(del), p.untilText("#notice", "Deleted snapshot four-users"),
			chromedp.WaitNotPresent(`#snapshots tr[data-name="four-users"]`, chromedp.ByQuery))
		_, body := getJSON(t, s.url+"/admin/snapshots")
		assert.Empty(t, body["data"])
		assert.NoFileExists(t, dir+"/four-users.json")
	})
}
