package jsonfile

import (
	"bytes"
	"reflect"

	"github.com/pretendo-go/pretendo/adapter"
)

// textCache holds the file text of every record the saves wrote, so that a
// save encodes only the records written since the one before and copies
// the text of the others. The memory store never changes a stored record
// in place (a write stores a new map), so a record's map identifies its
// text. Each entry holds its map, which keeps the map's address from being
// reused by another record while the entry lives. A nil *textCache caches
// nothing. A textCache is used by one save at a time (under saveMu).
type textCache struct {
	// save numbers the saves; an entry notes the last save that wrote it.
	save    uint64
	entries map[uintptr]*cachedText
}

// cachedText is the file text of one record.
type cachedText struct {
	rec  adapter.Record
	text []byte
	save uint64
}

func newTextCache() *textCache {
	return &textCache{entries: map[uintptr]*cachedText{}}
}

// begin starts a save.
func (c *textCache) begin() {
	if c != nil {
		c.save++
	}
}

// identity returns the address of rec's map, 0 for a nil map.
func identity(rec adapter.Record) uintptr {
	return reflect.ValueOf(rec).Pointer()
}

// text returns the text of rec if a save wrote it, noting that this save
// writes it too.
func (c *textCache) text(rec adapter.Record) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	e := c.entries[identity(rec)]
	if e == nil {
		return nil, false
	}
	e.save = c.save
	return e.text, true
}

// add keeps a copy of text, just encoded for rec by this save.
func (c *textCache) add(rec adapter.Record, text []byte) {
	if c == nil || rec == nil {
		return
	}
	c.entries[identity(rec)] = &cachedText{rec: rec, text: bytes.Clone(text), save: c.save}
}

// sweep drops the records this save did not write: those deleted or
// replaced since the save before. Call it after a save that wrote every
// record; after a failed one, the entries left behind only cost memory
// until the next good save sweeps them.
func (c *textCache) sweep() {
	if c == nil {
		return
	}
	for k, e := range c.entries {
		if e.save != c.save {
			delete(c.entries, k)
		}
	}
}

// reset drops every entry, for a state that shares no records with the
// saved ones (a load from the file).
func (c *textCache) reset() {
	if c != nil {
		clear(c.entries)
	}
}
