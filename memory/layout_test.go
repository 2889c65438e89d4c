package memory

import (
	"context"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// TestStoredKeysShareFieldNames checks that a stored record's declared keys
// are the layout's strings, not the caller's copies, while undeclared keys
// are kept as given.
func TestStoredKeysShareFieldNames(t *testing.T) {
	spec := &schema.Spec{Resources: []schema.Resource{{
		Name:   "notes",
		Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}, {Name: "title", Type: schema.TypeString}},
	}}}
	db := New()
	ctx := context.Background()
	require.NoError(t, db.Initialize(ctx, spec, nil))
	// Keys built at run time, so they cannot share memory with the spec's.
	id, title, extra := strings.Repeat("i", 1)+"d", strings.ToLower("TITLE"), strings.ToLower("EXTRA")
	require.NoError(t, db.Update(ctx, func(tx adapter.WriteTx) error {
		return tx.Insert("notes", adapter.Record{id: 1.0, title: "t", extra: true})
	}))
	st, err := db.Backup(ctx)
	require.NoError(t, err)
	rl := st.(*state).layout.resources["notes"]
	seen := 0
	st.Scan("notes", func(r adapter.Record) bool {
		for k := range r {
			seen++
			switch k {
			case "id", "title":
				assert.True(t, unsafe.StringData(rl.fields[k]) == unsafe.StringData(k), "key %q is a copy", k)
			default:
				assert.Equal(t, "extra", k)
				assert.True(t, unsafe.StringData(extra) == unsafe.StringData(k), "an undeclared key is kept as given")
			}
		}
		return true
	})
	assert.Equal(t, 3, seen)
}

// TestRowSizes pins the sizes that decide how much memory a stored record
// costs beyond its map: an index key, and a row with two of them, which
// fills the runtime's 144-byte size class exactly.
func TestRowSizes(t *testing.T) {
	assert.Equal(t, uintptr(40), unsafe.Sizeof(ikey{}))
	assert.Equal(t, uintptr(144), unsafe.Sizeof(rowWithKeys{}))
}
