package jsonfile

import (
	"reflect"
	"unsafe"

	"github.com/pretendo-go/pretendo/adapter"
)

// textCache holds the file text of every record of the last good save, so
// that a save encodes only the records written since. The memory store
// never changes a stored record (a write stores a new map), so a record's
// map identifies its text. Each entry holds its map, which keeps the map's
// address from being reused by another record while the entry exists. A
// nil *textCache caches nothing. It is used under the saver's lock.
type textCache struct {
	entries map[unsafe.Pointer]cachedText
}

// cachedText is the text of one record, with the record it belongs to.
type cachedText struct {
	rec  adapter.Record
	text []byte
}

// identity returns the address of rec's map.
func identity(rec adapter.Record) unsafe.Pointer {
	return reflect.ValueOf(rec).UnsafePointer()
}

// text returns the cached text of rec, if the last save wrote it.
func (c *textCache) text(rec adapter.Record) ([]byte, bool) {
	if c == nil || rec == nil {
		return nil, false
	}
	e, ok := c.entries[identity(rec)]
	return e.text, ok
}

// begin returns an empty cache to gather what the save writes, sized like
// the current one; nil when c is nil.
func (c *textCache) begin() *textCache {
	if c == nil {
		return nil
	}
	return &textCache{entries: make(map[unsafe.Pointer]cachedText, len(c.entries))}
}

// keep records that rec was written as text, which the cache now owns.
func (c *textCache) keep(rec adapter.Record, text []byte) {
	if c == nil || rec == nil {
		return
	}
	c.entries[identity(rec)] = cachedText{rec: rec, text: text}
}

// commit makes next, gathered by a save that succeeded, the cache.
func (c *textCache) commit(next *textCache) {
	if c == nil || next == nil {
		return
	}
	c.entries = next.entries
}
