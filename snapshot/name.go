package snapshot

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// MaxNameLen is the largest number of characters of a snapshot name.
const MaxNameLen = 64

// fileExt is the extension of snapshot files in a Dir.
const fileExt = ".json"

// CheckName reports whether name may name a snapshot: 1 to MaxNameLen
// characters of A-Z, a-z, 0-9, '.', '_' and '-', not starting with a dot,
// and not a device name of Windows (CON, PRN, AUX, NUL, COM0-COM9 and
// LPT0-LPT9, in any case, alone or before a dot: "nul.backup" too), which
// no file there can have; it is refused on every system, so that a folder
// of snapshots works wherever it is copied. The error wraps ErrInvalidName
// and says what is wrong.
func CheckName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: the name is empty", ErrInvalidName)
	}
	if name[0] == '.' {
		return fmt.Errorf("%w %s: must not start with '.'", ErrInvalidName, quote(name))
	}
	for i := 0; i < len(name); {
		c := name[i]
		if nameChar(c) {
			i++
			continue
		}
		r, _ := utf8.DecodeRuneInString(name[i:])
		return fmt.Errorf("%w %s: character %q at byte %d is not allowed (want A-Z, a-z, 0-9, '.', '_' or '-')",
			ErrInvalidName, quote(name), r, i)
	}
	if len(name) > MaxNameLen {
		return fmt.Errorf("%w %s: %d characters, more than %d", ErrInvalidName, quote(name), len(name), MaxNameLen)
	}
	if device, ok := windowsDevice(name); ok {
		return fmt.Errorf("%w %s: %s is a device name on Windows (CON, PRN, AUX, NUL, COM0-COM9, LPT0-LPT9, with or without an extension)",
			ErrInvalidName, quote(name), device)
	}
	return nil
}

// windowsDevice returns the part of name before its first dot when that
// part is a device name of Windows, in any case.
func windowsDevice(name string) (string, bool) {
	base, _, _ := strings.Cut(name, ".")
	switch u := strings.ToUpper(base); {
	case u == "CON", u == "PRN", u == "AUX", u == "NUL":
		return base, true
	case len(u) == 4 && (u[:3] == "COM" || u[:3] == "LPT") && '0' <= u[3] && u[3] <= '9':
		return base, true
	}
	return "", false
}

func nameChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'
}

// quote quotes a name for an error message, shortening a hostile long one.
func quote(name string) string {
	const limit = MaxNameLen + 16
	if len(name) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		return fmt.Sprintf("%q (%d bytes)", name[:cut]+"...", len(name))
	}
	return fmt.Sprintf("%q", name)
}

// foldKey is the key under which names that differ only in case collide.
// Checked names are ASCII, so ASCII lowering is exact.
func foldKey(name string) string { return strings.ToLower(name) }

// fileIn returns the path of the file of snapshot name in dir (an absolute,
// clean folder). Besides checking the name, it verifies that the path stays
// directly inside dir, so that no name can reach a file elsewhere even if
// the name check had a flaw.
func fileIn(dir, name string) (string, error) {
	if err := CheckName(name); err != nil {
		return "", err
	}
	base := name + fileExt
	p := filepath.Join(dir, base)
	if !inside(dir, p, base) {
		return "", fmt.Errorf("%w %s: leaves the snapshot folder", ErrInvalidName, quote(name))
	}
	return p, nil
}

// inside reports whether path p is the entry base directly inside dir.
func inside(dir, p, base string) bool {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	return rel == base && filepath.IsLocal(rel) && filepath.Base(rel) == rel && filepath.Dir(p) == filepath.Clean(dir)
}
