package dashboard_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// The browser tests drive the dashboard in headless Chromium, as a person
// would: they click and type, then check the page and the server's state
// over HTTP. Outside CI, without Chromium, they skip with one line; in CI
// (CI set) a missing Chromium fails them.

var update = flag.Bool("update", false, "rewrite docs/dashboard.png, the README's screenshot")

// chromiumNames are the programs tried, in order, after $PRETENDO_CHROMIUM.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}

// browser is the one Chromium the tests share; each test opens its own tab.
var browser struct {
	once   sync.Once
	ctx    context.Context
	path   string
	reason string // why there is none
}

// findChromium returns the path of a Chromium, or "".
func findChromium() string {
	if p := os.Getenv("PRETENDO_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if browser.ctx != nil {
		chromedp.Cancel(browser.ctx)
	}
	os.Exit(code)
}

// startBrowser starts the shared Chromium once.
func startBrowser() {
	browser.path = findChromium()
	if browser.path == "" {
		browser.reason = "no Chromium found (install Debian's chromium, or set PRETENDO_CHROMIUM)"
		return
	}
	dir, err := os.MkdirTemp("", "pretendo-chromium-*")
	if err != nil {
		browser.reason = err.Error()
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser.path),
		chromedp.UserDataDir(dir),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 800),
		// This machine's network is closed: no connection but to the test
		// server, or Chromium waits on lookups of its own services.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("hide-scrollbars", true),
		// A tab in the background keeps its timers and frames, as the
		// tests open one tab each.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
	}
	allocCtx, _ := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, _ := chromedp.NewContext(allocCtx)
	if err := chromedp.Run(ctx); err != nil {
		browser.reason = fmt.Sprintf("Chromium at %s did not start: %v", browser.path, err)
		chromedp.Cancel(ctx)
		_ = os.RemoveAll(dir)
		return
	}
	browser.ctx = ctx
}

// page is one tab of the shared browser, as a test (or subtest) drives it.
type page struct {
	t   *testing.T
	ctx context.Context
	*tab
}

// tab is what the page's tests share of it.
type tab struct {
	mu      sync.Mutex
	console []string // what the page logged, and its exceptions
	errors  []string // uncaught exceptions only
}

// in returns the page driven by the subtest t.
func (p *page) in(t *testing.T) *page { return &page{t: t, ctx: p.ctx, tab: p.tab} }

// newPage opens a tab for t, closed when t ends. When t fails, a
// screenshot of the tab is saved in a folder of the system's temporary
// folder, which outlives the test, and its path logged, with what the page
// logged.
func newPage(t *testing.T) *page {
	t.Helper()
	browser.once.Do(startBrowser)
	if browser.ctx == nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("browser tests must run in CI: %s", browser.reason)
		}
		t.Skip("browser tests skipped: " + browser.reason)
	}
	ctx, cancel := chromedp.NewContext(browser.ctx)
	p := &page{t: t, ctx: ctx, tab: &tab{}}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			p.log(false, fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " ")))
		case *runtime.EventExceptionThrown:
			text := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				text += " " + e.ExceptionDetails.Exception.Description
			}
			p.log(true, "exception: "+text)
		}
	})
	require.NoError(t, chromedp.Run(ctx), "opening a tab")
	t.Cleanup(func() {
		if t.Failed() {
			p.saveScreenshot()
		}
		p.mu.Lock()
		errs := p.errors
		p.mu.Unlock()
		if len(errs) > 0 {
			t.Errorf("the page threw: %s", strings.Join(errs, "\n"))
		}
		cancel()
	})
	return p
}

func (p *tab) log(exception bool, line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.console = append(p.console, line)
	if exception {
		p.errors = append(p.errors, line)
	}
}

// saveScreenshot saves what the tab shows and logs where, with the
// page's console.
func (p *page) saveScreenshot() {
	name := regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(p.t.Name(), "_")
	dir, err := os.MkdirTemp("", "pretendo-"+name+"-*")
	if err != nil {
		p.t.Logf("no screenshot: %v", err)
		return
	}
	var png []byte
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		p.t.Logf("no screenshot: %v", err)
		return
	}
	path := filepath.Join(dir, "failure.png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Logf("no screenshot: %v", err)
		return
	}
	p.mu.Lock()
	console := strings.Join(p.console, "\n  ")
	p.mu.Unlock()
	p.t.Logf("screenshot of the page: %s\npage console:\n  %s", path, console)
}

// run runs actions in the tab, each step given 30 s, and fails the test
// on an error.
func (p *page) run(actions ...chromedp.Action) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	require.NoError(p.t, chromedp.Run(ctx, actions...))
}

// open loads url and waits until the page has started.
func (p *page) open(url string) {
	p.t.Helper()
	p.run(chromedp.Navigate(url), p.until(`document.body.dataset.ready === "true"`))
}

// until waits until the JavaScript expression is true in the page,
// checking on every change of the page (and every 100 ms).
func (p *page) until(expr string) chromedp.Action {
	return chromedp.Poll(expr, nil, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))
}

// untilText waits until the element sel shows text containing want.
func (p *page) untilText(sel, want string) chromedp.Action {
	return p.until(fmt.Sprintf(`(() => { const el = document.querySelector(%q); return !!el && el.textContent.includes(%q); })()`, sel, want))
}

// text returns what sel shows.
func (p *page) text(sel string) string {
	p.t.Helper()
	var s string
	p.run(chromedp.TextContent(sel, &s, chromedp.ByQuery))
	return s
}

// eval returns the value of a JavaScript expression in the page.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	var v T
	p.run(chromedp.Evaluate(expr, &v))
	return v
}

// click clicks the element sel.
func click(sel string) chromedp.Action {
	return chromedp.Click(sel, chromedp.ByQuery, chromedp.NodeVisible)
}

// selectAll selects what the focused field holds, as Ctrl+A does.
var selectAll = chromedp.KeyEvent("a", chromedp.KeyModifiers(input.ModifierCtrl))

// typeInto replaces what the field sel holds with text, typed key by key.
func typeInto(sel, text string) chromedp.Action {
	tasks := chromedp.Tasks{
		chromedp.Click(sel, chromedp.ByQuery, chromedp.NodeVisible),
		selectAll,
		chromedp.KeyEvent(kb.Backspace),
	}
	if text != "" {
		tasks = append(tasks, chromedp.SendKeys(sel, text, chromedp.ByQuery))
	}
	return tasks
}

// served is a pretendo server over a real network server.
type served struct {
	srv  *pretendo.Server
	url  string // where the API is
	page string // where the dashboard is
}

// serve serves spec, closed when the test ends (after its tab).
func serve(t *testing.T, spec string, opts ...pretendo.Option) *served {
	t.Helper()
	sp, err := pretendo.ParseSpec([]byte(spec))
	require.NoError(t, err)
	srv, err := pretendo.Open(sp, opts...)
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		_ = srv.Close() // ends the journal's streams, so that ts.Close does not wait for them
		ts.Close()
	})
	return &served{srv: srv, url: ts.URL, page: ts.URL + "/admin/ui/"}
}

// mounted serves spec under prefix on a mux of the test's own.
func mounted(t *testing.T, prefix, spec string) *served {
	t.Helper()
	sp, err := pretendo.ParseSpec([]byte(spec))
	require.NoError(t, err)
	srv, err := pretendo.Open(sp)
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle(prefix+"/", http.StripPrefix(prefix, srv))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "the app, not the mock", http.StatusTeapot)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(func() {
		_ = srv.Close()
		ts.Close()
	})
	return &served{srv: srv, url: ts.URL + prefix}
}
