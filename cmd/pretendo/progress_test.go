package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testClock hands the waits a progress asks for to the test, which ends
// each when it likes.
type testClock struct {
	waits chan testWait
}

// testWait is one wait: its length, and the channel that ends it.
type testWait struct {
	d    time.Duration
	fire chan time.Time
}

func newTestClock() *testClock { return &testClock{waits: make(chan testWait, 100)} }

func (c *testClock) timer(d time.Duration) <-chan time.Time {
	w := testWait{d: d, fire: make(chan time.Time, 1)}
	c.waits <- w
	return w.fire
}

// next returns the wait the progress asks for next.
func (c *testClock) next(t *testing.T) testWait {
	t.Helper()
	select {
	case w := <-c.waits:
		return w
	case <-time.After(time.Minute): // a bound on failure, not a wait
		t.Fatal("no wait asked for within a minute")
	}
	return testWait{}
}

func TestProgress(t *testing.T) {
	t.Parallel()
	t.Run("slow work on a terminal shows progress", func(t *testing.T) {
		t.Parallel()
		w := &syncBuffer{}
		clock := newTestClock()
		p := startProgress(w, true, "generating 10000 records", 20*time.Millisecond, 10*time.Millisecond, clock.timer)
		first := clock.next(t)
		assert.Equal(t, 20*time.Millisecond, first.d)
		assert.Empty(t, w.String(), "nothing before the first wait ends")
		first.fire <- time.Now()
		for range 2 {
			// Each line is written before the next wait is asked for.
			tick := clock.next(t)
			assert.Equal(t, 10*time.Millisecond, tick.d)
			tick.fire <- time.Now()
		}
		clock.next(t)
		assert.Equal(t, 3, strings.Count(w.String(), "\r"))
		p.stop()
		out := w.String()
		assert.True(t, strings.HasPrefix(out, "\rgenerating 10000 records... "), out)
		assert.Regexp(t, `\rgenerating 10000 records: done in \S+\n$`, out)
	})
	t.Run("quick work shows nothing", func(t *testing.T) {
		t.Parallel()
		w := &syncBuffer{}
		clock := newTestClock()
		p := startProgress(w, true, "generating", time.Hour, time.Millisecond, clock.timer)
		assert.Equal(t, time.Hour, clock.next(t).d)
		p.stop()
		assert.Empty(t, w.String())
	})
	t.Run("not a terminal shows nothing", func(t *testing.T) {
		t.Parallel()
		w := &syncBuffer{}
		clock := newTestClock()
		p := startProgress(w, false, "generating", 0, time.Millisecond, clock.timer)
		p.stop()
		// A progress that ran would have asked for its first wait before
		// stop returned.
		assert.Empty(t, clock.waits, "no wait asked for")
		assert.Empty(t, w.String())
	})
}

func TestIsTerminal(t *testing.T) {
	t.Parallel()
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer f.Close()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	var nilFile *os.File

	assert.False(t, isTerminal(f), "a file")
	assert.False(t, isTerminal(w), "a pipe")
	assert.False(t, isTerminal(&syncBuffer{}), "not a file")
	assert.False(t, isTerminal(nilFile), "a nil file")
	assert.False(t, isTerminal(nil), "nil")
	if dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		defer dev.Close()
		// The null device is a character device, as a terminal is;
		// progress written there is harmless.
		assert.True(t, isTerminal(dev))
	}
}
