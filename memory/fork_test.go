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

// TestForkLeavesSourceUntouched proves that forking a published tree never
// writes to it, which is what lets DBs share published trees and read them
// without locks: Copy would change the source's isolation id.
func TestForkLeavesSourceUntouched(t *testing.T) {
	src := btree.NewBTreeGOptions(func(a, b int) bool { return a < b }, treeOptions())
	for i := range 1000 {
		src.Set(i)
	}
	id := isoid(src)

	c := fork(src)
	require.Equal(t, id, isoid(src), "fork must not write to its source")
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
	assert.Equal(t, want, src.Items(), "mutating a fork leaves the source intact")

	// A second fork of the same source, and a fork of a fork, are isolated too.
	d := fork(src)
	d.Set(-1)
	e := fork(c)
	e.Delete(1)
	assert.Equal(t, want, src.Items())
	assert.Equal(t, 501, c.Len())
	assert.Equal(t, 1001, d.Len())
	assert.Equal(t, 500, e.Len())
	assert.Equal(t, id, isoid(src))

	// What fork avoids: Copy writes to its receiver.
	src.Copy()
	assert.NotEqual(t, id, isoid(src))
}
