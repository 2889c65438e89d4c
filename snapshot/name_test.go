package snapshot_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/snapshot"
)

func TestCheckNameAccepts(t *testing.T) {
	for _, name := range []string{
		"a", "Z", "0", "two-users", "users_v2", "a.b.c", "a..", "-rf", "_", "x.json",
		"CONS", "con-1", "xcon", "a.con", "a.nul.json", "COM", "COM10", "LPT", "lpt-1", "AUXILIARY", "NULL", "prn_",
		strings.Repeat("a", snapshot.MaxNameLen),
	} {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, snapshot.CheckName(name))
		})
	}
}

// hostileNames are names every store must reject, with the reason the
// error gives.
var hostileNames = []struct {
	name   string
	reason string
}{
	{name: "", reason: "empty"},
	{name: "../x", reason: "must not start with '.'"},
	{name: "..", reason: "must not start with '.'"},
	{name: ".", reason: "must not start with '.'"},
	{name: ".hidden", reason: "must not start with '.'"},
	{name: "a/b", reason: `'/' at byte 1`},
	{name: `a\b`, reason: `'\\' at byte 1`},
	{name: "a/../../etc/passwd", reason: `'/' at byte 1`},
	{name: "/abs", reason: `'/' at byte 0`},
	{name: "a\x00b", reason: `'\x00' at byte 1`},
	{name: "a b", reason: `' ' at byte 1`},
	{name: "trailing ", reason: `' ' at byte 8`},
	{name: "new\nline", reason: `'\n' at byte 3`},
	{name: "C:x", reason: `':' at byte 1`},
	{name: "é", reason: `'é' at byte 0`},
	{name: "名前", reason: `'名' at byte 0`},
	{name: "ａｂｃ", reason: `'ａ' at byte 0`},
	{name: "a\xffb", reason: `'�' at byte 1`},
	{name: "a*", reason: `'*' at byte 1`},
	{name: strings.Repeat("a", snapshot.MaxNameLen+1), reason: "65 characters, more than 64"},
	{name: "CON", reason: "CON is a device name on Windows"},
	{name: "con", reason: "con is a device name on Windows"},
	{name: "Prn", reason: "Prn is a device name on Windows"},
	{name: "aux.json", reason: "aux is a device name on Windows"},
	{name: "NUL.backup.2024", reason: "NUL is a device name on Windows"},
	{name: "nul.", reason: "nul is a device name on Windows"},
	{name: "com1", reason: "com1 is a device name on Windows"},
	{name: "COM9.txt", reason: "COM9 is a device name on Windows"},
	{name: "Com0", reason: "Com0 is a device name on Windows"},
	{name: "lpt1", reason: "lpt1 is a device name on Windows"},
	{name: "LPT9.x", reason: "LPT9 is a device name on Windows"},
	{name: strings.Repeat("b", 1<<20), reason: "1048576 characters, more than 64"},
}

func TestCheckNameRejects(t *testing.T) {
	for _, tc := range hostileNames {
		t.Run(tc.reason, func(t *testing.T) {
			err := snapshot.CheckName(tc.name)
			require.Error(t, err)
			assert.ErrorIs(t, err, snapshot.ErrInvalidName)
			assert.Contains(t, err.Error(), tc.reason)
			assert.Less(t, len(err.Error()), 400, "a hostile name is shortened in the message")
		})
	}
}

func TestStoresRejectHostileNamesAndTouchNoFile(t *testing.T) {
	for _, tc := range hostileNames {
		t.Run(tc.reason, func(t *testing.T) {
			ctx := t.Context()
			parent := t.TempDir()
			dir := filepath.Join(parent, "snaps")
			stores := map[string]snapshot.Store{"memory": snapshot.NewMemory(), "dir": mustOpenDir(t, dir)}
			for kind, s := range stores {
				err := s.Put(ctx, snapshot.Meta{Name: tc.name}, usersState(2), false)
				assert.ErrorIs(t, err, snapshot.ErrInvalidName, "%s Put", kind)
				err = s.Put(ctx, snapshot.Meta{Name: tc.name}, usersState(2), true)
				assert.ErrorIs(t, err, snapshot.ErrInvalidName, "%s Put with overwrite", kind)
				_, _, err = s.Get(ctx, tc.name)
				assert.ErrorIs(t, err, snapshot.ErrInvalidName, "%s Get", kind)
				assert.ErrorIs(t, s.Delete(ctx, tc.name), snapshot.ErrInvalidName, "%s Delete", kind)
				list, err := s.List(ctx)
				require.NoError(t, err)
				assert.Empty(t, list, kind)
			}
			assert.Equal(t, []string{"snaps"}, entries(t, parent), "nothing next to the snapshot folder")
			assert.Empty(t, entries(t, dir), "nothing in the snapshot folder")
		})
	}
}
