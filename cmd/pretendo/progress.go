package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// isTerminal reports whether w is a terminal (a character device), where
// progress lines make sense; pipes and files are not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progress shows, on a terminal, that slow work is still going: nothing
// for the first `after`, then one line rewritten in place every `every`
// until stop. It writes nothing when the work ends sooner.
type progress struct {
	done    chan struct{}
	wg      sync.WaitGroup
	started time.Time
	shown   bool // written by the goroutine, read after wg.Wait
	label   string
	w       io.Writer
	// timer returns a channel that receives once d has passed: time.After,
	// or the clock of a test.
	timer func(d time.Duration) <-chan time.Time
}

// startProgress starts showing label on w if the work lasts longer than
// after, waiting with timer (time.After). It shows nothing when on is
// false. The caller must call stop.
func startProgress(w io.Writer, on bool, label string, after, every time.Duration, timer func(time.Duration) <-chan time.Time) *progress {
	p := &progress{done: make(chan struct{}), started: time.Now(), label: label, w: w, timer: timer}
	if !on {
		return p
	}
	p.wg.Add(1)
	go p.loop(after, every)
	return p
}

func (p *progress) loop(after, every time.Duration) {
	defer p.wg.Done()
	for wait := after; ; wait = every {
		select {
		case <-p.done:
			return
		case <-p.timer(wait):
		}
		p.shown = true
		fmt.Fprintf(p.w, "\r%s... %s ", p.label, time.Since(p.started).Round(100*time.Millisecond))
	}
}

// stop ends the progress line, if one was shown, with the time taken.
func (p *progress) stop() {
	close(p.done)
	p.wg.Wait()
	if p.shown {
		fmt.Fprintf(p.w, "\r%s: done in %s\n", p.label, time.Since(p.started).Round(10*time.Millisecond))
	}
}
