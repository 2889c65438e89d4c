package jsonfile

import (
	"bytes"
	"context"
	"os"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
)

// TestTextCacheWritesWhatEncodingWrites checks that saves through the cache
// write exactly the bytes of a save without it, reuse the text of records
// that did not change, and forget records that are gone.
func TestTextCacheWritesWhatEncodingWrites(t *testing.T) {
	ctx := context.Background()
	a := adapter.Record{"id": 1.0, "name": "Ada <&>", "tags": []any{"x", map[string]any{"k": nil}}}
	b := adapter.Record{"id": 2.0, "name": "Bob"}
	c := adapter.Record{"id": 3.0, "name": "Cy"}
	save := func(cache *textCache, recs ...adapter.Record) string {
		t.Helper()
		var buf bytes.Buffer
		st := adapter.NewState(adapter.Dataset{"users": recs}, nil)
		require.NoError(t, writeState(ctx, &buf, []string{"users"}, st, cache))
		return buf.String()
	}
	var cache textCache
	assert.Equal(t, save(nil, a, b), save(&cache, a, b), "a first save")
	require.Len(t, cache.entries, 2)
	textA, ok := cache.text(a)
	require.True(t, ok)
	assert.Contains(t, string(textA), `"name": "Ada <&>"`)

	// b is replaced by a new record (a new map), c is added.
	b2 := adapter.Record{"id": 2.0, "name": "Bea"}
	assert.Equal(t, save(nil, a, b2, c), save(&cache, a, b2, c), "a save after changes")
	again, ok := cache.text(a)
	require.True(t, ok)
	assert.True(t, unsafe.SliceData(textA) == unsafe.SliceData(again), "an unchanged record's text is reused, not encoded again")
	_, ok = cache.text(b)
	assert.False(t, ok, "the replaced record is forgotten")
	assert.Len(t, cache.entries, 3)

	// A failed save keeps the cache of the last good one.
	bad := adapter.Record{"id": 4.0, "n": func() {}}
	var buf bytes.Buffer
	err := writeState(ctx, &buf, []string{"users"}, adapter.NewState(adapter.Dataset{"users": {a, bad}}, nil), &cache)
	require.Error(t, err)
	assert.Len(t, cache.entries, 3)
	_, ok = cache.text(c)
	assert.True(t, ok)
}

// TestSavesReuseTextsThroughTheStore checks the cache through a store: the
// file after a second save, with one record changed, is what a fresh
// encoding gives, and loads back with the change.
func TestSavesReuseTextsThroughTheStore(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/db.json"
	s, err := Open(path, WithAutoSave(false))
	require.NoError(t, err)
	require.NoError(t, s.Initialize(ctx, itemsSpec(), adapter.NewState(adapter.Dataset{"items": {{"id": 1.0}, {"id": 2.0}}}, nil)))
	require.NoError(t, s.Save(ctx))
	require.Len(t, s.texts.entries, 2)
	require.NoError(t, s.Update(ctx, func(tx adapter.WriteTx) error {
		return tx.Replace("items", adapter.Record{"id": 2.0, "note": "changed"})
	}))
	require.NoError(t, s.Save(ctx))
	st, err := s.Backup(ctx)
	require.NoError(t, err)
	var fresh bytes.Buffer
	require.NoError(t, writeState(ctx, &fresh, []string{"items"}, st, nil))
	require.NoError(t, s.Close())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	onDisk := string(raw)
	assert.Equal(t, fresh.String(), onDisk)
	assert.Contains(t, onDisk, `"note": "changed"`)
}
