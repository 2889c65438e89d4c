package memory

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/btree"
)

// isoid reads the isolation id of a tree, the field BTreeG.Copy writes.
func isoid[T any](t *btree.BTreeG[T]) uint64 {
	return reflect.ValueOf(t).Elem().FieldByName("isoid").Uint()
}

// TestThawLeavesSourceUntouched proves that thawing a frozen tree never
// writes to it, which is what lets DBs share frozen trees and read them
// without locks: Copy would change the source's isolation id.
func TestThawLeavesSourceUntouched(t *testing.T) {
	src := btree.NewBTreeGOptions(func(a, b int) bool { return a < b }, treeOptions())
	for i := range 1000 {
		src.Set(i)
	}
	id := isoid(src)

	c := thaw(src)
	require.Equal(t, id, isoid(src), "thaw must not write to its source")
	assert.NotEqual(t, id, isoid(c))
	for i := range 1000 {
		if i%2 == 0 {
			c.Delete(i)
		}
	}
	c.Set(5000)
	assert.Equal(t, 1000, src.Len())
	assert.Equal(t, 501, c.Len())
	want := make([]int, 1000)
	for i := range want {
		want[i] = i
	}
	assert.Equal(t, want, src.Items(), "mutating a thawed copy leaves the source intact")

	// A second copy of the same source, and a copy of a copy, are isolated too.
	d := thaw(src)
	d.Set(-1)
	e := thaw(c)
	e.Delete(1)
	assert.Equal(t, want, src.Items())
	assert.Equal(t, 501, c.Len())
	assert.Equal(t, 1001, d.Len())
	assert.Equal(t, 500, e.Len())
	assert.Equal(t, id, isoid(src))

	// What thaw avoids: Copy writes to its receiver.
	src.Copy()
	assert.NotEqual(t, id, isoid(src))
}

// TestFreezeIsolatesLiveTree checks that a live tree mutated in place after
// freeze leaves the frozen copy as it was, including rows appended with
// Load, the path the insert of a new row takes.
func TestFreezeIsolatesLiveTree(t *testing.T) {
	live := btree.NewBTreeGOptions(func(a, b int) bool { return a < b }, treeOptions())
	for i := range 1000 {
		live.Load(i)
	}
	frozen := freeze(live)
	want := frozen.Items()
	for i := 1000; i < 3000; i++ {
		live.Load(i)
	}
	for i := 0; i < 1000; i += 3 {
		live.Delete(i)
	}
	live.Set(-5)
	assert.Equal(t, want, frozen.Items(), "the frozen copy changed")
	assert.Equal(t, 1000, frozen.Len())
	assert.Equal(t, 3000-334+1, live.Len())

	// Freezing again isolates the second copy from the first and from live.
	second := freeze(live)
	secondItems := second.Items()
	live.Delete(-5)
	live.Load(5000)
	assert.Equal(t, want, frozen.Items())
	assert.Equal(t, secondItems, second.Items())
}
