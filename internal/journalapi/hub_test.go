package journalapi

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHubDropsAndCounts(t *testing.T) {
	t.Parallel()
	var h Hub
	assert.False(t, h.Active())
	h.Recorded(Request{ID: 1}) // nobody listens: nothing happens

	s := h.subscribe()
	require.NotNil(t, s)
	assert.True(t, h.Active())
	for i := range streamBuffer + 10 {
		h.Recorded(Request{ID: uint64(i + 1)})
	}
	assert.Len(t, s.c, streamBuffer, "the buffer is full")
	assert.Equal(t, uint64(10), s.dropped.Load(), "and the rest counted")
	assert.Equal(t, uint64(1), (<-s.c).ID, "the oldest first")

	h.Cleared(7)
	h.Cleared(3) // an older clear never goes back
	assert.Equal(t, uint64(7), s.cleared.Load())

	h.unsubscribe(s)
	assert.False(t, h.Active())
	h.unsubscribe(s) // twice is harmless

	s2 := h.subscribe()
	h.Close()
	h.Close()
	_, open := <-s2.done
	assert.False(t, open, "a close ends the streams")
	assert.Nil(t, h.subscribe(), "and refuses new ones")
	assert.False(t, h.Active())
}
