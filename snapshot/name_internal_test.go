package snapshot

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestInsideWithoutCheckName exercises the folder-containment check on its
// own, as if CheckName had let a bad name through.
func TestInsideWithoutCheckName(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "snaps")
	tests := []struct {
		base string
		ok   bool
	}{
		{base: "users.json", ok: true},
		{base: "a..json", ok: true},
		{base: "../x.json"},
		{base: "a/b.json"},
		{base: "a/../../x.json"},
		{base: "..json/../../x"},
		{base: "./x.json"},
		{base: ".."},
		{base: "."},
		{base: ""},
		{base: "sub/"},
	}
	for _, tc := range tests {
		t.Run(tc.base, func(t *testing.T) {
			p := filepath.Join(dir, tc.base)
			assert.Equal(t, tc.ok, inside(dir, p, tc.base))
		})
	}
	assert.False(t, inside(dir, "/etc/passwd", "passwd"))
	assert.False(t, inside(dir, filepath.Join(filepath.Dir(dir), "x.json"), "x.json"))
}

func TestFileInStaysInside(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "snaps")
	p, err := fileIn(dir, "users")
	assert.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "users.json"), p)

	for _, name := range []string{"../x", "a/b", "..", "", "a\x00b"} {
		_, err := fileIn(dir, name)
		assert.ErrorIs(t, err, ErrInvalidName, name)
	}
}
