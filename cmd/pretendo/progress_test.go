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

func TestProgress(t *testing.T) {
	t.Parallel()
	t.Run("slow work on a terminal shows progress", func(t *testing.T) {
		t.Parallel()
		w := &syncBuffer{}
		p := startProgress(w, true, "generating 10000 records", 20*time.Millisecond, 10*time.Millisecond)
		require.Eventually(t, func() bool { return strings.Count(w.String(), "\r") >= 2 }, 5*time.Second, time.Millisecond)
		p.stop()
		out := w.String()
		assert.True(t, strings.HasPrefix(out, "\rgenerating 10000 records... "), out)
		assert.Regexp(t, `\rgenerating 10000 records: done in \S+\n$`, out)
	})
	t.Run("quick work shows nothing", func(t *testing.T) {
		t.Parallel()
		w := &syncBuffer{}
		p := startProgress(w, true, "generating", time.Hour, time.Millisecond)
		p.stop()
		assert.Empty(t, w.String())
	})
	t.Run("not a terminal shows nothing", func(t *testing.T) {
		t.Parallel()
		w := &syncBuffer{}
		p := startProgress(w, false, "generating", 0, time.Millisecond)
		time.Sleep(20 * time.Millisecond)
		p.stop()
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
