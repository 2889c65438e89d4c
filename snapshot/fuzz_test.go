package snapshot_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/snapshot"
)

var (
	validName     = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$`)
	windowsDevice = regexp.MustCompile(`^(?i:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\.|$)`)
)

func FuzzCheckName(f *testing.F) {
	for _, s := range []string{"users", "../x", "a/b", `a\b`, ".hidden", "", "a\x00b", "..", "名前", "a b", strings.Repeat("x", 65)} {
		f.Add(s)
	}
	dir := filepath.Join(f.TempDir(), "snaps")
	f.Add("com1.json")
	f.Add("Nul")
	f.Fuzz(func(t *testing.T, name string) {
		err := snapshot.CheckName(name)
		if !validName.MatchString(name) || windowsDevice.MatchString(name) {
			require.Error(t, err)
			assert.ErrorIs(t, err, snapshot.ErrInvalidName)
			return
		}
		require.NoError(t, err)
		// An accepted name is a plain file name directly inside the folder.
		p := filepath.Join(dir, name+".json")
		assert.Equal(t, dir, filepath.Dir(p))
		assert.Equal(t, name+".json", filepath.Base(p))
		assert.True(t, filepath.IsLocal(name+".json"))
	})
}
