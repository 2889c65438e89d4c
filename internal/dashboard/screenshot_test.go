package dashboard_test

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// screenshotPath is the README's picture of the dashboard.
var screenshotPath = filepath.Join("..", "..", "docs", "dashboard.png")

// TestDashboardScreenshot shows the dashboard as the README pictures it:
// the blog example, a record open in the editor and some traffic. With
// -update it rewrites docs/dashboard.png; without, it checks that the
// committed picture is a PNG of the same size as the page makes.
func TestDashboardScreenshot(t *testing.T) {
	spec, err := os.ReadFile(filepath.Join("..", "..", "examples", "blog", "api.yml"))
	require.NoError(t, err)
	s := serve(t, string(spec), fixedClock())
	for _, r := range []struct{ method, path, body string }{
		{http.MethodGet, "/posts?sortBy=-id&perPage=5", ""},
		{http.MethodGet, "/users/1", ""},
		{http.MethodPost, "/comments", `{"body":"Nice post!","postId":1,"authorId":2}`},
		{http.MethodPatch, "/posts/3", `{"title":""}`},
		{http.MethodGet, "/posts/999", ""},
	} {
		send(t, r.method, s.url+r.path, r.body)
	}
	p := newPage(t)
	p.run(chromedp.EmulateViewport(1280, 720))
	p.open(s.page)
	p.run(click(`#resource-list li[data-resource="posts"]`), p.untilText("#query-prefix", "/posts"),
		typeInto("#query", "sortBy=-id&perPage=25&page=1"), click(`#query-form button[type=submit]`),
		p.until(`document.querySelector("#records tbody tr") !== null`),
		// The page may redraw the table at any moment (it reloads records
		// after writes it sees in the journal), so the row is clicked in
		// the page, in one step, not through a node that may be replaced.
		chromedp.Evaluate(`document.querySelector("#records tbody tr:nth-child(2)").click()`, nil),
		chromedp.WaitVisible("#editor", chromedp.ByQuery))
	// Let the page settle: fonts and layout done, nothing pending.
	p.run(p.until(`document.fonts.status === "loaded"`))

	var shot []byte
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Run(ctx, chromedp.CaptureScreenshot(&shot)))
	got, err := png.DecodeConfig(bytes.NewReader(shot))
	require.NoError(t, err)

	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(screenshotPath), 0o755))
		require.NoError(t, os.WriteFile(screenshotPath, shot, 0o644))
		t.Logf("wrote %s (%dx%d)", screenshotPath, got.Width, got.Height)
		return
	}
	committed, err := os.ReadFile(screenshotPath)
	require.NoError(t, err, "docs/dashboard.png is missing: run go test ./internal/dashboard -run TestDashboardScreenshot -update")
	want, err := png.DecodeConfig(bytes.NewReader(committed))
	require.NoError(t, err, "docs/dashboard.png is not a PNG")
	assert.Equal(t, [2]int{want.Width, want.Height}, [2]int{got.Width, got.Height}, "the page's size changed: run with -update")
}

// fixedClock makes the server's clock stand still, so the picture does
// not change with the day it is taken.
func fixedClock() pretendo.Option {
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	return pretendo.WithClock(func() time.Time { return at })
}
