package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// journalRows returns the text of each row of the live journal, cells
// joined by "|", without the time and duration.
func journalRows(p *page) []string {
	return eval[[]string](p, `[...document.querySelectorAll("#journal tbody tr[data-id]")].map(tr => [0, 2, 3, 4].map(i => tr.cells[i].textContent).join("|"))`)
}

func TestDashboardLiveJournal(t *testing.T) {
	s := serve(t, teamSpec)
	send(t, http.MethodGet, s.url+"/users/1", "")
	p := newPage(t)
	p.open(s.page)
	p.run(click("#tab-requests"), p.untilText("#live-state", "live"))
	assert.Equal(t, []string{"1|GET|/users/1|200"}, journalRows(p), "what was recorded before, and none of the page's own requests")

	require.Equal(t, http.StatusCreated, send(t, http.MethodPost, s.url+"/users?via=test", `{"email":"zed@example.com","role":"admin"}`))
	require.Equal(t, http.StatusUnprocessableEntity, send(t, http.MethodPatch, s.url+"/users/2", `{"age":-5}`))
	p.run(p.until(`document.querySelectorAll("#journal tbody tr[data-id]").length === 3`))
	rows := journalRows(p)
	assert.Regexp(t, `^\d+\|PATCH\|/users/2\|422$`, rows[0], "newest on top")
	assert.Regexp(t, `^\d+\|POST\|/users\?via=test\|201$`, rows[1])
	assert.Equal(t, "3 requests · 0 dropped", p.text("#journal-counts"))

	t.Run("bodies on click", func(t *testing.T) {
		p := p.in(t)
		p.run(click("#journal tbody tr[data-id]:nth-child(3)"), p.untilText("#detail-title", "POST /users?via=test → 201"))
		assert.JSONEq(t, `{"email":"zed@example.com","role":"admin"}`, p.text("#detail-body"))
		assert.JSONEq(t, `{"data":{"id":5,"email":"zed@example.com","role":"admin"}}`, p.text("#detail-response"))
		assert.Contains(t, p.text("#detail-headers"), "Content-Type: application/json")
		p.run(click("#journal tbody tr[data-id]:nth-child(2)"), p.untilText("#detail-title", "PATCH /users/2 → 422"))
		assert.Contains(t, p.text("#detail-response"), "VALIDATION_FAILED")
	})

	t.Run("filter", func(t *testing.T) {
		p := p.in(t)
		p.run(typeInto("#journal-filter", "method=POST"), click(`#journal-form button[type=submit]`),
			p.until(`document.querySelectorAll("#journal tbody tr[data-id]").length === 1`))
		assert.Regexp(t, `^\d+\|POST\|/users\?via=test\|201$`, journalRows(p)[0])
		send(t, http.MethodGet, s.url+"/posts", "")
		send(t, http.MethodPost, s.url+"/posts", `{"title":"Live","userId":1}`)
		p.run(p.until(`document.querySelectorAll("#journal tbody tr[data-id]").length === 2`))
		assert.Regexp(t, `^\d+\|POST\|/posts\|201$`, journalRows(p)[0], "the GET is filtered out")

		p.run(typeInto("#journal-filter", "status=nope"), click(`#journal-form button[type=submit]`),
			p.untilText("#journal-error", "INVALID_QUERY"))
		p.run(typeInto("#journal-filter", ""), click(`#journal-form button[type=submit]`),
			p.until(`document.querySelectorAll("#journal tbody tr[data-id]").length === 5`))
	})

	t.Run("clear", func(t *testing.T) {
		p := p.in(t)
		p.run(click("#journal-clear"), p.untilText("#journal-clear", "Confirm"), click("#journal-clear"),
			p.until(`document.querySelectorAll("#journal tbody tr[data-id]").length === 0`))
		assert.Zero(t, countRequests(t, s.url, ""), "the server's journal is empty")
		send(t, http.MethodGet, s.url+"/users", "")
		p.run(p.until(`document.querySelectorAll("#journal tbody tr[data-id]").length === 1`))
	})
}

// TestDashboardKeepsUpWithTheJournal sends 1,000 requests a second for
// three seconds while the page shows them live: it stays responsive (a
// script run in the page answers within a bound all along) and accounts for
// every request, shown or counted as dropped.
func TestDashboardKeepsUpWithTheJournal(t *testing.T) {
	const (
		rate     = 1000
		duration = 3 * time.Second
	)
	s := serve(t, teamSpec)
	p := newPage(t)
	p.open(s.page)
	p.run(click("#tab-requests"), p.untilText("#live-state", "live"))
	// The page notes its longest task and the longest wait of a timer
	// that should fire every 50 ms: both grow when its main thread stalls.
	p.run(chromedp.Evaluate(`window.__stall = {task: 0, gap: 0, last: performance.now()};
		new PerformanceObserver((l) => { for (const e of l.getEntries()) __stall.task = Math.max(__stall.task, e.duration); }).observe({type: "longtask"});
		setInterval(() => { const now = performance.now(); __stall.gap = Math.max(__stall.gap, now - __stall.last - 50); __stall.last = now; }, 50);`, nil))

	// Load: rate requests a second, paced by a ticker, served in
	// process: the journal records each one and the stream sends it on.
	ctx, cancel := context.WithTimeout(t.Context(), duration)
	defer cancel()
	var sent atomic.Int64
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		tick := time.NewTicker(time.Second / 100)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				for range rate / 100 {
					s.srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/users/1", nil))
					sent.Add(1)
				}
			}
		}
	}()

	// Meanwhile the page must answer a script within a bound: a page
	// whose main thread is stuck would not.
	var worst time.Duration
	for ctx.Err() == nil {
		begin := time.Now()
		var n int
		p.run(chromedp.Evaluate(`document.querySelectorAll("#journal tbody tr").length`, &n))
		worst = max(worst, time.Since(begin))
		assert.LessOrEqual(t, n, 100, "the table builds the rows in view only")
	}
	<-loaded
	total := sent.Load()
	stall := eval[map[string]float64](p, `__stall`)
	t.Logf("%d requests in %v; the page's slowest answer took %v; its longest task %.0f ms, its timer late by %.0f ms at most",
		total, duration, worst, stall["task"], stall["gap"])
	// Bounds far above what the page takes (about 100 ms on a loaded
	// machine), far below what a page that draws every row would take.
	assert.Less(t, stall["task"], 1000.0, "no task of the page took a second")
	assert.Less(t, worst, 5*time.Second, "the page answered all along")

	// Every request is accounted for: shown or counted as dropped.
	p.run(p.until(fmt.Sprintf(`(() => { const t = document.querySelector("#journal-counts").textContent;
		const m = /^(\d+) requests · (\d+) dropped$/.exec(t); return !!m && Number(m[1]) + Number(m[2]) >= %d; })()`, total)))
	counts := p.text("#journal-counts")
	t.Logf("the page shows: %s", counts)
	assert.Equal(t, "500", eval[string](p, `document.querySelector("#journal").dataset.rows`), "the newest 500 are listed")
	assert.True(t, eval[bool](p, `document.querySelector("#journal-dropped") !== null`), "the dropped count is on the page")
	require.Greater(t, total, int64(500))
}
